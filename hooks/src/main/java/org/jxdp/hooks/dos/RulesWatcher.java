package org.jxdp.hooks.dos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Hot reload from a file: watches a rules file and, when its contents change, replaces the
 * rules in force ({@link RulesInForce#replace}) without stopping the filter. A file with
 * mistakes is reported (each mistake in its one line) and the rules in force stay.
 */
public final class RulesWatcher implements AutoCloseable {
    private final RulesInForce inForce;
    private final Path file;
    private final Consumer<String> report;
    private byte[] last;
    private Thread thread;
    private volatile boolean stop;
    private int reloads;

    /**
     * Watches {@code file}, whose rules are in force in {@code inForce}; {@code report} gets one
     * line per mistake (a reload is told by {@link RulesInForce#onReplace}).
     */
    public RulesWatcher(RulesInForce inForce, Path file, Consumer<String> report) throws IOException {
        this.inForce = inForce;
        this.file = file;
        this.report = report;
        this.last = Files.readAllBytes(file);
    }

    /** The rules in force (from this file or from anything else that replaced them). */
    public DosRules rules() {
        return inForce.current().rules();
    }

    /** Reloads from the file so far. */
    public synchronized int reloads() {
        return reloads;
    }

    /** Checks the file once: true when new rules were applied. */
    public synchronized boolean poll() {
        byte[] now;
        try {
            now = Files.readAllBytes(file);
        } catch (IOException e) {
            return false;   // being replaced; the next poll sees the new file
        }
        if (Arrays.equals(now, last)) {
            return false;
        }
        last = now;
        try {
            inForce.replace(file.toString(), new String(now, StandardCharsets.UTF_8));
        } catch (RulesException e) {
            for (RuleError x : e.errors()) {
                report.accept(x + " (rules not reloaded)");
            }
            return false;
        } catch (IllegalStateException e) {
            report.accept(file + ": " + e.getMessage() + " (rules partly reloaded)");
            return false;
        }
        reloads++;
        return true;
    }

    /** Polls every {@code periodMs} milliseconds on a daemon thread until closed. */
    public RulesWatcher start(long periodMs) {
        thread = new Thread(() -> {
            while (!stop) {
                try {
                    Thread.sleep(periodMs);
                } catch (InterruptedException e) {
                    return;
                }
                poll();
            }
        }, "jxdp-rules-watcher");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    @Override
    public void close() {
        stop = true;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
