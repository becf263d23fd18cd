package org.jxdp.engine.verifier;

/**
 * How much work verification may do before it gives up with a refusal that says which limit
 * was hit. The defaults follow the kernel where it has a limit.
 *
 * @param maxInstructions instructions the analysis may process over all paths (kernel
 *     {@code BPF_COMPLEXITY_LIMIT_INSNS}, 1,000,000): what stops unbounded loops
 * @param maxPendingBranches branches waiting to be explored at once (kernel
 *     {@code BPF_COMPLEXITY_LIMIT_JMP_SEQ}, 8192)
 * @param maxStatesPerInsn states kept at one instruction for pruning; beyond it new states
 *     are explored without being kept
 * @param maxStates states kept over the whole program
 * @param joinThreshold states kept at one instruction before a new state is joined with a
 *     compatible old one instead (trading path-sensitivity for speed)
 */
public record VerifierLimits(int maxInstructions, int maxPendingBranches, int maxStatesPerInsn, int maxStates,
        int joinThreshold) {

    /** The kernel's limits, and join after 8 states at one instruction. */
    public static final VerifierLimits DEFAULT = new VerifierLimits(1_000_000, 8192, 64, 200_000, 8);

    public VerifierLimits {
        if (maxInstructions < 1 || maxPendingBranches < 1 || maxStatesPerInsn < 1 || maxStates < 1
                || joinThreshold < 1) {
            throw new IllegalArgumentException("verifier limits must be positive");
        }
    }

    /**
     * The same text as a record's own {@code toString}, written out: the verification cache's
     * keys hold it, and the generated one is bootstrapped at its first call (about 10 ms of each
     * start for each record).
     */
    @Override
    public String toString() {
        return "VerifierLimits[maxInstructions=" + maxInstructions + ", maxPendingBranches=" + maxPendingBranches
                + ", maxStatesPerInsn=" + maxStatesPerInsn + ", maxStates=" + maxStates + ", joinThreshold="
                + joinThreshold + "]";
    }
}
