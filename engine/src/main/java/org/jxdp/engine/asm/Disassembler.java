package org.jxdp.engine.asm;

import static org.jxdp.engine.isa.Opcodes.BPF_ABS;
import static org.jxdp.engine.isa.Opcodes.BPF_ALU;
import static org.jxdp.engine.isa.Opcodes.BPF_ALU64;
import static org.jxdp.engine.isa.Opcodes.BPF_ATOMIC;
import static org.jxdp.engine.isa.Opcodes.BPF_CALL;
import static org.jxdp.engine.isa.Opcodes.BPF_CMPXCHG;
import static org.jxdp.engine.isa.Opcodes.BPF_DIV;
import static org.jxdp.engine.isa.Opcodes.BPF_DW;
import static org.jxdp.engine.isa.Opcodes.BPF_END;
import static org.jxdp.engine.isa.Opcodes.BPF_EXIT;
import static org.jxdp.engine.isa.Opcodes.BPF_FETCH;
import static org.jxdp.engine.isa.Opcodes.BPF_IND;
import static org.jxdp.engine.isa.Opcodes.BPF_JA;
import static org.jxdp.engine.isa.Opcodes.BPF_JMP;
import static org.jxdp.engine.isa.Opcodes.BPF_JMP32;
import static org.jxdp.engine.isa.Opcodes.BPF_LD;
import static org.jxdp.engine.isa.Opcodes.BPF_LDX;
import static org.jxdp.engine.isa.Opcodes.BPF_LOAD_ACQ;
import static org.jxdp.engine.isa.Opcodes.BPF_MEM;
import static org.jxdp.engine.isa.Opcodes.BPF_MEMSX;
import static org.jxdp.engine.isa.Opcodes.BPF_MOD;
import static org.jxdp.engine.isa.Opcodes.BPF_MOV;
import static org.jxdp.engine.isa.Opcodes.BPF_NEG;
import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_CALL;
import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_KFUNC_CALL;
import static org.jxdp.engine.isa.Opcodes.BPF_ST;
import static org.jxdp.engine.isa.Opcodes.BPF_STORE_REL;
import static org.jxdp.engine.isa.Opcodes.BPF_STX;
import static org.jxdp.engine.isa.Opcodes.BPF_TO_BE;
import static org.jxdp.engine.isa.Opcodes.BPF_X;
import static org.jxdp.engine.isa.Opcodes.BPF_XCHG;
import static org.jxdp.engine.isa.Opcodes.LDDW;
import static org.jxdp.engine.isa.Opcodes.cls;
import static org.jxdp.engine.isa.Opcodes.mode;
import static org.jxdp.engine.isa.Opcodes.op;
import static org.jxdp.engine.isa.Opcodes.size;
import static org.jxdp.engine.isa.Opcodes.src;

import java.util.Arrays;
import org.jxdp.engine.isa.Insn;
import org.jxdp.engine.isa.Program;

/**
 * Writes a program in the conformance-suite syntax that {@link Assembler} reads, one
 * instruction per line, jumps as relative {@code +N}/{@code -N}. Every program round-trips:
 * {@code Assembler.assemble(disassemble(p))} gives back {@code p} slot for slot, because a slot
 * the syntax cannot express (reserved fields set, an unknown opcode, an LDDW with a pseudo
 * source) is written as {@code .insn 0x...}.
 */
public final class Disassembler {
    private Disassembler() {
    }

    /** The whole program, one line per instruction. */
    public static String disassemble(Program p) {
        StringBuilder sb = new StringBuilder();
        for (int pc = 0; pc < p.length(); pc++) {
            long slot = p.slot(pc);
            if (Insn.opcode(slot) == LDDW && pc + 1 < p.length()) {
                long next = p.slot(pc + 1);
                String text = lddw(slot, next);
                if (text != null && Arrays.equals(tryAssemble(text), new long[] {slot, next})) {
                    sb.append(text).append('\n');
                } else {
                    sb.append(raw(slot)).append('\n').append(raw(next)).append('\n');
                }
                pc++;
                continue;
            }
            sb.append(format(slot)).append('\n');
        }
        return sb.toString();
    }

    /** One slot (not an LDDW) in the conformance syntax, or {@code .insn 0x...}. */
    public static String format(long slot) {
        String text = canonical(slot);
        if (text != null && Arrays.equals(tryAssemble(text), new long[] {slot})) {
            return text;
        }
        return raw(slot);
    }

    private static long[] tryAssemble(String text) {
        try {
            return Assembler.assembleOne(text);
        } catch (AssemblyException e) {
            return null;
        }
    }

    private static String raw(long slot) {
        return String.format(".insn 0x%016x", slot);
    }

    private static String lddw(long slot, long next) {
        if (Insn.src(slot) != 0) {
            return null;
        }
        return "lddw " + r(Insn.dst(slot)) + ", 0x" + Long.toHexString(Insn.imm64(slot, next));
    }

    private static String canonical(long slot) {
        int code = Insn.opcode(slot);
        int dst = Insn.dst(slot);
        int src = Insn.src(slot);
        int off = Insn.off(slot);
        int imm = Insn.imm(slot);
        switch (cls(code)) {
            case BPF_ALU:
            case BPF_ALU64:
                return alu(code, dst, src, off, imm);
            case BPF_JMP:
            case BPF_JMP32:
                return jmp(code, dst, src, off, imm);
            case BPF_LDX:
                if (mode(code) == BPF_MEM || mode(code) == BPF_MEMSX) {
                    return "ldx" + (mode(code) == BPF_MEMSX ? "s" : "") + Mnemonics.sizeName(size(code)) + " "
                            + r(dst) + ", " + mem(src, off);
                }
                return null;
            case BPF_ST:
                return mode(code) == BPF_MEM ? "st" + Mnemonics.sizeName(size(code)) + " " + mem(dst, off) + ", " + imm
                        : null;
            case BPF_STX:
                if (mode(code) == BPF_MEM) {
                    return "stx" + Mnemonics.sizeName(size(code)) + " " + mem(dst, off) + ", " + r(src);
                }
                return mode(code) == BPF_ATOMIC ? atomic(code, dst, src, off, imm) : null;
            case BPF_LD:
                if (mode(code) == BPF_ABS) {
                    return "ldabs" + Mnemonics.sizeName(size(code)) + " " + imm;
                }
                if (mode(code) == BPF_IND) {
                    return "ldind" + Mnemonics.sizeName(size(code)) + " " + r(src) + ", " + imm;
                }
                return null;
            default:
                return null;
        }
    }

    private static String alu(int code, int dst, int src, int off, int imm) {
        boolean is32 = cls(code) == BPF_ALU;
        String sfx = is32 ? "32" : "";
        int op = op(code);
        if (op == BPF_NEG) {
            return "neg" + sfx + " " + r(dst);
        }
        if (op == BPF_END) {
            String name = is32 ? (src(code) == BPF_TO_BE ? "be" : "le") : "bswap";
            return name + imm + " " + r(dst);
        }
        if (op == BPF_MOV && src(code) == BPF_X && (off == 8 || off == 16 || off == 32)) {
            return "movsx" + off + (is32 ? "32" : "64") + " " + r(dst) + ", " + r(src);
        }
        String name = Mnemonics.aluName(op, off == 1 && (op == BPF_DIV || op == BPF_MOD));
        if (name == null) {
            return null;
        }
        String rhs = src(code) == BPF_X ? r(src) : Integer.toString(imm);
        return name + sfx + " " + r(dst) + ", " + rhs;
    }

    private static String jmp(int code, int dst, int src, int off, int imm) {
        boolean is32 = cls(code) == BPF_JMP32;
        switch (op(code)) {
            case BPF_JA:
                return is32 ? "ja32 " + rel(imm) : "ja " + rel(off);
            case BPF_EXIT:
                return "exit";
            case BPF_CALL:
                if (src(code) == BPF_X) {
                    return "call " + r(dst);
                }
                if (src == BPF_PSEUDO_CALL) {
                    return "call local " + rel(imm);
                }
                if (src == BPF_PSEUDO_KFUNC_CALL) {
                    return "call runtime " + imm;
                }
                return "call " + imm;
            default:
                String name = Mnemonics.jumpName(op(code));
                if (name == null) {
                    return null;
                }
                String rhs = src(code) == BPF_X ? r(src) : Integer.toString(imm);
                return name + (is32 ? "32" : "") + " " + r(dst) + ", " + rhs + ", " + rel(off);
        }
    }

    private static String atomic(int code, int dst, int src, int off, int imm) {
        if (imm == BPF_LOAD_ACQ) {
            return "ldacq" + Mnemonics.sizeName(size(code)) + " " + r(dst) + ", " + mem(src, off);
        }
        if (imm == BPF_STORE_REL) {
            return "strel" + Mnemonics.sizeName(size(code)) + " " + mem(dst, off) + ", " + r(src);
        }
        String sfx = size(code) == BPF_DW ? "" : "32";
        String name;
        if (imm == BPF_XCHG) {
            name = "xchg";
        } else if (imm == BPF_CMPXCHG) {
            name = "cmpxchg";
        } else {
            String base = Mnemonics.aluName(imm & ~BPF_FETCH, false);
            if (base == null) {
                return null;
            }
            name = ((imm & BPF_FETCH) != 0 ? "fetch " : "") + base;
        }
        return "lock " + name + sfx + " " + mem(dst, off) + ", " + r(src);
    }

    private static String r(int reg) {
        return "%r" + reg;
    }

    private static String mem(int reg, int off) {
        return "[%r" + reg + (off < 0 ? "-" + (-off) : "+" + off) + "]";
    }

    private static String rel(int off) {
        return off < 0 ? Integer.toString(off) : "+" + off;
    }
}
