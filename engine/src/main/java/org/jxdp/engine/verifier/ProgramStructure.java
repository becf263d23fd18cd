package org.jxdp.engine.verifier;

import java.util.Arrays;

/**
 * What the structural check learned about a program that both engines use: where its functions
 * start, which slots are the second halves of LDDW instructions, and its basic blocks.
 * <pre>
 *   a block starts at: a function's entry, a jump target, the instruction after a jump, a call
 *   or an exit. It runs straight to its last instruction (a jump, call or exit, or the one
 *   before the next block). Both engines charge a block's instructions to the budget when they
 *   enter it, and compare what is left with zero only at budget checks: function entries and
 *   loop headers (targets of backward jumps), so a runaway program stops at the same place on
 *   every engine, and straight-line code pays a subtraction per block, not a branch.
 * </pre>
 */
public final class ProgramStructure {
    private final int[] functionStarts;
    private final boolean[] lddwTail;
    private final int[] blockLength;
    private final boolean[] budgetCheck;
    private final boolean[] cycleHeader;

    ProgramStructure(int[] functionStarts, boolean[] lddwTail, int[] blockLength, boolean[] budgetCheck,
            boolean[] cycleHeader) {
        this.functionStarts = functionStarts;
        this.lddwTail = lddwTail;
        this.blockLength = blockLength;
        this.budgetCheck = budgetCheck;
        this.cycleHeader = cycleHeader;
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

    /**
     * The number of instructions in the block that starts at {@code pc} (an LDDW counts once),
     * or 0 when no block starts there.
     */
    public int blockLength(int pc) {
        return blockLength[pc];
    }

    /**
     * True when the block at {@code pc} is a budget check: a function's entry or a loop header,
     * where an engine that finds the budget below zero ends the run with BUDGET_EXHAUSTED.
     */
    public boolean checksBudget(int pc) {
        return budgetCheck[pc];
    }

    /**
     * True when the block at {@code pc} is a budget check of a program whose runs are bounded (a
     * verifier accepted it; engines then charge one unit per check): a loop header that a cycle
     * of the control flow goes through, or a subprogram's entry (callbacks, bpf-to-bpf calls).
     * The main program's entry and the targets of backward jumps that close no cycle are not:
     * a run cannot go round there.
     */
    public boolean checksBoundedBudget(int pc) {
        return cycleHeader[pc] || pc != 0 && isFunctionStart(pc);
    }

    /** Block lengths by leader slot (0 elsewhere), for engines. */
    public int[] blockLengths() {
        return blockLength.clone();
    }

    /** True when slot {@code pc} is the second half of an LDDW. */
    public boolean isLddwTail(int pc) {
        return lddwTail[pc];
    }
}
