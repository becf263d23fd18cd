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

    /** The program this runs. */
    Program program();

    /** The engine that made this. */
    EngineKind engine();
}
