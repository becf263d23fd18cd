package org.jxdp.capture.pipeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jxdp.engine.vm.Fault;
import org.jxdp.hooks.XdpAction;

/**
 * What a pipeline run did. Every input frame is counted exactly once:
 * <pre>
 *   frames = pass + drop + tx + redirect + aborted + ring_drops + not_run
 * </pre>
 * where {@code not_run} are the frames that passed through untouched without being shown to the
 * program (see {@link NotRun}); {@link #accounted()} checks it.
 */
public final class PipelineStats {
    /** How many aborted frames are kept with their reason. */
    public static final int KEPT_ABORTS = 5;

    /**
     * An aborted frame and why: a fault (with the instruction), or an invalid return value, or
     * a redirect without a target.
     *
     * @param frameNumber the frame's number in the input, from 1
     * @param fault the fault, or null
     * @param returnValue the program's r0
     */
    public record Abort(long frameNumber, Fault fault, long returnValue) {
        /** {@code insn 14 (...): load of 4 bytes ...}, {@code invalid XDP action 7}, ... */
        public String reason() {
            return reason(fault, returnValue);
        }

        static String reason(Fault fault, long returnValue) {
            if (fault != null) {
                return fault.message();
            }
            if (!XdpAction.isValid(returnValue)) {
                return Worker.INVALID_ACTION + " " + Long.toUnsignedString(returnValue);
            }
            if (returnValue == XdpAction.XDP_REDIRECT) {
                return Worker.REDIRECT_WITHOUT_TARGET;
            }
            return "the program returned XDP_ABORTED";
        }
    }

    long frames;
    long bytes;
    final long[] actions = new long[XdpAction.values().length];
    final long[] notRun = new long[NotRun.values().length];
    long ringDrops;
    long[] workerFrames = new long[0];
    long elapsedNanos;
    double steadyMpps;
    long clockOffsetNanos;
    final List<Abort> aborts = new ArrayList<>();
    List<String> problems = List.of();
    long problemCount;
    long invalidActions;

    /** Frames read from the input. */
    public long frames() {
        return frames;
    }

    /** Captured bytes read from the input. */
    public long bytes() {
        return bytes;
    }

    /** Frames whose verdict was {@code action} (ABORTED includes faults and invalid actions). */
    public long count(XdpAction action) {
        return actions[action.ordinal()];
    }

    /** Frames that passed through without being run, for every reason. */
    public long notRun() {
        long n = 0;
        for (long c : notRun) {
            n += c;
        }
        return n;
    }

    /** Frames that passed through without being run for {@code reason}. */
    public long notRun(NotRun reason) {
        return notRun[reason.ordinal()];
    }

    /** Frames dropped because the pool was full (live capture only; 0 in replay). */
    public long ringDrops() {
        return ringDrops;
    }

    /** Frames run by each worker. */
    public long[] workerFrames() {
        return workerFrames.clone();
    }

    /** Wall time of the run, first frame read to last verdict carried out. */
    public long elapsedNanos() {
        return elapsedNanos;
    }

    /** Millions of frames per second. */
    public double mpps() {
        return elapsedNanos == 0 ? 0 : frames * 1e3 / elapsedNanos;
    }

    /**
     * Millions of frames per second in the steady state: from a fifth of the frames to the end,
     * once the JIT compilers have done their work; 0 for a run too short to tell (under about
     * 100,000 frames).
     */
    public double steadyMpps() {
        return steadyMpps;
    }

    /** Gigabits per second of captured bytes. */
    public double gbps() {
        return elapsedNanos == 0 ? 0 : bytes * 8.0 / elapsedNanos;
    }

    /**
     * The offset added to capture timestamps to give {@code bpf_ktime_get_ns()} in
     * {@link ClockMode#CAPTURE} (0 with the wall clock).
     */
    public long clockOffsetNanos() {
        return clockOffsetNanos;
    }

    /** The first {@value #KEPT_ABORTS} aborted frames with their reasons. */
    public List<Abort> aborts() {
        return Collections.unmodifiableList(aborts);
    }

    /** Aborted frames whose program returned a value that is no XDP action. */
    public long invalidActions() {
        return invalidActions;
    }

    /** The input's problems (damaged records), as the source reported them. */
    public List<String> problems() {
        return problems;
    }

    /** How many problems the input had in all. */
    public long problemCount() {
        return problemCount;
    }

    /** True when {@code frames = pass + drop + tx + redirect + aborted + ring_drops + not_run}. */
    public boolean accounted() {
        long sum = ringDrops + notRun();
        for (long a : actions) {
            sum += a;
        }
        return sum == frames;
    }
}
