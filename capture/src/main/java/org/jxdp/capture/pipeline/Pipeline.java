package org.jxdp.capture.pipeline;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.jxdp.capture.link.LinkFrame;
import org.jxdp.capture.link.Translation;
import org.jxdp.engine.runtime.BpfClock;
import org.jxdp.engine.vm.Executable;
import org.jxdp.hooks.XdpAction;
import org.jxdp.hooks.XdpFrame;

/**
 * The packet path: a {@link FrameSource}, N workers running an XDP program, and
 * {@link VerdictSink}s that carry the verdicts out, in input order.
 * <pre>
 *   source --next(slot)--&gt; pipeline thread --flow hash--&gt; SPSC ring --&gt; worker 0: run, restore link type
 *                           (translate to Ethernet,     \-&gt; SPSC ring --&gt; worker 1 ...
 *                            hash, dispatch)
 *                      &lt;-- in input order: slot i done? --&gt; sinks (pass/drop/tx/redirect files, CSV, ...)
 * </pre>
 *
 * <p>The pool of {@link FrameSlot}s is a ring too: frame {@code k} of the input goes to slot
 * {@code k mod pool}. The pipeline thread (the caller's) reads frames into free slots, shows
 * them as Ethernet, picks a worker by the symmetric {@link FlowHash} and puts the slot's index in
 * that worker's {@link SpscIntRing} (published every {@code batch} frames). Workers run the
 * program and mark their slots done. The same pipeline thread hands the done slots to the sinks
 * strictly in slot order, which is input order, and so frees them for the next frames. So the
 * outputs keep the input's order whatever the number of workers, a flow stays on one worker,
 * and nothing is allocated per frame: slots, rings and counters are made once.
 *
 * <p><b>Workers that read for themselves.</b> In a file replay with more than one worker (worker
 * 0 on the pipeline thread, no pacing, a source that can {@link FrameSource#fork}), the pipeline
 * thread hands no frame over: each worker thread reads the whole input through its own fork,
 * numbers and hashes every frame, keeps the frames of its flows in one slot of its own, runs them
 * and appends their outcomes and bytes to its {@link ResultRing}, publishing as it goes how many
 * frames it has read. The pipeline thread goes through the input in order: a frame that is the
 * next record of a worker's ring is carried out from there (its own reader steps over it without
 * copying), and a frame every worker has read past without keeping it is worker 0's, which it
 * reads, runs and carries out. It hashes nothing.
 * <pre>
 *   worker thread k: read, hash --&gt; its own flows: run --&gt; ResultRing k (records, frames read) --\
 *   pipeline thread: frame i is the next record of ring k?  carry it out                          &gt;-- sinks, in order
 *                    read past by every worker?  worker 0's: read, run, carry out ----------------/
 * </pre>
 * Reading twice costs each thread a walk over every record; handing a slot over cost each frame a
 * round trip of its cache lines between the cores, which on the development VM (a cache line
 * takes 100-180 ns from one core to the other) cost more than the frame's run.
 * {@link PipelineConfig#workersRead} turns it off.
 *
 * <p>When every slot is in flight, a replay source waits for the oldest to finish (no frame is
 * lost); a live source's frame is counted as a ring drop. Frames the program cannot see (a link
 * type without an Ethernet translation, too short, too long) skip the workers and pass through
 * untouched, counted under {@link NotRun}.
 *
 * <p>One run per pipeline; {@link #run} returns when the source has ended and every frame is
 * carried out, closing the sinks (not the source).
 */
public final class Pipeline {
    private static final long PROGRESS_EVERY = 1 << 14;

    private final PipelineConfig config;
    private final FrameSlot[] slots;
    private final int mask;
    private final Worker[] workers;
    private final FrameSlot scratch = new FrameSlot(-1);
    /**
     * Worker 0 runs on the pipeline thread itself, with no ring hop (it is still CPU 0, with its
     * own share of the flows); workers 1..N-1 have threads of their own. So N workers use N
     * threads, which matters on a machine with few cores.
     */
    private final boolean inline;
    private volatile boolean stopRequested;
    /** Set while the pipeline thread is parked waiting for a slot to be done; workers unpark it. */
    volatile boolean waiting;
    private Thread pipelineThread;

    // run state (pipeline thread)
    private final PipelineStats stats = new PipelineStats();
    private final PipelineCounters counters;
    /** The program the workers run; written by {@link #replaceProgram}, read once per frame. */
    private volatile Executable program;
    private final ReplayClock clock = new ReplayClock();
    /**
     * Whether the worker threads read the input themselves (a file replay with worker 0 inline and
     * no pacing; see the class comment); decided at the start of {@link #run}.
     */
    private boolean scanning;
    /** Scanning: how many frames each worker thread has read, as last seen (at {@code w * PAD}); pipeline thread. */
    private long[] scannedSeen;
    private static final int PAD = 16;
    /**
     * Scanning: each worker thread's {@link ResultRing}, held here so that carrying a frame out
     * reads nothing of the {@link Worker} object, whose fields its own thread writes per frame.
     */
    private ResultRing[] results;
    /** Scanning: the slot a worker thread's frame is read back into to be carried out. */
    private final FrameSlot merged = new FrameSlot(-1);
    /** Bytes of each worker thread's result ring: 256 KiB, a couple of thousand frames. */
    private static final int RESULT_RING_BYTES = 256 * 1024;
    private long pacedFirstTs;
    private long pacedStart;
    /** (frames, nanoTime) every {@code sampleEvery} frames carried out, for the steady-state rate; decimated when full. */
    private final long[] sampleFrames = new long[1024];
    private final long[] sampleTimes = new long[1024];
    private int samples;
    private long sampleEvery = PROGRESS_EVERY;
    private long nextSample = PROGRESS_EVERY;

    /** A pipeline with its slots and workers made, not started. */
    public Pipeline(PipelineConfig config) {
        this.config = config;
        int pool = config.effectivePoolSize();
        this.slots = new FrameSlot[pool];
        for (int i = 0; i < pool; i++) {
            slots[i] = new FrameSlot(i);
        }
        this.mask = pool - 1;
        this.counters = new PipelineCounters(config.workers);
        this.workers = new Worker[config.workers];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(this, i, pool, slots, config.runtime);
        }
        this.inline = config.inlineWorker0;
        this.program = config.program;
    }

    /** The program a frame about to be run runs (a volatile read, at least acquire). */
    Executable programAcquire() {
        return program;
    }

    /**
     * Replaces the program the workers run, while they run: each frame runs wholly on one version,
     * and every frame whose run starts after this returns runs {@code next} (a volatile write, at
     * least release). The
     * new program must live in the pipeline's runtime ({@link org.jxdp.engine.object.LoadOptions#reusingMapsOf}),
     * so that it sees the maps the old one filled.
     */
    public void replaceProgram(Executable next) {
        program = java.util.Objects.requireNonNull(next, "next");
    }

    /** Slots in the pool. */
    public int poolSize() {
        return slots.length;
    }

    /** The pipeline thread's counters, readable from any thread while the pipeline runs. */
    public PipelineCounters counters() {
        return counters;
    }

    /** Each worker's counters, readable from any thread while the pipeline runs. */
    public List<WorkerCounters> workerCounters() {
        List<WorkerCounters> l = new java.util.ArrayList<>(workers.length);
        for (Worker w : workers) {
            l.add(w.counters);
        }
        return List.copyOf(l);
    }

    int runtimeSampleEvery() {
        return config.runtimeSampleEvery;
    }

    /** Asks a running pipeline to stop reading (the frames in flight are still carried out). */
    public void stop() {
        stopRequested = true;
    }

    /**
     * Runs every frame of {@code source} through the program and {@code sinks}, and closes the
     * sinks.
     *
     * @throws IOException when the source or a sink fails; the workers are stopped first
     */
    public PipelineStats run(FrameSource source, List<? extends VerdictSink> sinks) throws IOException {
        VerdictSink[] out = sinks.toArray(new VerdictSink[0]);
        if (config.clock == ClockMode.CAPTURE) {
            config.runtime.clock(BpfClock.frameTime(0));
        } else {
            config.runtime.clock(BpfClock.monotonic());
        }
        pipelineThread = Thread.currentThread();
        FrameSource[] forks = forks(source);
        scanning = forks != null;
        if (scanning) {
            results = new ResultRing[workers.length];
            for (int i = 1; i < workers.length; i++) {
                results[i] = new ResultRing(RESULT_RING_BYTES);
                workers[i].scan(forks[i], results[i], config.batch);
            }
            scannedSeen = new long[workers.length * PAD];
        }
        for (Worker w : threaded()) {
            Thread t = new Thread(w, "jxdp-worker-" + w.id);
            t.setDaemon(true);
            w.thread = t;
        }
        for (Worker w : threaded()) {
            w.thread.start();
        }
        long start = System.nanoTime();
        lastProgress = start;
        IOException failure = null;
        try {
            if (scanning) {
                scanLoop(source, out, start);
            } else {
                loop(source, out, start);
            }
        } catch (IOException | RuntimeException | Error e) {
            if (e instanceof IOException io) {
                failure = io;
            } else {
                stopWorkers();
                closeForks(forks);
                closeAll(out, null);
                throw e;
            }
        }
        long end = System.nanoTime();
        stats.elapsedNanos = end - start;
        stats.steadyMpps = steadyMpps(end);
        stopWorkers();
        closeForks(forks);
        failure = closeAll(out, failure);
        if (failure != null) {
            throw failure;
        }
        for (Worker w : workers) {
            if (w.failure != null) {
                throw new IllegalStateException("worker " + w.id + " met an unexpected error", w.failure);
            }
        }
        stats.workerFrames = new long[workers.length];
        for (int i = 0; i < workers.length; i++) {
            stats.workerFrames[i] = workers[i].frames;
        }
        stats.clockOffsetNanos = config.clock == ClockMode.CAPTURE ? clock.offset() : 0;
        stats.problems = source.problems();
        stats.problemCount = source.problemCount();
        return stats;
    }

    /**
     * The worker threads' own readers of the input, when they can read it themselves: a replay
     * that is not paced, with worker 0 on the pipeline thread, more than one worker, and a source
     * that can {@link FrameSource#fork}; otherwise null (the pipeline thread reads for everyone).
     */
    private FrameSource[] forks(FrameSource source) throws IOException {
        if (!inline || workers.length < 2 || !source.replay() || config.speed > 0 || !config.workersRead) {
            return null;
        }
        FrameSource[] f = new FrameSource[workers.length];
        try {
            for (int i = 1; i < f.length; i++) {
                f[i] = source.fork();
                if (f[i] == null) {
                    closeForks(f);
                    return null;
                }
            }
        } catch (IOException | RuntimeException e) {
            closeForks(f);
            throw e;
        }
        return f;
    }

    private static void closeForks(FrameSource[] forks) {
        if (forks == null) {
            return;
        }
        for (FrameSource f : forks) {
            if (f != null) {
                try {
                    f.close();
                } catch (IOException e) {
                    // a reader's second handle on a file: nothing written, nothing to lose
                }
            }
        }
    }

    /**
     * The pipeline thread's loop when the worker threads read the input themselves: frame by
     * frame in input order, a frame a worker thread kept is read back from its ring (the pipeline
     * thread's reader only steps over it), and a frame every worker thread has read past without
     * keeping it is worker 0's, which this thread reads, runs and carries out, hashing nothing.
     */
    private void scanLoop(FrameSource source, VerdictSink[] out, long start) throws IOException {
        final Worker w0 = workers[0];
        final FrameSlot own = slots[0];
        long seq = 0;
        int idle = 0;
        try {
            while (!stopRequested) {
                int owner = ownerOf(seq);
                if (owner < 0) {
                    idle = waitForOwner(idle, seq);
                    continue;
                }
                idle = 0;
                FrameSlot done;
                if (owner == 0) {
                    int r = source.next(own);
                    if (r == FrameSource.END) {
                        return;
                    }
                    if (r != FrameSource.FRAME) {
                        continue;
                    }
                    checkWorkersRead(seq);
                    if (show(own, seq, clock)) {
                        own.worker = 0;
                        w0.process(own);
                    }
                    done = own;
                } else {
                    if (source.skip(own) != FrameSource.FRAME) {
                        throw new IOException("worker " + owner + " read frame " + (seq + 1) + " of " + source.name()
                                + ", where the pipeline thread found the input ended (did the file change while it was read?)");
                    }
                    results[owner].poll(merged, seq);
                    merged.worker = owner;
                    done = merged;
                }
                carryOut(done, out);
                seq++;
                if ((seq & RELEASE_EVERY - 1) == 0) {
                    releaseAll();
                }
                progressAt(seq, start);
            }
        } finally {
            // the records carried out leave the rings (the metrics' ring depth reads zero after a run)
            releaseAll();
            // the workers read no further than the pipeline thread did (a stop, an error, a file that grew)
            for (int i = 1; i < workers.length; i++) {
                workers[i].stopAtRelease(seq);
            }
        }
    }

    /** Frames carried out between two hand-backs of the rings' room (and wake-ups of waiting workers). */
    private static final int RELEASE_EVERY = 64;

    /**
     * Whose frame {@code seq} is: a worker thread's when its next record is that frame, worker 0's
     * when every worker thread has read past it without keeping it (or has stopped reading), -1
     * when that is not known yet.
     */
    private int ownerOf(long seq) throws IOException {
        final ResultRing[] rings = results;
        final long[] seen = scannedSeen;
        for (int w = 1; w < rings.length; w++) {
            long next = rings[w].nextSequence();
            if (next == seq) {
                return w;
            }
            if (next >= 0 && next < seq) {
                throw new IOException("worker " + w + " kept frame " + (next + 1) + " of " + workers[w].inputName()
                        + ", which the pipeline thread took for worker 0's (did the file change while it was read?)");
            }
        }
        for (int w = 1; w < rings.length; w++) {
            if (seen[w * PAD] > seq) {
                continue;
            }
            Worker k = workers[w];
            boolean finished = k.finished;
            seen[w * PAD] = rings[w].scannedAcquire();
            if (seen[w * PAD] <= seq && !finished) {
                return -1;
            }
            // read past it (records are published before the count), or stopped before it
            if (rings[w].nextSequence() == seq) {
                return w;
            }
            k.checkFailure();
        }
        return 0;
    }

    /**
     * Fails when a worker thread stopped reading before frame {@code seq}, which the pipeline
     * thread has just read: the input was shorter the second time.
     */
    private void checkWorkersRead(long seq) throws IOException {
        final long[] seen = scannedSeen;
        for (int w = 1; w < workers.length; w++) {
            if (seen[w * PAD] <= seq && workers[w].finished) {
                seen[w * PAD] = results[w].scannedAcquire();
                if (seen[w * PAD] <= seq) {
                    workers[w].checkFailure();
                    throw new IOException(workers[w].inputName() + ": worker " + w + " found the input ended before frame "
                            + (seq + 1) + ", which the pipeline read (did the file change while it was read?)");
                }
            }
        }
    }

    /** Gives every worker thread back the room of the records carried out, and wakes those waiting for it. */
    private void releaseAll() {
        for (int i = 1; i < workers.length; i++) {
            results[i].releaseTail();
            workers[i].wake();
        }
    }

    /**
     * Waits until the owner of frame {@code seq} is known: gives the rings' room back first (a
     * worker may be waiting for it), spins a little, then parks until a worker unparks it (or
     * 200 µs pass).
     */
    private int waitForOwner(int idle, long seq) throws IOException {
        if (idle == 0) {
            releaseAll();
        }
        if (idle < 64) {
            Thread.onSpinWait();
        } else {
            waiting = true;
            if (ownerOf(seq) < 0) {
                LockSupport.parkNanos(this, 200_000L);
            }
            waiting = false;
        }
        return idle + 1;
    }

    private void loop(FrameSource source, VerdictSink[] out, long start) throws IOException {
        final int pool = slots.length;
        final int batch = config.batch;
        final boolean replay = source.replay();
        final boolean paced = config.speed > 0 && replay;
        long filled = 0;
        long drained = 0;
        long flushedAt = 0;
        boolean end = false;
        int idle = 0;
        while (true) {
            int inBatch = 0;
            boolean idleSource = false;
            while (!end && filled - drained < pool) {
                if (stopRequested) {
                    end = true;
                    break;
                }
                FrameSlot s = slots[(int) filled & mask];
                int r = source.next(s);
                if (r == FrameSource.END) {
                    end = true;
                    break;
                }
                if (r == FrameSource.NONE) {
                    idleSource = true;
                    break;
                }
                if (paced) {
                    publishAll();
                    drained = drain(drained, filled, out);
                    pace(s.timestampNanos);
                }
                prepare(s, filled);
                filled++;
                if (++inBatch == batch) {
                    inBatch = 0;
                    publishAll();
                    drained = drain(drained, filled, out);
                    progressAt(drained, start);
                }
            }
            if (!end && !replay && filled - drained >= pool) {
                // live and every slot in flight: the frame waiting in the source is a ring drop
                drained = drain(drained, filled, out);
                if (filled - drained >= pool) {
                    ringDrop(source, drained);
                }
            }
            publishAll();
            long before = drained;
            drained = drain(drained, filled, out);
            progressAt(drained, start);
            if (end && drained == filled) {
                return;
            }
            if (idleSource && drained != flushedAt) {
                // a live source with nothing to read: let what was written reach its files
                flushedAt = drained;
                for (VerdictSink sink : out) {
                    sink.flush();
                }
            }
            if (drained == before && (end || filled - drained >= pool)) {
                idle = waitForWorkers(idle, drained);
            } else {
                idle = 0;
            }
        }
    }

    /** When {@link #progressAt} next looks at the clock, in frames carried out. */
    private long nextProgress = PROGRESS_EVERY;
    /** When the progress listener was last told (nanoTime; the run's start until then). */
    private long lastProgress;

    /** Every {@link #PROGRESS_EVERY} frames carried out: samples the rate and tells the listener. */
    private void progressAt(long drained, long start) {
        if (drained >= nextProgress) {
            nextProgress = drained + PROGRESS_EVERY;
            lastProgress = progress(start, lastProgress);
        }
    }

    /** Tells the progress listener, at most once per interval; returns when it last did. */
    private long progress(long start, long last) {
        long now = System.nanoTime();
        if (stats.frames >= nextSample) {
            sample(now);
        }
        if (config.progress != null && now - last >= config.progressIntervalNanos) {
            config.progress.progress(stats.frames, stats.bytes, now - start);
            return now;
        }
        return last;
    }

    private void sample(long now) {
        if (samples == sampleFrames.length) {
            for (int i = 0; i < samples / 2; i++) {
                sampleFrames[i] = sampleFrames[2 * i + 1];
                sampleTimes[i] = sampleTimes[2 * i + 1];
            }
            samples /= 2;
            sampleEvery *= 2;
        }
        sampleFrames[samples] = stats.frames;
        sampleTimes[samples] = now;
        samples++;
        nextSample = stats.frames + sampleEvery;
    }

    /**
     * Frames per second from the first sample at or after a fifth of the frames to the end: the
     * rate once the JIT has warmed up; 0 when the run was too short to tell.
     */
    private double steadyMpps(long end) {
        long from = stats.frames / 5;
        for (int i = 0; i < samples; i++) {
            if (sampleFrames[i] >= from && stats.frames - sampleFrames[i] >= stats.frames / 2) {
                return (stats.frames - sampleFrames[i]) * 1e3 / Math.max(1, end - sampleTimes[i]);
            }
        }
        return 0;
    }

    private void ringDrop(FrameSource source, long drained) throws IOException {
        int r = source.next(scratch);
        if (r == FrameSource.FRAME) {
            stats.frames++;
            stats.bytes += scratch.capturedLength;
            stats.ringDrops++;
            counters.frame(scratch.capturedLength);
            counters.ringDrop(Math.max(0, slots[(int) drained & mask].worker));
        }
    }

    /** Shows the frame as Ethernet, sets its clock, and gives it to its worker (or marks it done, not run). */
    private void prepare(FrameSlot s, long sequence) {
        int w = classify(s, sequence, clock);
        if (w < 0) {
            s.stateRelease(FrameSlot.DONE);
        } else if (inline && w == 0) {
            workers[0].process(s);
            s.stateRelease(FrameSlot.DONE);
        } else {
            workers[w].ring.put(s.index);
        }
    }

    /**
     * Numbers the frame, sets its clock and shows it as Ethernet; returns the worker its flow
     * hashes to, or -1 when the program cannot see it (its {@code notRun} reason set, its verdict
     * PASS). Any thread that reads the input from the start may call it with its own clock.
     */
    int classify(FrameSlot s, long sequence, ReplayClock clock) {
        if (!show(s, sequence, clock)) {
            return -1;
        }
        LinkFrame lf = s.link;
        int w = FlowHash.worker(s.array, lf.offset(), lf.length(), workers.length);
        s.worker = w;
        return w;
    }

    /**
     * Numbers the frame, sets its clock and shows it as Ethernet; false when the program cannot
     * see it (its {@code notRun} reason set, its verdict PASS).
     */
    private static boolean show(FrameSlot s, long sequence, ReplayClock clock) {
        s.sequence = sequence;
        s.frameNumber = sequence + 1;
        s.clockNanos = clock.clockNanos(s.timestampNanos);
        if (s.notRun == null) {
            LinkFrame lf = s.link;
            lf.set(s.array, s.offset, s.length, s.linkType);
            Translation t = lf.toEthernet();
            if (!t.ok()) {
                s.notRun = t == Translation.UNSUPPORTED_LINK_TYPE ? NotRun.UNSUPPORTED_LINK_TYPE
                        : t == Translation.UNKNOWN_PROTOCOL ? NotRun.UNKNOWN_PROTOCOL : NotRun.TOO_SHORT;
            } else if (lf.length() < XdpFrame.ETH_HLEN) {
                lf.fromEthernet();
                s.notRun = NotRun.TOO_SHORT;
            } else {
                s.xdp.reset(lf.length());
                return true;
            }
        }
        s.action = XdpAction.XDP_PASS;
        return false;
    }

    /** The workers that have threads of their own. */
    private Worker[] threaded() {
        return inline ? java.util.Arrays.copyOfRange(workers, 1, workers.length) : workers;
    }

    private void publishAll() {
        for (Worker w : workers) {
            if (w.ring.unpublished() > 0) {
                w.ring.publishVolatile();
                w.wake();
            }
        }
    }

    /** Carries out the verdicts of the done slots from {@code drained} on, in order; returns the new count. */
    private long drain(long drained, long filled, VerdictSink[] out) throws IOException {
        while (drained < filled) {
            FrameSlot s = slots[(int) drained & mask];
            if (s.stateAcquire() != FrameSlot.DONE) {
                break;
            }
            carryOut(s, out);
            s.stateRelease(FrameSlot.FREE);
            drained++;
        }
        return drained;
    }

    /** Counts a done frame and hands it to the sinks. */
    private void carryOut(FrameSlot s, VerdictSink[] out) throws IOException {
        PipelineStats st = stats;
        st.frames++;
        st.bytes += s.capturedLength;
        counters.frame(s.capturedLength);
        if (s.notRun != null) {
            st.notRun[s.notRun.ordinal()]++;
            counters.notRun(s.notRun, s.capturedLength);
        } else {
            st.actions[s.action]++;
            if (s.action == XdpAction.XDP_ABORTED) {
                if (!XdpAction.isValid(s.returnValue)) {
                    st.invalidActions++;
                }
                if (st.aborts.size() < PipelineStats.KEPT_ABORTS) {
                    st.aborts.add(new PipelineStats.Abort(s.frameNumber, s.fault, s.returnValue));
                }
            }
        }
        for (VerdictSink sink : out) {
            sink.accept(s);
        }
        s.fault = null;
    }

    /**
     * Waits for the oldest slot in flight: spins a little, then parks until a worker that
     * finished a batch unparks it (or 200 µs pass). Parking rather than yielding matters on a
     * busy machine, where a yield gives the core away for a whole time slice.
     */
    private int waitForWorkers(int idle, long drained) {
        if (idle < 64) {
            Thread.onSpinWait();
        } else {
            waiting = true;
            if (slots[(int) drained & mask].stateVolatile() != FrameSlot.DONE) {
                LockSupport.parkNanos(this, 200_000L);
            }
            waiting = false;
        }
        return idle + 1;
    }

    /** Called by a worker after a batch: wakes the pipeline thread when it waits. */
    void workerProgress() {
        if (waiting) {
            LockSupport.unpark(pipelineThread);
        }
    }

    private void pace(long timestampNanos) {
        long now = System.nanoTime();
        if (pacedStart == 0) {
            pacedStart = now;
            pacedFirstTs = timestampNanos;
            return;
        }
        long due = pacedStart + (long) ((timestampNanos - pacedFirstTs) / config.speed);
        while (now < due) {
            long left = due - now;
            if (left > 200_000L) {
                LockSupport.parkNanos(left - 100_000L);
            } else {
                Thread.onSpinWait();
            }
            now = System.nanoTime();
        }
    }

    private void stopWorkers() {
        Worker[] threaded = threaded();
        for (Worker w : threaded) {
            w.closed = true;
            LockSupport.unpark(w.thread);
        }
        for (Worker w : threaded) {
            try {
                w.thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static IOException closeAll(VerdictSink[] out, IOException failure) {
        for (VerdictSink s : out) {
            try {
                s.close();
            } catch (IOException e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        return failure;
    }
}
