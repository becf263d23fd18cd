package org.jxdp.capture.pipeline;

/**
 * A frame's bytes somewhere a {@link FrameSlot} cannot read by itself (native memory of a live
 * capture): the source copies them into the slot's array with {@link #copyTo}, which spares an
 * intermediate array. See {@link FrameSlot#load(long, long, int, int, FrameBytes, int)}.
 */
@FunctionalInterface
public interface FrameBytes {
    /** Copies the frame's first {@code length} bytes to {@code dst[at, at + length)}. */
    void copyTo(byte[] dst, int at, int length);
}
