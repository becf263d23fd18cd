package org.jxdp.engine.isa;

/**
 * One 8-byte eBPF instruction slot, {@code struct bpf_insn}.
 *
 * <p>Programs are kept as {@code long[]}, one slot per element, read as a little-endian u64 from
 * the instruction bytes; the static accessors pick fields out of such a slot without allocating.
 * <pre>
 *   63                32 31        16 15   12 11    8 7       0
 *   +-------------------+------------+-------+-------+---------+
 *   |      imm (s32)    | off (s16)  | src:4 | dst:4 | opcode  |
 *   +-------------------+------------+-------+-------+---------+
 * </pre>
 * A 64-bit immediate load (LDDW) takes two slots; the second holds the upper 32 bits of the
 * constant in its imm and zeros elsewhere.
 *
 * @param opcode the opcode byte, 0..255
 * @param dst the destination register field, 0..15
 * @param src the source register field, 0..15
 * @param off the signed 16-bit offset
 * @param imm the signed 32-bit immediate
 */
public record Insn(int opcode, int dst, int src, int off, int imm) {

    public Insn {
        if (opcode < 0 || opcode > 0xff) {
            throw new IllegalArgumentException("opcode out of range: " + opcode);
        }
        if (dst < 0 || dst > 15 || src < 0 || src > 15) {
            throw new IllegalArgumentException("register field out of range: dst=" + dst + " src=" + src);
        }
        if (off < Short.MIN_VALUE || off > Short.MAX_VALUE) {
            throw new IllegalArgumentException("offset out of 16-bit range: " + off);
        }
    }

    /** Decodes one slot. */
    public static Insn decode(long slot) {
        return new Insn(opcode(slot), dst(slot), src(slot), off(slot), imm(slot));
    }

    /** Encodes this instruction as one slot. */
    public long encode() {
        return encode(opcode, dst, src, off, imm);
    }

    /** Encodes the fields as one slot. */
    public static long encode(int opcode, int dst, int src, int off, int imm) {
        return (opcode & 0xffL)
                | (long) (dst & 0xf) << 8
                | (long) (src & 0xf) << 12
                | (off & 0xffffL) << 16
                | (long) imm << 32;
    }

    /** The opcode byte of a slot. */
    public static int opcode(long slot) {
        return (int) slot & 0xff;
    }

    /** The destination register field of a slot. */
    public static int dst(long slot) {
        return (int) (slot >>> 8) & 0xf;
    }

    /** The source register field of a slot. */
    public static int src(long slot) {
        return (int) (slot >>> 12) & 0xf;
    }

    /** The signed offset field of a slot. */
    public static int off(long slot) {
        return (short) (slot >>> 16);
    }

    /** The signed immediate field of a slot. */
    public static int imm(long slot) {
        return (int) (slot >>> 32);
    }

    /**
     * Where the jump in {@code slot} at {@code pc} goes when taken: {@code pc + 1 + off}, or
     * {@code pc + 1 + imm} for the 32-bit-range {@code gotol} (BPF_JMP32 | BPF_JA);
     * {@link Integer#MIN_VALUE} when the slot is no jump (not of class BPF_JMP or BPF_JMP32, or a
     * call or exit).
     */
    public static int jumpTarget(int pc, long slot) {
        int code = opcode(slot);
        int cls = code & 0x07;
        int op = code & 0xf0;
        if (cls != Opcodes.BPF_JMP && cls != Opcodes.BPF_JMP32 || op == Opcodes.BPF_CALL || op == Opcodes.BPF_EXIT) {
            return Integer.MIN_VALUE;
        }
        return pc + 1 + (code == (Opcodes.BPF_JMP32 | Opcodes.BPF_JA) ? imm(slot) : off(slot));
    }

    /** The 64-bit constant of an LDDW whose two slots are given. */
    public static long imm64(long first, long second) {
        return (imm(first) & 0xffffffffL) | ((long) imm(second) << 32);
    }
}
