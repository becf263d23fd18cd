package org.jxdp.capture.pipeline;

import java.io.IOException;
import java.util.concurrent.locks.LockSupport;
import org.jxdp.capture.link.Translation;
import org.jxdp.engine.maps.BpfMap;
import org.jxdp.engine.maps.MapType;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.runtime.WorkerState;
import org.jxdp.engine.vm.Executable;
import org.jxdp.engine.vm.Fault;
import org.jxdp.engine.vm.FaultKind;
import org.jxdp.hooks.XdpAction;
import org.jxdp.hooks.XdpFrame;
import org.jxdp.hooks.XdpRunner;

/**
 * One worker ("CPU"): takes slot indices from its ring, runs the program on each frame with its
 * own execution context (its per-CPU map values, its {@code bpf_get_smp_processor_id()}), records
 * the verdict, puts the frame back in its own link type and marks the slot done. Nothing here
 * allocates or locks per frame.
 *
 * <p>When the workers read the input themselves ({@link Pipeline}, a file replay), a worker
 * thread has no ring of slots: it reads every frame of its own {@link FrameSource#fork() fork} of
 * the input into one slot of its own, keeps those whose flow hashes to it, runs them and appends
 * their outcomes, in input order, to its {@link ResultRing}, from which the pipeline thread
 * carries them out; with them it publishes how many frames it has read, so that the pipeline
 * thread knows a frame no worker thread kept is worker 0's without hashing it. Its slot never
 * leaves its core.
 */
final class Worker implements Runnable {
    /** Why a frame returning XDP_REDIRECT without a redirect helper is aborted. */
    static final String REDIRECT_WITHOUT_TARGET = "XDP_REDIRECT without a bpf_redirect or bpf_redirect_map target";
    /** Why a frame with an out-of-range return value is aborted. */
    static final String INVALID_ACTION = "invalid XDP action";

    /** Spins before parking: a few microseconds; -Djxdp.worker.spins=N to tune. */
    static final int SPINS = Integer.getInteger("jxdp.worker.spins", 256);

    final int id;
    final SpscIntRing ring;
    private final FrameSlot[] slots;
    private final XdpRunner runner;
    private final WorkerState state;
    volatile boolean sleeping;
    volatile boolean closed;
    Thread thread;
    /** Frames run; read after the thread ended. */
    long frames;
    /** Per-verdict counts and run-time samples, readable at any time. */
    final WorkerCounters counters;
    /** Time one run in this many (0: none). */
    private final int sampleEvery;
    private int untilSample;
    /** The first unexpected error (a bug, not a program fault), or null. */
    volatile Throwable failure;

    private final Pipeline pipeline;

    // reading for itself (Pipeline's scanning replay)
    private FrameSource source;
    private FrameSlot own;
    /** Where this worker's thread hands over the frames it ran, in input order. */
    ResultRing results;
    private final ReplayClock clock = new ReplayClock();
    private int batch;
    /** Read no frame with this sequence or later (set when the pipeline thread stops reading). */
    private volatile long stopAt = Long.MAX_VALUE;
    /** This worker's reading ended (the input's end, stopAt, closed, or a failure); set after its last record. */
    volatile boolean finished;

    Worker(Pipeline pipeline, int id, int ringSize, FrameSlot[] slots, BpfRuntime runtime) {
        this.pipeline = pipeline;
        this.id = id;
        this.ring = new SpscIntRing(ringSize);
        this.slots = slots;
        this.runner = new XdpRunner(runtime, id);
        this.state = WorkerState.of(runner.context());
        this.counters = new WorkerCounters(id, ring);
        this.sampleEvery = pipeline.runtimeSampleEvery();
        this.untilSample = sampleEvery;
    }

    /** Makes this worker's thread read {@code input} for itself (see the class comment). */
    void scan(FrameSource input, ResultRing out, int batch) {
        this.source = input;
        this.own = new FrameSlot(0);
        this.results = out;
        this.batch = batch;
        counters.results(out);
    }

    /** Pipeline thread: read no frame numbered {@code sequence} (from 0) or later (a volatile write). */
    void stopAtRelease(long sequence) {
        stopAt = sequence;
    }

    /**
     * Pipeline thread: fails with what stopped this worker's reading, when something did (its
     * reader failed, or the engine met an unexpected error).
     */
    void checkFailure() throws IOException {
        Throwable f = failure;
        if (f instanceof IOException io) {
            throw new IOException(io.getMessage(), io);
        }
        if (f != null && finished) {
            throw new IllegalStateException("worker " + id + " met an unexpected error", f);
        }
    }

    /** The name of the input this worker reads, for messages. */
    String inputName() {
        return source.name();
    }

    @Override
    public void run() {
        if (source != null) {
            scan();
            return;
        }
        SpscIntRing r = ring;
        int idle = 0;
        while (true) {
            int n = r.available();
            if (n == 0) {
                if (closed && r.available() == 0) {
                    return;
                }
                idle = idle(idle);
                continue;
            }
            idle = 0;
            for (int i = 0; i < n; i++) {
                FrameSlot s = slots[r.take()];
                process(s);
                s.stateRelease(FrameSlot.DONE);
            }
            r.release();
            pipeline.workerProgress();
        }
    }

    /** The thread's loop when it reads for itself: one slot, reused; the outcomes go to {@link #results}. */
    private void scan() {
        final FrameSlot s = own;
        final ResultRing out = results;
        long read = 0;
        long done = 0;
        int untilProgress = batch;
        try {
            while (!closed && read < stopAt) {
                int r = source.next(s);
                if (r == FrameSource.END) {
                    break;
                }
                if (r != FrameSource.FRAME) {
                    continue;
                }
                long seq = read++;
                if ((seq & (PUBLISH_READ - 1)) == 0) {
                    out.publishRelease(done);
                }
                if (pipeline.classify(s, seq, clock) == id) {
                    process(s);
                    int idle = 0;
                    while (!out.offer(s)) {
                        if (closed) {
                            return;
                        }
                        if (idle == 0) {
                            out.publishRelease(done);
                            pipeline.workerProgress();
                        }
                        idle = idleForRoom(idle);
                    }
                    if (--untilProgress == 0) {
                        untilProgress = batch;
                        pipeline.workerProgress();
                    }
                }
                done = read;
            }
        } catch (IOException | RuntimeException | Error e) {
            failure = e;
        } finally {
            out.publishRelease(done);
            finished = true;
            pipeline.workerProgress();
        }
    }

    /** Frames read (its own or not) between publications of its records and of how far it has read, at most. */
    private static final int PUBLISH_READ = 64;

    /** Waits for room in {@link #results}: spins, then parks until the pipeline thread wakes it (or 1 ms passes). */
    private int idleForRoom(int idle) {
        if (idle < SPINS) {
            Thread.onSpinWait();
        } else {
            sleeping = true;
            if (!closed) {
                LockSupport.parkNanos(this, 1_000_000L);
            }
            sleeping = false;
        }
        return idle + 1;
    }

    private int idle(int idle) {
        if (idle < SPINS) {
            Thread.onSpinWait();
        } else {
            sleeping = true;
            if (ring.availableVolatile() == 0 && !closed) {
                LockSupport.parkNanos(this, 1_000_000L);
            }
            sleeping = false;
        }
        return idle + 1;
    }

    void process(FrameSlot s) {
        // one read per frame: the frame runs wholly on the version it read (Pipeline.replaceProgram)
        Executable program = pipeline.programAcquire();
        XdpFrame f = s.xdp;
        s.worker = id;
        state.frameTimeNs = s.clockNanos;
        f.ingressIfindex = s.ingressIfindex;
        long r0;
        Fault fault;
        try {
            if (sampleEvery != 0 && --untilSample == 0) {
                untilSample = sampleEvery;
                long t0 = System.nanoTime();
                r0 = runner.run(program, f);
                counters.runtime(System.nanoTime() - t0);
            } else {
                r0 = runner.run(program, f);
            }
            fault = runner.fault();
        } catch (RuntimeException | StackOverflowError e) {
            r0 = XdpAction.XDP_ABORTED;
            fault = new Fault(-1, "?", FaultKind.INTERNAL, "unexpected error in the engine: " + e);
            if (failure == null) {
                failure = e;
            }
        }
        s.returnValue = r0;
        if (fault != null) {
            s.action = XdpAction.XDP_ABORTED;
            s.fault = fault;
        } else if (!XdpAction.isValid(r0)) {
            s.action = XdpAction.XDP_ABORTED;
        } else if (r0 == XdpAction.XDP_REDIRECT) {
            redirect(s);
        } else {
            s.action = (int) r0;
        }
        counters.count(s.action, s.capturedLength);
        if (s.action == XdpAction.XDP_ABORTED) {
            counters.abort(AbortReason.of(fault, r0));
        }
        s.link.setBounds(f.data(), f.length());
        if (s.link.translated() && !s.link.fromEthernet().ok()) {
            // cannot happen: adjust_head keeps 14 bytes and 40 of headroom; keep the Ethernet form
            s.notRun = null;
        }
        s.offset = s.link.offset();
        s.length = s.link.length();
        frames++;
    }

    private void redirect(FrameSlot s) {
        Object map = state.redirectMap;
        long target = state.redirectTarget;
        if (map == null) {
            if (target < 0) {
                s.action = XdpAction.XDP_ABORTED;
                return;
            }
            s.redirectKind = RedirectKind.IFINDEX;
        } else {
            MapType t = map instanceof BpfMap m ? m.type() : null;
            if (t == MapType.BPF_MAP_TYPE_CPUMAP) {
                s.redirectKind = RedirectKind.CPU;
            } else if (t == MapType.BPF_MAP_TYPE_XSKMAP) {
                s.redirectKind = RedirectKind.XSK;
            } else {
                s.redirectKind = target < 0 ? RedirectKind.BROADCAST : RedirectKind.IFINDEX;
            }
        }
        s.redirectTarget = target;
        s.action = XdpAction.XDP_REDIRECT;
    }

    /** Wakes the worker if it is parked. */
    void wake() {
        if (sleeping) {
            LockSupport.unpark(thread);
        }
    }
}
