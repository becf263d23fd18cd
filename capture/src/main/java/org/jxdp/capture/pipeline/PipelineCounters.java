package org.jxdp.capture.pipeline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The pipeline thread's own counters, for the frames no worker sees: frames read, frames that
 * passed through without being run (per {@link NotRun} reason, with their bytes) and ring drops
 * (per worker). Written by the pipeline thread alone with opaque writes, readable from any
 * thread at any time; see {@link WorkerCounters} for what a reader can rely on.
 *
 * <p>A ring drop happens when every slot of the pool is in flight and a live source has a frame
 * waiting: it is charged to the worker holding the oldest slot, the one whose backlog stopped
 * the pool from moving.
 */
public final class PipelineCounters {
    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int PAD = 8;
    private static final int FRAMES = PAD;
    private static final int BYTES = FRAMES + 1;
    private static final int NOT_RUN = BYTES + 1;
    private static final int NOT_RUN_BYTES = NOT_RUN + NotRun.values().length;
    private static final int RING_DROPS = NOT_RUN_BYTES + NotRun.values().length;

    private final long[] c;
    private final int workers;

    PipelineCounters(int workers) {
        this.workers = workers;
        this.c = new long[RING_DROPS + workers + PAD];
    }

    /** The number of workers. */
    public int workers() {
        return workers;
    }

    /** Frames carried out so far (ring drops included). */
    public long frames() {
        return (long) LONGS.getOpaque(c, FRAMES);
    }

    /** Captured bytes of the frames carried out so far. */
    public long bytes() {
        return (long) LONGS.getOpaque(c, BYTES);
    }

    /** Frames passed through without being run for {@code reason}. */
    public long notRun(NotRun reason) {
        return (long) LONGS.getOpaque(c, NOT_RUN + reason.ordinal());
    }

    /** Captured bytes of the frames passed through without being run for {@code reason}. */
    public long notRunBytes(NotRun reason) {
        return (long) LONGS.getOpaque(c, NOT_RUN_BYTES + reason.ordinal());
    }

    /** Frames dropped because the pool was full, charged to {@code worker}. */
    public long ringDrops(int worker) {
        return (long) LONGS.getOpaque(c, RING_DROPS + worker);
    }

    void frame(int bytes) {
        long[] a = c;
        LONGS.setOpaque(a, FRAMES, a[FRAMES] + 1);
        LONGS.setOpaque(a, BYTES, a[BYTES] + bytes);
    }

    void notRun(NotRun reason, int bytes) {
        long[] a = c;
        int i = NOT_RUN + reason.ordinal();
        LONGS.setOpaque(a, i, a[i] + 1);
        i = NOT_RUN_BYTES + reason.ordinal();
        LONGS.setOpaque(a, i, a[i] + bytes);
    }

    void ringDrop(int worker) {
        long[] a = c;
        int i = RING_DROPS + worker;
        LONGS.setOpaque(a, i, a[i] + 1);
    }
}
