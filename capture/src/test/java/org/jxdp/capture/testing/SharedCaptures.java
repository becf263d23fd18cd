package org.jxdp.capture.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds the captures in {@code ../shared/pcaps}, which live beside the checkout and are read in
 * place, never copied into it. Like the engine's {@code SharedFiles}: the system property
 * {@code jxdp.shared} (surefire sets it), then {@code ../../shared}, then {@code ../shared}; a
 * test that needs them is skipped with the reason when they are absent, and fails instead when
 * {@code JXDP_REQUIRE_SHARED=1}.
 */
public final class SharedCaptures {
    private SharedCaptures() {
    }

    /** The shared directory, or a skipped (or, with JXDP_REQUIRE_SHARED=1, failed) test. */
    public static Path root() {
        String prop = System.getProperty("jxdp.shared");
        Path p = prop != null ? Path.of(prop) : Path.of("..", "..", "shared");
        if (!Files.isDirectory(p)) {
            p = Path.of("..", "shared");
        }
        Path resolved = p.toAbsolutePath().normalize();
        if (!Files.isDirectory(resolved.resolve("pcaps"))) {
            missing("../shared/pcaps not found at " + resolved.resolve("pcaps")
                    + " (../shared sits beside the checkout; set -Djxdp.shared=DIR)");
        }
        return resolved;
    }

    /** A capture of {@code ../shared/pcaps} by its file name, which must exist. */
    public static Path capture(String name) {
        Path p = root().resolve("pcaps").resolve(name);
        if (!Files.isRegularFile(p)) {
            missing(p + " not found in ../shared/pcaps");
        }
        return p;
    }

    /** Every capture of {@code ../shared/pcaps} (everything but the Markdown files), by name. */
    public static List<Path> all() {
        try (Stream<Path> s = Files.list(root().resolve("pcaps"))) {
            List<Path> list = s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".md"))
                    .sorted().toList();
            if (list.isEmpty()) {
                missing("../shared/pcaps holds no captures");
            }
            return list;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void missing(String reason) {
        if ("1".equals(System.getenv("JXDP_REQUIRE_SHARED"))) {
            fail(reason + ", and JXDP_REQUIRE_SHARED=1 says it must be there");
        }
        Assumptions.abort(reason);
    }
}
