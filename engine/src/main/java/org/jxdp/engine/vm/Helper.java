package org.jxdp.engine.vm;

/**
 * A helper function a program calls by id ({@code call N}): arguments in r1..r5, result in r0.
 *
 * <p>Implementations read and write program memory through {@link ExecutionContext#memory()};
 * a bad pointer argument raises a {@link FaultException}, which ends the run with a fault that
 * names the call instruction. They must not allocate on the hot path.
 */
@FunctionalInterface
public interface Helper {
    /** Runs the helper; returns the value the program sees in r0. */
    long call(ExecutionContext ctx, long r1, long r2, long r3, long r4, long r5);

    /**
     * This helper for a call site whose r1 is {@code r1} on every run: the JIT asks when the
     * program loads r1 with a constant (a map) just before the call, and calls what this returns
     * instead, so that work that depends only on r1 (finding the map) is done once, at compile
     * time. The result must behave exactly as this helper does with that r1; by default it is
     * this helper.
     */
    default Helper bind(long r1) {
        return this;
    }
}
