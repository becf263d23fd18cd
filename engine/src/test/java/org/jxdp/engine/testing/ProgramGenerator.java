package org.jxdp.engine.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.jxdp.engine.isa.Insn;
import org.jxdp.engine.isa.Program;

/**
 * Random programs that pass the structural checks: every opcode class (ALU and ALU32 with
 * every operation, byte swaps, sign-extending moves, LDDW, loads and stores of every size on
 * the stack and on the input, atomics, conditional and unconditional jumps both ways, helper
 * calls to the conformance helpers), ending in {@code exit}. They may fault or loop: runs must
 * be given a budget. Deterministic for a seed, so a failure can be replayed.
 */
public final class ProgramGenerator {
    private static final int[] ALU_OPS = {0x00, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x90, 0xa0, 0xb0, 0xc0};
    private static final int[] JMP_OPS = {0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0xa0, 0xb0, 0xc0, 0xd0};
    private static final int[] SIZES = {0x00, 0x08, 0x10, 0x18};
    private static final int[] ATOMIC_OPS = {0x00, 0x01, 0x40, 0x41, 0x50, 0x51, 0xa0, 0xa1, 0xe1, 0xf1};
    private static final int[] IMMS = {0, 1, -1, 2, 7, 8, 31, 32, 63, 64, 255, 0x7fffffff, Integer.MIN_VALUE, 0xffff};

    private final SplittableRandom rnd;

    public ProgramGenerator(long seed) {
        this.rnd = new SplittableRandom(seed);
    }

    /** A program of about {@code length} slots. */
    public Program next(int length) {
        List<long[]> items = new ArrayList<>();
        int slots = 0;
        while (slots < length - 1) {
            long[] item = instruction();
            items.add(item);
            slots += item.length;
        }
        items.add(new long[] {Insn.encode(0x95, 0, 0, 0, 0)});
        slots++;
        // Resolve jump placeholders: a jump's target is any instruction start in the program.
        int[] starts = new int[items.size()];
        int pc = 0;
        for (int i = 0; i < items.size(); i++) {
            starts[i] = pc;
            pc += items.get(i).length;
        }
        long[] out = new long[slots];
        for (int i = 0; i < items.size(); i++) {
            long[] item = items.get(i);
            long s = item[0];
            int code = Insn.opcode(s);
            boolean jump = (code & 0x07) == 0x05 || (code & 0x07) == 0x06;
            if (jump && code != 0x95 && code != 0x85 && code != 0x8d) {
                int target = starts[rnd.nextInt(starts.length)];
                int rel = target - (starts[i] + 1);
                if (code == 0x06) {
                    s = Insn.encode(code, 0, 0, 0, rel);
                } else {
                    s = Insn.encode(code, Insn.dst(s), Insn.src(s), rel, Insn.imm(s));
                }
            }
            out[starts[i]] = s;
            if (item.length == 2) {
                out[starts[i] + 1] = item[1];
            }
        }
        return Program.of("generated", out);
    }

    private int dst() {
        return rnd.nextInt(10);
    }

    private int src() {
        return rnd.nextInt(11);
    }

    private int imm() {
        return rnd.nextInt(3) == 0 ? rnd.nextInt() : IMMS[rnd.nextInt(IMMS.length)];
    }

    private long[] one(int code, int dst, int src, int off, int imm) {
        return new long[] {Insn.encode(code, dst, src, off, imm)};
    }

    private long[] instruction() {
        int kind = rnd.nextInt(100);
        int cls64 = rnd.nextBoolean() ? 0x07 : 0x04;
        if (kind < 30) {
            int op = ALU_OPS[rnd.nextInt(ALU_OPS.length)];
            int off = (op == 0x30 || op == 0x90) && rnd.nextBoolean() ? 1 : 0;
            if (rnd.nextBoolean()) {
                return one(cls64 | op | 0x08, dst(), src(), off, 0);
            }
            return one(cls64 | op, dst(), 0, off, imm());
        }
        if (kind < 34) {
            int[] widths = {16, 32, 64};
            int code = rnd.nextInt(3) == 0 ? 0xd7 : rnd.nextBoolean() ? 0xd4 : 0xdc;
            return one(code, dst(), 0, 0, widths[rnd.nextInt(3)]);
        }
        if (kind < 37) {
            int[] offs64 = {8, 16, 32};
            return cls64 == 0x07 ? one(0xbf, dst(), src(), offs64[rnd.nextInt(3)], 0)
                    : one(0xbc, dst(), src(), rnd.nextBoolean() ? 8 : 16, 0);
        }
        if (kind < 39) {
            return one(cls64 | 0x80, dst(), 0, 0, 0);
        }
        if (kind < 43) {
            long v = rnd.nextLong();
            return new long[] {Insn.encode(0x18, dst(), 0, 0, (int) v), Insn.encode(0, 0, 0, 0, (int) (v >>> 32))};
        }
        if (kind < 58) {
            int size = SIZES[rnd.nextInt(4)];
            boolean stack = rnd.nextInt(4) != 0;
            int base = stack ? 10 : 1;
            int off = stack ? -8 * (1 + rnd.nextInt(64)) : rnd.nextInt(24);
            switch (rnd.nextInt(4)) {
                case 0: return one(0x61 | size, dst(), base, off, 0);
                case 1: return size == 0x18 ? one(0x79, dst(), base, off, 0) : one(0x81 | size, dst(), base, off, 0);
                case 2: return one(0x62 | size, base, 0, off, imm());
                default: return one(0x63 | size, base, src(), off, 0);
            }
        }
        if (kind < 63) {
            int code = rnd.nextBoolean() ? 0xdb : 0xc3;
            return one(code, 10, dst(), -8 * (1 + rnd.nextInt(16)), ATOMIC_OPS[rnd.nextInt(ATOMIC_OPS.length)]);
        }
        if (kind < 88) {
            int op = JMP_OPS[rnd.nextInt(JMP_OPS.length)];
            int cls = rnd.nextBoolean() ? 0x05 : 0x06;
            if (rnd.nextBoolean()) {
                return one(cls | op | 0x08, dst(), src(), 0, 0);
            }
            return one(cls | op, dst(), 0, 0, imm());
        }
        if (kind < 92) {
            return rnd.nextBoolean() ? one(0x05, 0, 0, 0, 0) : one(0x06, 0, 0, 0, 0);
        }
        if (kind < 97) {
            int[] helpers = {0, 2, 3, 5};
            return one(0x85, 0, 0, 0, helpers[rnd.nextInt(helpers.length)]);
        }
        return one(0x95, 0, 0, 0, 0);
    }
}
