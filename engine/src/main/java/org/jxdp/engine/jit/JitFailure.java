package org.jxdp.engine.jit;

/** The JIT could not compile a program the checks accepted; the interpreter can still run it. */
public final class JitFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JitFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
