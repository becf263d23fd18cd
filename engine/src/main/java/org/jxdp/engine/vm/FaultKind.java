package org.jxdp.engine.vm;

/** Why a run ended abnormally; for XDP each of these becomes {@code XDP_ABORTED}. */
public enum FaultKind {
    /** A load or store outside every region, or outside its region's bounds. */
    OUT_OF_BOUNDS,
    /** A store into a read-only region. */
    READ_ONLY,
    /** An atomic operation on an address that is not aligned to its size. */
    MISALIGNED,
    /** The run executed more instructions than its budget allows. */
    BUDGET_EXHAUSTED,
    /** A bpf-to-bpf call beyond the call depth limit. */
    CALL_DEPTH,
    /** A callx whose register holds neither a function nor a helper. */
    BAD_CALL_TARGET,
    /** A helper refused its arguments in a way the kernel's verifier would have prevented. */
    HELPER,
    /** An engine defect caught at the run boundary; reported, never thrown. */
    INTERNAL
}
