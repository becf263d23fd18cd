package org.jxdp.capture.pipeline;

import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * Where the pipeline's frames come from: a capture file ({@link CaptureFileSource}), a live
 * interface, a generator. The pipeline thread calls {@link #next} with a free slot from its pool
 * and the source copies one frame into it with {@link FrameSlot#load}; nothing else of the
 * pipeline is the source's business.
 *
 * <p>A live source returns {@link #NONE} when no frame arrived within its poll time (a libpcap
 * read timeout, say 1 ms): the pipeline then hands finished frames to the sinks and calls again.
 * A file source never returns {@code NONE}. {@link #replay()} tells the pipeline how to behave
 * when its pool is full: a replay waits (nothing is lost), a live source cannot make the wire
 * wait, so the frame is counted as a ring drop.
 *
 * <p>Called from the pipeline thread only; a {@link #fork() fork} belongs to the worker thread
 * that reads it.
 */
public interface FrameSource extends Closeable {
    /** {@link #next} put a frame in the slot. */
    int FRAME = 1;
    /** {@link #next}: no frame now (live: poll timeout); call again. */
    int NONE = 0;
    /** {@link #next}: the end of the input (a file read to the end, a live capture stopped). */
    int END = -1;

    /**
     * Reads the next frame into {@code slot} with {@link FrameSlot#load}.
     *
     * @return {@link #FRAME}, {@link #NONE} or {@link #END}
     * @throws IOException when the source fails for good
     */
    int next(FrameSlot slot) throws IOException;

    /**
     * Moves past the next frame, as {@link #next} would read it, without needing its bytes
     * ({@code slot} may be overwritten or not); a source that can skip cheaply overrides it.
     *
     * @return {@link #FRAME}, {@link #NONE} or {@link #END}
     * @throws IOException when the source fails for good
     */
    default int skip(FrameSlot slot) throws IOException {
        return next(slot);
    }

    /**
     * True for a recorded input: the pipeline waits for room instead of dropping, and may pace
     * frames by their timestamps. False for live capture.
     */
    default boolean replay() {
        return true;
    }

    /** What went wrong in the input so far (damaged records and the like), one line each. */
    default List<String> problems() {
        return List.of();
    }

    /** How many problems were met in all (beyond those {@link #problems()} lists). */
    default long problemCount() {
        return problems().size();
    }

    /** The link type of the input's first interface, for outputs that must name one before a frame arrives. */
    int linkType();

    /** A name for messages. */
    String name();

    /**
     * A second, independent reader of the same frames from the start (its own file handle and
     * buffer, the same loops and timestamps), for a worker thread that reads the input for itself
     * (see {@link Pipeline}); null when the source cannot be read twice (a live interface).
     * Called before the pipeline starts; the caller closes it.
     *
     * @throws IOException when the input cannot be opened again
     */
    default FrameSource fork() throws IOException {
        return null;
    }

    /** Asks a blocking source to return {@link #END} soon; called from another thread (a signal handler). */
    default void stop() {
    }
}
