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
 * calls), ending in {@code exit}. They may fault or loop: runs must be given a budget.
 * Deterministic for a seed (or for the bytes a fuzzer feeds {@link Choices}), so a failure can be
 * replayed.
 *
 * <p>With {@link #functions}, programs have bpf-to-bpf subprograms that call each other (and
 * themselves, to reach the depth limit); with {@link #loops}, counted loops; with {@link #maps},
 * lookups, updates and deletes on an array map and a hash map whose returned value pointers the
 * following instructions load from, store to and update atomically.
 */
public final class ProgramGenerator {
    private static final int[] ALU_OPS = {0x00, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x90, 0xa0, 0xb0, 0xc0};
    private static final int[] JMP_OPS = {0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0xa0, 0xb0, 0xc0, 0xd0};
    private static final int[] SIZES = {0x00, 0x08, 0x10, 0x18};
    private static final int[] ATOMIC_OPS = {0x00, 0x01, 0x40, 0x41, 0x50, 0x51, 0xa0, 0xa1, 0xe1, 0xf1};
    private static final int[] IMMS = {0, 1, -1, 2, 7, 8, 31, 32, 63, 64, 255, 0x7fffffff, Integer.MIN_VALUE, 0xffff};
    private static final int[] CONFORMANCE_HELPERS = {0, 2, 3, 5};

    /** Where the generator's decisions come from: a seeded random source, or a fuzzer's bytes. */
    public interface Choices {
        /** A value in [0, bound). */
        int nextInt(int bound);

        /** Any int. */
        int nextInt();

        /** Any long. */
        long nextLong();

        default boolean nextBoolean() {
            return nextInt(2) == 0;
        }

        /** Choices from a seeded {@link SplittableRandom}. */
        static Choices seeded(long seed) {
            SplittableRandom r = new SplittableRandom(seed);
            return new Choices() {
                @Override
                public int nextInt(int bound) {
                    return r.nextInt(bound);
                }

                @Override
                public int nextInt() {
                    return r.nextInt();
                }

                @Override
                public long nextLong() {
                    return r.nextLong();
                }
            };
        }
    }

    /**
     * One generated item: its slots, and what is left to resolve — a jump target chosen among
     * the function's instructions ({@code jump}), or a call of function {@code callee}.
     */
    private static final class Item {
        final long[] slots;
        boolean jump;
        int callee = -1;

        Item(long... slots) {
            this.slots = slots;
        }
    }

    private final Choices rnd;
    private int[] helpers = CONFORMANCE_HELPERS;
    private int functions = 1;
    private boolean loops;
    private int arrayMap = -1;
    private int arrayEntries;
    private int hashMap = -1;
    private int mapValueSize;

    public ProgramGenerator(long seed) {
        this(Choices.seeded(seed));
    }

    public ProgramGenerator(Choices choices) {
        this.rnd = choices;
    }

    /** Helper ids that plain calls may use (default: the conformance helpers 0, 2, 3, 5). */
    public ProgramGenerator helpers(int... ids) {
        this.helpers = ids.clone();
        return this;
    }

    /** Up to {@code n} functions: the main program and {@code n - 1} subprograms. */
    public ProgramGenerator functions(int n) {
        this.functions = n;
        return this;
    }

    /** Also counted loops. */
    public ProgramGenerator loops() {
        this.loops = true;
        return this;
    }

    /**
     * Also map snippets on array map {@code arrayId} ({@code arrayEntries} entries) and hash map
     * {@code hashId}, both with 4-byte keys and {@code valueSize}-byte values; the program must
     * then be loaded with the generic helpers (ids 1, 2, 3).
     */
    public ProgramGenerator maps(int arrayId, int arrayEntries, int hashId, int valueSize) {
        this.arrayMap = arrayId;
        this.arrayEntries = arrayEntries;
        this.hashMap = hashId;
        this.mapValueSize = valueSize;
        return this;
    }

    /** A program of about {@code length} slots (per function). */
    public Program next(int length) {
        int count = functions == 1 ? 1 : 1 + rnd.nextInt(functions);
        List<List<Item>> bodies = new ArrayList<>();
        for (int f = 0; f < count; f++) {
            bodies.add(function(length, count));
        }
        int[] functionStart = new int[count];
        List<int[]> starts = new ArrayList<>();
        int pc = 0;
        for (int f = 0; f < count; f++) {
            functionStart[f] = pc;
            int[] s = new int[bodies.get(f).size()];
            for (int i = 0; i < s.length; i++) {
                s[i] = pc;
                pc += bodies.get(f).get(i).slots.length;
            }
            starts.add(s);
        }
        long[] out = new long[pc];
        for (int f = 0; f < count; f++) {
            List<Item> body = bodies.get(f);
            int[] s = starts.get(f);
            for (int i = 0; i < body.size(); i++) {
                Item item = body.get(i);
                long first = item.slots[0];
                int code = Insn.opcode(first);
                if (item.jump) {
                    int target = s[rnd.nextInt(s.length)];
                    int rel = target - (s[i] + 1);
                    first = code == 0x06 ? Insn.encode(code, 0, 0, 0, rel)
                            : Insn.encode(code, Insn.dst(first), Insn.src(first), rel, Insn.imm(first));
                } else if (item.callee >= 0) {
                    first = Insn.encode(0x85, 0, 1, 0, functionStart[item.callee] - (s[i] + 1));
                }
                out[s[i]] = first;
                System.arraycopy(item.slots, 1, out, s[i] + 1, item.slots.length - 1);
            }
        }
        return Program.of("generated", out);
    }

    private List<Item> function(int length, int count) {
        List<Item> items = new ArrayList<>();
        int slots = 0;
        while (slots < length - 1) {
            for (Item item : item(count)) {
                items.add(item);
                slots += item.slots.length;
            }
        }
        items.add(new Item(Insn.encode(0x95, 0, 0, 0, 0)));
        return items;
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

    private static Item one(int code, int dst, int src, int off, int imm) {
        return new Item(Insn.encode(code, dst, src, off, imm));
    }

    private List<Item> item(int count) {
        int extra = rnd.nextInt(100);
        if (extra < 4 && count > 1) {
            Item call = one(0x85, 0, 1, 0, 0);
            call.callee = rnd.nextInt(count);
            return List.of(call);
        }
        if (extra < 8 && loops) {
            return loop();
        }
        if (extra < 16 && arrayMap >= 0) {
            return mapSnippet();
        }
        return List.of(instruction(true));
    }

    /** {@code rK = n; L: body; rK -= 1; if rK != 0 goto L}. */
    private List<Item> loop() {
        int k = 6 + rnd.nextInt(4);
        List<Item> out = new ArrayList<>();
        out.add(one(0xb7, k, 0, 0, 1 + rnd.nextInt(8)));
        int body = 1 + rnd.nextInt(4);
        for (int i = 0; i < body; i++) {
            out.add(instruction(false));
        }
        out.add(one(0x17, k, 0, 0, 1));
        out.add(one(0x55, k, 0, -(body + 2), 0));
        return out;
    }

    /**
     * A lookup, update or delete on one of the maps; after a lookup, a null check and a few
     * accesses through the value pointer in r0.
     */
    private List<Item> mapSnippet() {
        boolean array = rnd.nextBoolean();
        int map = array ? arrayMap : hashMap;
        int key = array ? rnd.nextInt(arrayEntries + 2) : rnd.nextInt(12);
        List<Item> out = new ArrayList<>();
        out.add(one(0x62, 10, 0, -4, key));
        out.add(new Item(Insn.encode(0x18, 1, 1, 0, map), 0));
        out.add(one(0xbf, 2, 10, 0, 0));
        out.add(one(0x07, 2, 0, 0, -4));
        switch (rnd.nextInt(4)) {
            case 0: // update with the stack bytes below the key; flags ANY, NOEXIST, EXIST
                out.add(one(0x7b, 10, rnd.nextInt(10), -16, 0));
                out.add(one(0xbf, 3, 10, 0, 0));
                out.add(one(0x07, 3, 0, 0, -4 - mapValueSize));
                out.add(one(0xb7, 4, 0, 0, rnd.nextInt(3)));
                out.add(one(0x85, 0, 0, 0, 2));
                return out;
            case 1:
                out.add(one(0x85, 0, 0, 0, 3));
                return out;
            default:
                out.add(one(0x85, 0, 0, 0, 1));
                int uses = 1 + rnd.nextInt(4);
                out.add(one(0x15, 0, 0, uses, 0));
                for (int i = 0; i < uses; i++) {
                    out.add(valueAccess());
                }
                return out;
        }
    }

    /** A load, store or atomic through r0 within (or just past) a map value. */
    private Item valueAccess() {
        int size = SIZES[rnd.nextInt(4)];
        int width = 1 << (size >> 3);
        int off = rnd.nextInt(8) == 0 ? mapValueSize : rnd.nextInt(mapValueSize / width) * width;
        switch (rnd.nextInt(4)) {
            case 0: return one(0x61 | size, 1 + rnd.nextInt(9), 0, off, 0);
            case 1: return one(0x63 | size, 0, src() == 10 ? 1 : src(), off, 0);
            case 2: return one(0x62 | size, 0, 0, off, imm());
            default:
                int code = rnd.nextBoolean() ? 0xdb : 0xc3;
                int reg = 1 + rnd.nextInt(9);
                return one(code, 0, reg, off & ~(code == 0xdb ? 7 : 3), ATOMIC_OPS[rnd.nextInt(ATOMIC_OPS.length)]);
        }
    }

    private Item instruction(boolean jumps) {
        int kind = rnd.nextInt(jumps ? 100 : 63);
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
            if (!jumps) {
                return one(0xb7, dst(), 0, 0, imm());
            }
            long v = rnd.nextLong();
            return new Item(Insn.encode(0x18, dst(), 0, 0, (int) v), Insn.encode(0, 0, 0, 0, (int) (v >>> 32)));
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
            Item j = rnd.nextBoolean() ? one(cls | op | 0x08, dst(), src(), 0, 0) : one(cls | op, dst(), 0, 0, imm());
            j.jump = true;
            return j;
        }
        if (kind < 92) {
            Item j = rnd.nextBoolean() ? one(0x05, 0, 0, 0, 0) : one(0x06, 0, 0, 0, 0);
            j.jump = true;
            return j;
        }
        if (kind < 97) {
            return one(0x85, 0, 0, 0, helpers[rnd.nextInt(helpers.length)]);
        }
        return one(0x95, 0, 0, 0, 0);
    }
}
