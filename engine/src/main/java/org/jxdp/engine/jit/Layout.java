package org.jxdp.engine.jit;

/**
 * Where a generated method keeps things in its JVM local variables.
 * <pre>
 *   function method fN(c, m, r1, r2, r3, r4, r5, r10, depth) -&gt; r0
 *     0 c  1 m  2 r1  4 r2  6 r3  8 r4  10 r5  12 r10  14 depth | 15 r0  17 r6  19 r7  21 r8  23 r9
 *     25 pc  26 tmp (long)  28 stack bytes  29 packet bytes  30 budget used (int)
 *     32 packet lo  33 packet hi  34 packet writable hi
 *   part method fN_pK(c, m, regs[], block, depth) -&gt; next block, or -1 after exit (r0 in regs[0])
 *     0 c  1 m  2 regs  3 block  4 depth | 5 r0  7 r1 ... 23 r9  25 r10  27 pc  28 tmp (long)
 *     30 stack bytes  31 packet bytes  32 budget used (int)
 *     34 packet lo  35 packet hi  36 packet writable hi
 * </pre>
 * {@code pc} always holds the index of the last instruction that may fault, for the handler
 * that places the fault. The stack and packet byte arrays are there only when the method makes
 * direct or guarded accesses ({@link AccessPlan}); the packet's array and bounds are loaded
 * again after every call, since a helper may move the packet. The budget is counted in an int
 * local, the instructions charged since the context's {@code budgetLeft} was last settled
 * ({@code budgetLeft -= used; used = 0}): one {@code iinc} per block; the settling happens at
 * budget checks (function entries and loop headers, which also compare), before every call out
 * of the method that runs program code (functions, callx, tail calls, helpers with callbacks:
 * a helper that runs none leaves the count in the local), at every return and in the handlers.
 */
record Layout(int c, int m, int depth, int pc, int tmp, int stack, int packet, int budget, int packetLo,
        int packetHi, int packetWritableHi, int[] regSlots) {
    /** A whole BPF function in one JVM method. */
    static final Layout FUNCTION = new Layout(0, 1, 14, 25, 26, 28, 29, 30, 32, 33, 34,
            new int[] {15, 2, 4, 6, 8, 10, 17, 19, 21, 23, 12});
    /** One part of a BPF function too big for one JVM method. */
    static final Layout PART = new Layout(0, 1, 4, 27, 28, 30, 31, 32, 34, 35, 36,
            new int[] {5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25});
    /** The register array of a part method. */
    static final int PART_REGS = 2;
    /** The block a part method starts at. */
    static final int PART_BLOCK = 3;

    /** The slot of BPF register {@code r}. */
    int reg(int r) {
        return regSlots[r];
    }
}
