package org.jxdp.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import org.jxdp.capture.pipeline.Pipeline;
import org.jxdp.capture.pipeline.VerdictSink;
import org.jxdp.engine.vm.EngineKind;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The program options {@code jxdp replay} and {@code jxdp live} share (a picocli mixin): the
 * object, the number of workers, the engine, the DoS filter's rules and whether to follow their
 * file, and whether the verifier may refuse the program.
 */
final class ProgramOptions {
    @Option(names = "--prog", paramLabel = "OBJ[:SECTION]",
            description = "The XDP object, and the program's section or function name when it has several; "
                    + "bundled:dos_filter (the default) or bundled:count for a bundled program.")
    String prog;

    @Option(names = "--workers", paramLabel = "N",
            description = "Workers (per-CPU contexts), default: the available processors.")
    Integer workers;

    @Option(names = "--engine", defaultValue = "jit", paramLabel = "jit|interp",
            description = "Engine (default: ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = "--rules", paramLabel = "FILE",
            description = "DoS filter rules (YAML) to fill the filter's maps with; default: the bundled rules.")
    java.nio.file.Path rules;

    @Option(names = "--watch-rules",
            description = "Reload the --rules file into the running filter whenever it changes (checked every "
                    + "200 ms); a file with mistakes is reported and the rules in force stay.")
    boolean watchRules;

    @Option(names = "--watch-prog",
            description = "When the --prog object file changes, load its new version (its maps take over the running "
                    + "ones' contents by name), verify it, and run it from the next frame on; a file that cannot be "
                    + "loaded is reported and the running version stays.")
    boolean watchProg;

    @Option(names = "--no-verify", description = "Run the program even if the verifier refuses it (the engines' "
            + "run-time checks still end a bad access with a fault).")
    boolean noVerify;

    /** The number of workers, checked. */
    int workers(CommandLine cl) {
        int n = workers != null ? workers : Runtime.getRuntime().availableProcessors();
        if (n < 1 || n > 1024) {
            throw new CommandLine.ParameterException(cl, "--workers must be 1..1024, not " + n);
        }
        return n;
    }

    /** The engine, checked (its fallback warning, if any, to {@code err}). */
    EngineKind engine(CommandLine cl, PrintWriter err) {
        if (!engine.equals("jit") && !engine.equals("interp")) {
            throw new CommandLine.ParameterException(cl, "--engine must be jit or interp, not '" + engine + "'");
        }
        return EngineOption.resolve(engine, err).get(0);
    }

    /** Loads the program for {@code workers} workers. */
    LoadedProgram load(CommandLine cl, int workers, EngineKind kind, PrintWriter err) {
        if (watchRules && rules == null) {
            throw new CommandLine.ParameterException(cl, "--watch-rules needs --rules FILE");
        }
        if (watchProg && (prog == null || prog.startsWith("bundled:"))) {
            throw new CommandLine.ParameterException(cl, "--watch-prog needs --prog FILE (an object file to watch)");
        }
        return LoadedProgram.load(prog, workers, kind, !noVerify, rules, err);
    }

    /**
     * {@code loaded} as it will run: for the DoS filter, the control of its rules (following the
     * file with {@code --watch-rules}), whose clock sink goes into {@code sinks}.
     */
    RunningProgram running(LoadedProgram loaded, EngineKind kind, int workers, List<VerdictSink> sinks,
                           PrintWriter err) {
        try {
            return new RunningProgram(loaded, kind, workers, DosControl.start(loaded, sinks,
                    watchRules ? rules : null, err));
        } catch (IOException e) {
            throw new CliFailure(rules + ": cannot read: " + FileErrors.reason(e));
        }
    }

    /** With {@code --watch-prog}, has {@code running} follow new versions of the --prog file into {@code pipeline}. */
    void watch(RunningProgram running, EngineKind kind, Pipeline pipeline, PrintWriter err) {
        if (!watchProg) {
            return;
        }
        java.nio.file.Path file = LoadedProgram.file(prog);
        try {
            running.versions(new ProgramWatcher(prog, file, running.current(), kind, !noVerify, pipeline, err)
                    .start());
        } catch (IOException e) {
            throw new CliFailure(file + ": cannot read: " + FileErrors.reason(e));
        }
    }
}
