package org.jxdp.engine.isa;

/**
 * The eBPF instruction set's constants, under the names of the Linux UAPI
 * ({@code include/uapi/linux/bpf_common.h}, {@code include/uapi/linux/bpf.h}) and RFC 9669.
 *
 * <p>An opcode byte is split in three ways depending on its class:
 * <pre>
 *   arithmetic and jumps          loads and stores
 *   +------+----+-------+         +------+------+-------+
 *   | op:4 | s:1| cls:3 |         |mode:3|size:2| cls:3 |
 *   +------+----+-------+         +------+------+-------+
 *    7    4  3   2     0           7    5 4    3 2     0
 * </pre>
 */
public final class Opcodes {
    private Opcodes() {
    }

    // ---- instruction classes (low 3 bits) ----
    /** Non-standard loads: 64-bit immediate (LDDW) and the legacy packet loads. */
    public static final int BPF_LD = 0x00;
    /** Load from memory into a register. */
    public static final int BPF_LDX = 0x01;
    /** Store an immediate into memory. */
    public static final int BPF_ST = 0x02;
    /** Store a register into memory, and atomics. */
    public static final int BPF_STX = 0x03;
    /** 32-bit arithmetic. */
    public static final int BPF_ALU = 0x04;
    /** 64-bit jumps, calls and exit. */
    public static final int BPF_JMP = 0x05;
    /** 32-bit jumps (ISA v3). */
    public static final int BPF_JMP32 = 0x06;
    /** 64-bit arithmetic. */
    public static final int BPF_ALU64 = 0x07;

    // ---- source operand (bit 3) for arithmetic and jumps ----
    /** Use the 32-bit immediate as the source operand. */
    public static final int BPF_K = 0x00;
    /** Use the source register as the source operand. */
    public static final int BPF_X = 0x08;

    // ---- sizes (bits 3-4) for loads and stores ----
    /** Word, 4 bytes. */
    public static final int BPF_W = 0x00;
    /** Half word, 2 bytes. */
    public static final int BPF_H = 0x08;
    /** Byte. */
    public static final int BPF_B = 0x10;
    /** Double word, 8 bytes. */
    public static final int BPF_DW = 0x18;

    // ---- modes (bits 5-7) for loads and stores ----
    /** 64-bit immediate (with BPF_LD | BPF_DW). */
    public static final int BPF_IMM = 0x00;
    /** Legacy packet load at an absolute offset (cBPF heritage; refused). */
    public static final int BPF_ABS = 0x20;
    /** Legacy packet load at a register offset (cBPF heritage; refused). */
    public static final int BPF_IND = 0x40;
    /** Regular load or store. */
    public static final int BPF_MEM = 0x60;
    /** Sign-extending load (ISA v4). */
    public static final int BPF_MEMSX = 0x80;
    /** Atomic operation (with BPF_STX). */
    public static final int BPF_ATOMIC = 0xc0;

    // ---- arithmetic operations (high 4 bits) ----
    /** dst += src. */
    public static final int BPF_ADD = 0x00;
    /** dst -= src. */
    public static final int BPF_SUB = 0x10;
    /** dst *= src. */
    public static final int BPF_MUL = 0x20;
    /** dst /= src, unsigned; signed (SDIV) when offset is 1. */
    public static final int BPF_DIV = 0x30;
    /** dst |= src. */
    public static final int BPF_OR = 0x40;
    /** dst &amp;= src. */
    public static final int BPF_AND = 0x50;
    /** dst &lt;&lt;= src, count masked to the operand width. */
    public static final int BPF_LSH = 0x60;
    /** dst &gt;&gt;= src, logical. */
    public static final int BPF_RSH = 0x70;
    /** dst = -dst. */
    public static final int BPF_NEG = 0x80;
    /** dst %= src, unsigned; signed (SMOD) when offset is 1. */
    public static final int BPF_MOD = 0x90;
    /** dst ^= src. */
    public static final int BPF_XOR = 0xa0;
    /** dst = src; sign-extending (MOVSX) when offset is 8, 16 or 32. */
    public static final int BPF_MOV = 0xb0;
    /** dst &gt;&gt;= src, arithmetic. */
    public static final int BPF_ARSH = 0xc0;
    /** Byte-order conversion; imm is the width (16, 32, 64). */
    public static final int BPF_END = 0xd0;

    /** BPF_END source: convert to little endian (opcode 0xd4). */
    public static final int BPF_TO_LE = 0x00;
    /** BPF_END source: convert to big endian (opcode 0xdc). */
    public static final int BPF_TO_BE = 0x08;

    // ---- jump operations (high 4 bits) ----
    /** Unconditional jump; in BPF_JMP32 the target is in imm (gotol). */
    public static final int BPF_JA = 0x00;
    /** Jump if dst == src. */
    public static final int BPF_JEQ = 0x10;
    /** Jump if dst &gt; src, unsigned. */
    public static final int BPF_JGT = 0x20;
    /** Jump if dst &gt;= src, unsigned. */
    public static final int BPF_JGE = 0x30;
    /** Jump if dst &amp; src != 0. */
    public static final int BPF_JSET = 0x40;
    /** Jump if dst != src. */
    public static final int BPF_JNE = 0x50;
    /** Jump if dst &gt; src, signed. */
    public static final int BPF_JSGT = 0x60;
    /** Jump if dst &gt;= src, signed. */
    public static final int BPF_JSGE = 0x70;
    /** Function call: helper (src 0), program-local (src 1), kfunc (src 2); BPF_X is callx. */
    public static final int BPF_CALL = 0x80;
    /** Return from the current function. */
    public static final int BPF_EXIT = 0x90;
    /** Jump if dst &lt; src, unsigned. */
    public static final int BPF_JLT = 0xa0;
    /** Jump if dst &lt;= src, unsigned. */
    public static final int BPF_JLE = 0xb0;
    /** Jump if dst &lt; src, signed. */
    public static final int BPF_JSLT = 0xc0;
    /** Jump if dst &lt;= src, signed. */
    public static final int BPF_JSLE = 0xd0;

    // ---- atomic operations (imm of BPF_STX | BPF_ATOMIC) ----
    /** Modifier: the old value is fetched into src (or r0 for cmpxchg). */
    public static final int BPF_FETCH = 0x01;
    /** Atomic exchange, always fetches. */
    public static final int BPF_XCHG = 0xe0 | BPF_FETCH;
    /** Atomic compare-and-exchange against r0, always fetches into r0. */
    public static final int BPF_CMPXCHG = 0xf0 | BPF_FETCH;
    /** Load-acquire: dst = smp_load_acquire(src + off) (Linux 6.15). */
    public static final int BPF_LOAD_ACQ = 0x100;
    /** Store-release: smp_store_release(dst + off, src) (Linux 6.15). */
    public static final int BPF_STORE_REL = 0x110;

    // ---- pseudo source registers ----
    /** LDDW src: imm is a map file descriptor; dst = map pointer. */
    public static final int BPF_PSEUDO_MAP_FD = 1;
    /** LDDW src: imm is a map fd, the next imm an offset; dst = pointer into the map value. */
    public static final int BPF_PSEUDO_MAP_VALUE = 2;
    /** LDDW src: imm is a BTF id of a kernel variable. */
    public static final int BPF_PSEUDO_BTF_ID = 3;
    /** LDDW src: imm is a program-relative instruction offset; dst = function pointer. */
    public static final int BPF_PSEUDO_FUNC = 4;
    /** LDDW src: imm is an index into the program's map table; dst = map pointer. */
    public static final int BPF_PSEUDO_MAP_IDX = 5;
    /** LDDW src: map index and value offset; dst = pointer into the map value. */
    public static final int BPF_PSEUDO_MAP_IDX_VALUE = 6;
    /** CALL src: call of a program-local function, imm = relative offset. */
    public static final int BPF_PSEUDO_CALL = 1;
    /** CALL src: call of a kernel function by BTF id. */
    public static final int BPF_PSEUDO_KFUNC_CALL = 2;

    // ---- limits of the machine ----
    /** Number of registers r0..r10. */
    public static final int MAX_BPF_REG = 11;
    /** The read-only frame pointer. */
    public static final int BPF_REG_FP = 10;
    /** Stack bytes per function frame. */
    public static final int MAX_BPF_STACK = 512;
    /** Call frames, the main program included (kernel MAX_CALL_FRAMES). */
    public static final int MAX_CALL_FRAMES = 8;
    /** Instructions a program may hold (kernel BPF_COMPLEXITY_LIMIT_INSNS). */
    public static final int BPF_MAXINSNS_PRIVILEGED = 1_000_000;
    /** Tail calls a chain may make (kernel MAX_TAIL_CALL_CNT). */
    public static final int MAX_TAIL_CALL_CNT = 33;

    // ---- field extraction ----
    /** The class of an opcode. */
    public static int cls(int opcode) {
        return opcode & 0x07;
    }

    /** The size bits of a load or store opcode. */
    public static int size(int opcode) {
        return opcode & 0x18;
    }

    /** The mode bits of a load or store opcode. */
    public static int mode(int opcode) {
        return opcode & 0xe0;
    }

    /** The operation bits of an arithmetic or jump opcode. */
    public static int op(int opcode) {
        return opcode & 0xf0;
    }

    /** The source bit of an arithmetic or jump opcode. */
    public static int src(int opcode) {
        return opcode & 0x08;
    }

    /** Bytes accessed by a load or store of the given size bits. */
    public static int sizeBytes(int sizeBits) {
        switch (sizeBits) {
            case BPF_B: return 1;
            case BPF_H: return 2;
            case BPF_W: return 4;
            default: return 8;
        }
    }

    /** True for BPF_ALU and BPF_ALU64. */
    public static boolean isAlu(int opcode) {
        int c = cls(opcode);
        return c == BPF_ALU || c == BPF_ALU64;
    }

    /** True for BPF_JMP and BPF_JMP32. */
    public static boolean isJmp(int opcode) {
        int c = cls(opcode);
        return c == BPF_JMP || c == BPF_JMP32;
    }

    /** The first slot of a 64-bit immediate load, which occupies two slots. */
    public static final int LDDW = BPF_LD | BPF_IMM | BPF_DW;
}
