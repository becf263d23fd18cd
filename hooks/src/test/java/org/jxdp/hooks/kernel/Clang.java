package org.jxdp.hooks.kernel;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Builds the test programs in {@code org/jxdp/hooks/kernel/*.c} with clang, as the project's own
 * tests need them: skipped with the reason when clang is missing, failed instead when
 * {@code JXDP_REQUIRE_TOOLS=1}.
 */
public final class Clang {
    private Clang() {
    }

    /** Compiles resource {@code name}.c (with common.h) into {@code work}/{@code name}.o. */
    public static Path compile(Path work, String name) throws IOException {
        if (KernelOracle.exec(List.of("clang", "--version")).status() != 0) {
            String why = "clang is not installed (apt-get install clang libbpf-dev)";
            if ("1".equals(System.getenv("JXDP_REQUIRE_TOOLS"))) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        for (String f : List.of(name + ".c", "common.h")) {
            try (InputStream in = Clang.class.getResourceAsStream(f)) {
                if (in == null) {
                    throw new IOException("missing test resource " + f);
                }
                Files.write(work.resolve(f), in.readAllBytes());
            }
        }
        Path obj = work.resolve(name + ".o");
        String arch = System.getProperty("os.arch").equals("aarch64") ? "aarch64" : "x86_64";
        KernelOracle.Result r = KernelOracle.exec(List.of("clang", "-O2", "-g", "-target", "bpf",
                "-I/usr/include/" + arch + "-linux-gnu", "-c", work.resolve(name + ".c").toString(), "-o",
                obj.toString()));
        if (r.status() != 0) {
            throw new IOException("clang failed on " + name + ".c:\n" + r.out());
        }
        return obj;
    }
}
