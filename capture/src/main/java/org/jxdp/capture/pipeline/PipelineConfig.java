package org.jxdp.capture.pipeline;

import java.util.Objects;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.vm.Executable;

/**
 * What a {@link Pipeline} runs and how: the program and the runtime it was loaded into (which
 * must have at least as many CPUs as workers), the number of workers, the clock, the pacing and
 * the size of the slot pool.
 * <pre>
 *   PipelineConfig c = PipelineConfig.of(program.executable(), obj.runtime()).workers(2);
 * </pre>
 */
public final class PipelineConfig {
    /** Frames put in a worker's ring before they are published to it. */
    public static final int DEFAULT_BATCH = 64;

    final Executable program;
    final BpfRuntime runtime;
    int workers;
    int poolSize;
    int batch = DEFAULT_BATCH;
    ClockMode clock = ClockMode.CAPTURE;
    double speed;
    ProgressListener progress;
    long progressIntervalNanos = 250_000_000L;
    boolean inlineWorker0 = true;
    boolean workersRead = true;
    int runtimeSampleEvery;

    private PipelineConfig(Executable program, BpfRuntime runtime) {
        this.program = Objects.requireNonNull(program, "program");
        this.runtime = Objects.requireNonNull(runtime, "runtime");
        this.workers = runtime.cpus();
    }

    /** A configuration with as many workers as the runtime has CPUs. */
    public static PipelineConfig of(Executable program, BpfRuntime runtime) {
        return new PipelineConfig(program, runtime);
    }

    /** Runs {@code n} workers (1 .. the runtime's CPUs). */
    public PipelineConfig workers(int n) {
        if (n < 1 || n > runtime.cpus()) {
            throw new IllegalArgumentException("workers must be 1.." + runtime.cpus() + " (the runtime's CPUs): " + n);
        }
        this.workers = n;
        return this;
    }

    /**
     * Slots in the pool (rounded up to a power of two), the most frames in flight; each is a 4 KiB
     * page. Default: with one worker on the pipeline thread, two batches (128); otherwise 512 per
     * worker, at least 1024, at most 8192. A small pool keeps the slots in the CPU's caches and
     * TLB: a 16 MiB pool cost half the frame rate of a 512 KiB one.
     */
    public PipelineConfig poolSize(int slots) {
        if (slots < 2) {
            throw new IllegalArgumentException("pool size must be at least 2: " + slots);
        }
        this.poolSize = slots;
        return this;
    }

    /** Frames put in a worker's ring before they are published (default {@value #DEFAULT_BATCH}). */
    public PipelineConfig batch(int frames) {
        if (frames < 1) {
            throw new IllegalArgumentException("batch must be at least 1: " + frames);
        }
        this.batch = frames;
        return this;
    }

    /** The program's clock (default {@link ClockMode#CAPTURE}). */
    public PipelineConfig clock(ClockMode mode) {
        this.clock = Objects.requireNonNull(mode);
        return this;
    }

    /**
     * Paces a replay by the frames' timestamps: 1 is real time, 10 ten times faster; 0 (the
     * default) as fast as possible.
     */
    public PipelineConfig speed(double factor) {
        if (!(factor >= 0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("speed must be a positive number: " + factor);
        }
        this.speed = factor;
        return this;
    }

    /** Called on the pipeline thread about every {@code intervalNanos} with the progress so far. */
    public PipelineConfig progress(ProgressListener listener, long intervalNanos) {
        this.progress = listener;
        this.progressIntervalNanos = intervalNanos;
        return this;
    }

    /**
     * Whether worker 0 runs on the pipeline thread (the default: N workers, N threads, and with
     * one worker no ring hop at all) or on a thread of its own like the others (N + 1 threads).
     */
    public PipelineConfig inlineWorker0(boolean inline) {
        this.inlineWorker0 = inline;
        return this;
    }

    /**
     * Whether, in a file replay with worker 0 on the pipeline thread and no pacing, each worker
     * thread reads the input for itself and keeps the frames of its flows (the default), or the
     * pipeline thread reads every frame and hands the other workers theirs through their rings.
     * Reading twice costs each thread a walk over every record; handing over costs every frame a
     * round trip of its slot between two cores.
     */
    public PipelineConfig workersRead(boolean read) {
        this.workersRead = read;
        return this;
    }

    /**
     * Times one run of the program in {@code n} on each worker (two {@code System.nanoTime()}
     * calls), into {@link WorkerCounters}; 0 (the default) times none.
     */
    public PipelineConfig runtimeSampleEvery(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("the run-time sample interval must be 0 or more: " + n);
        }
        this.runtimeSampleEvery = n;
        return this;
    }

    int effectivePoolSize() {
        int p = poolSize > 0 ? poolSize
                : workers == 1 && inlineWorker0 ? 2 * batch : Math.min(8192, Math.max(1024, 512 * workers));
        int c = Integer.highestOneBit(p);
        return c < p ? c << 1 : c;
    }
}
