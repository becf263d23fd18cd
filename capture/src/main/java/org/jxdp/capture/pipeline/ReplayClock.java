package org.jxdp.capture.pipeline;

/**
 * The capture clock of one reading thread ({@link ClockMode#CAPTURE}): a frame's
 * {@code bpf_ktime_get_ns()} is its capture timestamp plus a fixed offset, chosen at the first
 * frame so that it reads one second (as on a host one second after boot). Every thread that reads
 * the input from its start gets the same offset, so a frame's clock does not depend on which
 * thread read it.
 */
final class ReplayClock {
    private boolean set;
    private long offset;

    /** The clock for a frame captured at {@code timestampNanos}; the first call fixes the offset. */
    long clockNanos(long timestampNanos) {
        if (!set) {
            set = true;
            offset = 1_000_000_000L - timestampNanos;
        }
        return timestampNanos + offset;
    }

    /** The offset the first frame fixed (0 before it). */
    long offset() {
        return offset;
    }
}
