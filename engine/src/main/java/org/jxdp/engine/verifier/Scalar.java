package org.jxdp.engine.verifier;

/**
 * What is known about a 64-bit number: its bits ({@link Tnum}) and four ranges, unsigned and
 * signed over 64 bits and over the low 32 bits (the kernel's {@code var_off}, {@code umin/umax},
 * {@code smin/smax}, {@code u32_min/u32_max}, {@code s32_min/s32_max}). Every constraint must hold
 * of every value, so the value set is their intersection:
 * <pre>
 *   values = { x : tnum contains x, umin &lt;=u x &lt;=u umax, smin &lt;= x &lt;= smax,
 *                  u32min &lt;=u (u32) x &lt;=u u32max, s32min &lt;= (s32) x &lt;= s32max }
 * </pre>
 * Each factory normalises: facts are carried from one view to the others until none changes, so
 * that a bound learned in one view (a 32-bit comparison, a mask) is seen in all. A scalar that
 * would hold no value is never built: operations that can meet an empty set (branch refinement)
 * return {@code null} for it. Immutable.
 *
 * <p>Unsigned bounds are held in {@code long}s and compared with {@link Long#compareUnsigned};
 * the 32-bit bounds are held widened: {@code u32min}/{@code u32max} in {@code [0, 2^32)},
 * {@code s32min}/{@code s32max} in {@code [-2^31, 2^31)}.
 */
final class Scalar {
    static final long U32_MAX = 0xffffffffL;

    /** Any 64-bit value. */
    static final Scalar UNKNOWN = new Scalar(Tnum.UNKNOWN, 0, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 0, U32_MAX,
            Integer.MIN_VALUE, Integer.MAX_VALUE);
    /** The constant 0. */
    static final Scalar ZERO = constant(0);

    final Tnum t;
    final long umin;
    final long umax;
    final long smin;
    final long smax;
    final long u32min;
    final long u32max;
    final long s32min;
    final long s32max;

    private Scalar(Tnum t, long umin, long umax, long smin, long smax, long u32min, long u32max, long s32min,
            long s32max) {
        this.t = t;
        this.umin = umin;
        this.umax = umax;
        this.smin = smin;
        this.smax = smax;
        this.u32min = u32min;
        this.u32max = u32max;
        this.s32min = s32min;
        this.s32max = s32max;
    }

    /** The constant {@code v}. */
    static Scalar constant(long v) {
        return new Scalar(Tnum.constant(v), v, v, v, v, v & U32_MAX, v & U32_MAX, (int) v, (int) v);
    }

    /** Any value of {@code size} bytes (1, 2, 4, 8), zero-extended. */
    static Scalar unsigned(int size) {
        if (size >= 8) {
            return UNKNOWN;
        }
        long max = (1L << (size * 8)) - 1;
        boolean narrow = size < 4;
        return of(new Tnum(0, max), 0, max, 0, max, 0, max, narrow ? 0 : Integer.MIN_VALUE,
                narrow ? max : Integer.MAX_VALUE);
    }

    /** Any value of {@code size} bytes (1, 2, 4), sign-extended to 64 bits. */
    static Scalar signed(int size) {
        if (size >= 8) {
            return UNKNOWN;
        }
        long min = -(1L << (size * 8 - 1));
        long max = (1L << (size * 8 - 1)) - 1;
        return of(Tnum.UNKNOWN, 0, -1L, min, max, 0, U32_MAX, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /** The unsigned values {@code [min, max]}. */
    static Scalar unsignedRange(long min, long max) {
        return of(Tnum.UNKNOWN, min, max, Long.MIN_VALUE, Long.MAX_VALUE, 0, U32_MAX, Integer.MIN_VALUE,
                Integer.MAX_VALUE);
    }

    /** The signed values {@code [min, max]}. */
    static Scalar signedRange(long min, long max) {
        return of(Tnum.UNKNOWN, 0, -1L, min, max, 0, U32_MAX, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /**
     * The scalar with all these constraints, normalised; {@code null} when no value satisfies
     * them all.
     */
    static Scalar of(Tnum t, long umin, long umax, long smin, long smax, long u32min, long u32max, long s32min,
            long s32max) {
        for (int round = 0; round < 4; round++) {
            long[] before = {umin, umax, smin, smax, u32min, u32max, s32min, s32max};
            Tnum beforeT = t;
            // bits -> ranges
            umin = umaxU(umin, t.umin());
            umax = uminU(umax, t.umax());
            smin = Math.max(smin, t.smin());
            smax = Math.min(smax, t.smax());
            Tnum low = t.subreg();
            u32min = Math.max(u32min, low.value());
            u32max = Math.min(u32max, low.value() | low.mask());
            s32min = Math.max(s32min, (int) (low.value() | (low.mask() & 0x80000000L)));
            s32max = Math.min(s32max, (int) (low.value() | (low.mask() & 0x7fffffffL)));
            // unsigned <-> signed, 64 bits: the ranges agree when they do not cross a sign boundary
            if ((umin ^ umax) >= 0) {
                smin = Math.max(smin, umin);
                smax = Math.min(smax, umax);
            }
            if ((smin ^ smax) >= 0) {
                umin = umaxU(umin, smin);
                umax = uminU(umax, smax);
            }
            // unsigned <-> signed, 32 bits
            if (((int) u32min ^ (int) u32max) >= 0) {
                s32min = Math.max(s32min, (int) u32min);
                s32max = Math.min(s32max, (int) u32max);
            }
            if ((s32min ^ s32max) >= 0) {
                u32min = Math.max(u32min, s32min & U32_MAX);
                u32max = Math.min(u32max, s32max & U32_MAX);
            }
            // 64 -> 32: a range inside one 2^32-aligned block orders its low halves like itself
            if ((umin >>> 32) == (umax >>> 32)) {
                u32min = Math.max(u32min, umin & U32_MAX);
                u32max = Math.min(u32max, umax & U32_MAX);
                if ((int) umin <= (int) umax) {
                    s32min = Math.max(s32min, (int) umin);
                    s32max = Math.min(s32max, (int) umax);
                }
            }
            if ((smin >>> 32) == (smax >>> 32)) {
                u32min = Math.max(u32min, smin & U32_MAX);
                u32max = Math.min(u32max, smax & U32_MAX);
                if ((int) smin <= (int) smax) {
                    s32min = Math.max(s32min, (int) smin);
                    s32max = Math.min(s32max, (int) smax);
                }
            }
            // 32 -> 64: when the high half is known, the 64-bit range follows the low one
            if ((t.mask() >>> 32) == 0) {
                long hi = t.value() & 0xffffffff00000000L;
                umin = umaxU(umin, hi | u32min);
                umax = uminU(umax, hi | u32max);
                if ((hi | u32min) <= (hi | u32max)) {
                    smin = Math.max(smin, hi | u32min);
                    smax = Math.min(smax, hi | u32max);
                }
            }
            if (Long.compareUnsigned(umin, umax) > 0 || smin > smax || u32min > u32max || s32min > s32max) {
                return null;
            }
            // ranges -> bits
            Tnum r = Tnum.range(umin, umax);
            if (t.disjoint(r)) {
                return null;
            }
            Tnum nt = t.intersect(r);
            Tnum r32 = Tnum.range(u32min, u32max);
            Tnum sub = nt.subreg();
            if (sub.disjoint(r32)) {
                return null;
            }
            t = nt.withSubreg(sub.intersect(r32));
            if (t.equals(beforeT) && before[0] == umin && before[1] == umax && before[2] == smin && before[3] == smax
                    && before[4] == u32min && before[5] == u32max && before[6] == s32min && before[7] == s32max) {
                break;
            }
        }
        return new Scalar(t, umin, umax, smin, smax, u32min, u32max, s32min, s32max);
    }

    static long uminU(long a, long b) {
        return Long.compareUnsigned(a, b) <= 0 ? a : b;
    }

    static long umaxU(long a, long b) {
        return Long.compareUnsigned(a, b) >= 0 ? a : b;
    }

    // ---------------------------------------------------------------- queries

    boolean isConst() {
        return t.isConst();
    }

    /** The value of a constant. */
    long value() {
        return t.value();
    }

    /** True when the low 32 bits are a known constant. */
    boolean isConst32() {
        return t.subreg().isConst();
    }

    boolean isUnknown() {
        return equals(UNKNOWN);
    }

    /** True when {@code v} is one of the values. */
    boolean contains(long v) {
        return t.contains(v) && Long.compareUnsigned(v, umin) >= 0 && Long.compareUnsigned(v, umax) <= 0
                && v >= smin && v <= smax && (v & U32_MAX) >= u32min && (v & U32_MAX) <= u32max
                && (int) v >= s32min && (int) v <= s32max;
    }

    /** True when every value of {@code o} is a value of this. */
    boolean covers(Scalar o) {
        return t.covers(o.t) && Long.compareUnsigned(umin, o.umin) <= 0 && Long.compareUnsigned(umax, o.umax) >= 0
                && smin <= o.smin && smax >= o.smax && u32min <= o.u32min && u32max >= o.u32max
                && s32min <= o.s32min && s32max >= o.s32max;
    }

    /** The smallest scalar holding the values of both. */
    Scalar join(Scalar o) {
        return of(t.union(o.t), uminU(umin, o.umin), umaxU(umax, o.umax), Math.min(smin, o.smin),
                Math.max(smax, o.smax), Math.min(u32min, o.u32min), Math.max(u32max, o.u32max),
                Math.min(s32min, o.s32min), Math.max(s32max, o.s32max));
    }

    /** The values common to both, or null when there is none. */
    Scalar meet(Scalar o) {
        if (t.disjoint(o.t)) {
            return null;
        }
        return of(t.intersect(o.t), umaxU(umin, o.umin), uminU(umax, o.umax), Math.max(smin, o.smin),
                Math.min(smax, o.smax), Math.max(u32min, o.u32min), Math.min(u32max, o.u32max),
                Math.max(s32min, o.s32min), Math.min(s32max, o.s32max));
    }

    /** The values also within the unsigned 64-bit range, or null. */
    Scalar withU(long min, long max) {
        return of(t, umaxU(umin, min), uminU(umax, max), smin, smax, u32min, u32max, s32min, s32max);
    }

    /** The values also within the signed 64-bit range, or null. */
    Scalar withS(long min, long max) {
        return of(t, umin, umax, Math.max(smin, min), Math.min(smax, max), u32min, u32max, s32min, s32max);
    }

    /** The values also within the unsigned 32-bit range of their low halves, or null. */
    Scalar withU32(long min, long max) {
        return of(t, umin, umax, smin, smax, Math.max(u32min, min), Math.min(u32max, max), s32min, s32max);
    }

    /** The values also within the signed 32-bit range of their low halves, or null. */
    Scalar withS32(long min, long max) {
        return of(t, umin, umax, smin, smax, u32min, u32max, Math.max(s32min, min), Math.min(s32max, max));
    }

    /** The values whose bits also agree with {@code bits}, or null. */
    Scalar withBits(Tnum bits) {
        if (t.disjoint(bits)) {
            return null;
        }
        return of(t.intersect(bits), umin, umax, smin, smax, u32min, u32max, s32min, s32max);
    }

    /** The low 32 bits, zero-extended (the result of every ALU32 operation). */
    Scalar zext32() {
        return of(t.subreg(), u32min, u32max, u32min, u32max, u32min, u32max, s32min, s32max);
    }

    /** The low {@code size} bytes, zero-extended (a narrow load or store of this value). */
    Scalar truncate(int size) {
        if (size >= 8) {
            return this;
        }
        if (size == 4) {
            return zext32();
        }
        long max = (1L << (size * 8)) - 1;
        if (Long.compareUnsigned(umax, max) <= 0) {
            return this;
        }
        return of(t.cast(size), 0, max, 0, max, 0, max, 0, max);
    }

    /** The low {@code bits} (8, 16, 32) bits sign-extended to 64 bits. */
    Scalar signExtend(int bits) {
        long lo = -(1L << (bits - 1));
        long hi = (1L << (bits - 1)) - 1;
        if (smin >= lo && smax <= hi) {
            return this;
        }
        int sh = 64 - bits;
        Tnum nt = new Tnum((t.value() << sh) >> sh & ~((t.mask() << sh) >> sh), (t.mask() << sh) >> sh);
        return of(nt, 0, -1L, lo, hi, 0, U32_MAX, bits <= 32 ? lo : Integer.MIN_VALUE,
                bits <= 32 ? hi : Integer.MAX_VALUE);
    }

    // ---------------------------------------------------------------- arithmetic

    /**
     * One operand's view at a width: its bits and its unsigned and signed ranges over 64 bits or
     * over the low 32 bits.
     */
    private record View(Tnum t, long umin, long umax, long smin, long smax, int bits) {
        long uMaxAll() {
            return bits == 64 ? -1L : U32_MAX;
        }

        long sMinAll() {
            return bits == 64 ? Long.MIN_VALUE : Integer.MIN_VALUE;
        }

        long sMaxAll() {
            return bits == 64 ? Long.MAX_VALUE : Integer.MAX_VALUE;
        }

        boolean uOverflows(long v) {
            return bits == 32 && (v < 0 || v > U32_MAX);
        }

        boolean sOverflows(long v) {
            return bits == 32 && (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE);
        }
    }

    private View view(int bits) {
        if (bits == 64) {
            return new View(t, umin, umax, smin, smax, 64);
        }
        return new View(t.subreg(), u32min, u32max, s32min, s32max, 32);
    }

    private static View unknown(int bits) {
        return bits == 64 ? new View(Tnum.UNKNOWN, 0, -1L, Long.MIN_VALUE, Long.MAX_VALUE, 64)
                : new View(new Tnum(0, U32_MAX), 0, U32_MAX, Integer.MIN_VALUE, Integer.MAX_VALUE, 32);
    }

    /** The scalar a 64-bit operation produces, with the 32-bit view when the low half depends only on low halves. */
    private static Scalar of64(View v, View low) {
        Scalar s = of(v.t, v.umin, v.umax, v.smin, v.smax, 0, U32_MAX, Integer.MIN_VALUE, Integer.MAX_VALUE);
        if (s == null) {
            return UNKNOWN;
        }
        if (low != null) {
            Scalar l = s.withU32(low.umin, low.umax);
            l = l == null ? null : l.withS32(low.smin, low.smax);
            if (l != null) {
                s = l;
            }
        }
        return s;
    }

    /** The scalar a 32-bit operation produces: its result zero-extended. */
    private static Scalar of32(View v) {
        Scalar s = of(v.t, v.umin, v.umax, 0, U32_MAX, v.umin, v.umax, v.smin, v.smax);
        return s == null ? UNKNOWN.zext32() : s;
    }

    private static Scalar result(View v, View low, int bits) {
        return bits == 64 ? of64(v, low) : of32(v);
    }

    /** Whether an operation's low 32 bits depend only on the operands' low 32 bits. */
    private static boolean lowOnly(int op) {
        return op == Ops.ADD || op == Ops.SUB || op == Ops.MUL || op == Ops.AND || op == Ops.OR || op == Ops.XOR;
    }

    /** The operations, numbered as in the opcode's high nibble. */
    static final class Ops {
        private Ops() {
        }

        static final int ADD = 0x00;
        static final int SUB = 0x10;
        static final int MUL = 0x20;
        static final int DIV = 0x30;
        static final int OR = 0x40;
        static final int AND = 0x50;
        static final int LSH = 0x60;
        static final int RSH = 0x70;
        static final int MOD = 0x90;
        static final int XOR = 0xa0;
        static final int ARSH = 0xc0;
    }

    /**
     * The result of {@code this op b} over {@code bits} (64 or 32; a 32-bit result is
     * zero-extended); {@code signed} selects SDIV/SMOD for DIV and MOD.
     */
    Scalar alu(int op, Scalar b, int bits, boolean signed) {
        if (bits == 64 ? isConst() && b.isConst() : isConst32() && b.isConst32()) {
            return constant(concrete(op, value(), b.value(), bits, signed));
        }
        View x = view(bits);
        View y = b.view(bits);
        View r = apply(op, x, y, signed);
        View low = bits == 64 && lowOnly(op) ? apply(op, view(32), b.view(32), signed) : null;
        return result(r, low, bits);
    }

    /** The concrete result of one operation, with the ISA's rules for division by zero and shift counts. */
    static long concrete(int op, long a, long b, int bits, boolean signed) {
        if (bits == 32) {
            int x = (int) a;
            int y = (int) b;
            int r;
            switch (op) {
                case Ops.ADD: r = x + y; break;
                case Ops.SUB: r = x - y; break;
                case Ops.MUL: r = x * y; break;
                case Ops.DIV:
                    r = y == 0 ? 0 : signed ? (x == Integer.MIN_VALUE && y == -1 ? x : x / y)
                            : Integer.divideUnsigned(x, y);
                    break;
                case Ops.MOD:
                    r = y == 0 ? x : signed ? (y == -1 ? 0 : x % y) : Integer.remainderUnsigned(x, y);
                    break;
                case Ops.OR: r = x | y; break;
                case Ops.AND: r = x & y; break;
                case Ops.XOR: r = x ^ y; break;
                case Ops.LSH: r = x << (y & 31); break;
                case Ops.RSH: r = x >>> (y & 31); break;
                case Ops.ARSH: r = x >> (y & 31); break;
                default: throw new IllegalArgumentException("op " + op);
            }
            return r & U32_MAX;
        }
        switch (op) {
            case Ops.ADD: return a + b;
            case Ops.SUB: return a - b;
            case Ops.MUL: return a * b;
            case Ops.DIV:
                return b == 0 ? 0 : signed ? (a == Long.MIN_VALUE && b == -1 ? a : a / b) : Long.divideUnsigned(a, b);
            case Ops.MOD:
                return b == 0 ? a : signed ? (b == -1 ? 0 : a % b) : Long.remainderUnsigned(a, b);
            case Ops.OR: return a | b;
            case Ops.AND: return a & b;
            case Ops.XOR: return a ^ b;
            case Ops.LSH: return a << (b & 63);
            case Ops.RSH: return a >>> (b & 63);
            case Ops.ARSH: return a >> (b & 63);
            default: throw new IllegalArgumentException("op " + op);
        }
    }

    private static View apply(int op, View x, View y, boolean signed) {
        switch (op) {
            case Ops.ADD: return add(x, y);
            case Ops.SUB: return sub(x, y);
            case Ops.MUL: return mul(x, y);
            case Ops.AND: return and(x, y);
            case Ops.OR: return or(x, y);
            case Ops.XOR: return xor(x, y);
            case Ops.LSH: return lsh(x, y);
            case Ops.RSH: return rsh(x, y);
            case Ops.ARSH: return arsh(x, y);
            case Ops.DIV: return signed ? unknown(x.bits) : div(x, y);
            case Ops.MOD: return signed ? unknown(x.bits) : mod(x, y);
            default: throw new IllegalArgumentException("op " + op);
        }
    }

    private static Tnum fit(Tnum t, int bits) {
        return bits == 64 ? t : t.subreg();
    }

    private static View add(View x, View y) {
        int bits = x.bits;
        Tnum t = fit(x.t.add(y.t), bits);
        long umin = x.umin + y.umin;
        long umax = x.umax + y.umax;
        boolean uover = bits == 64 ? Long.compareUnsigned(umax, x.umax) < 0 || Long.compareUnsigned(umin, x.umin) < 0
                : x.uOverflows(umax);
        long smin;
        long smax;
        boolean sover;
        if (bits == 64) {
            smin = x.smin + y.smin;
            smax = x.smax + y.smax;
            sover = ((x.smin ^ smin) & (y.smin ^ smin)) < 0 || ((x.smax ^ smax) & (y.smax ^ smax)) < 0;
        } else {
            smin = x.smin + y.smin;
            smax = x.smax + y.smax;
            sover = x.sOverflows(smin) || x.sOverflows(smax);
        }
        return new View(t, uover ? 0 : umin, uover ? x.uMaxAll() : umax, sover ? x.sMinAll() : smin,
                sover ? x.sMaxAll() : smax, bits);
    }

    private static View sub(View x, View y) {
        int bits = x.bits;
        Tnum t = fit(x.t.sub(y.t), bits);
        boolean uover = Long.compareUnsigned(x.umin, y.umax) < 0;
        long umin = x.umin - y.umax;
        long umax = x.umax - y.umin;
        long smin;
        long smax;
        boolean sover;
        if (bits == 64) {
            smin = x.smin - y.smax;
            smax = x.smax - y.smin;
            sover = ((x.smin ^ y.smax) & (x.smin ^ smin)) < 0 || ((x.smax ^ y.smin) & (x.smax ^ smax)) < 0;
        } else {
            smin = x.smin - y.smax;
            smax = x.smax - y.smin;
            sover = x.sOverflows(smin) || x.sOverflows(smax);
        }
        return new View(t, uover ? 0 : umin, uover ? x.uMaxAll() : umax, sover ? x.sMinAll() : smin,
                sover ? x.sMaxAll() : smax, bits);
    }

    private static long unsignedMultiplyHigh(long a, long b) {
        return Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
    }

    private static View mul(View x, View y) {
        int bits = x.bits;
        Tnum t = fit(x.t.mul(y.t), bits);
        long umin = 0;
        long umax = x.uMaxAll();
        if (bits == 64) {
            if (unsignedMultiplyHigh(x.umax, y.umax) == 0) {
                umin = x.umin * y.umin;
                umax = x.umax * y.umax;
            }
        } else if (Long.compareUnsigned(unsignedMultiplyHigh(x.umax, y.umax), 0) == 0
                && Long.compareUnsigned(x.umax * y.umax, U32_MAX) <= 0) {
            umin = x.umin * y.umin;
            umax = x.umax * y.umax;
        }
        long smin = x.sMinAll();
        long smax = x.sMaxAll();
        long[] corners = new long[4];
        boolean over = false;
        long[][] pairs = {{x.smin, y.smin}, {x.smin, y.smax}, {x.smax, y.smin}, {x.smax, y.smax}};
        for (int i = 0; i < 4 && !over; i++) {
            long a = pairs[i][0];
            long b = pairs[i][1];
            long p = a * b;
            if (bits == 64) {
                over = Math.multiplyHigh(a, b) != (p >> 63);
            } else {
                over = x.sOverflows(p);
            }
            corners[i] = p;
        }
        if (!over) {
            smin = Math.min(Math.min(corners[0], corners[1]), Math.min(corners[2], corners[3]));
            smax = Math.max(Math.max(corners[0], corners[1]), Math.max(corners[2], corners[3]));
        }
        return new View(t, umin, umax, smin, smax, bits);
    }

    private static View and(View x, View y) {
        Tnum t = x.t.and(y.t);
        long umax = uminU(x.umax, y.umax);
        long smin = x.sMinAll();
        long smax = x.sMaxAll();
        if (x.smin >= 0 || y.smin >= 0) {
            smin = 0;
            smax = x.smin >= 0 && y.smin >= 0 ? Math.min(x.smax, y.smax) : x.smin >= 0 ? x.smax : y.smax;
        }
        return new View(t, t.umin(), uminU(umax, t.umax()), smin, smax, x.bits);
    }

    private static View or(View x, View y) {
        Tnum t = x.t.or(y.t);
        long umin = umaxU(x.umin, y.umin);
        long smin = x.sMinAll();
        long smax = x.sMaxAll();
        if (x.smin >= 0 && y.smin >= 0) {
            smin = 0;
        }
        return new View(t, umaxU(umin, t.umin()), t.umax(), smin, smax, x.bits);
    }

    private static View xor(View x, View y) {
        Tnum t = x.t.xor(y.t);
        long smin = x.sMinAll();
        long smax = x.sMaxAll();
        if (x.smin >= 0 && y.smin >= 0) {
            smin = 0;
        }
        return new View(t, t.umin(), t.umax(), smin, smax, x.bits);
    }

    private static View lsh(View x, View y) {
        int bits = x.bits;
        if (!y.t.isConst()) {
            return unknown(bits);
        }
        int k = (int) (y.t.value() & (bits - 1));
        Tnum t = fit(x.t.lshift(k), bits);
        long umin = 0;
        long umax = x.uMaxAll();
        if (bits == 64 ? Long.numberOfLeadingZeros(x.umax) >= k : (x.umax << k) <= U32_MAX) {
            umin = x.umin << k;
            umax = x.umax << k;
        }
        long smin = x.sMinAll();
        long smax = x.sMaxAll();
        if (bits == 64) {
            if (((x.smin << k) >> k) == x.smin && ((x.smax << k) >> k) == x.smax) {
                smin = x.smin << k;
                smax = x.smax << k;
            }
        } else if (!x.sOverflows(x.smin << k) && !x.sOverflows(x.smax << k)) {
            smin = x.smin << k;
            smax = x.smax << k;
        }
        return new View(t, umin, umax, smin, smax, bits);
    }

    private static View rsh(View x, View y) {
        int bits = x.bits;
        if (!y.t.isConst()) {
            if (Long.compareUnsigned(y.umax, bits) >= 0) {
                return unknown(bits);
            }
            return new View(bits == 64 ? Tnum.UNKNOWN : new Tnum(0, U32_MAX), x.umin >>> y.umax, x.umax >>> y.umin,
                    x.sMinAll(), x.sMaxAll(), bits);
        }
        int k = (int) (y.t.value() & (bits - 1));
        Tnum t = x.t.rshift(k);
        return new View(t, x.umin >>> k, x.umax >>> k, x.sMinAll(), x.sMaxAll(), bits);
    }

    private static View arsh(View x, View y) {
        int bits = x.bits;
        if (!y.t.isConst()) {
            return unknown(bits);
        }
        int k = (int) (y.t.value() & (bits - 1));
        Tnum t = x.t.arshift(k, bits);
        return new View(t, 0, x.uMaxAll(), x.smin >> k, x.smax >> k, bits);
    }

    private static View div(View x, View y) {
        int bits = x.bits;
        if (y.t.isConst()) {
            long d = y.t.value();
            if (d == 0) {
                return new View(Tnum.ZERO, 0, 0, 0, 0, bits);
            }
            return new View(bits == 64 ? Tnum.UNKNOWN : new Tnum(0, U32_MAX), Long.divideUnsigned(x.umin, d),
                    Long.divideUnsigned(x.umax, d), x.sMinAll(), x.sMaxAll(), bits);
        }
        return new View(bits == 64 ? Tnum.UNKNOWN : new Tnum(0, U32_MAX), 0, x.umax, x.sMinAll(), x.sMaxAll(), bits);
    }

    private static View mod(View x, View y) {
        int bits = x.bits;
        if (y.t.isConst()) {
            long d = y.t.value();
            if (d == 0 || Long.compareUnsigned(x.umax, d) < 0) {
                return x;
            }
            return new View(bits == 64 ? Tnum.UNKNOWN : new Tnum(0, U32_MAX), 0, d - 1, x.sMinAll(), x.sMaxAll(), bits);
        }
        return new View(bits == 64 ? Tnum.UNKNOWN : new Tnum(0, U32_MAX), 0, x.umax, x.sMinAll(), x.sMaxAll(), bits);
    }

    /** {@code -this} over {@code bits}. */
    Scalar neg(int bits) {
        if (bits == 32) {
            if (isConst32()) {
                return constant(-(int) value() & U32_MAX);
            }
            View x = view(32);
            boolean over = x.smin == Integer.MIN_VALUE;
            return of32(new View(x.t.neg().subreg(), 0, U32_MAX, over ? Integer.MIN_VALUE : -x.smax,
                    over ? Integer.MAX_VALUE : -x.smin, 32));
        }
        if (isConst()) {
            return constant(-value());
        }
        boolean over = smin == Long.MIN_VALUE;
        return of64(new View(t.neg(), 0, -1L, over ? Long.MIN_VALUE : -smax, over ? Long.MAX_VALUE : -smin, 64), null);
    }

    /**
     * A byte-order conversion ({@code le16}... on this little-endian machine a truncation;
     * {@code be16}, {@code bswap16}... a byte swap of the low {@code width} bits, zero-extended).
     */
    Scalar endian(int width, boolean swap) {
        int size = width / 8;
        if (!swap) {
            return truncate(size);
        }
        long v = swap(t.value(), width);
        long m = swap(t.mask(), width);
        long max = width == 64 ? -1L : (1L << width) - 1;
        return of(new Tnum(v, m), 0, max, width == 64 ? Long.MIN_VALUE : 0, width == 64 ? Long.MAX_VALUE : max, 0,
                U32_MAX, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    private static long swap(long v, int width) {
        switch (width) {
            case 16: return Short.reverseBytes((short) v) & 0xffffL;
            case 32: return Integer.reverseBytes((int) v) & U32_MAX;
            default: return Long.reverseBytes(v);
        }
    }

    // ---------------------------------------------------------------- comparisons

    /** The jump operations, numbered as in the opcode's high nibble. */
    static final class Cmp {
        private Cmp() {
        }

        static final int JEQ = 0x10;
        static final int JGT = 0x20;
        static final int JGE = 0x30;
        static final int JSET = 0x40;
        static final int JNE = 0x50;
        static final int JSGT = 0x60;
        static final int JSGE = 0x70;
        static final int JLT = 0xa0;
        static final int JLE = 0xb0;
        static final int JSLT = 0xc0;
        static final int JSLE = 0xd0;
        /** Not an ISA operation: the negation of JSET (no bit in common). */
        static final int JNSET = 0x100;

        /** The operation that holds exactly when {@code op} does not. */
        static int negate(int op) {
            switch (op) {
                case JEQ: return JNE;
                case JNE: return JEQ;
                case JGT: return JLE;
                case JLE: return JGT;
                case JGE: return JLT;
                case JLT: return JGE;
                case JSGT: return JSLE;
                case JSLE: return JSGT;
                case JSGE: return JSLT;
                case JSLT: return JSGE;
                case JSET: return JNSET;
                case JNSET: return JSET;
                default: throw new IllegalArgumentException("op " + op);
            }
        }

        /** The operation with its operands swapped ({@code a > b} is {@code b < a}). */
        static int flip(int op) {
            switch (op) {
                case JGT: return JLT;
                case JLT: return JGT;
                case JGE: return JLE;
                case JLE: return JGE;
                case JSGT: return JSLT;
                case JSLT: return JSGT;
                case JSGE: return JSLE;
                case JSLE: return JSGE;
                default: return op;
            }
        }
    }

    /**
     * Whether {@code this op b} (over {@code bits}) always holds (1), never holds (0), or may go
     * either way (-1).
     */
    int decide(int op, Scalar b, int bits) {
        View x = view(bits);
        View y = b.view(bits);
        switch (op) {
            case Cmp.JEQ:
                if (x.t.isConst() && y.t.isConst()) {
                    return x.t.value() == y.t.value() ? 1 : 0;
                }
                if (x.t.disjoint(y.t) || Long.compareUnsigned(x.umin, y.umax) > 0
                        || Long.compareUnsigned(x.umax, y.umin) < 0 || x.smin > y.smax || x.smax < y.smin) {
                    return 0;
                }
                return -1;
            case Cmp.JNE: {
                int eq = decide(Cmp.JEQ, b, bits);
                return eq < 0 ? -1 : 1 - eq;
            }
            case Cmp.JGT:
                if (Long.compareUnsigned(x.umin, y.umax) > 0) {
                    return 1;
                }
                return Long.compareUnsigned(x.umax, y.umin) <= 0 ? 0 : -1;
            case Cmp.JGE:
                if (Long.compareUnsigned(x.umin, y.umax) >= 0) {
                    return 1;
                }
                return Long.compareUnsigned(x.umax, y.umin) < 0 ? 0 : -1;
            case Cmp.JLT:
                return b.decide(Cmp.JGT, this, bits);
            case Cmp.JLE:
                return b.decide(Cmp.JGE, this, bits);
            case Cmp.JSGT:
                if (x.smin > y.smax) {
                    return 1;
                }
                return x.smax <= y.smin ? 0 : -1;
            case Cmp.JSGE:
                if (x.smin >= y.smax) {
                    return 1;
                }
                return x.smax < y.smin ? 0 : -1;
            case Cmp.JSLT:
                return b.decide(Cmp.JSGT, this, bits);
            case Cmp.JSLE:
                return b.decide(Cmp.JSGE, this, bits);
            case Cmp.JSET:
                if ((x.t.value() & y.t.value()) != 0) {
                    return 1;
                }
                return (x.t.umax() & y.t.umax()) == 0 ? 0 : -1;
            case Cmp.JNSET: {
                int set = decide(Cmp.JSET, b, bits);
                return set < 0 ? -1 : 1 - set;
            }
            default:
                throw new IllegalArgumentException("op " + op);
        }
    }

    /**
     * Both operands refined by the fact that {@code this op b} holds over {@code bits}:
     * {@code [this', b']}, or null when it cannot hold.
     */
    Scalar[] refine(int op, Scalar b, int bits) {
        Scalar x = this;
        Scalar y = b;
        boolean w = bits == 64;
        switch (op) {
            case Cmp.JEQ: {
                if (w) {
                    Scalar m = x.meet(y);
                    return m == null ? null : new Scalar[] {m, m};
                }
                Scalar nx = x.withU32(y.u32min, y.u32max);
                nx = nx == null ? null : nx.withS32(y.s32min, y.s32max);
                Scalar ny = y.withU32(x.u32min, x.u32max);
                ny = ny == null ? null : ny.withS32(x.s32min, x.s32max);
                if (nx != null && ny != null) {
                    Tnum lx = nx.t.subreg();
                    Tnum ly = ny.t.subreg();
                    if (lx.disjoint(ly)) {
                        return null;
                    }
                    Tnum l = lx.intersect(ly);
                    nx = nx.withBits(new Tnum(l.value(), l.mask() | 0xffffffff00000000L));
                    ny = ny.withBits(new Tnum(l.value(), l.mask() | 0xffffffff00000000L));
                }
                return nx == null || ny == null ? null : new Scalar[] {nx, ny};
            }
            case Cmp.JNE: {
                if (decide(Cmp.JEQ, b, bits) == 1) {
                    return null;
                }
                Scalar nx = excludeEdge(x, y, w);
                Scalar ny = excludeEdge(y, x, w);
                return nx == null || ny == null ? null : new Scalar[] {nx, ny};
            }
            case Cmp.JGT:
            case Cmp.JGE: {
                long inc = op == Cmp.JGT ? 1 : 0;
                if (w) {
                    if (op == Cmp.JGT && y.umin == -1L || op == Cmp.JGT && x.umax == 0) {
                        return null;
                    }
                    Scalar nx = x.withU(y.umin + inc, -1L);
                    Scalar ny = y.withU(0, x.umax - inc);
                    return nx == null || ny == null ? null : new Scalar[] {nx, ny};
                }
                if (op == Cmp.JGT && (y.u32min == U32_MAX || x.u32max == 0)) {
                    return null;
                }
                Scalar nx = x.withU32(y.u32min + inc, U32_MAX);
                Scalar ny = y.withU32(0, x.u32max - inc);
                return nx == null || ny == null ? null : new Scalar[] {nx, ny};
            }
            case Cmp.JLT:
            case Cmp.JLE: {
                Scalar[] r = y.refine(Cmp.flip(op), x, bits);
                return r == null ? null : new Scalar[] {r[1], r[0]};
            }
            case Cmp.JSGT:
            case Cmp.JSGE: {
                long inc = op == Cmp.JSGT ? 1 : 0;
                if (w) {
                    if (op == Cmp.JSGT && (y.smin == Long.MAX_VALUE || x.smax == Long.MIN_VALUE)) {
                        return null;
                    }
                    Scalar nx = x.withS(y.smin + inc, Long.MAX_VALUE);
                    Scalar ny = y.withS(Long.MIN_VALUE, x.smax - inc);
                    return nx == null || ny == null ? null : new Scalar[] {nx, ny};
                }
                if (op == Cmp.JSGT && (y.s32min == Integer.MAX_VALUE || x.s32max == Integer.MIN_VALUE)) {
                    return null;
                }
                Scalar nx = x.withS32(y.s32min + inc, Integer.MAX_VALUE);
                Scalar ny = y.withS32(Integer.MIN_VALUE, x.s32max - inc);
                return nx == null || ny == null ? null : new Scalar[] {nx, ny};
            }
            case Cmp.JSLT:
            case Cmp.JSLE: {
                Scalar[] r = y.refine(Cmp.flip(op), x, bits);
                return r == null ? null : new Scalar[] {r[1], r[0]};
            }
            case Cmp.JSET:
                return decide(op, b, bits) == 0 ? null : new Scalar[] {x, y};
            case Cmp.JNSET: {
                if (decide(Cmp.JSET, b, bits) == 1) {
                    return null;
                }
                if (y.isConst()) {
                    long k = w ? y.value() : y.value() & U32_MAX;
                    Scalar nx = x.withBits(new Tnum(0, ~k));
                    return nx == null ? null : new Scalar[] {nx, y};
                }
                return new Scalar[] {x, y};
            }
            default:
                throw new IllegalArgumentException("op " + op);
        }
    }

    /** {@code x} without the constant {@code y} when y sits on one of x's edges. */
    private static Scalar excludeEdge(Scalar x, Scalar y, boolean w) {
        if (w) {
            if (!y.isConst()) {
                return x;
            }
            long k = y.value();
            Scalar r = x;
            if (r.umin == k) {
                r = r.withU(k + 1, -1L);
            } else if (r.umax == k) {
                r = r.withU(0, k - 1);
            }
            if (r != null && r.smin == k) {
                r = r.withS(k + 1, Long.MAX_VALUE);
            } else if (r != null && r.smax == k) {
                r = r.withS(Long.MIN_VALUE, k - 1);
            }
            return r;
        }
        if (!y.isConst32()) {
            return x;
        }
        long k = y.t.value() & U32_MAX;
        Scalar r = x;
        if (r.u32min == k) {
            r = r.withU32(k + 1, U32_MAX);
        } else if (r.u32max == k) {
            r = r.withU32(0, k - 1);
        }
        long sk = (int) k;
        if (r != null && r.s32min == sk) {
            r = r.withS32(sk + 1, Integer.MAX_VALUE);
        } else if (r != null && r.s32max == sk) {
            r = r.withS32(Integer.MIN_VALUE, sk - 1);
        }
        return r;
    }

    // ---------------------------------------------------------------- identity and text

    @Override
    public boolean equals(Object o) {
        return o instanceof Scalar s && t.equals(s.t) && umin == s.umin && umax == s.umax && smin == s.smin
                && smax == s.smax && u32min == s.u32min && u32max == s.u32max && s32min == s.s32min
                && s32max == s.s32max;
    }

    @Override
    public int hashCode() {
        return t.hashCode() * 31 + Long.hashCode(umin ^ umax ^ smin ^ smax);
    }

    /** The kernel log's notation: {@code 14}, or the bounds that say something. */
    @Override
    public String toString() {
        if (isConst()) {
            return Long.toString(value());
        }
        StringBuilder b = new StringBuilder();
        if (smin != Long.MIN_VALUE) {
            b.append(",smin=").append(smin);
        }
        if (smax != Long.MAX_VALUE) {
            b.append(",smax=").append(smax);
        }
        if (umin != 0 && umin != smin) {
            b.append(",umin=").append(Long.toUnsignedString(umin));
        }
        if (umax != -1L && umax != smax) {
            b.append(",umax=").append(Long.toUnsignedString(umax));
        }
        boolean wide = Long.compareUnsigned(umax, U32_MAX) > 0 || smin < 0;
        if (wide && (u32min != 0 || u32max != U32_MAX)) {
            b.append(",u32=[").append(u32min).append(',').append(u32max).append(']');
        }
        if (!t.isUnknown() && !t.equals(Tnum.range(umin, umax))) {
            b.append(",var_off=").append(t);
        }
        return b.length() == 0 ? "scalar" : "scalar(" + b.substring(1) + ")";
    }
}
