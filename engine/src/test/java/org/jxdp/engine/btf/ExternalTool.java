package org.jxdp.engine.btf;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs a command-line tool (clang, llvm-objcopy, llvm-objdump, bpftool) for a test. A tool that
 * is not installed skips the test with the package to install, or fails it where
 * {@code JXDP_REQUIRE_TOOLS=1} says the tools must be there (CI).
 */
final class ExternalTool {
    private ExternalTool() {
    }

    /** What a finished command printed, and its exit status. */
    record Result(int exitCode, String stdout, String stderr) {
        /** Stdout, or a failed test quoting stderr when the command failed. */
        String stdoutOrFail(List<String> command) {
            if (exitCode != 0) {
                fail(String.join(" ", command) + " exited with " + exitCode + ": " + stderr);
            }
            return stdout;
        }
    }

    /** Runs {@code command}; skips (or on CI fails) the test when its program is not installed. */
    static Result run(List<String> command) throws IOException, InterruptedException {
        requireInstalled(command.get(0));
        Process p = new ProcessBuilder(command).start();
        CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> {
            try {
                return p.getErrorStream().readAllBytes();
            } catch (IOException e) {
                return e.toString().getBytes(StandardCharsets.UTF_8);
            }
        });
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in 120 s");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err.join(), StandardCharsets.UTF_8));
    }

    /** Runs {@code command} and returns its stdout, failing the test if it fails. */
    static String output(String... command) throws IOException, InterruptedException {
        return run(List.of(command)).stdoutOrFail(List.of(command));
    }

    /** Skips (or on CI fails) the test unless {@code program} is on the PATH. */
    static void requireInstalled(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return;
            }
        }
        String reason = program + " is not installed (apt-get install " + packageOf(program) + ")";
        if ("1".equals(System.getenv("JXDP_REQUIRE_TOOLS"))) {
            fail(reason + ", and JXDP_REQUIRE_TOOLS=1 says it must be");
        }
        Assumptions.abort(reason);
    }

    /** Skips (or on CI fails) the test unless {@code file} exists; {@code pkg} is the package that installs it. */
    static void requireFile(Path file, String pkg) {
        if (Files.exists(file)) {
            return;
        }
        String reason = file + " is not installed (apt-get install " + pkg + ")";
        if ("1".equals(System.getenv("JXDP_REQUIRE_TOOLS"))) {
            fail(reason + ", and JXDP_REQUIRE_TOOLS=1 says it must be");
        }
        Assumptions.abort(reason);
    }

    private static String packageOf(String program) {
        switch (program) {
            case "clang":
                return "clang libbpf-dev";
            case "bpftool":
                return "bpftool";
            default:
                return "llvm";
        }
    }
}
