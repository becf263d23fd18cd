package org.jxdp.capture.pcap;

import java.math.BigInteger;

/**
 * Turns a pcapng interface's timestamp ticks (unsigned 64-bit counts of its {@code if_tsresol})
 * into nanoseconds, without allocating: a multiplication for resolutions coarser than 1 ns, a
 * division for finer powers of ten, a 128-bit product and shift for powers of two.
 */
final class TickScale {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int MUL = 0;
    private static final int DIV = 1;
    private static final int POW2 = 2;
    private static final int ZERO = 3;

    private final int mode;
    private final long factor;
    private final int shift;
    /** Largest tick count (unsigned) whose nanoseconds fit a signed long. */
    private final long maxTicks;

    TickScale(int tsresol) {
        BigInteger limit;
        if ((tsresol & 0x80) != 0) {
            mode = POW2;
            shift = tsresol & 0x7f;
            factor = NANOS_PER_SECOND;
            // largest t with t * 1e9 >> shift <= Long.MAX_VALUE
            limit = BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE).shiftLeft(shift).subtract(BigInteger.ONE)
                    .divide(BigInteger.valueOf(NANOS_PER_SECOND));
        } else if (tsresol <= 9) {
            mode = MUL;
            shift = 0;
            factor = BigInteger.TEN.pow(9 - tsresol).longValueExact();
            limit = BigInteger.valueOf(Long.MAX_VALUE / factor);
        } else if (tsresol - 9 <= 19) {
            mode = DIV;
            shift = 0;
            factor = BigInteger.TEN.pow(tsresol - 9).longValue(); // 10^19 is read as unsigned
            limit = null;
        } else {
            mode = ZERO;
            shift = 0;
            factor = 0;
            limit = null;
        }
        BigInteger u64max = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);
        maxTicks = limit == null || limit.compareTo(u64max) >= 0 ? -1L : limit.longValue();
    }

    /** True when {@code ticks} (unsigned) give nanoseconds that fit a signed long. */
    boolean fits(long ticks) {
        return Long.compareUnsigned(ticks, maxTicks) <= 0;
    }

    /** Nanoseconds of {@code ticks} (unsigned); only meaningful when {@link #fits} says so. */
    long toNanos(long ticks) {
        switch (mode) {
            case MUL:
                return ticks * factor;
            case DIV:
                return Long.divideUnsigned(ticks, factor);
            case POW2:
                long lo = ticks * factor;
                long hi = Math.multiplyHigh(ticks, factor) + ((ticks >> 63) & factor);
                if (shift == 0) {
                    return lo;
                }
                if (shift < 64) {
                    return hi << (64 - shift) | lo >>> shift;
                }
                return hi >>> (shift - 64);
            default:
                return 0;
        }
    }
}
