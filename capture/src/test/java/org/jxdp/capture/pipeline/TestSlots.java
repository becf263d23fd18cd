package org.jxdp.capture.pipeline;

/** Frame slots for tests outside this package (a source's own tests). */
public final class TestSlots {
    private TestSlots() {
    }

    /** A fresh slot, as a pipeline's pool holds them. */
    public static FrameSlot slot() {
        return new FrameSlot(0);
    }
}
