package org.jxdp.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jxdp.engine.conformance.ConformanceFile;
import org.jxdp.engine.conformance.ConformanceHelpers;
import org.jxdp.engine.isa.Program;
import org.jxdp.engine.verifier.ProgramRejectedException;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.engine.vm.ExecutionContext;
import org.jxdp.engine.vm.Executable;
import org.jxdp.engine.vm.ProgramEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code jxdp run FILE [--mem HEX]}: runs a bare program the way the conformance runner does
 * (r1 = input bytes, r2 = their length, the suite's test helpers) and prints r0.
 */
@Command(name = "run",
        description = {
            "Run a bare program (.data, .asm/.s, .bin) with r1 pointing at the input bytes and r2 "
                    + "holding their length, and print r0.",
            "Helpers are the conformance suite's test helpers 0-5, not Linux's."})
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--engine", defaultValue = "jit", paramLabel = "interp|jit",
            description = "Engine (default: ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = "--mem", paramLabel = "HEX",
            description = "Input bytes in hex; default: the vector's -- mem section, if any.")
    String mem;

    @Option(names = "--budget", defaultValue = "10000000", paramLabel = "N",
            description = "Instruction budget of the run (default: ${DEFAULT-VALUE}).")
    long budget;

    @Parameters(paramLabel = "FILE")
    Path file;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        EngineKind kind = EngineOption.resolve(engine, spec.commandLine().getErr()).get(0);
        Program p = ProgramFiles.read(file);
        byte[] input = null;
        if (mem != null) {
            input = ProgramFiles.hexBytes(mem);
        } else if (file.getFileName().toString().endsWith(".data")) {
            try {
                input = ConformanceFile.parse(file).mem();
            } catch (java.io.IOException e) {
                throw new CliFailure(file + ": cannot read: " + FileErrors.reason(e));
            }
        }
        Executable exe;
        try {
            PrintWriter err = spec.commandLine().getErr();
            exe = kind.loadOrFallBack(p, ProgramEnvironment.of(ConformanceHelpers.table()),
                    w -> err.println("warning: " + file + ": " + w));
        } catch (ProgramRejectedException e) {
            throw new CliFailure(file + ": refused: " + e.getMessage());
        }
        if (budget <= 0) {
            throw new CliFailure("--budget must be positive");
        }
        ExecutionContext ctx = new ExecutionContext().budget(budget);
        long r1 = ctx.mapInput(input);
        long r0 = exe.run(ctx, r1, input == null ? 0 : input.length);
        if (ctx.fault() != null) {
            throw new CliFailure(file + ": " + ctx.fault().message());
        }
        out.printf("r0 = 0x%x (%d)%n", r0, r0);
        out.printf("%d instructions executed%n", ctx.executed());
        return 0;
    }
}
