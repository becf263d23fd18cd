package org.jxdp.engine.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds {@code ../shared} (the conformance suite, samples and captures that live beside the
 * checkout and are never copied into it). Tests that need it skip, with the reason, when it is
 * absent, except where {@code JXDP_REQUIRE_SHARED=1} (CI), where its absence fails them.
 */
public final class SharedFiles {
    private SharedFiles() {
    }

    /** The shared directory, or a skipped (or, on CI, failed) test. */
    public static Path root() {
        String prop = System.getProperty("jxdp.shared");
        Path p = prop != null ? Path.of(prop) : Path.of("..", "..", "shared");
        if (!Files.isDirectory(p)) {
            p = Path.of("..", "shared");
        }
        Path resolved = p.toAbsolutePath().normalize();
        if (!Files.isDirectory(resolved)) {
            String reason = "../shared not found at " + resolved + " (it sits beside the checkout; set -Djxdp.shared=DIR)";
            if ("1".equals(System.getenv("JXDP_REQUIRE_SHARED"))) {
                fail(reason + ", and JXDP_REQUIRE_SHARED=1 says it must be there");
            }
            Assumptions.abort(reason);
        }
        return resolved;
    }

    /** A path under the shared directory, which must exist. */
    public static Path resolve(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) {
            String reason = p + " not found in ../shared";
            if ("1".equals(System.getenv("JXDP_REQUIRE_SHARED"))) {
                fail(reason);
            }
            Assumptions.abort(reason);
        }
        return p;
    }
}
