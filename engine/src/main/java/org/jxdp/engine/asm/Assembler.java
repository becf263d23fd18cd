package org.jxdp.engine.asm;

import static org.jxdp.engine.isa.Opcodes.BPF_ABS;
import static org.jxdp.engine.isa.Opcodes.BPF_ADD;
import static org.jxdp.engine.isa.Opcodes.BPF_ALU;
import static org.jxdp.engine.isa.Opcodes.BPF_ALU64;
import static org.jxdp.engine.isa.Opcodes.BPF_AND;
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
import static org.jxdp.engine.isa.Opcodes.BPF_K;
import static org.jxdp.engine.isa.Opcodes.BPF_LD;
import static org.jxdp.engine.isa.Opcodes.BPF_LDX;
import static org.jxdp.engine.isa.Opcodes.BPF_LOAD_ACQ;
import static org.jxdp.engine.isa.Opcodes.BPF_MEM;
import static org.jxdp.engine.isa.Opcodes.BPF_MEMSX;
import static org.jxdp.engine.isa.Opcodes.BPF_MOD;
import static org.jxdp.engine.isa.Opcodes.BPF_MOV;
import static org.jxdp.engine.isa.Opcodes.BPF_NEG;
import static org.jxdp.engine.isa.Opcodes.BPF_OR;
import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_CALL;
import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_KFUNC_CALL;
import static org.jxdp.engine.isa.Opcodes.BPF_ST;
import static org.jxdp.engine.isa.Opcodes.BPF_STORE_REL;
import static org.jxdp.engine.isa.Opcodes.BPF_STX;
import static org.jxdp.engine.isa.Opcodes.BPF_TO_BE;
import static org.jxdp.engine.isa.Opcodes.BPF_TO_LE;
import static org.jxdp.engine.isa.Opcodes.BPF_X;
import static org.jxdp.engine.isa.Opcodes.BPF_XCHG;
import static org.jxdp.engine.isa.Opcodes.BPF_XOR;
import static org.jxdp.engine.isa.Opcodes.LDDW;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jxdp.engine.isa.Insn;
import org.jxdp.engine.isa.Program;

/**
 * Assembles the text syntax of the conformance suite's {@code -- asm} sections (uBPF's syntax,
 * described in {@code ../shared/conformance/FORMAT.md}, section 4): {@code mov32 %r0, 0x11},
 * {@code ldxh %r0, [%r1+2]}, {@code jne %r1, 0, +3}, {@code lock fetch add32 [%r10-4], %r1},
 * {@code call local func}, labels on their own lines, {@code #} comments.
 *
 * <p>Rules worth knowing: a hex 32-bit immediate is a raw bit pattern ({@code 0xffffffff} is
 * -1), a decimal one must fit int32; jump targets are {@code +N}/{@code -N} slots relative to
 * the next instruction, or labels; the first {@code exit} instruction defines the label
 * {@code exit} unless the text declares one; {@code call %rN} is callx with the register in the
 * dst field. Beyond that syntax: {@code sdiv/smod/movsx*} (ISA v4), {@code ldacq*}/
 * {@code strel*} (load-acquire, store-release), {@code ldabs*}/{@code ldind*} (legacy packet
 * loads, which the checker refuses) and {@code .insn 0x...} for any raw slot, so that every
 * program can be written down and read back ({@link Disassembler}).
 */
public final class Assembler {
    private static final Pattern LABEL = Pattern.compile("^([A-Za-z_.][A-Za-z0-9_.]*)\\s*:\\s*(.*)$");
    private static final Pattern REGISTER = Pattern.compile("%?r(\\d+)");
    private static final Pattern MEMORY =
            Pattern.compile("\\[\\s*([^\\]+\\-\\s]+)\\s*(?:([+-])\\s*([^\\]\\s]+))?\\s*\\]");
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_.][A-Za-z0-9_.]*");

    private Assembler() {
    }

    private record Line(int number, String mnemonic, String operands, int pc) {
    }

    /** Assembles {@code text} into a program called {@code name}. */
    public static Program assemble(String name, String text) throws AssemblyException {
        List<Line> lines = new ArrayList<>();
        Map<String, Integer> labels = new HashMap<>();
        int pc = 0;
        int firstExit = -1;
        String[] src = text.split("\r?\n", -1);
        for (int i = 0; i < src.length; i++) {
            String s = stripComment(src[i]).trim();
            Matcher lm;
            while (!s.isEmpty() && (lm = LABEL.matcher(s)).matches()) {
                if (labels.put(lm.group(1), pc) != null) {
                    throw new AssemblyException(i + 1, "Duplicate label: " + lm.group(1));
                }
                s = lm.group(2).trim();
            }
            if (s.isEmpty()) {
                continue;
            }
            int sp = indexOfSpace(s);
            String mnemonic = (sp < 0 ? s : s.substring(0, sp)).toLowerCase();
            String operands = sp < 0 ? "" : s.substring(sp + 1).trim();
            lines.add(new Line(i + 1, mnemonic, operands, pc));
            if (mnemonic.equals("exit") && firstExit < 0) {
                firstExit = pc;
            }
            pc += mnemonic.equals("lddw") ? 2 : 1;
        }
        if (firstExit >= 0) {
            labels.putIfAbsent("exit", firstExit);
        }
        long[] slots = new long[pc];
        for (Line l : lines) {
            long[] out = encode(l, labels);
            System.arraycopy(out, 0, slots, l.pc, out.length);
        }
        return Program.of(name, slots);
    }

    /** Assembles one instruction with numeric jump targets; an LDDW gives two slots. */
    public static long[] assembleOne(String text) throws AssemblyException {
        return assemble("insn", text).slots();
    }

    private static int indexOfSpace(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.isWhitespace(s.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static String stripComment(String s) {
        int h = s.indexOf('#');
        return h < 0 ? s : s.substring(0, h);
    }

    // ---------------------------------------------------------------- encoding

    private static long[] encode(Line l, Map<String, Integer> labels) throws AssemblyException {
        String m = l.mnemonic;
        List<String> ops = splitOperands(l.operands);
        int n = l.number;
        switch (m) {
            case "exit":
                count(l, ops, 0);
                return one(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
            case "ja":
                count(l, ops, 1);
                return one(BPF_JMP | BPF_JA, 0, 0, offset16(n, target(l, ops.get(0), labels)), 0);
            case "ja32":
                count(l, ops, 1);
                return one(BPF_JMP32 | BPF_JA, 0, 0, 0, target(l, ops.get(0), labels));
            case "call":
                return call(l, labels);
            case "lock":
                return lock(l);
            case "lddw": {
                count(l, ops, 2);
                long v = imm64(n, ops.get(1));
                return new long[] {
                    Insn.encode(LDDW, reg(n, ops.get(0)), 0, 0, (int) v),
                    Insn.encode(0, 0, 0, 0, (int) (v >>> 32)),
                };
            }
            case ".insn":
                count(l, ops, 1);
                return new long[] {imm64(n, ops.get(0))};
            default:
                break;
        }
        if (m.equals("neg") || m.equals("neg32")) {
            count(l, ops, 1);
            return one((m.endsWith("32") ? BPF_ALU : BPF_ALU64) | BPF_NEG, reg(n, ops.get(0)), 0, 0, 0);
        }
        long[] end = endian(l, ops);
        if (end != null) {
            return end;
        }
        if (m.startsWith("movsx")) {
            return movsx(l, ops);
        }
        long[] mem = loadStore(l, ops);
        if (mem != null) {
            return mem;
        }
        String base = m.endsWith("32") ? m.substring(0, m.length() - 2) : m;
        boolean is32 = !base.equals(m);
        Integer jump = Mnemonics.JUMP.get(base);
        if (jump != null) {
            count(l, ops, 3);
            int dst = reg(n, ops.get(0));
            int off = offset16(n, target(l, ops.get(2), labels));
            int cls = is32 ? BPF_JMP32 : BPF_JMP;
            if (isRegister(ops.get(1))) {
                return one(cls | jump | BPF_X, dst, reg(n, ops.get(1)), off, 0);
            }
            return one(cls | jump | BPF_K, dst, 0, off, imm32(n, ops.get(1)));
        }
        Integer alu = Mnemonics.ALU.get(base);
        if (alu != null) {
            count(l, ops, 2);
            int cls = is32 ? BPF_ALU : BPF_ALU64;
            int off = base.equals("sdiv") || base.equals("smod") ? 1 : 0;
            int dst = reg(n, ops.get(0));
            if (isRegister(ops.get(1))) {
                return one(cls | alu | BPF_X, dst, reg(n, ops.get(1)), off, 0);
            }
            return one(cls | alu | BPF_K, dst, 0, off, imm32(n, ops.get(1)));
        }
        throw new AssemblyException(n, "Invalid mnemonic: " + m);
    }

    private static long[] endian(Line l, List<String> ops) throws AssemblyException {
        String m = l.mnemonic;
        int code;
        String width;
        if (m.startsWith("le")) {
            code = BPF_ALU | BPF_END | BPF_TO_LE;
            width = m.substring(2);
        } else if (m.startsWith("be")) {
            code = BPF_ALU | BPF_END | BPF_TO_BE;
            width = m.substring(2);
        } else if (m.startsWith("bswap")) {
            code = BPF_ALU64 | BPF_END;
            width = m.substring(5);
        } else if (m.startsWith("swap")) {
            code = BPF_ALU64 | BPF_END;
            width = m.substring(4);
        } else {
            return null;
        }
        if (!width.equals("16") && !width.equals("32") && !width.equals("64")) {
            return null;
        }
        count(l, ops, 1);
        return one(code, reg(l.number, ops.get(0)), 0, 0, Integer.parseInt(width));
    }

    private static long[] movsx(Line l, List<String> ops) throws AssemblyException {
        // movsx<from><to>: 832, 1632 (ALU32); 864, 1664, 3264 (ALU64)
        String spec = l.mnemonic.substring(5);
        int cls;
        int from;
        switch (spec) {
            case "832": cls = BPF_ALU; from = 8; break;
            case "1632": cls = BPF_ALU; from = 16; break;
            case "864": cls = BPF_ALU64; from = 8; break;
            case "1664": cls = BPF_ALU64; from = 16; break;
            case "3264": cls = BPF_ALU64; from = 32; break;
            default: throw new AssemblyException(l.number, "Invalid mnemonic: " + l.mnemonic);
        }
        count(l, ops, 2);
        if (!isRegister(ops.get(1))) {
            throw new AssemblyException(l.number, l.mnemonic + " takes a register source");
        }
        return one(cls | BPF_MOV | BPF_X, reg(l.number, ops.get(0)), reg(l.number, ops.get(1)), from, 0);
    }

    private static long[] loadStore(Line l, List<String> ops) throws AssemblyException {
        String m = l.mnemonic;
        int n = l.number;
        String[][] families = {
            {"ldxs", "ldxs"}, {"ldx", "ldx"}, {"stx", "stx"}, {"st", "st"}, {"ldacq", "ldacq"},
            {"strel", "strel"}, {"ldabs", "ldabs"}, {"ldind", "ldind"},
        };
        for (String[] f : families) {
            if (!m.startsWith(f[0])) {
                continue;
            }
            Integer size = Mnemonics.SIZE.get(m.substring(f[0].length()));
            if (size == null) {
                continue;
            }
            switch (f[1]) {
                case "ldx":
                case "ldxs": {
                    if (f[1].equals("ldxs") && size == BPF_DW) {
                        throw new AssemblyException(n, "Invalid mnemonic: " + m);
                    }
                    count(l, ops, 2);
                    int[] a = memory(n, ops.get(1));
                    int mode = f[1].equals("ldxs") ? BPF_MEMSX : BPF_MEM;
                    return one(BPF_LDX | mode | size, reg(n, ops.get(0)), a[0], a[1], 0);
                }
                case "st": {
                    count(l, ops, 2);
                    int[] a = memory(n, ops.get(0));
                    return one(BPF_ST | BPF_MEM | size, a[0], 0, a[1], imm32(n, ops.get(1)));
                }
                case "stx": {
                    count(l, ops, 2);
                    int[] a = memory(n, ops.get(0));
                    return one(BPF_STX | BPF_MEM | size, a[0], reg(n, ops.get(1)), a[1], 0);
                }
                case "ldacq": {
                    count(l, ops, 2);
                    int[] a = memory(n, ops.get(1));
                    return one(BPF_STX | BPF_ATOMIC | size, reg(n, ops.get(0)), a[0], a[1], BPF_LOAD_ACQ);
                }
                case "strel": {
                    count(l, ops, 2);
                    int[] a = memory(n, ops.get(0));
                    return one(BPF_STX | BPF_ATOMIC | size, a[0], reg(n, ops.get(1)), a[1], BPF_STORE_REL);
                }
                case "ldabs":
                    count(l, ops, 1);
                    return one(BPF_LD | BPF_ABS | size, 0, 0, 0, imm32(n, ops.get(0)));
                default:
                    count(l, ops, 2);
                    return one(BPF_LD | BPF_IND | size, 0, reg(n, ops.get(0)), 0, imm32(n, ops.get(1)));
            }
        }
        return null;
    }

    private static long[] call(Line l, Map<String, Integer> labels) throws AssemblyException {
        int n = l.number;
        String[] w = l.operands.trim().split("\\s+");
        if (l.operands.isBlank() || w.length > 2) {
            throw new AssemblyException(n, "Invalid number of operands for call");
        }
        if (w.length == 2) {
            switch (w[0]) {
                case "local":
                    return one(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, target(l, w[1], labels));
                case "helper":
                    if (isRegister(w[1])) {
                        return one(BPF_JMP | BPF_CALL | BPF_X, reg(n, w[1]), 0, 0, 0);
                    }
                    return one(BPF_JMP | BPF_CALL, 0, 0, 0, imm32(n, w[1]));
                case "runtime":
                    return one(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_KFUNC_CALL, 0, imm32(n, w[1]));
                default:
                    throw new AssemblyException(n, "Invalid call kind: " + w[0]);
            }
        }
        if (isRegister(w[0])) {
            return one(BPF_JMP | BPF_CALL | BPF_X, reg(n, w[0]), 0, 0, 0);
        }
        return one(BPF_JMP | BPF_CALL, 0, 0, 0, imm32(n, w[0]));
    }

    private static long[] lock(Line l) throws AssemblyException {
        int n = l.number;
        String rest = l.operands.trim();
        boolean fetch = false;
        if (rest.startsWith("fetch ")) {
            fetch = true;
            rest = rest.substring(6).trim();
        }
        int sp = indexOfSpace(rest);
        if (rest.isEmpty() || sp < 0) {
            throw new AssemblyException(n, "Invalid number of operands for lock");
        }
        String opName = rest.substring(0, sp);
        List<String> ops = splitOperands(rest.substring(sp + 1));
        if (ops.size() != 2) {
            throw new AssemblyException(n, "Invalid number of operands for lock");
        }
        boolean is32 = opName.endsWith("32");
        String base = is32 ? opName.substring(0, opName.length() - 2) : opName;
        int imm;
        switch (base) {
            case "add": imm = BPF_ADD; break;
            case "or": imm = BPF_OR; break;
            case "and": imm = BPF_AND; break;
            case "xor": imm = BPF_XOR; break;
            case "xchg": imm = BPF_XCHG; break;
            case "cmpxchg": imm = BPF_CMPXCHG; break;
            default: throw new AssemblyException(n, "Invalid atomic operation: " + opName);
        }
        if (fetch) {
            imm |= BPF_FETCH;
        }
        int[] a = memory(n, ops.get(0));
        int size = is32 ? 0 : BPF_DW;
        return one(BPF_STX | BPF_ATOMIC | size, a[0], reg(n, ops.get(1)), a[1], imm);
    }

    // ---------------------------------------------------------------- operands

    private static long[] one(int code, int dst, int src, int off, int imm) {
        return new long[] {Insn.encode(code, dst, src, off, imm)};
    }

    private static List<String> splitOperands(String s) {
        List<String> out = new ArrayList<>();
        if (s.isBlank()) {
            return out;
        }
        for (String p : s.split(",", -1)) {
            out.add(p.trim());
        }
        return out;
    }

    private static void count(Line l, List<String> ops, int expected) throws AssemblyException {
        if (ops.size() != expected) {
            throw new AssemblyException(l.number, "Invalid number of operands for " + l.mnemonic + ": expected "
                    + expected + ", got " + ops.size());
        }
    }

    private static boolean isRegister(String s) {
        return REGISTER.matcher(s).matches();
    }

    private static int reg(int line, String s) throws AssemblyException {
        Matcher m = REGISTER.matcher(s);
        if (!m.matches() || m.group(1).length() > 2 || Integer.parseInt(m.group(1)) > 15) {
            throw new AssemblyException(line, "Invalid register: " + s);
        }
        return Integer.parseInt(m.group(1));
    }

    /** Parses {@code [%rN+off]} into {register, offset}. */
    private static int[] memory(int line, String s) throws AssemblyException {
        Matcher m = MEMORY.matcher(s);
        if (!m.matches()) {
            throw new AssemblyException(line, "Invalid memory operand (expected [%rN+offset]): " + s);
        }
        int r = reg(line, m.group(1).trim());
        int off = 0;
        if (m.group(2) != null) {
            BigInteger v = number(line, m.group(3));
            if (m.group(2).equals("-")) {
                v = v.negate();
            }
            if (v.compareTo(BigInteger.valueOf(Short.MIN_VALUE)) < 0 || v.compareTo(BigInteger.valueOf(Short.MAX_VALUE)) > 0) {
                throw new AssemblyException(line, "Offset out of 16-bit range: " + s);
            }
            off = v.intValue();
        }
        return new int[] {r, off};
    }

    private static int target(Line l, String s, Map<String, Integer> labels) throws AssemblyException {
        String t = s.trim();
        if (IDENT.matcher(t).matches()) {
            Integer at = labels.get(t);
            if (at == null) {
                throw new AssemblyException(l.number, "Invalid label: " + t);
            }
            return at - (l.pc + 1);
        }
        BigInteger v = signedNumber(l.number, t);
        if (v.bitLength() > 31) {
            throw new AssemblyException(l.number, "Jump offset out of range: " + t);
        }
        return v.intValue();
    }

    private static int offset16(int line, int v) throws AssemblyException {
        if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
            throw new AssemblyException(line, "Jump offset " + v + " out of 16-bit range (use ja32)");
        }
        return v;
    }

    /** A 32-bit immediate: decimal must fit int32; hex is a raw 32-bit pattern. */
    private static int imm32(int line, String s) throws AssemblyException {
        String t = s.trim();
        BigInteger v = signedNumber(line, t);
        boolean hex = t.replaceFirst("^[+-]", "").toLowerCase().startsWith("0x");
        if (hex && v.signum() >= 0 && v.bitLength() <= 32) {
            return (int) v.longValue();
        }
        if (v.bitLength() > 31) {
            throw new AssemblyException(line, "Immediate out of 32-bit range: " + t);
        }
        return v.intValue();
    }

    /** A 64-bit immediate: hex or decimal, signed or unsigned. */
    private static long imm64(int line, String s) throws AssemblyException {
        BigInteger v = signedNumber(line, s.trim());
        if (v.signum() >= 0 ? v.bitLength() > 64 : v.bitLength() > 63) {
            throw new AssemblyException(line, "Immediate out of 64-bit range: " + s);
        }
        return v.longValue();
    }

    private static BigInteger signedNumber(int line, String t) throws AssemblyException {
        if (t.startsWith("-")) {
            return number(line, t.substring(1)).negate();
        }
        if (t.startsWith("+")) {
            return number(line, t.substring(1));
        }
        return number(line, t);
    }

    private static BigInteger number(int line, String t) throws AssemblyException {
        try {
            String x = t.trim().toLowerCase();
            if (x.startsWith("0x")) {
                return new BigInteger(x.substring(2), 16);
            }
            if (x.isEmpty() || !x.chars().allMatch(Character::isDigit)) {
                throw new NumberFormatException();
            }
            return new BigInteger(x);
        } catch (NumberFormatException e) {
            throw new AssemblyException(line, "Invalid number: " + t);
        }
    }
}
