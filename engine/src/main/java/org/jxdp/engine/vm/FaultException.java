package org.jxdp.engine.vm;

import org.jxdp.engine.isa.Program;

/**
 * Thrown inside an engine when a run cannot go on (a bad memory access, an exhausted budget...).
 * The engine notes the program and instruction where it happened on the way out, and the run
 * boundary turns it into a {@link Fault}; it never escapes a run. It carries no stack trace, so
 * raising it is cheap.
 */
public final class FaultException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final FaultKind kind;
    private transient Program program;
    private int pc = -1;

    public FaultException(FaultKind kind, String detail) {
        super(detail, null, false, false);
        this.kind = kind;
    }

    /** What went wrong. */
    public FaultKind kind() {
        return kind;
    }

    /** Records where the fault happened, unless a deeper frame already did; returns this. */
    public FaultException at(Program where, int insn) {
        if (program == null) {
            program = where;
            pc = insn;
        }
        return this;
    }

    /** The fault as a report, placed in {@code fallback} when no engine recorded a place. */
    public Fault fault(Program fallback) {
        return Fault.at(program == null ? fallback : program, pc, kind, getMessage());
    }
}
