package org.jxdp.engine.runtime;

import org.jxdp.engine.vm.ExecutionContext;

/**
 * The per-worker state the runtime's helpers keep in an {@link ExecutionContext}: the clock's
 * frame time, the pseudo-random generator, the tail-call count of the current run, and where the
 * last {@code bpf_redirect} asked the frame to go. Plain fields: a context belongs to one thread.
 */
public final class WorkerState {
    /** The runtime the context belongs to. */
    public final BpfRuntime runtime;
    /** The worker's index, {@code bpf_get_smp_processor_id()}. */
    public final int cpu;
    /** The capture timestamp of the frame being run (replay clock), in nanoseconds. */
    public long frameTimeNs;
    /** State of the worker's {@code bpf_get_prandom_u32} generator (xorshift64*). */
    public long prandom;
    /** Tail calls made so far in the current run (limit 33). */
    public int tailCalls;
    /** Redirect target set by bpf_redirect / bpf_redirect_map in this run, or -1. */
    public long redirectTarget = -1;
    /** The map of the redirect (for redirect_map), or null for bpf_redirect to an ifindex. */
    public Object redirectMap;
    /** The flags of the redirect. */
    public long redirectFlags;
    /** What the program type's hook keeps per worker (the XDP hook: the frame being run). */
    public Object hook;

    WorkerState(BpfRuntime runtime, int cpu, long seed) {
        this.runtime = runtime;
        this.cpu = cpu;
        this.prandom = seed == 0 ? 0x9E3779B97F4A7C15L : seed;
    }

    /** The state of a context made by a runtime. */
    public static WorkerState of(ExecutionContext ctx) {
        Object s = ctx.state();
        if (s instanceof WorkerState w) {
            return w;
        }
        throw new IllegalStateException("this execution context was not made by a BpfRuntime");
    }

    /** Clears what belongs to one run. */
    public void startRun() {
        tailCalls = 0;
        redirectTarget = -1;
        redirectMap = null;
        redirectFlags = 0;
    }

    /** The next pseudo-random 32 bits. */
    public int nextRandom() {
        long x = prandom;
        x ^= x >>> 12;
        x ^= x << 25;
        x ^= x >>> 27;
        prandom = x;
        return (int) ((x * 0x2545F4914F6CDD1DL) >>> 32);
    }
}
