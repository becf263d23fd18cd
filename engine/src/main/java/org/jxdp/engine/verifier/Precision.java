package org.jxdp.engine.verifier;

import static org.jxdp.engine.isa.Opcodes.BPF_ALU;
import static org.jxdp.engine.isa.Opcodes.BPF_ALU64;
import static org.jxdp.engine.isa.Opcodes.BPF_ATOMIC;
import static org.jxdp.engine.isa.Opcodes.BPF_CALL;
import static org.jxdp.engine.isa.Opcodes.BPF_END;
import static org.jxdp.engine.isa.Opcodes.BPF_EXIT;
import static org.jxdp.engine.isa.Opcodes.BPF_JA;
import static org.jxdp.engine.isa.Opcodes.BPF_JMP;
import static org.jxdp.engine.isa.Opcodes.BPF_JMP32;
import static org.jxdp.engine.isa.Opcodes.BPF_LD;
import static org.jxdp.engine.isa.Opcodes.BPF_LDX;
import static org.jxdp.engine.isa.Opcodes.BPF_MOV;
import static org.jxdp.engine.isa.Opcodes.BPF_NEG;
import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_CALL;
import static org.jxdp.engine.isa.Opcodes.BPF_ST;
import static org.jxdp.engine.isa.Opcodes.BPF_STX;
import static org.jxdp.engine.isa.Opcodes.BPF_X;
import static org.jxdp.engine.isa.Opcodes.MAX_CALL_FRAMES;
import static org.jxdp.engine.isa.Opcodes.cls;
import static org.jxdp.engine.isa.Opcodes.mode;
import static org.jxdp.engine.isa.Opcodes.op;
import static org.jxdp.engine.isa.Opcodes.src;

import org.jxdp.engine.isa.Insn;
import org.jxdp.engine.isa.Program;

/**
 * Precision tracking (the kernel's {@code mark_chain_precision}): most numbers a program
 * computes never decide anything the verifier checks, so states that differ only in them may
 * prune each other. When the exact bounds of a number matter (a branch decided by them, a
 * pointer moved by them, a helper's size), the registers and stack slots that number came from
 * are marked precise in every checkpoint of the path, walking its history backwards:
 * <pre>
 *   checkpoint A ── r2 = r1 ── r2 &amp;= 15 ── checkpoint B ── r3 = pkt + r2   (r2 must be precise here)
 *                                                   r2 precise in B, r1 precise in A
 * </pre>
 * A checkpoint covers a new state only in its precise numbers; the rest may be anything. Marks
 * accumulate while a checkpoint's paths are explored, so they are complete when it is, the only
 * time it prunes. When a path is pruned, the marks of the checkpoint that pruned it are carried
 * into the path's own checkpoints, since their future is that checkpoint's.
 * <p>
 * A conditional jump refines every copy of a compared number (same id), so walking back over
 * it, a need for any of them is a need for all ({@link History#LINK} entries; the kernel's
 * {@code bt_sync_linked_regs}): {@code r7 = r5; if r7 > 15 goto out; pkt + r5} needs r7 at
 * the jump, and so whatever bounded r7 before it.
 */
final class Precision {
    private final Program program;
    private final long[] regs = new long[MAX_CALL_FRAMES];
    private final long[] slots = new long[MAX_CALL_FRAMES];
    /** The links of the jump the walk is about to step back over ({@link History#LINK} entries). */
    private long[] links = new long[8];
    private int linkCount;

    Precision(Program program) {
        this.program = program;
    }

    /** Registers {@code regMask} of frame {@code frame} must be precise where path {@code p} is. */
    void mark(Analysis.Path p, int frame, long regMask) {
        if (regMask == 0) {
            return;
        }
        clear();
        regs[frame] = regMask;
        walk(p);
    }

    /** Path {@code p} was pruned by {@code by}: whatever is precise there must be precise along {@code p}. */
    void inherit(Analysis.Path p, Checkpoint by) {
        if (by.allPrecise) {
            giveUp(p.last);
            return;
        }
        clear();
        boolean any = false;
        for (int i = 0; i < MAX_CALL_FRAMES; i++) {
            regs[i] = by.preciseRegs[i];
            slots[i] = by.preciseSlots[i];
            any |= regs[i] != 0 || slots[i] != 0;
        }
        if (any) {
            walk(p);
        }
    }

    private void clear() {
        for (int i = 0; i < MAX_CALL_FRAMES; i++) {
            regs[i] = 0;
            slots[i] = 0;
        }
        linkCount = 0;
    }

    private boolean empty() {
        for (int i = 0; i < MAX_CALL_FRAMES; i++) {
            if (regs[i] != 0 || slots[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private void walk(Analysis.Path p) {
        History h = p.history;
        for (int i = h.size() - 1; i >= 0; i--) {
            if (!step(h.get(i))) {
                giveUp(p.last);
                return;
            }
            if (empty()) {
                return;
            }
        }
        for (Checkpoint c = p.last; c != null; c = c.parent) {
            if (!c.addMarks(regs, slots)) {
                return;
            }
            long[] in = c.history;
            for (int i = in.length - 1; i >= 0; i--) {
                if (!step(in[i])) {
                    giveUp(c.parent);
                    return;
                }
                if (empty()) {
                    return;
                }
            }
        }
    }

    /** Everything is precise in {@code c} and before: used where the history cannot be followed. */
    static void giveUp(Checkpoint c) {
        for (; c != null && !c.allPrecise; c = c.parent) {
            c.allPrecise = true;
        }
    }

    /** Steps back over one history entry: a link is kept for the jump it follows. */
    private boolean step(long e) {
        if (History.isLink(e)) {
            if (linkCount == links.length) {
                links = java.util.Arrays.copyOf(links, linkCount * 2);
            }
            links[linkCount++] = e;
            return true;
        }
        if (linkCount == 0) {
            return backtrack(e);
        }
        syncLinks();
        boolean ok = backtrack(e);
        syncLinks();
        linkCount = 0;
        return ok;
    }

    /** When any of the linked registers and slots is needed, all are. */
    private void syncLinks() {
        boolean any = false;
        for (int i = 0; i < linkCount && !any; i++) {
            long e = links[i];
            any = (e & History.STACK) != 0 ? (slots[History.slotFrame(e)] & 1L << History.slot(e)) != 0
                    : needed(History.frame(e), History.pc(e));
        }
        if (!any) {
            return;
        }
        for (int i = 0; i < linkCount; i++) {
            long e = links[i];
            if ((e & History.STACK) != 0) {
                slots[History.slotFrame(e)] |= 1L << History.slot(e);
            } else {
                regs[History.frame(e)] |= 1L << History.pc(e);
            }
        }
    }

    private boolean needed(int frame, int reg) {
        return (regs[frame] & 1L << reg) != 0;
    }

    /**
     * Steps the needs back over one executed instruction (the kernel's {@code backtrack_insn});
     * false when the instruction's effect cannot be followed.
     */
    private boolean backtrack(long e) {
        int pc = History.pc(e);
        int d = History.frame(e);
        long insn = program.slot(pc);
        int code = Insn.opcode(insn);
        int dst = Insn.dst(insn);
        int src = Insn.src(insn);
        switch (cls(code)) {
            case BPF_ALU:
            case BPF_ALU64: {
                if (!needed(d, dst)) {
                    return true;
                }
                int o = op(code);
                if (o == BPF_MOV) {
                    regs[d] &= ~(1L << dst);
                    if (src(code) == BPF_X) {
                        regs[d] |= 1L << src;
                    }
                } else if (o != BPF_NEG && o != BPF_END && src(code) == BPF_X) {
                    regs[d] |= 1L << src;
                }
                return true;
            }
            case BPF_LD:
                regs[d] &= ~(1L << dst);
                return true;
            case BPF_LDX:
                if (!needed(d, dst)) {
                    return true;
                }
                regs[d] &= ~(1L << dst);
                if ((e & History.VARIABLE_STACK) != 0) {
                    return false;
                }
                if ((e & History.STACK) != 0) {
                    slots[History.slotFrame(e)] |= 1L << History.slot(e);
                }
                return true;
            case BPF_ST:
            case BPF_STX: {
                boolean slotNeeded = (e & History.STACK) != 0
                        && (slots[History.slotFrame(e)] & 1L << History.slot(e)) != 0;
                if ((e & History.VARIABLE_STACK) != 0) {
                    return slots[History.slotFrame(e)] == 0;
                }
                if (cls(code) == BPF_STX && mode(code) == BPF_ATOMIC) {
                    boolean fetchNeeded = (Insn.imm(insn) & 1) != 0 && needed(d, src) || needed(d, 0);
                    return !slotNeeded && !fetchNeeded;
                }
                if (slotNeeded) {
                    slots[History.slotFrame(e)] &= ~(1L << History.slot(e));
                    if (cls(code) == BPF_STX) {
                        regs[d] |= 1L << src;
                    }
                }
                return true;
            }
            case BPF_JMP:
            case BPF_JMP32: {
                int o = op(code);
                if (o == BPF_JA) {
                    return true;
                }
                if (o == BPF_CALL) {
                    return call(d, insn);
                }
                if (o == BPF_EXIT) {
                    return exit(d, e);
                }
                if (src(code) == BPF_X && (needed(d, dst) || needed(d, src))) {
                    regs[d] |= 1L << dst | 1L << src;
                }
                return true;
            }
            default:
                return true;
        }
    }

    private boolean empty(int frame) {
        return regs[frame] == 0 && slots[frame] == 0;
    }

    /** Back over a call made in frame {@code d}: a callee's arguments are the caller's r1..r5. */
    private boolean call(int d, long insn) {
        if (Insn.src(insn) == BPF_PSEUDO_CALL || d + 1 < MAX_CALL_FRAMES && !empty(d + 1)) {
            if (d + 1 < MAX_CALL_FRAMES) {
                long args = regs[d + 1] & 0x3e;
                if (Insn.src(insn) != BPF_PSEUDO_CALL && !empty(d + 1)) {
                    args = 0x3e;
                }
                regs[d] |= args;
                regs[d + 1] = 0;
                slots[d + 1] = 0;
            }
            return true;
        }
        regs[d] &= ~0x3fL;
        return true;
    }

    /** Back over an exit of frame {@code d}: the caller's r0 was this frame's. */
    private boolean exit(int d, long e) {
        if (d == 0) {
            return true;
        }
        regs[d] = 0;
        slots[d] = 0;
        if ((e & History.CALLBACK_EXIT) != 0) {
            return true;
        }
        if ((regs[d - 1] & 1) != 0) {
            regs[d] = 1;
        }
        regs[d - 1] &= ~0x3fL;
        return true;
    }
}
