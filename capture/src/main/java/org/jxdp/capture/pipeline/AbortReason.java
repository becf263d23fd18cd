package org.jxdp.capture.pipeline;

import org.jxdp.engine.vm.Fault;
import org.jxdp.engine.vm.FaultKind;
import org.jxdp.hooks.XdpAction;

/**
 * Why a frame ended XDP_ABORTED, as a short bounded name for counters and metric tags: one per
 * {@link FaultKind}, an invalid return value, a redirect without a target, or the program
 * returning XDP_ABORTED itself.
 */
public enum AbortReason {
    OUT_OF_BOUNDS,
    READ_ONLY,
    MISALIGNED,
    BUDGET_EXHAUSTED,
    CALL_DEPTH,
    BAD_CALL_TARGET,
    HELPER,
    INTERNAL,
    /** The program returned a value that is no XDP action. */
    INVALID_ACTION,
    /** XDP_REDIRECT without a bpf_redirect or bpf_redirect_map target. */
    REDIRECT_WITHOUT_TARGET,
    /** The program returned XDP_ABORTED. */
    RETURNED_ABORTED;

    private static final AbortReason[] BY_FAULT = new AbortReason[FaultKind.values().length];

    static {
        for (FaultKind k : FaultKind.values()) {
            BY_FAULT[k.ordinal()] = valueOf(k.name());
        }
    }

    /** The tag value: {@code out_of_bounds}, {@code invalid_action}, ... */
    public String tag() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Why an aborted frame was aborted, from its fault or its return value. */
    static AbortReason of(Fault fault, long returnValue) {
        if (fault != null) {
            return BY_FAULT[fault.kind().ordinal()];
        }
        if (!XdpAction.isValid(returnValue)) {
            return INVALID_ACTION;
        }
        return returnValue == XdpAction.XDP_REDIRECT ? REDIRECT_WITHOUT_TARGET : RETURNED_ABORTED;
    }
}
