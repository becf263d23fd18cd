package org.jxdp.hooks;

import org.jxdp.engine.object.BpfProgram;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.vm.Executable;
import org.jxdp.engine.vm.Fault;

/**
 * {@code BPF_PROG_TEST_RUN} for XDP programs, with the kernel's meaning: the input bytes are put
 * in a fresh page-sized slot at the standard headroom (arriving on ifindex 1, queue 0, as the
 * kernel's loopback queue), the program runs {@code repeat} times on that same buffer (changes
 * accumulate, as in the kernel), and the result is the last run's return value, the frame's bytes
 * from {@code data_meta} to {@code data_end} and the average duration.
 */
public final class XdpTestRun {
    private XdpTestRun() {
    }

    /**
     * The outcome of a test run.
     *
     * @param retval the program's return value (r0) of the last run
     * @param dataOut the frame after the last run, metadata included
     * @param durationNs the average nanoseconds per run
     * @param fault why the last run faulted (retval is then XDP_ABORTED), or null
     */
    public record Result(long retval, byte[] dataOut, long durationNs, Fault fault) {
        /** {@code XDP_PASS (2)}. */
        public String action() {
            return XdpAction.describe(retval);
        }
    }

    /** Runs a loaded program of an object on worker 0 of its runtime. */
    public static Result run(BpfProgram program, byte[] dataIn, int repeat) {
        return run(program.executable(), program.object().runtime(), dataIn, repeat);
    }

    /**
     * Runs {@code program} on {@code dataIn}.
     *
     * @throws IllegalArgumentException when the input is shorter than an Ethernet header or does
     *     not fit a page (the kernel's -EINVAL)
     */
    public static Result run(Executable program, BpfRuntime runtime, byte[] dataIn, int repeat) {
        if (dataIn.length < XdpFrame.ETH_HLEN || dataIn.length > XdpFrame.MAX_FRAME) {
            throw new IllegalArgumentException("data_in must be " + XdpFrame.ETH_HLEN + " to " + XdpFrame.MAX_FRAME
                    + " bytes, not " + dataIn.length + " (-EINVAL)");
        }
        int runs = Math.max(1, repeat);
        XdpRunner runner = new XdpRunner(runtime, 0);
        XdpFrame frame = new XdpFrame();
        frame.load(dataIn, 0, dataIn.length);
        long r0 = 0;
        long start = System.nanoTime();
        for (int i = 0; i < runs; i++) {
            r0 = runner.run(program, frame);
        }
        long elapsed = System.nanoTime() - start;
        byte[] out = new byte[frame.dataEnd() - frame.dataMeta()];
        System.arraycopy(frame.slot(), frame.dataMeta(), out, 0, out.length);
        return new Result(r0, out, elapsed / runs, runner.fault());
    }
}
