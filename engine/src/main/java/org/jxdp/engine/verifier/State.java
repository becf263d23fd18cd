package org.jxdp.engine.verifier;

import static org.jxdp.engine.isa.Opcodes.MAX_BPF_STACK;

import java.util.Arrays;
import java.util.function.IntFunction;
import java.util.function.IntSupplier;

/**
 * The abstract state of one path at one instruction (the kernel's
 * {@code struct bpf_verifier_state}): the stack of function activations, innermost last, and
 * the references the path holds (ring buffer records it must submit or discard).
 * <pre>
 *   frames[0]  the program            r0..r10, fp-512..fp-1
 *   frames[1]  a function it called   (callsite = the call instruction in frames[0])
 *   ...
 * </pre>
 * Mutable: a path owns its state; {@link #copy} when a path forks.
 */
final class State {
    Frame[] frames;
    int depth;
    int[] refs;

    State(Frame entry) {
        frames = new Frame[] {entry};
        depth = 1;
        refs = new int[0];
    }

    private State(State s) {
        frames = new Frame[s.depth];
        for (int i = 0; i < s.depth; i++) {
            frames[i] = s.frames[i].copy();
        }
        depth = s.depth;
        refs = s.refs;
    }

    State copy() {
        return new State(this);
    }

    /** The innermost frame. */
    Frame cur() {
        return frames[depth - 1];
    }

    void push(Frame f) {
        if (frames.length == depth) {
            frames = Arrays.copyOf(frames, depth + 1);
        }
        frames[depth++] = f;
    }

    Frame pop() {
        Frame f = frames[--depth];
        frames[depth] = null;
        return f;
    }

    /** Applies {@code f} to every register and spilled slot of every frame (the kernel's bpf_for_each_reg_in_vstate). */
    void mapValues(java.util.function.UnaryOperator<Value> f) {
        for (int d = 0; d < depth; d++) {
            Frame fr = frames[d];
            for (int r = 0; r < fr.regs.length; r++) {
                fr.regs[r] = f.apply(fr.regs[r]);
            }
            for (int s = 0; s < Frame.SLOTS; s++) {
                Value v = fr.spill(s);
                if (v != null) {
                    fr.spills[s] = f.apply(v);
                }
            }
        }
    }

    // ---------------------------------------------------------------- order

    /**
     * A hash of what {@link #covers} compares, ids left out: states that cover each other both
     * ways at {@code pc} have the same hash, so most unequal states are told apart without a
     * comparison.
     */
    static int shape(State s, int pc, ControlFlow cf) {
        int h = s.depth * 31 + s.refs.length;
        for (int d = 0; d < s.depth; d++) {
            Frame f = s.frames[d];
            h = (h * 31 + f.callsite) * 31 + f.visit;
            int live = liveRegs(s, d, pc, cf);
            for (int r = 0; r < f.regs.length; r++) {
                if ((live & 1 << r) != 0) {
                    h = h * 31 + shape(f.regs[r]);
                }
            }
            for (int slot = 0; slot < Frame.SLOTS; slot++) {
                Value v = f.spill(slot);
                if (v != null) {
                    h = h * 31 + shape(v);
                }
            }
        }
        return h;
    }

    private static int shape(Value v) {
        return ((v.type.ordinal() * 31 + v.num.hashCode()) * 31 + v.off) * 31 + v.range * 7 + v.aux
                + (v.maybeNull ? 1 : 0);
    }

    /** The registers of frame {@code d} that matter at instruction {@code pc} of the innermost frame. */
    private static int liveRegs(State s, int d, int pc, ControlFlow cf) {
        if (d == s.depth - 1) {
            return cf.liveBefore(pc) | 1 << 10;
        }
        Frame callee = s.frames[d + 1];
        if (callee.callbackOf >= 0) {
            return cf.liveBefore(callee.callsite) | 1 << 10;
        }
        return cf.liveBefore(callee.callsite + 1) & 0x3c0 | 1 << 10;
    }

    /**
     * True when every concrete state {@code cur} stands for at {@code pc} is one {@code old}
     * stands for, in the numbers {@code marks} says are precise (all of them when null).
     */
    static boolean covers(State old, State cur, int pc, ControlFlow cf, Checkpoint marks) {
        if (old.depth != cur.depth || old.refs.length != cur.refs.length) {
            return false;
        }
        IdMap ids = new IdMap();
        for (int d = 0; d < old.depth; d++) {
            Frame a = old.frames[d];
            Frame b = cur.frames[d];
            if (a.callsite != b.callsite || a.entry != b.entry || a.callbackOf != b.callbackOf || a.visit != b.visit) {
                return false;
            }
            int live = liveRegs(old, d, pc, cf);
            boolean all = marks == null || marks.allPrecise;
            long preciseRegs = all ? -1L : marks.preciseRegs[d];
            long preciseSlots = all ? -1L : marks.preciseSlots[d];
            for (int r = 0; r < a.regs.length; r++) {
                if ((live & 1 << r) == 0) {
                    continue;
                }
                Value va = a.regs[r];
                if (va.isScalar() && (preciseRegs & 1L << r) == 0) {
                    if (!b.regs[r].isScalar()) {
                        return false;
                    }
                } else if (!Value.covers(va, b.regs[r], ids)) {
                    return false;
                }
            }
            if (!stackCovers(a, b, ids, preciseSlots)) {
                return false;
            }
        }
        for (int i = 0; i < old.refs.length; i++) {
            if (!ids.link(old.refs[i], cur.refs[i])) {
                return false;
            }
        }
        return true;
    }

    private static boolean stackCovers(Frame a, Frame b, IdMap ids, long preciseSlots) {
        int from = 0;
        for (int slot = 0; slot < Frame.SLOTS; slot++) {
            int base = slot * Frame.BPF_REG_SIZE;
            if (base >= from) {
                // skip the run of slots whose bytes are the same kind in both and hold no spill
                int m = Arrays.mismatch(a.stype, base, MAX_BPF_STACK, b.stype, base, MAX_BPF_STACK);
                from = m < 0 ? MAX_BPF_STACK : base + m;
            }
            Value sa = a.spill(slot);
            Value sb = b.spill(slot);
            if (sa == null && sb == null && base + Frame.BPF_REG_SIZE <= from) {
                continue;
            }
            if ((preciseSlots & 1L << slot) == 0 && (sa == null || !sa.isPointer())) {
                // a number whose value does not matter: cur needs numbers in the same bytes
                if (sb != null && sb.isPointer()) {
                    return false;
                }
                for (int i = 0; i < Frame.BPF_REG_SIZE; i++) {
                    if (a.stype[base + i] != Frame.INVALID && b.stype[base + i] == Frame.INVALID) {
                        return false;
                    }
                }
                continue;
            }
            if (sa != null && sa.isPointer()) {
                if (sb == null || a.spillSize(slot) != b.spillSize(slot) || !Value.covers(sa, sb, ids)) {
                    return false;
                }
                continue;
            }
            if (sa != null && sb != null && a.spillSize(slot) == b.spillSize(slot)) {
                if (!Value.covers(sa, sb, ids)) {
                    return false;
                }
                for (int i = a.spillSize(slot); i < Frame.BPF_REG_SIZE; i++) {
                    if (!byteCovers(a.stype[base + i], b.stype[base + i])) {
                        return false;
                    }
                }
                continue;
            }
            if (sa != null) {
                // a scalar spill in old: its bytes read as that scalar; cur must hold the same
                return false;
            }
            for (int i = 0; i < Frame.BPF_REG_SIZE; i++) {
                byte ta = a.stype[base + i];
                byte tb = b.stype[base + i];
                if (tb == Frame.SPILL && ta != Frame.INVALID && sb.isPointer()) {
                    return false;
                }
                if (!byteCovers(ta, tb)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean byteCovers(byte old, byte cur) {
        if (old == Frame.INVALID || old == cur) {
            return true;
        }
        if (old == Frame.MISC) {
            return cur == Frame.ZERO || cur == Frame.SPILL;
        }
        return false;
    }

    /**
     * The smallest state holding both at {@code pc}, or null when they differ in what the
     * program relies on (pointer kinds or offsets in live registers or spilled slots, frames,
     * references). Dead registers become uninitialised.
     */
    static State join(State a, State b, int pc, ControlFlow cf, IntSupplier newId, boolean widen) {
        if (a.depth != b.depth || a.refs.length != 0 || b.refs.length != 0) {
            return null;
        }
        IdJoin ids = new IdJoin(newId);
        State out = a.copy();
        for (int d = 0; d < a.depth; d++) {
            Frame fa = a.frames[d];
            Frame fb = b.frames[d];
            if (fa.callsite != fb.callsite || fa.entry != fb.entry || fa.callbackOf != fb.callbackOf
                    || fa.visit != fb.visit) {
                return null;
            }
            Frame fo = out.frames[d];
            int live = liveRegs(a, d, pc, cf);
            for (int r = 0; r < fa.regs.length; r++) {
                if ((live & 1 << r) == 0) {
                    fo.regs[r] = Value.NOT_INIT;
                    continue;
                }
                Value j = Value.join(fa.regs[r], fb.regs[r], ids, !widen);
                if (j == null) {
                    return null;
                }
                fo.regs[r] = widen ? widen(fa.regs[r], j) : j;
            }
            for (int slot = 0; slot < Frame.SLOTS; slot++) {
                if (!joinSlot(fa, fb, fo, slot, ids, widen)) {
                    return null;
                }
            }
        }
        return out;
    }

    private static Value widen(Value old, Value joined) {
        if (!joined.isScalar() || !old.isScalar() || joined.num.equals(old.num)) {
            return joined;
        }
        Scalar o = old.num;
        Scalar j = joined.num;
        long umin = Long.compareUnsigned(j.umin, o.umin) < 0 ? 0 : j.umin;
        long umax = Long.compareUnsigned(j.umax, o.umax) > 0 ? -1L : j.umax;
        long smin = j.smin < o.smin ? Long.MIN_VALUE : j.smin;
        long smax = j.smax > o.smax ? Long.MAX_VALUE : j.smax;
        long u32min = j.u32min < o.u32min ? 0 : j.u32min;
        long u32max = j.u32max > o.u32max ? Scalar.U32_MAX : j.u32max;
        long s32min = j.s32min < o.s32min ? Integer.MIN_VALUE : j.s32min;
        long s32max = j.s32max > o.s32max ? Integer.MAX_VALUE : j.s32max;
        Tnum t = j.t.equals(o.t) ? j.t : Tnum.UNKNOWN;
        Scalar w = Scalar.of(t, umin, umax, smin, smax, u32min, u32max, s32min, s32max);
        return Value.scalar(w == null ? Scalar.UNKNOWN : w).withId(joined.id);
    }

    private static boolean joinSlot(Frame fa, Frame fb, Frame fo, int slot, IdJoin ids, boolean widen) {
        int base = slot * Frame.BPF_REG_SIZE;
        Value sa = fa.spill(slot);
        Value sb = fb.spill(slot);
        if (sa != null && sb != null && fa.spillSize(slot) == fb.spillSize(slot)) {
            Value j = Value.join(sa, sb, ids, !widen);
            if (j != null && j.isInit()) {
                fo.spills[slot] = widen ? widen(sa, j) : j;
                for (int i = fa.spillSize(slot); i < Frame.BPF_REG_SIZE; i++) {
                    fo.stype[base + i] = joinByte(fa.stype[base + i], fb.stype[base + i]);
                }
                return true;
            }
        }
        if (sa != null && sa.isPointer() || sb != null && sb.isPointer()) {
            return false;
        }
        if (!widen && sa != null && sb != null && sa.num.isConst() && sb.num.isConst()
                && sa.num.value() != sb.num.value()) {
            return false;
        }
        fo.spills[slot] = null;
        for (int i = 0; i < Frame.BPF_REG_SIZE; i++) {
            byte x = fa.stype[base + i];
            byte y = fb.stype[base + i];
            fo.stype[base + i] = joinByte(x == Frame.SPILL ? Frame.MISC : x, y == Frame.SPILL ? Frame.MISC : y);
        }
        return true;
    }

    private static byte joinByte(byte x, byte y) {
        if (x == Frame.INVALID || y == Frame.INVALID) {
            return Frame.INVALID;
        }
        return x == y ? x : Frame.MISC;
    }

    // ---------------------------------------------------------------- text

    /**
     * The state as the kernel's log prints it, frame by frame:
     * {@code r1=ctx() r2=pkt(off=14,r=34) r10=fp0 fp-8=mmmm0000}; registers in {@code first}
     * (bit i for ri) come first in the innermost frame.
     */
    String format(IntFunction<String> mapName, int first) {
        StringBuilder b = new StringBuilder();
        for (int d = 0; d < depth; d++) {
            Frame f = frames[d];
            if (depth > 1) {
                b.append(d == 0 ? "" : "\n").append("frame").append(d).append(d > 0 ? " (called at insn "
                        + f.callsite + ")" : "").append(": ");
            }
            String sep = "";
            int order = d == depth - 1 ? first : 0;
            for (int pass = 0; pass < 2; pass++) {
                for (int r = 0; r < f.regs.length; r++) {
                    boolean firstPass = (order & 1 << r) != 0;
                    if (pass == 0 != firstPass || !f.regs[r].isInit()) {
                        continue;
                    }
                    b.append(sep).append('r').append(r).append('=').append(f.regs[r].format(mapName));
                    sep = " ";
                }
            }
            for (int slot = Frame.SLOTS - 1; slot >= 0; slot--) {
                int base = slot * Frame.BPF_REG_SIZE;
                Value sp = f.spill(slot);
                int off = base - MAX_BPF_STACK;
                if (sp != null && f.spillSize(slot) == Frame.BPF_REG_SIZE) {
                    b.append(sep).append("fp").append(off).append('=').append(sp.format(mapName));
                    sep = " ";
                    continue;
                }
                StringBuilder bytes = new StringBuilder();
                boolean any = false;
                for (int i = Frame.BPF_REG_SIZE - 1; i >= 0; i--) {
                    byte t = f.stype[base + i];
                    any |= t != Frame.INVALID;
                    bytes.append(t == Frame.INVALID ? '?' : t == Frame.MISC ? 'm' : t == Frame.ZERO ? '0' : 's');
                }
                if (any) {
                    b.append(sep).append("fp").append(off).append('=').append(bytes);
                    if (sp != null) {
                        b.append('(').append(sp.format(mapName)).append(')');
                    }
                    sep = " ";
                }
            }
        }
        if (refs.length > 0) {
            b.append(" refs=").append(Arrays.toString(refs));
        }
        return b.toString();
    }
}
