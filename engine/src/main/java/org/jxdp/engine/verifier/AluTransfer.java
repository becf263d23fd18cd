package org.jxdp.engine.verifier;

import static org.jxdp.engine.isa.Opcodes.BPF_ADD;
import static org.jxdp.engine.isa.Opcodes.BPF_ALU64;
import static org.jxdp.engine.isa.Opcodes.BPF_ARSH;
import static org.jxdp.engine.isa.Opcodes.BPF_DIV;
import static org.jxdp.engine.isa.Opcodes.BPF_END;
import static org.jxdp.engine.isa.Opcodes.BPF_LSH;
import static org.jxdp.engine.isa.Opcodes.BPF_MOD;
import static org.jxdp.engine.isa.Opcodes.BPF_MOV;
import static org.jxdp.engine.isa.Opcodes.BPF_NEG;
import static org.jxdp.engine.isa.Opcodes.BPF_RSH;
import static org.jxdp.engine.isa.Opcodes.BPF_SUB;
import static org.jxdp.engine.isa.Opcodes.BPF_X;
import static org.jxdp.engine.isa.Opcodes.cls;
import static org.jxdp.engine.isa.Opcodes.op;
import static org.jxdp.engine.isa.Opcodes.src;

import org.jxdp.engine.isa.Insn;

/**
 * Arithmetic instructions (the kernel's {@code check_alu_op} and {@code adjust_reg_min_max_vals}):
 * scalar operations on their bounds, and the pointer arithmetic the kernel allows: a 64-bit
 * pointer plus or minus a bounded scalar, and the difference of two pointers (a scalar).
 */
final class AluTransfer {
    /** Largest offset pointer arithmetic may produce (kernel BPF_MAX_VAR_OFF). */
    static final long BPF_MAX_VAR_OFF = 1L << 29;

    private final Analysis a;

    AluTransfer(Analysis a) {
        this.a = a;
    }

    void apply(State s, int pc, long insn) {
        int code = Insn.opcode(insn);
        boolean is64 = cls(code) == BPF_ALU64;
        int bits = is64 ? 64 : 32;
        int op = op(code);
        int dst = Insn.dst(insn);
        int src = Insn.src(insn);
        int off = Insn.off(insn);
        int imm = Insn.imm(insn);
        boolean x = src(code) == BPF_X;
        Frame f = s.cur();
        if (op == BPF_MOV) {
            mov(s, pc, is64, x, dst, src, off, imm);
            return;
        }
        Value d = Analysis.reg(s, pc, dst);
        if (op == BPF_END) {
            boolean swap = is64 || x;
            f.regs[dst] = d.isPointer() ? Value.UNKNOWN : Value.scalar(d.num.endian(imm, swap));
            return;
        }
        if (op == BPF_NEG) {
            f.regs[dst] = d.isPointer() ? Value.UNKNOWN : Value.scalar(d.num.neg(bits));
            return;
        }
        Value v = x ? Analysis.reg(s, pc, src) : Value.constant(imm);
        if (!x && (op == BPF_DIV || op == BPF_MOD) && imm == 0) {
            throw new Refusal(pc, "division by zero");
        }
        if (!x && (op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH) && (imm < 0 || imm >= bits)) {
            throw new Refusal(pc, "invalid shift by " + imm + " (a " + bits + "-bit shift takes 0.." + (bits - 1) + ")");
        }
        if (d.isPointer() || v.isPointer()) {
            f.regs[dst] = pointerArithmetic(s, pc, is64, op, dst, x ? src : -1, d, v);
            return;
        }
        boolean signed = (op == BPF_DIV || op == BPF_MOD) && off == 1;
        f.regs[dst] = Value.scalar(d.num.alu(op, v.num, bits, signed));
    }

    private void mov(State s, int pc, boolean is64, boolean x, int dst, int src, int off, int imm) {
        Frame f = s.cur();
        if (!x) {
            f.regs[dst] = Value.constant(is64 ? imm : imm & Scalar.U32_MAX);
            return;
        }
        Value v = Analysis.reg(s, pc, src);
        if (is64) {
            if (off == 0) {
                if (v.isScalar() && v.id == 0 && !v.num.isConst()) {
                    v = v.withId(a.newId());
                    f.regs[src] = v;
                }
                f.regs[dst] = v;
                return;
            }
            if (v.isPointer()) {
                throw new Refusal(pc, "sign-extending move of a pointer", "r" + src + " is "
                        + a.describe(v) + ": only numbers can be sign-extended", 1 << src);
            }
            f.regs[dst] = Value.scalar(v.num.signExtend(off));
            return;
        }
        if (v.isPointer()) {
            // the kernel lets privileged programs copy the low half of a pointer as a number
            f.regs[dst] = Value.scalar(Scalar.unsigned(4));
            return;
        }
        if (off != 0) {
            f.regs[dst] = Value.scalar(v.num.signExtend(off).zext32());
            return;
        }
        if (Long.compareUnsigned(v.num.umax, Scalar.U32_MAX) <= 0) {
            if (v.id == 0 && !v.num.isConst()) {
                v = v.withId(a.newId());
                f.regs[src] = v;
            }
            f.regs[dst] = Value.scalar(v.num.zext32()).withId(v.id);
            return;
        }
        f.regs[dst] = Value.scalar(v.num.zext32());
    }

    private Value pointerArithmetic(State s, int pc, boolean is64, int op, int dst, int src, Value d, Value v) {
        int regs = 1 << dst | (src >= 0 ? 1 << src : 0);
        if (!is64) {
            throw new Refusal(pc, "32-bit arithmetic on a pointer", "pointers change only by 64-bit + and -", regs);
        }
        if (d.isPointer() && v.isPointer()) {
            if (op == BPF_SUB) {
                return Value.UNKNOWN;
            }
            throw new Refusal(pc, "arithmetic between two pointers", "only the difference of two pointers "
                    + "(a number) is allowed", regs);
        }
        if (op != BPF_ADD && op != BPF_SUB) {
            throw new Refusal(pc, "pointer arithmetic with " + name(op), "pointers change only by + and - of a number",
                    regs);
        }
        boolean swapped = !d.isPointer();
        if (swapped && op == BPF_SUB) {
            throw new Refusal(pc, "a pointer subtracted from a number", null, regs);
        }
        Value ptr = swapped ? v : d;
        Value num = swapped ? d : v;
        int numReg = swapped ? dst : src;
        if (numReg >= 0) {
            // the pointer's offset is the number's value: it must be precise
            a.precise(s, 1 << numReg);
        }
        return move(pc, swapped ? src : dst, ptr, num, op == BPF_SUB, regs);
    }

    /** {@code ptr + num} (or {@code - num}), the kernel's {@code adjust_ptr_min_max_vals}. */
    Value move(int pc, int ptrReg, Value ptr, Value num, boolean sub, int regs) {
        String what = "r" + ptrReg + " (" + a.describe(ptr) + ")";
        if (ptr.maybeNull) {
            throw new Refusal(pc, "arithmetic on a pointer that may be NULL", what
                    + " must be checked against 0 first", regs);
        }
        switch (ptr.type) {
            case PTR_TO_PACKET_END:
            case CONST_PTR_TO_MAP:
            case PTR_TO_FUNC:
            case PTR_TO_MAP_KEY:
                throw new Refusal(pc, "arithmetic on a " + ptr.type.text + " pointer", what
                        + " may only be passed on or compared", regs);
            default:
                break;
        }
        Scalar n = num.num;
        checkSane(pc, n, ptr.type, regs);
        if (n.isConst()) {
            long newOff = ptr.off + (sub ? -n.value() : n.value());
            if (newOff >= BPF_MAX_VAR_OFF || newOff <= -BPF_MAX_VAR_OFF) {
                throw new Refusal(pc, "pointer offset out of range", what + " would move to offset " + newOff
                        + " (the limit is +-" + BPF_MAX_VAR_OFF + ")", regs);
            }
            return ptr.withOff((int) newOff);
        }
        Scalar var = ptr.num.alu(sub ? BPF_SUB : BPF_ADD, n, 64, false);
        checkSane(pc, var, ptr.type, regs);
        Value out = ptr.withNum(var);
        if (ptr.type.isPacket()) {
            out = out.withId(a.newId()).withRange(0);
        }
        return out;
    }

    /** The kernel's {@code check_reg_sane_offset}: offsets added to pointers must be bounded. */
    private static void checkSane(int pc, Scalar n, RegType type, int regs) {
        if (n.isConst()) {
            long v = n.value();
            if (v >= BPF_MAX_VAR_OFF || v <= -BPF_MAX_VAR_OFF) {
                throw new Refusal(pc, "pointer arithmetic with a too large number", "math between a " + type.text
                        + " pointer and " + v + " is not allowed (the limit is +-" + BPF_MAX_VAR_OFF + ")", regs);
            }
            return;
        }
        if (n.smin == Long.MIN_VALUE) {
            throw new Refusal(pc, "pointer arithmetic with an unbounded number", "math between a " + type.text
                    + " pointer and a number with no lower bound (" + n + ") is not allowed: bound it first", regs);
        }
        if (n.smin >= BPF_MAX_VAR_OFF || n.smin <= -BPF_MAX_VAR_OFF) {
            throw new Refusal(pc, "pointer arithmetic out of range", "a number with minimum " + n.smin + " makes the "
                    + type.text + " pointer go out of bounds", regs);
        }
    }

    private static String name(int op) {
        switch (op) {
            case 0x20: return "*";
            case 0x30: return "/";
            case 0x40: return "|";
            case 0x50: return "&";
            case 0x60: return "<<";
            case 0x70: return ">>";
            case 0x90: return "%";
            case 0xa0: return "^";
            case 0xc0: return "s>>";
            default: return "op " + op;
        }
    }
}
