package org.jxdp.capture.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Builds the pipeline tests' XDP programs (C resources) with clang, as the kernel's toolchain
 * does: skipped with the reason when clang is missing, failed instead when
 * {@code JXDP_REQUIRE_TOOLS=1}.
 */
public final class ClangPrograms {
    private ClangPrograms() {
    }

    /**
     * Compiles the classpath resource {@code resource} (a .c file) into {@code dir} with extra
     * clang {@code flags} ({@code -DNAME=VALUE}); returns the object.
     */
    public static Path compile(Path dir, String resource, String... flags) throws IOException {
        requireClang();
        String name = resource.substring(resource.lastIndexOf('/') + 1);
        Path src = dir.resolve(name);
        try (InputStream in = ClangPrograms.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource);
            }
            Files.write(src, in.readAllBytes());
        }
        Path obj = dir.resolve(name.replaceAll("\\.c$", ".o"));
        String arch = System.getProperty("os.arch").equals("aarch64") ? "aarch64" : "x86_64";
        List<String> cmd = new java.util.ArrayList<>(List.of("clang", "-O2", "-g", "-target", "bpf",
                "-I/usr/include/" + arch + "-linux-gnu"));
        cmd.addAll(List.of(flags));
        cmd.addAll(List.of("-c", src.toString(), "-o", obj.toString()));
        String out = run(cmd);
        if (!Files.isRegularFile(obj)) {
            throw new IOException("clang failed on " + name + ":\n" + out);
        }
        return obj;
    }

    /** Skips (or with JXDP_REQUIRE_TOOLS=1 fails) the test when clang is not installed. */
    public static void requireClang() {
        boolean present;
        try {
            run(List.of("clang", "--version"));
            present = true;
        } catch (IOException e) {
            present = false;
        }
        if (!present) {
            String why = "clang is not installed (apt-get install clang libbpf-dev)";
            if ("1".equals(System.getenv("JXDP_REQUIRE_TOOLS"))) {
                fail(why);
            }
            Assumptions.abort(why);
        }
    }

    private static String run(List<String> cmd) throws IOException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                if (cmd.get(1).equals("--version")) {
                    throw new IOException(out);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return out;
    }
}
