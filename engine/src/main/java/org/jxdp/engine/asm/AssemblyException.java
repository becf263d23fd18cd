package org.jxdp.engine.asm;

/** Assembly text that does not assemble; the message names the line. */
public final class AssemblyException extends Exception {
    private static final long serialVersionUID = 1L;
    private final int line;
    private final String reason;

    public AssemblyException(int line, String reason) {
        super(line > 0 ? "line " + line + ": " + reason : reason);
        this.line = line;
        this.reason = reason;
    }

    /** The 1-based line of the error, or 0 when it concerns the whole text. */
    public int line() {
        return line;
    }

    /** The reason, without the line. */
    public String reason() {
        return reason;
    }
}
