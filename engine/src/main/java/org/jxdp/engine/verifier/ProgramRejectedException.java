package org.jxdp.engine.verifier;

/**
 * A program was refused at load time. The message names the instruction and the reason in the
 * project's error vocabulary: {@code insn 5 (call 63): call to unknown helper 63}.
 */
public final class ProgramRejectedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int pc;
    private final String reason;

    /** A refusal at instruction {@code pc} (or -1 for the program as a whole). */
    public ProgramRejectedException(int pc, String text, String reason) {
        super(pc < 0 ? reason : "insn " + pc + " (" + text + "): " + reason);
        this.pc = pc;
        this.reason = reason;
    }

    /** The index of the refused instruction, or -1 when the refusal is about the whole program. */
    public int pc() {
        return pc;
    }

    /** The reason, without the place. */
    public String reason() {
        return reason;
    }
}
