package org.jxdp.engine.verifier;

import java.util.Arrays;

/**
 * What the structural check learned about a program that both engines use: where its functions
 * start, and which slots are the second halves of LDDW instructions.
 */
public final class ProgramStructure {
    private final int[] functionStarts;
    private final boolean[] lddwTail;

    ProgramStructure(int[] functionStarts, boolean[] lddwTail) {
        this.functionStarts = functionStarts;
        this.lddwTail = lddwTail;
    }

    /** Entry points of the program's functions, ascending; the first is 0, the main program. */
    public int[] functionStarts() {
        return functionStarts.clone();
    }

    /** True when {@code pc} starts a function. */
    public boolean isFunctionStart(int pc) {
        return Arrays.binarySearch(functionStarts, pc) >= 0;
    }

    /** The index of the function that contains {@code pc}. */
    public int functionOf(int pc) {
        int i = Arrays.binarySearch(functionStarts, pc);
        return i >= 0 ? i : -i - 2;
    }

    /** The first instruction after function {@code index}. */
    public int functionEnd(int index, int programLength) {
        return index + 1 < functionStarts.length ? functionStarts[index + 1] : programLength;
    }

    /** True when slot {@code pc} is the second half of an LDDW. */
    public boolean isLddwTail(int pc) {
        return lddwTail[pc];
    }
}
