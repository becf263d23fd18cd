package org.jxdp.engine.verifier;

/**
 * A state kept at a prune point, so that later paths arriving there in a state it covers can
 * stop (the kernel's {@code struct bpf_verifier_state_list}). Checkpoints form a tree along the
 * paths that made them:
 * <pre>
 *   root (pc 0) --- cp (pc 7) --- cp (pc 12) ...      a path's last checkpoint is its parent
 *                \-- cp (pc 9) ...                   pending = paths still exploring below
 * </pre>
 * A checkpoint is complete when no path below it is left ({@code pending == 0}): everything
 * that can happen from its state has been checked, so it may prune. One that is not complete is
 * an ancestor of the path being explored: meeting it again is a loop.
 */
final class Checkpoint {
    final State state;
    /** {@link State#shape} of the state at its instruction. */
    final int shape;
    final Checkpoint parent;
    int pending = 1;

    Checkpoint(State state, int shape, Checkpoint parent) {
        this.state = state;
        this.shape = shape;
        this.parent = parent;
    }

    boolean complete() {
        return pending == 0;
    }

    /** True when this checkpoint is {@code c} or one of its ancestors. */
    boolean isAncestorOf(Checkpoint c) {
        for (Checkpoint x = c; x != null; x = x.parent) {
            if (x == this) {
                return true;
            }
        }
        return false;
    }
}
