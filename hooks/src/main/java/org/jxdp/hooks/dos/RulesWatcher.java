package org.jxdp.hooks.dos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.jxdp.hooks.FileWatch;

/**
 * Hot reload from a file: watches a rules file and, when its contents change, replaces the
 * rules in force ({@link RulesInForce#replace}) without stopping the filter. A file with
 * mistakes is reported (each mistake in its one line) and the rules in force stay.
 */
public final class RulesWatcher implements AutoCloseable {
    private final RulesInForce inForce;
    private final FileWatch watch;
    private final Consumer<String> report;
    private int reloads;

    /**
     * Watches {@code file}, whose rules are in force in {@code inForce}; {@code report} gets one
     * line per mistake (a reload is told by {@link RulesInForce#onReplace}).
     */
    public RulesWatcher(RulesInForce inForce, Path file, Consumer<String> report) throws IOException {
        this.inForce = inForce;
        this.watch = new FileWatch(file);
        this.report = report;
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
        byte[] now = watch.changed();
        if (now == null) {
            return false;
        }
        Path file = watch.file();
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
        watch.start("jxdp-rules-watcher", periodMs, this::poll);
        return this;
    }

    @Override
    public void close() {
        watch.close();
    }
}
