package org.jxdp.engine.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.jxdp.engine.verifier.Scalar.Cmp;
import org.jxdp.engine.verifier.Scalar.Ops;

/**
 * The scalar domain over-approximates: for random abstract values paired with a concrete value
 * they hold, every operation's abstract result holds the concrete result, a branch refinement
 * keeps every pair of values that satisfies the condition, and a decided branch is right.
 */
class ScalarSoundnessTest {
    private static final int[] OPS = {Ops.ADD, Ops.SUB, Ops.MUL, Ops.DIV, Ops.OR, Ops.AND, Ops.LSH, Ops.RSH, Ops.MOD,
        Ops.XOR, Ops.ARSH};
    private static final int[] CMPS = {Cmp.JEQ, Cmp.JNE, Cmp.JGT, Cmp.JGE, Cmp.JLT, Cmp.JLE, Cmp.JSGT, Cmp.JSGE,
        Cmp.JSLT, Cmp.JSLE, Cmp.JSET, Cmp.JNSET};
    private static final long[] EDGES = {0, 1, -1, 2, 7, 8, 14, 255, 256, 0xffff, 0x10000, 0x7fffffff, 0x80000000L,
        0xffffffffL, 0x100000000L, Long.MAX_VALUE, Long.MIN_VALUE, -2, -8, -512};

    /** An abstract value and one concrete value it holds. */
    record Pair(Scalar a, long c) {
    }

    private final SplittableRandom rnd = new SplittableRandom(0x5eed);

    private long concrete() {
        switch (rnd.nextInt(5)) {
            case 0: return EDGES[rnd.nextInt(EDGES.length)];
            case 1: return rnd.nextLong(-300, 300);
            case 2: return rnd.nextLong() & 0xffffffffL;
            case 3: return EDGES[rnd.nextInt(EDGES.length)] + rnd.nextInt(-3, 4);
            default: return rnd.nextLong();
        }
    }

    private Pair pair(int depth) {
        long c = concrete();
        switch (depth <= 0 ? rnd.nextInt(4) : rnd.nextInt(9)) {
            case 0:
                return new Pair(Scalar.constant(c), c);
            case 1: {
                long d = concrete();
                return new Pair(Scalar.constant(c).join(Scalar.constant(d)), c);
            }
            case 2: {
                int size = new int[] {1, 2, 4, 8}[rnd.nextInt(4)];
                long v = size == 8 ? c : c & ((1L << (size * 8)) - 1);
                return new Pair(Scalar.unsigned(size), v);
            }
            case 3:
                return new Pair(Scalar.UNKNOWN, c);
            case 4: {
                Pair x = pair(depth - 1);
                Pair y = pair(depth - 1);
                int op = OPS[rnd.nextInt(OPS.length)];
                int bits = rnd.nextBoolean() ? 64 : 32;
                boolean signed = rnd.nextBoolean();
                return new Pair(x.a.alu(op, y.a, bits, signed), Scalar.concrete(op, x.c, y.c, bits, signed));
            }
            case 5: {
                Pair x = pair(depth - 1);
                Pair y = pair(depth - 1);
                return new Pair(x.a.join(y.a), x.c);
            }
            case 6: {
                Pair x = pair(depth - 1);
                long lo = Math.min(x.c, concrete());
                Scalar r = x.a.withS(lo, Long.MAX_VALUE);
                return r == null ? x : new Pair(r, x.c);
            }
            case 7: {
                // refine by a true comparison with another value
                Pair x = pair(depth - 1);
                Pair y = pair(depth - 1);
                int op = CMPS[rnd.nextInt(CMPS.length)];
                int bits = rnd.nextBoolean() ? 64 : 32;
                if (!holds(op, x.c, y.c, bits)) {
                    op = Cmp.negate(op);
                }
                Scalar[] r = x.a.refine(op, y.a, bits);
                return r == null ? x : new Pair(r[0], x.c);
            }
            default: {
                Pair x = pair(depth - 1);
                int size = new int[] {1, 2, 4}[rnd.nextInt(3)];
                return rnd.nextBoolean() ? new Pair(x.a.truncate(size), trunc(x.c, size))
                        : new Pair(x.a.signExtend(size * 8), sext(x.c, size * 8));
            }
        }
    }

    private static long trunc(long v, int size) {
        return size >= 8 ? v : v & ((1L << (size * 8)) - 1);
    }

    private static long sext(long v, int bits) {
        return (v << (64 - bits)) >> (64 - bits);
    }

    static boolean holds(int op, long a, long b, int bits) {
        if (bits == 32) {
            a = a & 0xffffffffL;
            b = b & 0xffffffffL;
        }
        long sa = bits == 32 ? (int) a : a;
        long sb = bits == 32 ? (int) b : b;
        switch (op) {
            case Cmp.JEQ: return a == b;
            case Cmp.JNE: return a != b;
            case Cmp.JGT: return Long.compareUnsigned(a, b) > 0;
            case Cmp.JGE: return Long.compareUnsigned(a, b) >= 0;
            case Cmp.JLT: return Long.compareUnsigned(a, b) < 0;
            case Cmp.JLE: return Long.compareUnsigned(a, b) <= 0;
            case Cmp.JSGT: return sa > sb;
            case Cmp.JSGE: return sa >= sb;
            case Cmp.JSLT: return sa < sb;
            case Cmp.JSLE: return sa <= sb;
            case Cmp.JSET: return (a & b) != 0;
            case Cmp.JNSET: return (a & b) == 0;
            default: throw new IllegalArgumentException();
        }
    }

    @Test
    void generatedPairsHoldTheirConcreteValue() {
        for (int i = 0; i < 20_000; i++) {
            Pair p = pair(3);
            assertThat(p.a.contains(p.c)).as("%s holds %s", p.a, p.c).isTrue();
        }
    }

    @Test
    void arithmeticHoldsTheConcreteResult() {
        for (int i = 0; i < 100_000; i++) {
            Pair x = pair(2);
            Pair y = pair(2);
            int op = OPS[rnd.nextInt(OPS.length)];
            int bits = rnd.nextBoolean() ? 64 : 32;
            boolean signed = rnd.nextBoolean();
            long want = Scalar.concrete(op, x.c, y.c, bits, signed);
            Scalar got = x.a.alu(op, y.a, bits, signed);
            assertThat(got.contains(want)).as("%s op 0x%x/%d %s (%s, %s): %s must hold %s", x.a, op, bits, y.a, x.c,
                    y.c, got, want).isTrue();
        }
    }

    @Test
    void unaryOperationsHoldTheConcreteResult() {
        for (int i = 0; i < 50_000; i++) {
            Pair x = pair(2);
            long c = x.c;
            assertThat(x.a.neg(64).contains(-c)).isTrue();
            assertThat(x.a.neg(32).contains(-(int) c & 0xffffffffL)).as("neg32 %s %s", x.a, c).isTrue();
            assertThat(x.a.zext32().contains(c & 0xffffffffL)).isTrue();
            assertThat(x.a.endian(16, true).contains(Short.reverseBytes((short) c) & 0xffffL)).isTrue();
            assertThat(x.a.endian(32, true).contains(Integer.reverseBytes((int) c) & 0xffffffffL)).isTrue();
            assertThat(x.a.endian(64, true).contains(Long.reverseBytes(c))).isTrue();
            assertThat(x.a.endian(16, false).contains(c & 0xffffL)).isTrue();
            for (int bits : new int[] {8, 16, 32}) {
                assertThat(x.a.signExtend(bits).contains(sext(c, bits))).as("sext%d %s %s", bits, x.a, c).isTrue();
                assertThat(x.a.truncate(bits / 8).contains(trunc(c, bits / 8))).isTrue();
            }
        }
    }

    @Test
    void branchesKeepEverySatisfyingPairAndDecideRightly() {
        for (int i = 0; i < 100_000; i++) {
            Pair x = pair(2);
            Pair y = rnd.nextInt(3) == 0 ? new Pair(Scalar.constant(concrete()), 0) : pair(2);
            if (y.a.isConst()) {
                y = new Pair(y.a, y.a.value());
            }
            int op = CMPS[rnd.nextInt(CMPS.length)];
            int bits = rnd.nextBoolean() ? 64 : 32;
            boolean truth = holds(op, x.c, y.c, bits);
            int decided = x.a.decide(op, y.a, bits);
            if (decided >= 0) {
                assertThat(decided == 1).as("decide %s 0x%x/%d %s with %s, %s", x.a, op, bits, y.a, x.c, y.c)
                        .isEqualTo(truth);
            }
            Scalar[] r = x.a.refine(truth ? op : Cmp.negate(op), y.a, bits);
            assertThat(r).as("refine %s 0x%x/%d %s with %s, %s (%s)", x.a, op, bits, y.a, x.c, y.c, truth).isNotNull();
            assertThat(r[0].contains(x.c)).as("refined dst %s of %s 0x%x/%d %s keeps %s (other %s, %s)", r[0], x.a, op,
                    bits, y.a, x.c, y.c, truth).isTrue();
            assertThat(r[1].contains(y.c)).as("refined src %s keeps %s", r[1], y.c).isTrue();
        }
    }

    @Test
    void joinCoversBothAndMeetKeepsCommonValues() {
        for (int i = 0; i < 50_000; i++) {
            Pair x = pair(2);
            Pair y = pair(2);
            Scalar j = x.a.join(y.a);
            assertThat(j.contains(x.c) && j.contains(y.c)).isTrue();
            assertThat(j.covers(x.a) && j.covers(y.a)).as("%s covers %s and %s", j, x.a, y.a).isTrue();
            if (y.a.contains(x.c)) {
                Scalar m = x.a.meet(y.a);
                assertThat(m).isNotNull();
                assertThat(m.contains(x.c)).isTrue();
            }
        }
    }

    @Test
    void constantsAndKnownShapes() {
        assertThat(Scalar.constant(14).toString()).isEqualTo("14");
        assertThat(Scalar.unsigned(1).toString()).isEqualTo("scalar(smin=0,smax=255)");
        Scalar len = Scalar.unsigned(2).alu(Ops.AND, Scalar.constant(0x3c), 64, false);
        assertThat(len.umax).isEqualTo(0x3c);
        assertThat(len.t.umax()).isEqualTo(0x3c);
        Scalar[] gt = Scalar.unsigned(4).refine(Cmp.JGT, Scalar.constant(10), 64);
        assertThat(gt[0].umin).isEqualTo(11);
        assertThat(Scalar.unsigned(4).refine(Cmp.JGT, Scalar.constant(0xffffffffL), 64)).isNull();
        assertThat(Scalar.constant(5).decide(Cmp.JSET, Scalar.constant(4), 64)).isEqualTo(1);
    }
}
