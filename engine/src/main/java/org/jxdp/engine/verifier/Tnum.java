package org.jxdp.engine.verifier;

/**
 * A tristate number (the kernel's {@code struct tnum}): what is known about the bits of a 64-bit
 * value. A bit is known 0, known 1, or unknown:
 * <pre>
 *   value: 0 1 0 0 ...      mask: 0 0 1 1 ...
 *          | | | |                | | | |
 *   bit:   0 1 ? ?   (a bit whose mask bit is set is unknown; its value bit is 0)
 * </pre>
 * The concrete values a tnum stands for are {@code {x : (x & ~mask) == value}}. Immutable.
 *
 * @param value the known bits (0 wherever {@code mask} has a 1)
 * @param mask the unknown bits
 */
record Tnum(long value, long mask) {
    /** Nothing known. */
    static final Tnum UNKNOWN = new Tnum(0, -1L);
    /** The constant 0. */
    static final Tnum ZERO = new Tnum(0, 0);

    Tnum {
        if ((value & mask) != 0) {
            throw new IllegalArgumentException("tnum value and mask overlap: " + Long.toHexString(value) + "/"
                    + Long.toHexString(mask));
        }
    }

    /** The constant {@code v}. */
    static Tnum constant(long v) {
        return new Tnum(v, 0);
    }

    /** The smallest tnum holding every unsigned value in {@code [min, max]}. */
    static Tnum range(long min, long max) {
        long chi = min ^ max;
        int bits = 64 - Long.numberOfLeadingZeros(chi);
        if (bits > 63) {
            return UNKNOWN;
        }
        long delta = (1L << bits) - 1;
        return new Tnum(min & ~delta, delta);
    }

    boolean isConst() {
        return mask == 0;
    }

    boolean isUnknown() {
        return mask == -1L;
    }

    /** True when the concrete value {@code v} is one this tnum stands for. */
    boolean contains(long v) {
        return (v & ~mask) == value;
    }

    /** True when every value of {@code other} is a value of this. */
    boolean covers(Tnum other) {
        if ((other.mask & ~mask) != 0) {
            return false;
        }
        return (other.value & ~mask) == value;
    }

    /** The smallest tnum holding the values of both. */
    Tnum union(Tnum other) {
        long mu = mask | other.mask | (value ^ other.value);
        return new Tnum(value & ~mu, mu);
    }

    /** The values of both (the caller must know the intersection is not empty). */
    Tnum intersect(Tnum other) {
        long v = value | other.value;
        long mu = mask & other.mask;
        return new Tnum(v & ~mu, mu);
    }

    /** True when the two share no value. */
    boolean disjoint(Tnum other) {
        long known = ~mask & ~other.mask;
        return ((value ^ other.value) & known) != 0;
    }

    Tnum add(Tnum b) {
        long sm = mask + b.mask;
        long sv = value + b.value;
        long sigma = sm + sv;
        long chi = sigma ^ sv;
        long mu = chi | mask | b.mask;
        return new Tnum(sv & ~mu, mu);
    }

    Tnum sub(Tnum b) {
        long dv = value - b.value;
        long alpha = dv + mask;
        long beta = dv - b.mask;
        long chi = alpha ^ beta;
        long mu = chi | mask | b.mask;
        return new Tnum(dv & ~mu, mu);
    }

    Tnum neg() {
        return ZERO.sub(this);
    }

    Tnum and(Tnum b) {
        long alpha = value | mask;
        long beta = b.value | b.mask;
        long v = value & b.value;
        return new Tnum(v, alpha & beta & ~v);
    }

    Tnum or(Tnum b) {
        long v = value | b.value;
        long mu = mask | b.mask;
        return new Tnum(v, mu & ~v);
    }

    Tnum xor(Tnum b) {
        long v = value ^ b.value;
        long mu = mask | b.mask;
        return new Tnum(v & ~mu, mu);
    }

    /** Multiplication, by shifted partial products (sound for every input). */
    Tnum mul(Tnum b) {
        Tnum a = this;
        Tnum accV = constant(a.value * b.value);
        Tnum accM = ZERO;
        while (a.value != 0 || a.mask != 0) {
            if ((a.value & 1) != 0) {
                accM = accM.add(new Tnum(0, b.mask));
            } else if ((a.mask & 1) != 0) {
                accM = accM.add(new Tnum(0, b.value | b.mask));
            }
            a = a.rshift(1);
            b = b.lshift(1);
        }
        return accV.add(accM);
    }

    Tnum lshift(int shift) {
        return new Tnum(value << shift, mask << shift);
    }

    Tnum rshift(int shift) {
        return new Tnum(value >>> shift, mask >>> shift);
    }

    /** Arithmetic shift right of the low {@code bits} (32 or 64) bits, sign-extended to them. */
    Tnum arshift(int shift, int bits) {
        if (bits == 32) {
            long v = ((int) value) >> shift;
            long m = ((int) mask) >> shift;
            return new Tnum(v & 0xffffffffL & ~(m & 0xffffffffL), m & 0xffffffffL);
        }
        return new Tnum(value >> shift, mask >> shift);
    }

    /** The low {@code size} bytes, zero-extended. */
    Tnum cast(int size) {
        if (size >= 8) {
            return this;
        }
        long keep = (1L << (size * 8)) - 1;
        return new Tnum(value & keep, mask & keep);
    }

    /** The low 32 bits, zero-extended. */
    Tnum subreg() {
        return cast(4);
    }

    /** The high 32 bits cleared in this, the low 32 bits replaced by those of {@code low}. */
    Tnum withSubreg(Tnum low) {
        long hv = value & 0xffffffff00000000L;
        long hm = mask & 0xffffffff00000000L;
        return new Tnum(hv | (low.value & 0xffffffffL), hm | (low.mask & 0xffffffffL));
    }

    /** The lowest unsigned value. */
    long umin() {
        return value;
    }

    /** The highest unsigned value. */
    long umax() {
        return value | mask;
    }

    /** The lowest signed value. */
    long smin() {
        return value | (mask & Long.MIN_VALUE);
    }

    /** The highest signed value. */
    long smax() {
        return value | (mask & Long.MAX_VALUE);
    }

    @Override
    public String toString() {
        if (isConst()) {
            return Long.toString(value);
        }
        return "(0x" + Long.toHexString(value) + "; 0x" + Long.toHexString(mask) + ")";
    }
}
