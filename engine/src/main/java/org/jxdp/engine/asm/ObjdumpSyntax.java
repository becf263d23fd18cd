package org.jxdp.engine.asm;

import static org.jxdp.engine.isa.Opcodes.BPF_ABS;
import static org.jxdp.engine.isa.Opcodes.BPF_ADD;
import static org.jxdp.engine.isa.Opcodes.BPF_ALU;
import static org.jxdp.engine.isa.Opcodes.BPF_ALU64;
import static org.jxdp.engine.isa.Opcodes.BPF_AND;
import static org.jxdp.engine.isa.Opcodes.BPF_ARSH;
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
import static org.jxdp.engine.isa.Opcodes.BPF_LSH;
import static org.jxdp.engine.isa.Opcodes.BPF_MEM;
import static org.jxdp.engine.isa.Opcodes.BPF_MEMSX;
import static org.jxdp.engine.isa.Opcodes.BPF_MOD;
import static org.jxdp.engine.isa.Opcodes.BPF_MOV;
import static org.jxdp.engine.isa.Opcodes.BPF_MUL;
import static org.jxdp.engine.isa.Opcodes.BPF_NEG;
import static org.jxdp.engine.isa.Opcodes.BPF_OR;
import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_BTF_ID;
import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_CALL;
import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_FUNC;
import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_KFUNC_CALL;
import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_MAP_FD;
import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_MAP_IDX;
import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_MAP_IDX_VALUE;
import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_MAP_VALUE;
import static org.jxdp.engine.isa.Opcodes.BPF_RSH;
import static org.jxdp.engine.isa.Opcodes.BPF_ST;
import static org.jxdp.engine.isa.Opcodes.BPF_STORE_REL;
import static org.jxdp.engine.isa.Opcodes.BPF_STX;
import static org.jxdp.engine.isa.Opcodes.BPF_SUB;
import static org.jxdp.engine.isa.Opcodes.BPF_TO_BE;
import static org.jxdp.engine.isa.Opcodes.BPF_X;
import static org.jxdp.engine.isa.Opcodes.BPF_XCHG;
import static org.jxdp.engine.isa.Opcodes.BPF_XOR;
import static org.jxdp.engine.isa.Opcodes.LDDW;
import static org.jxdp.engine.isa.Opcodes.cls;
import static org.jxdp.engine.isa.Opcodes.mode;
import static org.jxdp.engine.isa.Opcodes.op;
import static org.jxdp.engine.isa.Opcodes.size;
import static org.jxdp.engine.isa.Opcodes.src;

import java.util.function.IntFunction;
import org.jxdp.engine.isa.Insn;
import org.jxdp.engine.isa.Program;

/**
 * Formats instructions the way {@code llvm-objdump -d} prints BPF code, for people:
 * {@code r2 = *(u32 *)(r1 + 4)}, {@code if w1 s> 5 goto +3}, {@code r0 = atomic_fetch_add((u64
 * *)(r10 - 8), r0)}. Any bit pattern formats; encodings that mean nothing print as
 * {@code <invalid ...>} with their raw slot, so messages about bad programs can quote them.
 */
public final class ObjdumpSyntax {
    private ObjdumpSyntax() {
    }

    private static final String[] ALU_OPS = {
        "+=", "-=", "*=", "/=", "|=", "&=", "<<=", ">>=", null, "%=", "^=", "=", "s>>=", null, null, null,
    };
    private static final String[] JMP_OPS = {
        null, "==", ">", ">=", "&", "!=", "s>", "s>=", null, null, "<", "<=", "s<", "s<=", null, null,
    };

    /** The instruction at {@code pc}, reading the next slot too when it is an LDDW. */
    public static String format(Program p, int pc) {
        long slot = p.slot(pc);
        long next = pc + 1 < p.length() ? p.slot(pc + 1) : 0;
        return format(slot, next, pc + 1 < p.length(), null);
    }

    /** One instruction; {@code next} is the following slot (only read for an LDDW). */
    public static String format(long slot, long next) {
        return format(slot, next, true, null);
    }

    /**
     * One instruction, with helper calls named by {@code helperNames} (which may return null).
     */
    public static String format(long slot, long next, boolean hasNext, IntFunction<String> helperNames) {
        int code = Insn.opcode(slot);
        int dst = Insn.dst(slot);
        int src = Insn.src(slot);
        int off = Insn.off(slot);
        int imm = Insn.imm(slot);
        switch (cls(code)) {
            case BPF_ALU:
            case BPF_ALU64:
                return alu(code, dst, src, off, imm, slot);
            case BPF_JMP:
            case BPF_JMP32:
                return jmp(code, dst, src, off, imm, slot, helperNames);
            case BPF_LDX:
                if (mode(code) == BPF_MEM || (mode(code) == BPF_MEMSX && size(code) != BPF_DW)) {
                    return "r" + dst + " = *(" + (mode(code) == BPF_MEMSX ? "s" : "u") + bits(code) + " *)"
                            + mem(src, off);
                }
                return invalid(slot);
            case BPF_ST:
                if (mode(code) == BPF_MEM) {
                    return "*(u" + bits(code) + " *)" + mem(dst, off) + " = " + imm;
                }
                return invalid(slot);
            case BPF_STX:
                if (mode(code) == BPF_MEM) {
                    return "*(u" + bits(code) + " *)" + mem(dst, off) + " = r" + src;
                }
                if (mode(code) == BPF_ATOMIC) {
                    return atomic(code, dst, src, off, imm, slot);
                }
                return invalid(slot);
            default:
                return ld(code, dst, src, off, imm, slot, next, hasNext);
        }
    }

    private static String alu(int code, int dst, int src, int off, int imm, long slot) {
        boolean is64 = cls(code) == BPF_ALU64;
        String r = is64 ? "r" : "w";
        String d = r + dst;
        String s = src(code) == BPF_X ? r + src : Integer.toString(imm);
        int op = op(code);
        if (op == BPF_NEG) {
            return d + " = -" + d;
        }
        if (op == BPF_END) {
            String name = !is64 ? (src(code) == BPF_TO_BE ? "be" : "le") : (src(code) == BPF_X ? null : "bswap");
            if (name == null) {
                return invalid(slot);
            }
            return "r" + dst + " = " + name + imm + " r" + dst;
        }
        String sym = ALU_OPS[op >> 4];
        if (sym == null) {
            return invalid(slot);
        }
        if (op == BPF_MOV && off != 0 && src(code) == BPF_X) {
            return d + " = (s" + off + ")" + r + src;
        }
        if ((op == BPF_DIV || op == BPF_MOD) && off == 1) {
            sym = "s" + sym;
        }
        return d + " " + sym + " " + s;
    }

    private static String jmp(int code, int dst, int src, int off, int imm, long slot, IntFunction<String> names) {
        boolean is32 = cls(code) == BPF_JMP32;
        int op = op(code);
        switch (op) {
            case BPF_JA:
                return is32 ? "gotol " + rel(imm) : "goto " + rel(off);
            case BPF_CALL:
                if (is32) {
                    return invalid(slot);
                }
                if (src(code) == BPF_X) {
                    return "callx r" + dst;
                }
                if (src == BPF_PSEUDO_CALL) {
                    return "call pc" + rel(imm);
                }
                if (src == BPF_PSEUDO_KFUNC_CALL) {
                    return "call kfunc#" + imm;
                }
                String name = names == null ? null : names.apply(imm);
                return name == null ? "call " + imm : "call " + name + "#" + imm;
            case BPF_EXIT:
                return is32 ? invalid(slot) : "exit";
            default:
                String sym = JMP_OPS[op >> 4];
                if (sym == null) {
                    return invalid(slot);
                }
                String r = is32 ? "w" : "r";
                String rhs = src(code) == BPF_X ? r + src : Integer.toString(imm);
                return "if " + r + dst + " " + sym + " " + rhs + " goto " + rel(off);
        }
    }

    private static String atomic(int code, int dst, int src, int off, int imm, long slot) {
        int sz = size(code);
        boolean is64 = sz == BPF_DW;
        String ty = "u" + bits(code);
        String r = is64 ? "r" : "w";
        String addr = "(" + ty + " *)" + mem(dst, off);
        if (imm == BPF_LOAD_ACQ) {
            return (sz == BPF_DW ? "r" : "w") + dst + " = load_acquire((" + ty + " *)" + mem(src, off) + ")";
        }
        if (imm == BPF_STORE_REL) {
            return "store_release(" + addr + ", " + (sz == BPF_DW ? "r" : "w") + src + ")";
        }
        if (sz != BPF_DW && sz != 0) {
            return invalid(slot);
        }
        String suffix = is64 ? "_64" : "32_32";
        if (imm == BPF_XCHG) {
            return r + src + " = xchg" + suffix + "(r" + dst + " " + signed(off) + ", " + r + src + ")";
        }
        if (imm == BPF_CMPXCHG) {
            return r + "0 = cmpxchg" + suffix + "(r" + dst + " " + signed(off) + ", " + r + "0, " + r + src + ")";
        }
        String name;
        String sym;
        switch (imm & ~BPF_FETCH) {
            case BPF_ADD: name = "add"; sym = "+="; break;
            case BPF_OR: name = "or"; sym = "|="; break;
            case BPF_AND: name = "and"; sym = "&="; break;
            case BPF_XOR: name = "xor"; sym = "^="; break;
            default: return invalid(slot);
        }
        if ((imm & BPF_FETCH) != 0) {
            return r + src + " = atomic_fetch_" + name + "(" + addr + ", " + r + src + ")";
        }
        return "lock *" + addr + " " + sym + " " + r + src;
    }

    private static String ld(int code, int dst, int src, int off, int imm, long slot, long next, boolean hasNext) {
        if (code == LDDW) {
            if (!hasNext) {
                return "r" + dst + " = <incomplete lddw>";
            }
            long value = Insn.imm64(slot, next);
            switch (src) {
                case 0: return "r" + dst + " = " + value + " ll";
                case BPF_PSEUDO_MAP_FD: return "r" + dst + " = map[fd:" + imm + "]";
                case BPF_PSEUDO_MAP_VALUE: return "r" + dst + " = map[fd:" + imm + "][0]+" + Insn.imm(next);
                case BPF_PSEUDO_BTF_ID: return "r" + dst + " = btf_id[" + imm + "]";
                case BPF_PSEUDO_FUNC: return "r" + dst + " = func[pc" + rel(imm) + "]";
                case BPF_PSEUDO_MAP_IDX: return "r" + dst + " = map[idx:" + imm + "]";
                case BPF_PSEUDO_MAP_IDX_VALUE: return "r" + dst + " = map[idx:" + imm + "][0]+" + Insn.imm(next);
                default: return invalid(slot);
            }
        }
        if (cls(code) == BPF_LD && (mode(code) == BPF_ABS || mode(code) == BPF_IND) && size(code) != BPF_DW) {
            String at = mode(code) == BPF_ABS ? Integer.toString(imm) : "r" + src + " " + signed(imm);
            return "r0 = *(u" + bits(code) + " *)skb[" + at + "]";
        }
        return invalid(slot);
    }


    private static int bits(int code) {
        switch (size(code)) {
            case 0x10: return 8;
            case 0x08: return 16;
            case 0x00: return 32;
            default: return 64;
        }
    }

    private static String mem(int reg, int off) {
        return "(r" + reg + " " + signed(off) + ")";
    }

    private static String signed(int off) {
        return off < 0 ? "- " + (-(long) off) : "+ " + off;
    }

    private static String rel(int off) {
        return off < 0 ? Integer.toString(off) : "+" + off;
    }

    private static String invalid(long slot) {
        return String.format("<invalid opcode 0x%02x, insn 0x%016x>", Insn.opcode(slot), slot);
    }

    /**
     * A listing in llvm-objdump's layout: index, raw bytes, instruction; an LDDW shows both
     * slots' bytes on one line and takes two indexes.
     * <pre>
     *        0:	b7 00 00 00 00 00 00 00	r0 = 0
     * </pre>
     */
    public static String listing(Program p, boolean rawBytes) {
        return listing(p, rawBytes, null, null);
    }

    /**
     * A listing with helper calls named by {@code helperNames} and, before each instruction
     * whose source line differs from the previous one's, a comment line {@code ; text} from
     * {@code sourceLines} (as {@code llvm-objdump -S} prints); either may be null.
     */
    public static String listing(Program p, boolean rawBytes, IntFunction<String> helperNames,
            IntFunction<String> sourceLines) {
        StringBuilder sb = new StringBuilder();
        String lastSource = null;
        for (int pc = 0; pc < p.length(); pc++) {
            long slot = p.slot(pc);
            boolean wide = Insn.opcode(slot) == LDDW && pc + 1 < p.length();
            if (sourceLines != null) {
                String src = sourceLines.apply(pc);
                if (src != null && !src.equals(lastSource)) {
                    sb.append("; ").append(src).append('\n');
                    lastSource = src;
                }
            }
            sb.append(String.format("%8d:\t", pc));
            if (rawBytes) {
                appendBytes(sb, slot);
                if (wide) {
                    sb.append(' ');
                    appendBytes(sb, p.slot(pc + 1));
                }
                sb.append('\t');
            }
            long next = pc + 1 < p.length() ? p.slot(pc + 1) : 0;
            sb.append(format(slot, next, pc + 1 < p.length(), helperNames)).append('\n');
            if (wide) {
                pc++;
            }
        }
        return sb.toString();
    }

    private static void appendBytes(StringBuilder sb, long slot) {
        for (int i = 0; i < 8; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(String.format("%02x", (slot >>> (8 * i)) & 0xff));
        }
    }
}
