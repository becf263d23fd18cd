package org.jxdp.cli;

import org.jxdp.capture.pipeline.FrameSlot;
import org.jxdp.capture.pipeline.VerdictSink;

/**
 * Remembers the filter's clock ({@code bpf_ktime_get_ns}) of the latest frame whose verdict is
 * known, so that a rules reload during a replay starts its bans at the replay's "now".
 */
final class FilterClockSink implements VerdictSink {
    private volatile long clockNs;

    FilterClockSink(long startNs) {
        this.clockNs = startNs;
    }

    @Override
    public void accept(FrameSlot slot) {
        clockNs = slot.clockNanos();
    }

    /** The clock of the latest frame. */
    long clockNs() {
        return clockNs;
    }
}
