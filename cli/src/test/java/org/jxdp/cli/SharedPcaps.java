package org.jxdp.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The captures of {@code ../shared/pcaps}, read in place: the system property
 * {@code jxdp.shared} (surefire sets it), then {@code ../../shared}, then {@code ../shared}. A
 * test that needs them is skipped with the reason when they are absent, and fails instead when
 * {@code JXDP_REQUIRE_SHARED=1}.
 */
final class SharedPcaps {
    private SharedPcaps() {
    }

    /** The capture {@code name} of ../shared/pcaps. */
    static Path capture(String name) {
        String prop = System.getProperty("jxdp.shared");
        Path root = prop != null ? Path.of(prop) : Path.of("..", "..", "shared");
        if (!Files.isDirectory(root)) {
            root = Path.of("..", "shared");
        }
        Path p = root.resolve("pcaps").resolve(name).toAbsolutePath().normalize();
        if (!Files.isRegularFile(p)) {
            String why = p + " not found (../shared sits beside the checkout; set -Djxdp.shared=DIR)";
            if ("1".equals(System.getenv("JXDP_REQUIRE_SHARED"))) {
                fail(why);
            }
            Assumptions.abort(why);
        }
        return p;
    }
}
