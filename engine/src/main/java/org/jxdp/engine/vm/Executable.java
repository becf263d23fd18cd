package org.jxdp.engine.vm;

import org.jxdp.engine.isa.Program;

/**
 * A loaded program, ready to run in any {@link ExecutionContext}; shared by all workers.
 * Each engine (interpreter, JIT) produces these from the same checked program.
 */
public interface Executable {
    /**
     * Runs the program from its first instruction with r1 and r2 set, r10 at the top of the
     * stack and every other register zero. Returns r0. When the run faults, it returns 0 and
     * {@link ExecutionContext#fault()} says why; no exception escapes.
     */
    long run(ExecutionContext ctx, long r1, long r2);

    /**
     * Calls the program's function at {@code function} (a function-region pointer) with r1..r5
     * as a bpf-to-bpf call from the current point of a run, for helpers that call back into the
     * program ({@code bpf_loop}, {@code bpf_for_each_map_elem}); returns its r0. The caller's
     * registers are as they were afterwards. Faults propagate as {@link FaultException}.
     */
    long invoke(ExecutionContext ctx, long function, long r1, long r2, long r3, long r4, long r5);

    /**
     * Continues the current run in this program from its first instruction, in the current
     * frame, with r1 set (a tail call); returns its r0 when it exits that frame.
     */
    long tailCall(ExecutionContext ctx, long r1);

    /** The program this runs. */
    Program program();

    /** The engine that made this. */
    EngineKind engine();
}
