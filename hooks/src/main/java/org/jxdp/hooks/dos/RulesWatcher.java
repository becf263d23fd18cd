package org.jxdp.hooks.dos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.jxdp.engine.object.BpfObject;

/**
 * Hot reload: watches a rules file and, when its contents change, checks it and writes the new
 * rules into a running filter's maps ({@link DosMaps#apply}) without stopping it. A file with
 * mistakes is reported (each mistake in its one line) and the rules in force stay.
 */
public final class RulesWatcher implements AutoCloseable {
    private final BpfObject obj;
    private final Path file;
    private final LongSupplier clock;
    private final Consumer<String> report;
    private volatile DosRules rules;
    private byte[] last;
    private Thread thread;
    private volatile boolean stop;
    private int reloads;

    /**
     * Watches {@code file}, whose rules {@code current} are in force in {@code obj}; new bans
     * count from {@code clock} (the filter's clock); {@code report} gets one line per reload or
     * mistake.
     */
    public RulesWatcher(BpfObject obj, Path file, DosRules current, LongSupplier clock, Consumer<String> report)
            throws IOException {
        this.obj = obj;
        this.file = file;
        this.rules = current;
        this.clock = clock;
        this.report = report;
        this.last = Files.readAllBytes(file);
    }

    /** The rules in force. */
    public DosRules rules() {
        return rules;
    }

    /** Reloads so far. */
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
        DosRules next;
        try {
            next = RulesFile.parse(file.toString(), new String(now, java.nio.charset.StandardCharsets.UTF_8));
        } catch (RulesException e) {
            List<RuleError> errors = e.errors();
            for (RuleError x : errors) {
                report.accept(x + " (rules not reloaded)");
            }
            return false;
        }
        DosMaps.apply(obj, next, clock.getAsLong());
        rules = next;
        reloads++;
        report.accept(file + ": rules reloaded (" + next.rules().size() + " rules, " + next.amplification().size()
                + " amplification ports)");
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
