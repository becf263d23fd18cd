package org.jxdp.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.jxdp.capture.pipeline.VerdictSink;
import org.jxdp.hooks.dos.DosFilter;
import org.jxdp.hooks.dos.RulesInForce;
import org.jxdp.hooks.dos.RulesWatcher;

/**
 * The running DoS filter's rules during a replay or live session: what the control API
 * ({@code /api/v1/rules}) and the rule-hit meters read and replace, and, with
 * {@code --watch-rules}, the watcher that reloads the rules file when it changes. New bans count
 * from the filter's clock at the latest frame whose verdict is known.
 */
final class DosControl implements AutoCloseable {
    /** How often the rules file is checked (ms). */
    static final long WATCH_PERIOD_MS = 200;

    private final RulesInForce rules;
    private final RulesWatcher watcher;

    private DosControl(RulesInForce rules, RulesWatcher watcher) {
        this.rules = rules;
        this.watcher = watcher;
    }

    /**
     * The control of {@code loaded}'s rules, or null when it is not the DoS filter; adds the sink
     * that follows the filter's clock to {@code sinks}.
     *
     * @param watch the rules file to reload when it changes, or null
     * @param err where reloads and refused files are reported
     */
    static DosControl start(LoadedProgram loaded, List<VerdictSink> sinks, Path watch, PrintWriter err)
            throws IOException {
        if (loaded.dos() == null) {
            return null;
        }
        FilterClockSink clock = new FilterClockSink(DosFilter.START_NS);
        sinks.add(clock);
        RulesInForce rules = new RulesInForce(loaded.object(), loaded.dos(), loaded.rulesName(), loaded.rulesText(),
                clock::clockNs);
        rules.onReplace(v -> RunningProgram.say(err, v.source() + ": rules reloaded (" + v.rules().rules().size()
                + " rules, " + v.rules().amplification().size() + " amplification ports)"));
        RulesWatcher w = null;
        if (watch != null) {
            w = new RulesWatcher(rules, watch, line -> RunningProgram.say(err, line)).start(WATCH_PERIOD_MS);
        }
        return new DosControl(rules, w);
    }

    /** The rules in force, for the API and the meters. */
    RulesInForce rules() {
        return rules;
    }

    /** {@code loaded} with the rules in force now. */
    LoadedProgram current(LoadedProgram loaded) {
        return loaded.withRules(rules.current());
    }

    /** Stops watching the file. */
    @Override
    public void close() {
        if (watcher != null) {
            watcher.close();
        }
    }
}
