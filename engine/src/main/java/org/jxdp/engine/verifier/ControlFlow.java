package org.jxdp.engine.verifier;

import static org.jxdp.engine.isa.Opcodes.BPF_ATOMIC;
import static org.jxdp.engine.isa.Opcodes.BPF_CALL;
import static org.jxdp.engine.isa.Opcodes.BPF_CMPXCHG;
import static org.jxdp.engine.isa.Opcodes.BPF_EXIT;
import static org.jxdp.engine.isa.Opcodes.BPF_FETCH;
import static org.jxdp.engine.isa.Opcodes.BPF_JA;
import static org.jxdp.engine.isa.Opcodes.BPF_JMP;
import static org.jxdp.engine.isa.Opcodes.BPF_JMP32;
import static org.jxdp.engine.isa.Opcodes.BPF_LD;
import static org.jxdp.engine.isa.Opcodes.BPF_LDX;
import static org.jxdp.engine.isa.Opcodes.BPF_LOAD_ACQ;
import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_CALL;
import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_FUNC;
import static org.jxdp.engine.isa.Opcodes.BPF_ST;
import static org.jxdp.engine.isa.Opcodes.BPF_STORE_REL;
import static org.jxdp.engine.isa.Opcodes.BPF_STX;
import static org.jxdp.engine.isa.Opcodes.BPF_X;
import static org.jxdp.engine.isa.Opcodes.LDDW;
import static org.jxdp.engine.isa.Opcodes.cls;
import static org.jxdp.engine.isa.Opcodes.op;
import static org.jxdp.engine.isa.Opcodes.src;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.jxdp.engine.isa.Insn;
import org.jxdp.engine.isa.Program;

/**
 * The static facts the abstract interpretation needs, computed once from the instructions
 * (the kernel's {@code check_cfg} and {@code compute_live_registers}):
 * <ul>
 *   <li>every instruction is reachable from the entry, through jumps, calls and function
 *       pointers (the kernel refuses dead code: {@code unreachable insn});</li>
 *   <li>no function calls itself, directly or not;</li>
 *   <li>the prune points, where states are compared: conditional jumps and jump targets (as
 *       in the kernel), function entries, calls and the instructions after them;</li>
 *   <li>the registers live before each instruction: a register not read before it is written
 *       again does not matter when two states are compared or joined.</li>
 * </ul>
 * <pre>
 *   pc:     0  1  2  3  4 ...
 *   succ:   1  2 {3,7} ...         jumps have two successors, exit none; a call's successor
 *   live:   r1 r1,r6 ...           is the next instruction (the callee is its own function)
 * </pre>
 */
final class ControlFlow {
    private final Program program;
    private final int[] functionStarts;
    private final boolean[] lddwTail;
    private final boolean[] prunePoint;
    private final int[] live;
    private final int[] functionOf;

    private ControlFlow(Program program, int[] functionStarts, boolean[] lddwTail) {
        this.program = program;
        this.functionStarts = functionStarts;
        this.lddwTail = lddwTail;
        int n = program.length();
        this.prunePoint = new boolean[n];
        this.live = new int[n];
        this.functionOf = new int[n];
        for (int f = 0; f < functionStarts.length; f++) {
            int end = f + 1 < functionStarts.length ? functionStarts[f + 1] : n;
            for (int pc = functionStarts[f]; pc < end; pc++) {
                functionOf[pc] = f;
            }
        }
    }

    /**
     * Analyses a structurally checked program.
     *
     * @param argCount how many argument registers the helper with this id reads (5 when unknown)
     * @throws Refusal when an instruction is unreachable or a function is recursive
     */
    static ControlFlow of(Program program, int[] functionStarts, boolean[] lddwTail, IntUnaryOperator argCount) {
        ControlFlow cf = new ControlFlow(program, functionStarts, lddwTail);
        cf.reachability();
        cf.recursion();
        cf.liveness(argCount);
        return cf;
    }

    boolean isPrunePoint(int pc) {
        return prunePoint[pc];
    }

    /** Registers (bit i for ri, r0..r9) read at or after {@code pc} before being written. */
    int liveBefore(int pc) {
        return live[pc];
    }

    /** The index of the function holding {@code pc}. */
    int functionOf(int pc) {
        return functionOf[pc];
    }

    /** The first instruction of function {@code f}. */
    int functionStart(int f) {
        return functionStarts[f];
    }

    int functionCount() {
        return functionStarts.length;
    }

    boolean isLddwTail(int pc) {
        return lddwTail[pc];
    }

    /** The target of the jump at {@code pc}. */
    int jumpTarget(int pc) {
        return Insn.jumpTarget(pc, program.slot(pc));
    }

    /** The function a {@code call pc+N} or an LDDW of a function at {@code pc} names. */
    int calleeOf(int pc) {
        return pc + 1 + Insn.imm(program.slot(pc));
    }

    private boolean isPseudoCall(long s) {
        return Insn.opcode(s) == (BPF_JMP | BPF_CALL) && Insn.src(s) == BPF_PSEUDO_CALL;
    }

    private boolean isFuncPointer(long s) {
        return Insn.opcode(s) == LDDW && Insn.src(s) == BPF_PSEUDO_FUNC;
    }

    /** Intra-function successors of {@code pc} (calls continue at the next instruction). */
    private List<Integer> successors(int pc) {
        long s = program.slot(pc);
        int code = Insn.opcode(s);
        List<Integer> out = new ArrayList<>(2);
        int c = cls(code);
        if (c == BPF_JMP || c == BPF_JMP32) {
            int o = op(code);
            if (o == BPF_EXIT) {
                return out;
            }
            if (o == BPF_CALL) {
                out.add(pc + 1);
                return out;
            }
            if (o == BPF_JA) {
                out.add(jumpTarget(pc));
                return out;
            }
            out.add(pc + 1);
            out.add(jumpTarget(pc));
            return out;
        }
        out.add(code == LDDW ? pc + 2 : pc + 1);
        return out;
    }

    private void reachability() {
        int n = program.length();
        BitSet seen = new BitSet(n);
        Deque<Integer> work = new ArrayDeque<>();
        work.push(0);
        seen.set(0);
        prunePoint[0] = true;
        while (!work.isEmpty()) {
            int pc = work.pop();
            long s = program.slot(pc);
            List<Integer> next = successors(pc);
            int code = Insn.opcode(s);
            boolean cond = (cls(code) == BPF_JMP || cls(code) == BPF_JMP32) && op(code) != BPF_JA
                    && op(code) != BPF_CALL && op(code) != BPF_EXIT;
            if (isPseudoCall(s) || isFuncPointer(s)) {
                next = new ArrayList<>(next);
                int callee = calleeOf(pc);
                next.add(callee);
                prunePoint[callee] = true;
                if (isPseudoCall(s)) {
                    prunePoint[pc + 1] = true;
                }
            }
            if (op(code) == BPF_CALL && (cls(code) == BPF_JMP)) {
                prunePoint[pc] = true;
                if (pc + 1 < n) {
                    prunePoint[pc + 1] = true;
                }
            }
            if (cond) {
                // the kernel's prune points: the conditional jump itself and its target
                prunePoint[pc] = true;
                prunePoint[jumpTarget(pc)] = true;
            } else if (op(code) == BPF_JA && (cls(code) == BPF_JMP || cls(code) == BPF_JMP32)) {
                prunePoint[jumpTarget(pc)] = true;
            }
            for (int t : next) {
                if (t < n && !seen.get(t)) {
                    seen.set(t);
                    work.push(t);
                }
            }
        }
        for (int pc = 0; pc < n; pc++) {
            if (!lddwTail[pc] && !seen.get(pc)) {
                throw new Refusal(pc, "unreachable instruction", "no path from the program's entry reaches it (the kernel "
                        + "refuses dead code)");
            }
        }
    }

    private void recursion() {
        int nf = functionStarts.length;
        List<List<Integer>> calls = new ArrayList<>();
        List<List<Integer>> sites = new ArrayList<>();
        for (int f = 0; f < nf; f++) {
            calls.add(new ArrayList<>());
            sites.add(new ArrayList<>());
        }
        for (int pc = 0; pc < program.length(); pc++) {
            if (!lddwTail[pc] && (isPseudoCall(program.slot(pc)) || isFuncPointer(program.slot(pc)))) {
                calls.get(functionOf[pc]).add(functionOf[calleeOf(pc)]);
                sites.get(functionOf[pc]).add(pc);
            }
        }
        int[] color = new int[nf];
        for (int f = 0; f < nf; f++) {
            if (color[f] == 0) {
                visitCalls(f, calls, sites, color);
            }
        }
    }

    private void visitCalls(int f, List<List<Integer>> calls, List<List<Integer>> sites, int[] color) {
        color[f] = 1;
        for (int i = 0; i < calls.get(f).size(); i++) {
            int g = calls.get(f).get(i);
            if (color[g] == 1) {
                int site = sites.get(f).get(i);
                throw new Refusal(site, "recursive call", "the function at insn " + functionStarts[g]
                        + " can reach itself through calls");
            }
            if (color[g] == 0) {
                visitCalls(g, calls, sites, color);
            }
        }
        color[f] = 2;
    }

    private void liveness(IntUnaryOperator argCount) {
        int n = program.length();
        int[] use = new int[n];
        int[] def = new int[n];
        for (int pc = 0; pc < n; pc++) {
            if (lddwTail[pc]) {
                continue;
            }
            long s = program.slot(pc);
            int code = Insn.opcode(s);
            int dst = 1 << Insn.dst(s);
            int src = 1 << Insn.src(s);
            switch (cls(code)) {
                case BPF_LD:
                    def[pc] = dst;
                    break;
                case BPF_LDX:
                    use[pc] = src;
                    def[pc] = dst;
                    break;
                case BPF_ST:
                    use[pc] = dst;
                    break;
                case BPF_STX: {
                    use[pc] = dst | src;
                    int imm = Insn.imm(s);
                    if ((code & 0xe0) == BPF_ATOMIC) {
                        if (imm == BPF_LOAD_ACQ) {
                            use[pc] = src;
                            def[pc] = dst;
                        } else if (imm == BPF_CMPXCHG) {
                            use[pc] |= 1;
                            def[pc] = 1;
                        } else if (imm != BPF_STORE_REL && (imm & BPF_FETCH) != 0) {
                            def[pc] = src;
                        }
                    }
                    break;
                }
                case BPF_JMP:
                case BPF_JMP32: {
                    int o = op(code);
                    if (o == BPF_EXIT) {
                        use[pc] = 1;
                    } else if (o == BPF_CALL) {
                        int args = src(code) == BPF_X ? 5 : isPseudoCall(s) ? 5 : argCount.applyAsInt(Insn.imm(s));
                        use[pc] = ((1 << (args + 1)) - 2) | (src(code) == BPF_X ? dst : 0);
                        def[pc] = 0x3f;
                    } else if (o != BPF_JA) {
                        use[pc] = dst | (src(code) == BPF_X ? src : 0);
                    }
                    break;
                }
                default: {
                    int o = op(code);
                    boolean mov = o == 0xb0;
                    use[pc] = (mov ? 0 : dst) | (src(code) == BPF_X && o != 0x80 && o != 0xd0 ? src : 0);
                    def[pc] = dst;
                }
            }
        }
        int[] liveIn = new int[n];
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int pc = n - 1; pc >= 0; pc--) {
                if (lddwTail[pc]) {
                    continue;
                }
                int out = 0;
                for (int t : successors(pc)) {
                    if (t < n) {
                        out |= liveIn[t];
                    }
                }
                int in = (out & ~def[pc]) | use[pc];
                in &= 0x3ff;
                if (in != liveIn[pc]) {
                    liveIn[pc] = in;
                    changed = true;
                }
            }
        }
        System.arraycopy(liveIn, 0, live, 0, n);
    }
}
