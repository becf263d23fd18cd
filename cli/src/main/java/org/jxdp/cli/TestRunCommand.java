package org.jxdp.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.object.BpfProgram;
import org.jxdp.hooks.XdpTestRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jxdp test-run OBJ --data-in F}: BPF_PROG_TEST_RUN for an XDP program, as
 * {@code bpftool prog run} does it in the kernel. The program must pass the verifier unless
 * {@code --no-verify} is given.
 */
@Command(name = "test-run",
        description = "Run an XDP program of an object once (or --repeat times) on a packet and print its return "
                + "value and average duration, like bpftool prog run.")
final class TestRunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "OBJ")
    Path file;

    @Option(names = "--section", paramLabel = "S", description = "The program's ELF section.")
    String section;

    @Option(names = "--program", paramLabel = "P", description = "The program's function name.")
    String program;

    @Option(names = "--data-in", required = true, paramLabel = "FILE", description = "The packet, raw bytes.")
    Path dataIn;

    @Option(names = "--data-out", paramLabel = "FILE", description = "Where to write the packet after the run.")
    Path dataOut;

    @Option(names = "--repeat", defaultValue = "1", paramLabel = "N", description = "Runs (default: ${DEFAULT-VALUE}).")
    int repeat;

    @Option(names = "--engine", defaultValue = "jit", paramLabel = "interp|jit",
            description = "Engine (default: ${DEFAULT-VALUE}); a program the JIT cannot compile runs on the "
                    + "interpreter, with a warning.")
    String engine;

    @Option(names = "--no-verify", description = "Run the program even if the verifier refuses it (the engines' "
            + "run-time checks still end a bad access with a fault).")
    boolean noVerify;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        BpfObject obj = ObjectFiles.open(file, EngineOption.resolve(engine, spec.commandLine().getErr()).get(0),
                !noVerify);
        BpfProgram p = ObjectFiles.one(obj, section, program);
        if (p.warning() != null) {
            spec.commandLine().getErr().println("warning: " + obj.name() + ": " + p.section() + "/" + p.name() + ": "
                    + p.warning());
        }
        ObjectFiles.requireLoaded(obj, p);
        byte[] in;
        try {
            in = Files.readAllBytes(dataIn);
        } catch (IOException e) {
            throw new CliFailure(dataIn + ": cannot read: " + FileErrors.reason(e));
        }
        if (repeat < 1) {
            throw new CliFailure("--repeat must be at least 1");
        }
        XdpTestRun.Result r;
        try {
            r = XdpTestRun.run(p, in, repeat);
        } catch (IllegalArgumentException e) {
            throw new CliFailure(dataIn + ": " + e.getMessage());
        }
        if (dataOut != null) {
            try {
                Files.write(dataOut, r.dataOut());
            } catch (IOException e) {
                throw new CliFailure(dataOut + ": cannot write: " + FileErrors.reason(e));
            }
        }
        out.printf("Return value: %s, duration (average): %dns%n", r.action(), r.durationNs());
        if (r.fault() != null) {
            out.println("fault: " + r.fault().message() + location(p, r));
        }
        return 0;
    }

    private static String location(BpfProgram p, XdpTestRun.Result r) {
        String at = p.lines().location(r.fault().pc());
        return at == null ? "" : " [" + at + "]";
    }
}
