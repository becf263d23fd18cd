package org.jxdp.capture.pipeline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jxdp.hooks.XdpAction;

/**
 * One worker's own counters, written by the worker alone with plain reads and opaque writes
 * (no lock, no allocation, no read-modify-write instruction) and readable from any thread at
 * any time, e.g. by a metrics scrape: frames and bytes per verdict, aborted frames per
 * {@link AbortReason}, a sample of the program's run times, and the depth of the worker's ring.
 *
 * <p>Values only grow, and each one is coherent on its own; two values read one after the other
 * may be from slightly different moments (a frame counted in one and not yet in the other).
 *
 * <p>The counters sit in one array padded on both sides, so that two workers' counters never
 * share a cache line.
 */
public final class WorkerCounters {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int PAD = 8;
    private static final int ACTIONS = XdpAction.values().length;
    private static final int PACKETS = PAD;
    private static final int BYTES = PACKETS + ACTIONS;
    private static final int ABORTS = BYTES + ACTIONS;
    private static final int RUNTIME_COUNT = ABORTS + AbortReason.values().length;
    private static final int RUNTIME_NANOS = RUNTIME_COUNT + 1;
    private static final int RUNTIME_MAX = RUNTIME_NANOS + 1;
    private static final int LENGTH = RUNTIME_MAX + 1 + PAD;

    private final int worker;
    private final SpscIntRing ring;
    private final long[] c = new long[LENGTH];

    WorkerCounters(int worker, SpscIntRing ring) {
        this.worker = worker;
        this.ring = ring;
    }

    /** The worker's number, from 0. */
    public int worker() {
        return worker;
    }

    /** Frames this worker ran that ended with {@code action}. */
    public long packets(XdpAction action) {
        return (long) LONGS.getOpaque(c, PACKETS + action.ordinal());
    }

    /** Captured bytes of the frames this worker ran that ended with {@code action}. */
    public long bytes(XdpAction action) {
        return (long) LONGS.getOpaque(c, BYTES + action.ordinal());
    }

    /** Frames this worker aborted for {@code reason}. */
    public long aborted(AbortReason reason) {
        return (long) LONGS.getOpaque(c, ABORTS + reason.ordinal());
    }

    /** Runs whose time was sampled. */
    public long runtimeSamples() {
        return (long) LONGS.getOpaque(c, RUNTIME_COUNT);
    }

    /** The total time of the sampled runs, in nanoseconds. */
    public long runtimeNanos() {
        return (long) LONGS.getOpaque(c, RUNTIME_NANOS);
    }

    /** The longest sampled run, in nanoseconds. */
    public long runtimeMaxNanos() {
        return (long) LONGS.getOpaque(c, RUNTIME_MAX);
    }

    /**
     * Frames handed to this worker and not yet taken by it: published to its ring and not yet
     * released (always 0 for worker 0 when it runs on the pipeline thread); for a worker that
     * reads the input for itself, frames it ran whose outcomes wait in its result ring.
     */
    public int ringDepth() {
        ResultRing r = results;
        return r != null ? r.depth() : ring.depth();
    }

    /** The result ring of a worker that reads for itself, set before its thread starts. */
    private volatile ResultRing results;

    void results(ResultRing r) {
        this.results = r;
    }

    /** The worker: a frame ended with {@code action}; {@code bytes} captured bytes. */
    void count(int action, int bytes) {
        long[] a = c;
        LONGS.setOpaque(a, PACKETS + action, a[PACKETS + action] + 1);
        LONGS.setOpaque(a, BYTES + action, a[BYTES + action] + bytes);
    }

    /** The worker: an aborted frame's reason (besides {@link #count}). */
    void abort(AbortReason reason) {
        long[] a = c;
        int i = ABORTS + reason.ordinal();
        LONGS.setOpaque(a, i, a[i] + 1);
    }

    /** The worker: one sampled run took {@code nanos}. */
    void runtime(long nanos) {
        long[] a = c;
        LONGS.setOpaque(a, RUNTIME_COUNT, a[RUNTIME_COUNT] + 1);
        LONGS.setOpaque(a, RUNTIME_NANOS, a[RUNTIME_NANOS] + nanos);
        if (nanos > a[RUNTIME_MAX]) {
            LONGS.setOpaque(a, RUNTIME_MAX, nanos);
        }
    }
}
