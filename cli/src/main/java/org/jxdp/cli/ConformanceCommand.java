package org.jxdp.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.jxdp.engine.conformance.ConformanceRunner;
import org.jxdp.engine.conformance.ConformanceRunner.Outcome;
import org.jxdp.engine.vm.EngineKind;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code jxdp conformance [--engine interp|jit|all] PATH...}: runs bpf_conformance vectors. */
@Command(name = "conformance",
        description = {
            "Run bpf_conformance .data vectors (directories recursively) and report each failure.",
            "Ends with 'N passed, M failed' (and ', K skipped' when any were); exit status 0 only "
                    + "when nothing failed."})
final class ConformanceCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--engine", defaultValue = "all", paramLabel = "interp|jit|all",
            description = "Engine to run the vectors on (default: ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = {"-v", "--verbose"}, description = "Also list the vectors that passed.")
    boolean verbose;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = ".data files or directories.")
    List<Path> paths;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        List<EngineKind> engines = EngineOption.resolve(engine, err);
        List<Path> files;
        try {
            files = ConformanceRunner.collect(paths);
        } catch (IOException e) {
            throw new CliFailure(FileErrors.describe(e));
        }
        if (files.isEmpty()) {
            throw new CliFailure("no .data files under " + paths);
        }
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        for (EngineKind k : engines) {
            int p = 0;
            int f = 0;
            int s = 0;
            for (Path file : files) {
                Outcome o = ConformanceRunner.run(file, k);
                switch (o.status()) {
                    case PASS:
                        p++;
                        if (verbose) {
                            out.println("PASS " + file + " [" + k.cliName() + "]"
                                    + (o.reason().isEmpty() ? "" : ": " + o.reason()));
                        }
                        break;
                    case FAIL:
                        f++;
                        out.println("FAIL " + file + " [" + k.cliName() + "]: " + o.reason());
                        break;
                    default:
                        s++;
                        out.println("SKIP " + file + " [" + k.cliName() + "]: " + o.reason());
                        break;
                }
            }
            if (engines.size() > 1) {
                out.println(k.cliName() + ": " + summary(p, f, s));
            }
            passed += p;
            failed += f;
            skipped += s;
        }
        out.println(summary(passed, failed, skipped));
        return failed == 0 ? 0 : Main.EXIT_FAILURE;
    }

    static String summary(int passed, int failed, int skipped) {
        return passed + " passed, " + failed + " failed" + (skipped > 0 ? ", " + skipped + " skipped" : "");
    }
}
