package org.jxdp.capture.pipeline;

/** What {@code bpf_ktime_get_ns()} (and the coarse and boot variants) return while the pipeline runs. */
public enum ClockMode {
    /**
     * The capture's clock: the timestamp of the frame being run plus a fixed offset, chosen so
     * that the first frame reads one second ({@code offset = 1e9 - first timestamp}), as on a
     * host one second after boot. Rates and bans see the traffic's own rates however fast the
     * file is read. The default for replay.
     */
    CAPTURE,
    /** The host's monotonic clock (live capture; {@code --clock wall} in replay). */
    WALL
}
