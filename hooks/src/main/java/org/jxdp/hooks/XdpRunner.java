package org.jxdp.hooks;

import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.runtime.WorkerState;
import org.jxdp.engine.vm.ExecutionContext;
import org.jxdp.engine.vm.Executable;
import org.jxdp.engine.vm.Fault;
import org.jxdp.engine.vm.Memory;

/**
 * Runs XDP programs on frames for one worker: binds the frame slot as the packet region and the
 * slot's {@code xdp_md} as the context, runs, and reports the action. Allocation-free per frame;
 * one runner per worker thread.
 */
public final class XdpRunner {
    private final ExecutionContext ctx;
    /** The context, which also holds the frame being run (one reference store per run, not two). */
    private final XdpContext xdpMd;

    /** A runner for worker {@code cpu} of {@code runtime}. */
    public XdpRunner(BpfRuntime runtime, int cpu) {
        this.ctx = runtime.newContext(cpu);
        this.xdpMd = new XdpContext(ctx.memory());
        ctx.memory().mapVirtual(Memory.REGION_CTX, xdpMd);
        WorkerState.of(ctx).hook = this;
    }

    /** The runner whose context {@code c} is (for the XDP helpers). */
    static XdpRunner of(ExecutionContext c) {
        return (XdpRunner) WorkerState.of(c).hook;
    }

    /** The execution context programs run in. */
    public ExecutionContext context() {
        return ctx;
    }

    /** The frame being run. */
    XdpFrame frame() {
        return xdpMd.frame();
    }

    /**
     * Runs {@code program} on {@code f} and returns the low 32 bits of its r0 (an
     * {@link XdpAction} value, or an invalid one, which callers treat as ABORTED): the kernel
     * takes an XDP program's result as a u32 ({@code u32 act = bpf_prog_run_xdp(...)}), so
     * {@code 0x1_0000_0002} is XDP_PASS there and here. A fault returns
     * {@link XdpAction#XDP_ABORTED}; {@link #fault()} then says why.
     */
    public long run(Executable program, XdpFrame f) {
        xdpMd.frame(f);
        bindPacket();
        WorkerState.of(ctx).startRun();
        long r0 = program.run(ctx, Memory.address(Memory.REGION_CTX, 0), 0);
        return ctx.fault() != null ? XdpAction.XDP_ABORTED : r0 & 0xffffffffL;
    }

    /** The fault of the last run, or null. */
    public Fault fault() {
        return ctx.fault();
    }

    /** Where the last run's bpf_redirect or bpf_redirect_map asked the frame to go. */
    public WorkerState redirect() {
        return WorkerState.of(ctx);
    }

    /** Re-reads the frame's edges after a helper moved them. */
    void bindPacket() {
        XdpFrame f = xdpMd.frame();
        ctx.memory().mapPacket(f.slot(), f.dataMeta, f.data, f.dataEnd);
    }
}
