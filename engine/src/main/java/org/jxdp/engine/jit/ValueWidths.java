package org.jxdp.engine.jit;

import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_CALL;

import java.util.ArrayDeque;
import java.util.Arrays;
import org.jxdp.engine.isa.Insn;
import org.jxdp.engine.isa.Program;
import org.jxdp.engine.verifier.ProgramStructure;
import org.jxdp.engine.vm.Memory;

/**
 * An upper bound on each register's value before each instruction, as a bit width: width
 * {@code k} means {@code 0 <= value < 2^k} as an unsigned number; {@link #UNKNOWN} (64) means
 * nothing is known. A width of 63 or less says the value is non-negative as a signed long, so an
 * unsigned comparison of two such values orders them as the signed one does; the JIT then
 * compares them as they are instead of flipping both sign bits first ({@code Long.MIN_VALUE ^}),
 * as the kernel's JIT compares raw registers.
 * <pre>
 *   r3 = *(u16 *)(r6 + 2)       r3: 16 bits (a zero-extended load)
 *   r3 = be16 r3                r3: 16
 *   r1 = r6; r1 += r3           r6 a packet pointer (a proven ctx->data load: 34 bits): r1 35
 *   if r1 > r7 goto drop        r7 = ctx->data_end (34): both under 2^63, a signed compare
 * </pre>
 * A forward dataflow over the whole program, joined by the widest at every merge, to a fixed
 * point: sound for every run of any program, verified or not. Loads are bounded by their size
 * only where the access plan places them in an array region (a verifier's proof, or r10 at a
 * constant offset); a context load proven to read {@code data}, {@code data_end} or
 * {@code data_meta} is a packet pointer, {@code REGION_PACKET << 32 | offset}. Functions start
 * with nothing known; a call leaves r0..r5 unknown and keeps r6..r9 (the callee has registers of
 * its own).
 */
final class ValueWidths {
    /** Nothing known: any 64-bit value. */
    static final int UNKNOWN = 64;
    private static final int REGS = 11;
    /** A pointer into the packet region: {@code REGION_PACKET << 32} plus an int offset. */
    private static final int PACKET_POINTER = 64 - Long.numberOfLeadingZeros(((long) Memory.REGION_PACKET + 1) << 32);

    /** Widths before each instruction, REGS per slot; null where no path reaches. */
    private final byte[][] before;

    private ValueWidths(byte[][] before) {
        this.before = before;
    }

    /** The widths of {@code program}, with the context loads {@code access} proved. */
    static ValueWidths of(Program program, ProgramStructure structure, AccessPlan access) {
        int n = program.length();
        byte[][] before = new byte[n][];
        ArrayDeque<Integer> work = new ArrayDeque<>();
        boolean[] queued = new boolean[n];
        for (int f : structure.functionStarts()) {
            byte[] entry = new byte[REGS];
            Arrays.fill(entry, (byte) UNKNOWN);
            before[f] = entry;
            work.add(f);
            queued[f] = true;
        }
        byte[] w = new byte[REGS];
        while (!work.isEmpty()) {
            int pc = work.poll();
            queued[pc] = false;
            long insn = program.slot(pc);
            int code = Insn.opcode(insn);
            int cls = code & 0x07;
            if (cls == 0x05 || cls == 0x06) {
                int op = code & 0xf0;
                if (op == 0x90) {
                    continue; // exit
                }
                System.arraycopy(before[pc], 0, w, 0, REGS);
                if (op == 0x80) {
                    // a helper, a bpf-to-bpf call or callx: r0..r5 unknown after it
                    Arrays.fill(w, 0, 6, (byte) UNKNOWN);
                    flow(before, queued, work, pc + 1, w, n);
                    continue;
                }
                if (op == 0x00) {
                    flow(before, queued, work, Insn.jumpTarget(pc, insn), w, n);
                    continue;
                }
                flow(before, queued, work, pc + 1, w, n);
                flow(before, queued, work, Insn.jumpTarget(pc, insn), w, n);
                continue;
            }
            System.arraycopy(before[pc], 0, w, 0, REGS);
            int next = pc + 1;
            int dst = Insn.dst(insn);
            switch (cls) {
                case 0x07: // ALU64
                    w[dst] = (byte) alu64(code, w[dst], w[Insn.src(insn)], Insn.imm(insn), Insn.off(insn));
                    break;
                case 0x04: // ALU32: zero-extended into 64 bits
                    w[dst] = (byte) alu32(code, w[dst], Insn.imm(insn));
                    break;
                case 0x00: // LDDW
                    next = pc + 2;
                    w[dst] = (byte) (Insn.src(insn) == 0 ? constant(Insn.imm64(insn, program.slot(pc + 1))) : UNKNOWN);
                    break;
                case 0x01: // LDX
                    w[dst] = (byte) load(code, access.at(pc));
                    break;
                case 0x03: // STX: an atomic may write dst (load-acquire), src (fetch) or r0 (cmpxchg)
                    if ((code & 0xe0) == 0xc0) {
                        w[dst] = UNKNOWN;
                        w[Insn.src(insn)] = UNKNOWN;
                        w[0] = UNKNOWN;
                    }
                    break;
                default: // ST
                    break;
            }
            flow(before, queued, work, next, w, n);
        }
        return new ValueWidths(before);
    }

    /** Joins {@code w} into the widths before {@code pc} (the widest of each), queuing it when they grew. */
    private static void flow(byte[][] before, boolean[] queued, ArrayDeque<Integer> work, int pc, byte[] w, int n) {
        if (pc < 0 || pc >= n) {
            return;
        }
        byte[] b = before[pc];
        boolean grew = false;
        if (b == null) {
            before[pc] = w.clone();
            grew = true;
        } else {
            for (int r = 0; r < REGS; r++) {
                if (w[r] > b[r]) {
                    b[r] = w[r];
                    grew = true;
                }
            }
        }
        if (grew && !queued[pc]) {
            queued[pc] = true;
            work.add(pc);
        }
    }

    /**
     * True when the unsigned order of the jump at {@code pc} is the signed order of its operands:
     * dst and the operand (src, or the immediate sign-extended) are both under {@code 2^63}; for
     * a 32-bit jump, both low halves under {@code 2^31}.
     */
    boolean signedOrderHolds(int pc, boolean is32, boolean x, int dst, int src, int imm) {
        byte[] b = pc >= 0 && pc < before.length ? before[pc] : null;
        if (b == null) {
            return false;
        }
        int limit = is32 ? 31 : 63;
        return b[dst] <= limit && (x ? b[src] <= limit : imm >= 0);
    }

    /** The width before {@code pc} of register {@code r}, {@link #UNKNOWN} where no path reaches. */
    int width(int pc, int r) {
        byte[] b = before[pc];
        return b == null ? UNKNOWN : b[r];
    }

    private static int bits(long v) {
        return 64 - Long.numberOfLeadingZeros(v);
    }

    private static int constant(long v) {
        return v >= 0 ? bits(v) : UNKNOWN;
    }

    private static int plus(int a, int b) {
        return Math.min(UNKNOWN, a + b);
    }

    private static int alu64(int code, int d, int s, int imm, int off) {
        boolean x = (code & 0x08) != 0;
        // the operand: src's width, or the immediate's (sign-extended: negative is unknown)
        int o = x ? s : constant(imm);
        switch (code & 0xf0) {
            case 0x00: return plus(Math.max(d, o), 1);                           // add
            case 0x20: return plus(d, o);                                        // mul
            case 0x30: return off == 0 ? d : UNKNOWN;                            // div (sdiv: unknown)
            case 0x40: case 0xa0: return Math.max(d, o);                         // or, xor
            case 0x50: return Math.min(d, o);                                    // and
            case 0x60: return x ? UNKNOWN : plus(d, imm & 63);                   // lsh
            case 0x70: return x ? d : Math.max(0, d - (imm & 63));               // rsh
            case 0x90: return off == 0 ? d : UNKNOWN;                            // mod (smod: unknown)
            case 0xb0: return x ? (off == 0 ? s : UNKNOWN) : constant(imm);      // mov, movsx
            case 0xc0: return d < UNKNOWN ? (x ? d : Math.max(0, d - (imm & 63))) : UNKNOWN; // arsh
            case 0xd0: return imm == 16 ? 16 : imm == 32 ? 32 : UNKNOWN;         // bswap
            default: return UNKNOWN;                                             // sub, neg
        }
    }

    private static int alu32(int code, int d, int imm) {
        if ((code & 0xf0) == 0xd0) {
            // byte swaps (le/be): the low 16 or 32 bits, or all 64
            return imm == 16 ? 16 : imm == 32 ? 32 : UNKNOWN;
        }
        return 32;
    }

    /**
     * A load's width: its size when it reads an array region (the stack, the packet, a map value:
     * what the access plan knows), a packet pointer for a proven packet-edge context load, and
     * unknown otherwise, since a load jxdp does not place may reach a virtual region, whose
     * 4-byte fields can yield 64-bit pointers (the XDP context's {@code data}).
     */
    private static int load(int code, int how) {
        if ((code & 0xe0) == 0x80) {
            return UNKNOWN; // sign-extending loads
        }
        if (how == AccessPlan.CTX_DATA || how == AccessPlan.CTX_DATA_END || how == AccessPlan.CTX_DATA_META) {
            return PACKET_POINTER;
        }
        if (how != AccessPlan.STACK && how != AccessPlan.PACKET && how != AccessPlan.VALUE) {
            return UNKNOWN;
        }
        switch (code & 0x18) {
            case 0x10: return 8;
            case 0x08: return 16;
            case 0x00: return 32;
            default: return UNKNOWN;
        }
    }
}
