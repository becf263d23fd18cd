package org.jxdp.hooks;

/**
 * SipHash-2-4 (Aumasson and Bernstein), the keyed hash the kernel's SYN cookies use, over a
 * fixed number of 64-bit words: allocation-free.
 */
final class SipHash {
    private final long k0;
    private final long k1;

    SipHash(long k0, long k1) {
        this.k0 = k0;
        this.k1 = k1;
    }

    /** The hash of {@code n} words {@code w0..w(n-1)} (n bytes = 8n). */
    long hash(long w0, long w1, long w2, long w3, int n) {
        long v0 = k0 ^ 0x736f6d6570736575L;
        long v1 = k1 ^ 0x646f72616e646f6dL;
        long v2 = k0 ^ 0x6c7967656e657261L;
        long v3 = k1 ^ 0x7465646279746573L;
        long[] s = {v0, v1, v2, v3};
        if (n > 0) {
            absorb(s, w0);
        }
        if (n > 1) {
            absorb(s, w1);
        }
        if (n > 2) {
            absorb(s, w2);
        }
        if (n > 3) {
            absorb(s, w3);
        }
        absorb(s, (long) (n * 8) << 56);
        s[2] ^= 0xff;
        for (int i = 0; i < 4; i++) {
            round(s);
        }
        return s[0] ^ s[1] ^ s[2] ^ s[3];
    }

    private static void absorb(long[] s, long m) {
        s[3] ^= m;
        round(s);
        round(s);
        s[0] ^= m;
    }

    private static void round(long[] s) {
        s[0] += s[1];
        s[1] = Long.rotateLeft(s[1], 13);
        s[1] ^= s[0];
        s[0] = Long.rotateLeft(s[0], 32);
        s[2] += s[3];
        s[3] = Long.rotateLeft(s[3], 16);
        s[3] ^= s[2];
        s[0] += s[3];
        s[3] = Long.rotateLeft(s[3], 21);
        s[3] ^= s[0];
        s[2] += s[1];
        s[1] = Long.rotateLeft(s[1], 17);
        s[1] ^= s[2];
        s[2] = Long.rotateLeft(s[2], 32);
    }
}
