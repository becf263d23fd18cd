package org.jxdp.engine.verifier;

import static org.jxdp.engine.isa.Opcodes.BPF_JMP32;
import static org.jxdp.engine.isa.Opcodes.BPF_X;
import static org.jxdp.engine.isa.Opcodes.cls;
import static org.jxdp.engine.isa.Opcodes.op;
import static org.jxdp.engine.isa.Opcodes.src;

import org.jxdp.engine.isa.Insn;
import org.jxdp.engine.verifier.Scalar.Cmp;

/**
 * Conditional jumps (the kernel's {@code check_cond_jmp_op}): a branch whose outcome the state
 * decides is followed one way only, and the code on the other side is not checked (as in the
 * kernel); otherwise both sides are explored, each knowing what its condition says:
 * <pre>
 *   numbers              bounds refined on both operands and on every copy of them (same id)
 *   lookup result == 0   NULL on one side (a number 0), a valid pointer on the other
 *   pkt + N &lt;= data_end  every packet pointer of the same base gets N bytes of range
 *   pkt + N &gt; data_end   that pointer is known past the end, deciding later equal tests
 * </pre>
 * Comparing pointers into different regions (a map value with the packet...) is refused.
 */
final class BranchTransfer {
    private final Analysis a;

    BranchTransfer(Analysis a) {
        this.a = a;
    }

    /** Steps the conditional jump at {@code pc}; false when neither side can be taken. */
    boolean apply(Analysis.Path p, State s, int pc, long insn) {
        int code = Insn.opcode(insn);
        boolean is32 = cls(code) == BPF_JMP32;
        int op = op(code);
        boolean x = src(code) == BPF_X;
        int dst = Insn.dst(insn);
        int src = x ? Insn.src(insn) : -1;
        int target = a.cf.jumpTarget(pc);
        Value d = Analysis.reg(s, pc, dst);
        Value v = x ? Analysis.reg(s, pc, src) : Value.constant(Insn.imm(insn));
        int bits = is32 ? 32 : 64;
        if (d.isPointer() || v.isPointer()) {
            return pointers(p, s, pc, target, op, is32, dst, src, d, v);
        }
        int decided = d.num.decide(op, v.num, bits);
        if (decided >= 0) {
            // the path depends on the exact values compared: they must be precise
            a.precise(s, 1 << dst | (src >= 0 ? 1 << src : 0));
            p.pc = decided == 1 ? target : pc + 1;
            return true;
        }
        recordLinks(p.history, s, d.id, x ? v.id : 0);
        State taken = s.copy();
        boolean t = refine(taken, dst, src, d, v, op, bits);
        boolean f = refine(s, dst, src, d, v, Cmp.negate(op), bits);
        return follow(p, s, taken, t, f, pc, target);
    }

    /**
     * Records in the history the registers and spilled slots that hold the numbers of ids
     * {@code id1} and {@code id2} (0: none), when there is more than one: the jump refines them
     * all, so precision tracking must treat them as one.
     */
    private static void recordLinks(History h, State s, int id1, int id2) {
        if (id1 == 0 && id2 == 0 || count(s, id1, id2) < 2) {
            return;
        }
        for (int d = 0; d < s.depth; d++) {
            Frame f = s.frames[d];
            for (int r = 0; r < f.regs.length; r++) {
                if (linked(f.regs[r], id1, id2)) {
                    h.linkRegister(d, r);
                }
            }
            for (int slot = 0; slot < Frame.SLOTS; slot++) {
                if (linked(f.spill(slot), id1, id2)) {
                    h.linkSlot(d, slot);
                }
            }
        }
    }

    private static int count(State s, int id1, int id2) {
        int n = 0;
        for (int d = 0; d < s.depth; d++) {
            Frame f = s.frames[d];
            for (int r = 0; r < f.regs.length; r++) {
                n += linked(f.regs[r], id1, id2) ? 1 : 0;
            }
            for (int slot = 0; slot < Frame.SLOTS; slot++) {
                n += linked(f.spill(slot), id1, id2) ? 1 : 0;
            }
        }
        return n;
    }

    private static boolean linked(Value v, int id1, int id2) {
        return v != null && v.isScalar() && v.id != 0 && (v.id == id1 || v.id == id2);
    }

    private boolean follow(Analysis.Path p, State fall, State taken, boolean t, boolean f, int pc, int target) {
        if (t && f) {
            a.fork(p, taken, target);
            p.state = fall;
            p.pc = pc + 1;
            return true;
        }
        if (t) {
            p.state = taken;
            p.pc = target;
            return true;
        }
        if (f) {
            p.state = fall;
            p.pc = pc + 1;
            return true;
        }
        return false;
    }

    /** Refines the operands in {@code st} by the fact {@code d op v}; false when it cannot hold. */
    private static boolean refine(State st, int dst, int src, Value d, Value v, int op, int bits) {
        Scalar[] r = d.num.refine(op, v.num, bits);
        if (r == null) {
            return false;
        }
        set(st, dst, d, r[0]);
        if (src >= 0) {
            set(st, src, v, r[1]);
        }
        return true;
    }

    /** Gives register {@code reg} (and every scalar linked to it) the bounds {@code n}. */
    private static void set(State st, int reg, Value old, Scalar n) {
        if (old.id != 0) {
            int id = old.id;
            st.mapValues(x -> x.isScalar() && x.id == id ? x.withNum(n) : x);
        } else {
            st.cur().regs[reg] = old.withNum(n);
        }
    }

    private boolean pointers(Analysis.Path p, State s, int pc, int target, int op, boolean is32, int dst, int src,
            Value d, Value v) {
        boolean eqne = op == Cmp.JEQ || op == Cmp.JNE;
        if (!is32 && eqne) {
            if (d.maybeNull && v.isConst(0)) {
                if (src >= 0) {
                    a.precise(s, 1 << src);
                }
                return nullCheck(p, s, pc, target, d, op == Cmp.JEQ);
            }
            if (v.maybeNull && d.isConst(0)) {
                a.precise(s, 1 << dst);
                return nullCheck(p, s, pc, target, v, op == Cmp.JEQ);
            }
            if (neverNull(d) && v.isConst(0) || neverNull(v) && d.isConst(0)) {
                a.precise(s, (d.isScalar() ? 1 << dst : 0) | (src >= 0 && v.isScalar() ? 1 << src : 0));
                p.pc = op == Cmp.JNE ? target : pc + 1;
                return true;
            }
        }
        if (d.isPointer() && v.isPointer()) {
            if (!is32 && src >= 0 && d.type.isPacket() && v.type.isPacket()) {
                int decided = packetDecided(d, v, op);
                if (decided >= 0) {
                    p.pc = decided == 1 ? target : pc + 1;
                    return true;
                }
                State taken = s.copy();
                if (packet(taken, s, op, dst, src, d, v)) {
                    return follow(p, s, taken, true, true, pc, target);
                }
            }
            if (!region(d).equals(region(v))) {
                throw new Refusal(pc, "comparison of pointers to different regions", "r" + dst + " is "
                        + a.describe(d) + ", r" + src + " is " + a.describe(v), 1 << dst | 1 << src);
            }
        }
        return follow(p, s, s.copy(), true, true, pc, target);
    }

    /** Pointer kinds that are never NULL (the kernel's {@code reg_not_null}). */
    private static boolean neverNull(Value v) {
        return !v.maybeNull && (v.type == RegType.PTR_TO_MAP_VALUE || v.type == RegType.PTR_TO_MAP_KEY
                || v.type == RegType.PTR_TO_MEM);
    }

    /** The memory region a pointer points into, for comparisons. */
    private static String region(Value v) {
        switch (v.type) {
            case PTR_TO_PACKET:
            case PTR_TO_PACKET_META:
            case PTR_TO_PACKET_END:
                return "packet";
            case PTR_TO_MAP_VALUE:
            case PTR_TO_MAP_KEY:
                return v.type.text + v.aux;
            case PTR_TO_MEM:
                return "mem" + v.ref;
            default:
                return v.type.text;
        }
    }

    /** {@code ptr == 0} (or !=) on a pointer that may be NULL: NULL on one side, valid on the other. */
    private boolean nullCheck(Analysis.Path p, State s, int pc, int target, Value ptr, boolean eq) {
        State taken = s.copy();
        State isNull = eq ? taken : s;
        State notNull = eq ? s : taken;
        int id = ptr.id;
        int ref = ptr.ref;
        isNull.mapValues(x -> x.maybeNull && x.id == id ? Value.constant(0) : x);
        if (ref != 0) {
            isNull.refs = java.util.Arrays.stream(isNull.refs).filter(r -> r != ref).toArray();
        }
        notNull.mapValues(x -> x.maybeNull && x.id == id ? x.nonNull() : x);
        return follow(p, s, taken, true, true, pc, target);
    }

    /** The kernel's {@code is_pkt_ptr_branch_taken}: a pointer known past data_end decides later tests. */
    private static int packetDecided(Value d, Value v, int op) {
        Value pkt;
        int o = op;
        if (v.type == RegType.PTR_TO_PACKET_END) {
            pkt = d;
        } else if (d.type == RegType.PTR_TO_PACKET_END) {
            pkt = v;
            o = Cmp.flip(op);
        } else {
            return -1;
        }
        if (pkt.range >= 0) {
            return -1;
        }
        switch (o) {
            case Cmp.JLE:
            case Cmp.JGT:
                return pkt.range == Value.BEYOND_PKT_END ? (o == Cmp.JGT ? 1 : 0) : -1;
            case Cmp.JLT:
            case Cmp.JGE:
                return o == Cmp.JGE ? 1 : 0;
            default:
                return -1;
        }
    }

    /**
     * The kernel's {@code try_match_pkt_pointers}: refines {@code taken} and {@code fall} by a
     * comparison of a packet pointer with data_end (or a metadata pointer with data); false
     * when the comparison is not one of those.
     */
    private static boolean packet(State taken, State fall, int op, int dst, int src, Value d, Value v) {
        boolean dstPkt = d.type == RegType.PTR_TO_PACKET && v.type == RegType.PTR_TO_PACKET_END
                || d.type == RegType.PTR_TO_PACKET_META && v.isInitPacketPointer();
        boolean srcPkt = d.type == RegType.PTR_TO_PACKET_END && v.type == RegType.PTR_TO_PACKET
                || d.isInitPacketPointer() && v.type == RegType.PTR_TO_PACKET_META;
        if (!dstPkt && !srcPkt) {
            return false;
        }
        switch (op) {
            case Cmp.JGT:
                if (dstPkt) {
                    good(fall, d, false);
                    pastEnd(taken, dst, true);
                } else {
                    good(taken, v, true);
                    pastEnd(fall, src, false);
                }
                return true;
            case Cmp.JLT:
                if (dstPkt) {
                    good(taken, d, true);
                    pastEnd(fall, dst, false);
                } else {
                    good(fall, v, false);
                    pastEnd(taken, src, true);
                }
                return true;
            case Cmp.JGE:
                if (dstPkt) {
                    good(fall, d, true);
                    pastEnd(taken, dst, false);
                } else {
                    good(taken, v, false);
                    pastEnd(fall, src, true);
                }
                return true;
            case Cmp.JLE:
                if (dstPkt) {
                    good(taken, d, false);
                    pastEnd(fall, dst, true);
                } else {
                    good(fall, v, true);
                    pastEnd(taken, src, false);
                }
                return true;
            default:
                return false;
        }
    }

    /**
     * The kernel's {@code find_good_pkt_pointers}: {@code ptr} is at or before data_end (strictly
     * before when {@code open}), so its base has {@code ptr.off} (+1) good bytes, and so has every
     * packet pointer sharing that base.
     */
    private static void good(State st, Value ptr, boolean open) {
        if (ptr.off < 0 || ptr.off == 0 && open) {
            return;
        }
        if (Long.compareUnsigned(ptr.num.umax, 0xffff) > 0 || ptr.num.umax + ptr.off > 0xffff) {
            return;
        }
        int range = ptr.off + (open ? 1 : 0);
        RegType type = ptr.type;
        int id = ptr.id;
        st.mapValues(x -> x.type == type && x.id == id ? x.withRange(Math.max(x.range, range)) : x);
    }

    /** The kernel's {@code mark_pkt_end}: the register is known at (or past) data_end. */
    private static void pastEnd(State st, int reg, boolean beyond) {
        Value r = st.cur().regs[reg];
        if (r.type == RegType.PTR_TO_PACKET) {
            st.cur().regs[reg] = r.withRange(beyond ? Value.BEYOND_PKT_END : Value.AT_PKT_END);
        }
    }
}
