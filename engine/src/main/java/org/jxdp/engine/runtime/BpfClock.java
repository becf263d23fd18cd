package org.jxdp.engine.runtime;

/**
 * What {@code bpf_ktime_get_ns()} and its coarse and boot variants return.
 *
 * <p>Live, the host's monotonic clock. During a replay, the capture's clock: the timestamp of the
 * frame the worker is running on (set per frame in {@link WorkerState#frameTimeNs}) plus a
 * fixed offset, so that rate limits see the traffic's real rates however fast the file is read
 * ({@code ../shared/DESIGN.md}, "Time in replay").
 */
public interface BpfClock {
    /** Nanoseconds for the worker whose state is {@code w}. */
    long nowNs(WorkerState w);

    /** The host's monotonic clock, in nanoseconds since an arbitrary origin (like CLOCK_MONOTONIC). */
    static BpfClock monotonic() {
        long origin = System.nanoTime() - 1_000_000_000L;
        return w -> System.nanoTime() - origin;
    }

    /** The frame's capture timestamp plus {@code offsetNs}. */
    static BpfClock frameTime(long offsetNs) {
        return w -> w.frameTimeNs + offsetNs;
    }

    /** A clock that reads {@code value} until told otherwise (tests). */
    static BpfClock fixed(long value) {
        return w -> value;
    }
}
