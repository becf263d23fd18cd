package org.jxdp.engine.vm;

/**
 * Thrown inside an engine when a run cannot go on (a bad memory access, an exhausted budget...).
 * Engines catch it at the run boundary and turn it into a {@link Fault} that names the
 * instruction; it never escapes a run. It carries no stack trace, so raising it is cheap.
 */
public final class FaultException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final FaultKind kind;

    public FaultException(FaultKind kind, String detail) {
        super(detail, null, false, false);
        this.kind = kind;
    }

    /** What went wrong. */
    public FaultKind kind() {
        return kind;
    }
}
