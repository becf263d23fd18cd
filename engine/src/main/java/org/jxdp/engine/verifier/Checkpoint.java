package org.jxdp.engine.verifier;

import static org.jxdp.engine.isa.Opcodes.MAX_CALL_FRAMES;

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
    /** The state, or null for a checkpoint that only cuts a long history (it never prunes). */
    final State state;
    /** The number of frames at this checkpoint. */
    final int depth;
    /** {@link State#shape} of the state at its instruction. */
    final int shape;
    final Checkpoint parent;
    /** The instructions the path ran from the parent to here ({@link History} entries). */
    final long[] history;
    int pending = 1;
    /** Paths this checkpoint pruned, and paths it was compared with in vain, once complete. */
    int hits;
    int misses;
    /** The registers (bit i for ri) of each frame whose exact value matters from here on. */
    final long[] preciseRegs = new long[MAX_CALL_FRAMES];
    /** The stack slots (bit i for slot i, fp-512 + 8i) of each frame whose exact value matters. */
    final long[] preciseSlots = new long[MAX_CALL_FRAMES];
    /** Everything matters: precision tracking could not follow the history to here. */
    boolean allPrecise;

    Checkpoint(State state, int shape, Checkpoint parent, long[] history) {
        this(state, state.depth, shape, parent, history);
    }

    /** A checkpoint without a state, that only cuts the history of a long path. */
    static Checkpoint cut(int depth, Checkpoint parent, long[] history) {
        return new Checkpoint(null, depth, 0, parent, history);
    }

    private Checkpoint(State state, int depth, int shape, Checkpoint parent, long[] history) {
        this.state = state;
        this.depth = depth;
        this.shape = shape;
        this.parent = parent;
        this.history = history;
    }

    /** Adds precision marks; false when they were all there already (so the ancestors have them too). */
    boolean addMarks(long[] regs, long[] slots) {
        if (allPrecise) {
            return false;
        }
        boolean changed = false;
        for (int i = 0; i < depth; i++) {
            if ((regs[i] & ~preciseRegs[i]) != 0 || (slots[i] & ~preciseSlots[i]) != 0) {
                preciseRegs[i] |= regs[i];
                preciseSlots[i] |= slots[i];
                changed = true;
            }
        }
        return changed;
    }

    boolean complete() {
        return pending == 0;
    }

    /** True when it misses so much more than it prunes that comparing with it is wasted work (the kernel's rule). */
    boolean useless() {
        return misses > hits * 3 + 3;
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
