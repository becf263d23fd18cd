package org.jxdp.engine.verifier;

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
 * Test-only: the verifier's C test programs (test resources of this package, listed in
 * {@code index.txt}), each an XDP program whose first line says what the verifier must do:
 * <pre>
 *   // accept: why it is safe
 *   // refuse "reason the verifier gives": why it is not
 * </pre>
 * Shared with the kernel agreement test (hooks), which compiles the same files.
 */
public final class VerifierTestPrograms {
    private VerifierTestPrograms() {
    }

    /**
     * What a program's first line expects.
     *
     * @param name the program (file name without .c)
     * @param accept true for "accept"
     * @param reason the refusal's reason, or "" when accepted
     * @param why the rest of the line
     */
    public record Expectation(String name, boolean accept, String reason, String why) {
    }

    /** The names of the programs, in index order. */
    public static List<String> names() throws IOException {
        return read("index.txt").lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** The expectation of program {@code name}. */
    public static Expectation expectation(String name) throws IOException {
        String first = read(name + ".c").lines().findFirst().orElse("");
        if (first.startsWith("// accept: ")) {
            return new Expectation(name, true, "", first.substring("// accept: ".length()));
        }
        if (first.startsWith("// refuse \"")) {
            int end = first.indexOf("\":", 11);
            return new Expectation(name, false, first.substring(11, end), first.substring(end + 2).strip());
        }
        throw new IllegalStateException(name + ".c does not start with '// accept: ' or '// refuse \"reason\": '");
    }

    private static String read(String resource) throws IOException {
        try (InputStream in = VerifierTestPrograms.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("missing test resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Compiles {@code name}.c (with verifier.h) into {@code dir} with
     * {@code clang -O2 -g -target bpf}; skips the test when clang is missing, or fails it when
     * {@code JXDP_REQUIRE_TOOLS=1}.
     */
    public static Path compile(String name, Path dir) throws IOException, InterruptedException {
        for (String f : List.of(name + ".c", "verifier.h")) {
            Files.writeString(dir.resolve(f), read(f));
        }
        Path obj = dir.resolve(name + ".o");
        String arch = System.getProperty("os.arch").equals("aarch64") ? "aarch64" : "x86_64";
        List<String> cmd = List.of("clang", "-O2", "-g", "-target", "bpf", "-I/usr/include/" + arch + "-linux-gnu",
                "-c", dir.resolve(name + ".c").toString(), "-o", obj.toString());
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            String why = "clang is not installed (apt-get install clang libbpf-dev)";
            if ("1".equals(System.getenv("JXDP_REQUIRE_TOOLS"))) {
                fail(why);
            }
            Assumptions.abort(why);
            return obj;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("clang failed on " + name + ".c:\n" + out);
        }
        return obj;
    }
}
