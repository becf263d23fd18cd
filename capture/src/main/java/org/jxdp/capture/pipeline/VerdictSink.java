package org.jxdp.capture.pipeline;

import java.io.Closeable;
import java.io.IOException;

/**
 * Where frames go once their verdict is known: capture files ({@link CaptureFileSinks}), a
 * per-packet annotated copy ({@link AnnotateSink}), a CSV of verdicts ({@link VerdictCsvSink}),
 * or an interface to transmit on (live inline mode). The pipeline thread calls
 * {@link #accept} for every input frame, in input order whatever the number of workers, with
 * the slot holding the frame as the program left it ({@link FrameSlot#array()},
 * {@link FrameSlot#offset()}, {@link FrameSlot#length()}, already back in its own link type)
 * and its verdict ({@link FrameSlot#action()}, {@link FrameSlot#notRun()},
 * {@link FrameSlot#ringDrop()}, {@link FrameSlot#redirectTarget()}). The slot is reused as soon
 * as {@code accept} returns: copy what must outlive the call.
 *
 * <p>Called from the pipeline thread only; {@link #close} is called once at the end, also after
 * a failure.
 */
public interface VerdictSink extends Closeable {
    /** Carries out (writes, transmits) the verdict of the frame in {@code slot}. */
    void accept(FrameSlot slot) throws IOException;

    /** Makes everything accepted so far reach its destination (called when the pipeline idles and at the end). */
    default void flush() throws IOException {
    }

    @Override
    default void close() throws IOException {
    }
}
