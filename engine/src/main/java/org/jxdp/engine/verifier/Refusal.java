package org.jxdp.engine.verifier;

/**
 * Thrown inside the analysis when an instruction cannot be proven safe; the verifier turns it
 * into a {@link Verification} that names the instruction, the reason and the state.
 */
final class Refusal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final int pc;
    /** What could not be proven, in a few words. */
    final String reason;
    /** The explanation, or null. */
    final String detail;
    /** The registers the reason is about (bit i for ri), shown first. */
    final int registers;
    /** The state at the instruction, or null when the refusal is not about one path. */
    transient State state;

    Refusal(int pc, String reason) {
        this(pc, reason, null, 0);
    }

    Refusal(int pc, String reason, String detail) {
        this(pc, reason, detail, 0);
    }

    Refusal(int pc, String reason, String detail, int registers) {
        super(reason, null, false, false);
        this.pc = pc;
        this.reason = reason;
        this.detail = detail;
        this.registers = registers;
    }

    /** This refusal, with the state it happened in. */
    Refusal in(State s) {
        if (state == null) {
            state = s;
        }
        return this;
    }
}
