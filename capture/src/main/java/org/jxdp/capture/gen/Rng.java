package org.jxdp.capture.gen;

/**
 * SplitMix64: a small, fast generator whose output is fixed by its seed on every JVM, so that
 * {@code jxdp gen} writes the same bytes for the same arguments everywhere.
 */
final class Rng {
    private long state;

    Rng(long seed) {
        this.state = seed;
    }

    long next() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in {@code [0, bound)}. */
    int below(int bound) {
        return (int) (((next() >>> 32) * bound) >>> 32);
    }

    /** Uniform in {@code [lo, hi]}. */
    int between(int lo, int hi) {
        return lo + below(hi - lo + 1);
    }

    /** Uniform in {@code [0, 1)}. */
    double unit() {
        return (next() >>> 11) * 0x1.0p-53;
    }
}
