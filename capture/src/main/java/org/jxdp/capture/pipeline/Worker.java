package org.jxdp.capture.pipeline;

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

    @Override
    public void run() {
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
