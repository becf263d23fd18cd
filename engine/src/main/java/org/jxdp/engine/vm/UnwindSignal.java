package org.jxdp.engine.vm;

/**
 * Ends a run at once with r0 = 0 when the unwind helper (a uBPF extension, conformance suite)
 * returns 0, however deep in calls the program is. One shared instance, no stack trace.
 */
final class UnwindSignal extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final UnwindSignal INSTANCE = new UnwindSignal();

    private UnwindSignal() {
        super("unwind", null, false, false);
    }
}
