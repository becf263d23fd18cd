package org.jxdp.cli;

import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.jxdp.engine.verifier.VerificationCache;

/**
 * Where the commands that load a program keep the verifier's acceptances, so that loading the
 * same object again (the bundled DoS filter takes seconds to verify) skips verification:
 * {@value #VARIABLE} names a directory, or is {@code off}; unset, it is
 * {@code $XDG_CACHE_HOME/jxdp/verified}, or {@code ~/.cache/jxdp/verified}.
 * {@code jxdp verify} never uses it.
 */
final class VerificationCacheSetting {
    /** The environment variable that moves or turns off the cache. */
    static final String VARIABLE = "JXDP_VERIFY_CACHE";

    private VerificationCacheSetting() {
    }

    /** The cache the environment asks for, or null when it is off or there is no home directory. */
    static VerificationCache fromEnvironment() {
        return from(System::getenv, System.getProperty("user.home"));
    }

    /** The cache that {@code env} (variable to value, null when unset) and {@code home} ask for. */
    static VerificationCache from(UnaryOperator<String> env, String home) {
        String set = env.apply(VARIABLE);
        if (set != null && !set.isBlank()) {
            return set.equals("off") ? null : VerificationCache.in(Path.of(set));
        }
        String xdg = env.apply("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return VerificationCache.in(Path.of(xdg, "jxdp", "verified"));
        }
        return home == null || home.isBlank() || home.equals("?") ? null
                : VerificationCache.in(Path.of(home, ".cache", "jxdp", "verified"));
    }
}
