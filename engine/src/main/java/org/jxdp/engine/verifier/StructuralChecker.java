package org.jxdp.engine.verifier;

import static org.jxdp.engine.isa.Opcodes.BPF_ABS;
import static org.jxdp.engine.isa.Opcodes.BPF_ADD;
import static org.jxdp.engine.isa.Opcodes.BPF_ALU;
import static org.jxdp.engine.isa.Opcodes.BPF_ALU64;
import static org.jxdp.engine.isa.Opcodes.BPF_AND;
import static org.jxdp.engine.isa.Opcodes.BPF_ATOMIC;
import static org.jxdp.engine.isa.Opcodes.BPF_B;
import static org.jxdp.engine.isa.Opcodes.BPF_CALL;
import static org.jxdp.engine.isa.Opcodes.BPF_CMPXCHG;
import static org.jxdp.engine.isa.Opcodes.BPF_DIV;
import static org.jxdp.engine.isa.Opcodes.BPF_DW;
import static org.jxdp.engine.isa.Opcodes.BPF_END;
import static org.jxdp.engine.isa.Opcodes.BPF_EXIT;
import static org.jxdp.engine.isa.Opcodes.BPF_FETCH;
import static org.jxdp.engine.isa.Opcodes.BPF_H;
import static org.jxdp.engine.isa.Opcodes.BPF_IND;
import static org.jxdp.engine.isa.Opcodes.BPF_JA;
import static org.jxdp.engine.isa.Opcodes.BPF_JMP;
import static org.jxdp.engine.isa.Opcodes.BPF_JMP32;
import static org.jxdp.engine.isa.Opcodes.BPF_LD;
import static org.jxdp.engine.isa.Opcodes.BPF_LDX;
import static org.jxdp.engine.isa.Opcodes.BPF_LOAD_ACQ;
import static org.jxdp.engine.isa.Opcodes.BPF_MAXINSNS_PRIVILEGED;
import static org.jxdp.engine.isa.Opcodes.BPF_MEM;
import static org.jxdp.engine.isa.Opcodes.BPF_MEMSX;
import static org.jxdp.engine.isa.Opcodes.BPF_MOD;
import static org.jxdp.engine.isa.Opcodes.BPF_MOV;
import static org.jxdp.engine.isa.Opcodes.BPF_NEG;
import static org.jxdp.engine.isa.Opcodes.BPF_OR;
import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_BTF_ID;
import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_CALL;
import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_FUNC;
import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_KFUNC_CALL;
import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_MAP_FD;
import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_MAP_IDX;
import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_MAP_IDX_VALUE;
import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_MAP_VALUE;
import static org.jxdp.engine.isa.Opcodes.BPF_REG_FP;
import static org.jxdp.engine.isa.Opcodes.BPF_ST;
import static org.jxdp.engine.isa.Opcodes.BPF_STORE_REL;
import static org.jxdp.engine.isa.Opcodes.BPF_STX;
import static org.jxdp.engine.isa.Opcodes.BPF_W;
import static org.jxdp.engine.isa.Opcodes.BPF_X;
import static org.jxdp.engine.isa.Opcodes.BPF_XCHG;
import static org.jxdp.engine.isa.Opcodes.BPF_XOR;
import static org.jxdp.engine.isa.Opcodes.LDDW;
import static org.jxdp.engine.isa.Opcodes.cls;
import static org.jxdp.engine.isa.Opcodes.mode;
import static org.jxdp.engine.isa.Opcodes.op;
import static org.jxdp.engine.isa.Opcodes.size;
import static org.jxdp.engine.isa.Opcodes.src;

import java.util.TreeSet;
import org.jxdp.engine.asm.ObjdumpSyntax;
import org.jxdp.engine.isa.Insn;
import org.jxdp.engine.isa.Program;
import org.jxdp.engine.vm.HelperTable;
import org.jxdp.engine.vm.ProgramEnvironment;

/**
 * Load-time structural checks, the first pass of verification: every instruction decodes to a
 * defined operation of RFC 9669 (plus the Linux extensions the kernel accepts), fields an
 * operation does not use are zero, registers exist and r10 is never written, jumps land on an
 * instruction of the same function (never inside an LDDW), calls name a known helper or a
 * function, and every function ends with {@code exit} or an unconditional jump.
 *
 * <p>It proves nothing about memory safety or termination; that is the verifier's job. Engines
 * run only programs that pass it, so they may assume every opcode they meet is well formed.
 */
public final class StructuralChecker {
    private final Program program;
    private final HelperTable helpers;
    private final ProgramEnvironment env;
    private final boolean[] lddwTail;

    private StructuralChecker(Program program, ProgramEnvironment env) {
        this.program = program;
        this.helpers = env.helpers();
        this.env = env;
        this.lddwTail = new boolean[program.length()];
    }

    /**
     * Checks {@code program}.
     *
     * @param env the helpers calls may name and the maps LDDW instructions may point at
     * @return the program's functions and LDDW layout
     * @throws ProgramRejectedException naming the first offending instruction
     */
    public static ProgramStructure check(Program program, ProgramEnvironment env) throws ProgramRejectedException {
        return new StructuralChecker(program, env).run();
    }

    /** Checks a program that uses no maps. */
    public static ProgramStructure check(Program program, HelperTable helpers) throws ProgramRejectedException {
        return check(program, ProgramEnvironment.of(helpers));
    }

    private ProgramStructure run() throws ProgramRejectedException {
        int n = program.length();
        if (n == 0) {
            throw new ProgramRejectedException(-1, "", "the program has no instructions");
        }
        if (n > BPF_MAXINSNS_PRIVILEGED) {
            throw new ProgramRejectedException(-1, "", "the program has " + n
                    + " instructions; at most " + BPF_MAXINSNS_PRIVILEGED + " are allowed");
        }
        TreeSet<Integer> functions = new TreeSet<>();
        functions.add(0);
        // Pass 1: LDDW layout, so that later checks can tell a second half from an instruction.
        for (int pc = 0; pc < n; pc++) {
            if (Insn.opcode(program.slot(pc)) == LDDW) {
                if (pc + 1 >= n) {
                    throw reject(pc, "incomplete LDDW: the program ends before its second slot");
                }
                lddwTail[pc + 1] = true;
                pc++;
            }
        }
        // Pass 2: each instruction on its own.
        for (int pc = 0; pc < n; pc++) {
            if (lddwTail[pc]) {
                continue;
            }
            checkInsn(pc, functions);
        }
        int[] starts = functions.stream().mapToInt(Integer::intValue).toArray();
        int[] blocks = blocks(starts);
        // Pass 3: control flow stays inside each function; each function ends and has an exit.
        for (int f = 0; f < starts.length; f++) {
            int end = f + 1 < starts.length ? starts[f + 1] : n;
            checkFunction(starts[f], end);
        }
        return new ProgramStructure(starts, lddwTail, blocks, budgetChecks(starts, blocks), cycleHeaders());
    }

    private void checkFunction(int start, int end) throws ProgramRejectedException {
        boolean hasExit = false;
        for (int pc = start; pc < end; pc++) {
            if (lddwTail[pc]) {
                continue;
            }
            long s = program.slot(pc);
            int code = Insn.opcode(s);
            if (code == (BPF_JMP | BPF_EXIT)) {
                hasExit = true;
            }
            int target = Insn.jumpTarget(pc, s);
            if (target != Integer.MIN_VALUE && (target < start || target >= end)) {
                throw reject(pc, "jump to insn " + target + " leaves the function at insns [" + start + ", "
                        + (end - 1) + "]");
            }
        }
        int last = end - 1;
        int lastCode = Insn.opcode(program.slot(last));
        boolean ends = !lddwTail[last]
                && (lastCode == (BPF_JMP | BPF_EXIT) || lastCode == (BPF_JMP | BPF_JA) || lastCode == (BPF_JMP32 | BPF_JA));
        if (!ends) {
            String what = start == 0 && end == program.length() ? "the program" : "the function at insn " + start;
            throw reject(last, what + " does not end with exit or an unconditional jump");
        }
        if (!hasExit) {
            String what = start == 0 ? "the program" : "the function at insn " + start;
            throw reject(start, what + " has no exit instruction");
        }
    }

    /**
     * Most instructions in one block. A longer straight run is cut into blocks of this size, so
     * that the budget is charged in bounded steps and the JIT can always fit a block in a method.
     */
    public static final int MAX_BLOCK = 256;

    /**
     * Block lengths by leader: leaders are entries, jump targets, what follows a jump, call or
     * exit, and every {@link #MAX_BLOCK}th instruction of a longer straight run.
     */
    private int[] blocks(int[] functionStarts) {
        int n = program.length();
        boolean[] leader = new boolean[n];
        leader[0] = true;
        for (int f : functionStarts) {
            leader[f] = true;
        }
        for (int pc = 0; pc < n; pc++) {
            if (lddwTail[pc]) {
                continue;
            }
            long s = program.slot(pc);
            int code = Insn.opcode(s);
            int next = pc + (code == LDDW ? 2 : 1);
            if (cls(code) == BPF_JMP || cls(code) == BPF_JMP32) {
                int target = Insn.jumpTarget(pc, s);
                if (target != Integer.MIN_VALUE) {
                    leader[target] = true;
                }
                if (next < n) {
                    leader[next] = true;
                }
            }
        }
        int[] length = new int[n];
        int current = -1;
        for (int pc = 0; pc < n; pc++) {
            if (lddwTail[pc]) {
                continue;
            }
            if (leader[pc] || length[current] == MAX_BLOCK) {
                current = pc;
            }
            length[current]++;
        }
        return length;
    }

    /**
     * The blocks at which the engines compare the budget with zero: function entries and loop
     * headers (the targets of backward jumps). Every cycle a run can go round passes one of
     * them, so a runaway run still stops, at most a function's length past its budget.
     */
    private boolean[] budgetChecks(int[] functionStarts, int[] blocks) {
        int n = program.length();
        boolean[] check = new boolean[n];
        for (int f : functionStarts) {
            check[f] = true;
        }
        for (int pc = 0; pc < n; pc++) {
            if (lddwTail[pc]) {
                continue;
            }
            int target = Insn.jumpTarget(pc, program.slot(pc));
            if (target != Integer.MIN_VALUE && target <= pc && target >= 0 && blocks[target] > 0) {
                check[target] = true;
            }
        }
        return check;
    }

    /**
     * The targets of backward jumps that close a cycle: the jump and its target are in one
     * strongly connected component of the control flow (Tarjan's algorithm, iterative, over
     * instructions; calls continue at the next instruction). Every cycle has such a jump, so
     * checking the budget at these targets stops any run that goes round forever.
     */
    private boolean[] cycleHeaders() {
        int n = program.length();
        int[] index = new int[n];
        int[] low = new int[n];
        int[] component = new int[n];
        boolean[] onStack = new boolean[n];
        int[] stack = new int[n];
        int[] path = new int[n];
        int[] nextSucc = new int[n];
        java.util.Arrays.fill(index, -1);
        int counter = 0;
        int components = 0;
        int sp = 0;
        for (int root = 0; root < n; root++) {
            if (lddwTail[root] || index[root] >= 0) {
                continue;
            }
            int depth = 0;
            path[depth] = root;
            nextSucc[depth++] = 0;
            index[root] = low[root] = counter++;
            stack[sp++] = root;
            onStack[root] = true;
            while (depth > 0) {
                int v = path[depth - 1];
                int w = successor(v, nextSucc[depth - 1]++);
                if (w >= 0) {
                    if (index[w] < 0) {
                        index[w] = low[w] = counter++;
                        stack[sp++] = w;
                        onStack[w] = true;
                        path[depth] = w;
                        nextSucc[depth++] = 0;
                    } else if (onStack[w]) {
                        low[v] = Math.min(low[v], index[w]);
                    }
                    continue;
                }
                if (low[v] == index[v]) {
                    int x;
                    do {
                        x = stack[--sp];
                        onStack[x] = false;
                        component[x] = components;
                    } while (x != v);
                    components++;
                }
                depth--;
                if (depth > 0) {
                    int u = path[depth - 1];
                    low[u] = Math.min(low[u], low[v]);
                }
            }
        }
        boolean[] header = new boolean[n];
        for (int pc = 0; pc < n; pc++) {
            if (lddwTail[pc]) {
                continue;
            }
            int target = Insn.jumpTarget(pc, program.slot(pc));
            if (target != Integer.MIN_VALUE && target <= pc && component[target] == component[pc]) {
                header[target] = true;
            }
        }
        return header;
    }

    /**
     * Successor {@code k} (0 or 1) of the instruction at {@code pc} in its function's control
     * flow, or -1 when it has no more: the next instruction unless it is an exit or an
     * unconditional jump, and a jump's target.
     */
    private int successor(int pc, int k) {
        long s = program.slot(pc);
        int code = Insn.opcode(s);
        int next = code == LDDW ? pc + 2 : pc + 1;
        int target = Insn.jumpTarget(pc, s);
        boolean exit = (cls(code) == BPF_JMP || cls(code) == BPF_JMP32) && op(code) == BPF_EXIT;
        boolean always = target != Integer.MIN_VALUE && op(code) == BPF_JA;
        int first = exit ? -1 : always ? target : next;
        int second = !exit && !always && target != Integer.MIN_VALUE ? target : -1;
        return k == 0 ? first : k == 1 ? second : -1;
    }

    private void checkInsn(int pc, TreeSet<Integer> functions) throws ProgramRejectedException {
        long s = program.slot(pc);
        int code = Insn.opcode(s);
        switch (cls(code)) {
            case BPF_LD: checkLd(pc, s, functions); break;
            case BPF_LDX: checkLdx(pc, s); break;
            case BPF_ST: checkSt(pc, s); break;
            case BPF_STX: checkStx(pc, s); break;
            case BPF_ALU:
            case BPF_ALU64: checkAlu(pc, s); break;
            default: checkJmp(pc, s, functions); break;
        }
    }

    // ---------------------------------------------------------------- loads and stores

    private void checkLd(int pc, long s, TreeSet<Integer> functions) throws ProgramRejectedException {
        int code = Insn.opcode(s);
        if (code == LDDW) {
            long second = program.slot(pc + 1);
            if (Insn.opcode(second) != 0 || Insn.dst(second) != 0 || Insn.src(second) != 0 || Insn.off(second) != 0) {
                throw reject(pc, "LDDW second slot must have zero opcode, registers and offset");
            }
            zero(pc, "offset", Insn.off(s));
            writableDst(pc, s);
            int src = Insn.src(s);
            int imm = Insn.imm(s);
            switch (src) {
                case 0:
                    return;
                case BPF_PSEUDO_MAP_FD:
                case BPF_PSEUDO_MAP_IDX:
                    if (Insn.imm(second) != 0) {
                        throw reject(pc, "LDDW of a map pointer must have a zero second immediate");
                    }
                    checkMap(pc, imm);
                    return;
                case BPF_PSEUDO_MAP_VALUE:
                case BPF_PSEUDO_MAP_IDX_VALUE:
                    checkMap(pc, imm);
                    if (env.mapValueAddress(imm, Insn.imm(second) & 0xffffffffL) < 0) {
                        throw reject(pc, "LDDW points at offset " + (Insn.imm(second) & 0xffffffffL) + " of the value of map "
                                + imm + ", which does not allow direct value access there");
                    }
                    return;
                case BPF_PSEUDO_BTF_ID:
                    throw reject(pc, "LDDW of a kernel variable (BPF_PSEUDO_BTF_ID) is not supported outside the kernel");
                case BPF_PSEUDO_FUNC:
                    if (Insn.imm(second) != 0) {
                        throw reject(pc, "LDDW of a function pointer must have a zero second immediate");
                    }
                    functions.add(target(pc, pc + 1 + imm, "function pointer"));
                    return;
                default:
                    throw reject(pc, "LDDW has unknown pseudo source " + src);
            }
        }
        if ((mode(code) == BPF_ABS || mode(code) == BPF_IND) && size(code) != BPF_DW) {
            throw reject(pc, "legacy packet access (BPF_LD | " + (mode(code) == BPF_ABS ? "BPF_ABS" : "BPF_IND")
                    + ") is not supported; use direct packet access through ctx->data");
        }
        throw unknown(pc, code);
    }

    private void checkMap(int pc, int id) throws ProgramRejectedException {
        if (!env.mapExists(id)) {
            throw reject(pc, "LDDW refers to map " + id + ", which does not exist");
        }
    }

    private void checkLdx(int pc, long s) throws ProgramRejectedException {
        int code = Insn.opcode(s);
        boolean ok = mode(code) == BPF_MEM || (mode(code) == BPF_MEMSX && size(code) != BPF_DW);
        if (!ok) {
            throw unknown(pc, code);
        }
        zero(pc, "immediate", Insn.imm(s));
        writableDst(pc, s);
        register(pc, "source", Insn.src(s));
    }

    private void checkSt(int pc, long s) throws ProgramRejectedException {
        int code = Insn.opcode(s);
        if (mode(code) != BPF_MEM) {
            throw unknown(pc, code);
        }
        zero(pc, "source register", Insn.src(s));
        register(pc, "destination", Insn.dst(s));
    }

    private void checkStx(int pc, long s) throws ProgramRejectedException {
        int code = Insn.opcode(s);
        register(pc, "destination", Insn.dst(s));
        register(pc, "source", Insn.src(s));
        if (mode(code) == BPF_MEM) {
            zero(pc, "immediate", Insn.imm(s));
            return;
        }
        if (mode(code) != BPF_ATOMIC) {
            throw unknown(pc, code);
        }
        int imm = Insn.imm(s);
        int size = size(code);
        if (imm == BPF_LOAD_ACQ) {
            if (Insn.dst(s) == BPF_REG_FP) {
                throw reject(pc, "load-acquire writes r10, the read-only frame pointer");
            }
            return;
        }
        if (imm == BPF_STORE_REL) {
            return;
        }
        if (size != BPF_W && size != BPF_DW) {
            throw reject(pc, "atomic operations are defined on 32 and 64 bits only, not on "
                    + (size == BPF_B ? "8" : size == BPF_H ? "16" : "?") + " bits");
        }
        boolean known = imm == BPF_XCHG || imm == BPF_CMPXCHG;
        int base = imm & ~BPF_FETCH;
        known |= base == BPF_ADD || base == BPF_OR || base == BPF_AND || base == BPF_XOR;
        if (!known) {
            throw reject(pc, String.format("unknown atomic operation 0x%x", imm));
        }
        if ((imm & BPF_FETCH) != 0 && imm != BPF_CMPXCHG && Insn.src(s) == BPF_REG_FP) {
            throw reject(pc, "atomic fetch writes r10, the read-only frame pointer");
        }
    }

    // ---------------------------------------------------------------- arithmetic

    private void checkAlu(int pc, long s) throws ProgramRejectedException {
        int code = Insn.opcode(s);
        boolean is64 = cls(code) == BPF_ALU64;
        int op = op(code);
        int off = Insn.off(s);
        int imm = Insn.imm(s);
        if (op > BPF_END) {
            throw unknown(pc, code);
        }
        writableDst(pc, s);
        if (op == BPF_NEG) {
            if (src(code) == BPF_X) {
                throw reject(pc, "BPF_NEG takes no source operand (BPF_X is reserved)");
            }
            zero(pc, "source register", Insn.src(s));
            zero(pc, "offset", off);
            zero(pc, "immediate", imm);
            return;
        }
        if (op == BPF_END) {
            if (is64 && src(code) == BPF_X) {
                throw unknown(pc, code);
            }
            zero(pc, "source register", Insn.src(s));
            zero(pc, "offset", off);
            if (imm != 16 && imm != 32 && imm != 64) {
                throw reject(pc, "byte swap width must be 16, 32 or 64, not " + imm);
            }
            return;
        }
        if (src(code) == BPF_X) {
            register(pc, "source", Insn.src(s));
            zero(pc, "immediate", imm);
        } else {
            zero(pc, "source register", Insn.src(s));
        }
        if (off == 0) {
            return;
        }
        if ((op == BPF_DIV || op == BPF_MOD) && off == 1) {
            return;
        }
        if (op == BPF_MOV && src(code) == BPF_X && (off == 8 || off == 16 || (is64 && off == 32))) {
            return;
        }
        if (op == BPF_MOV && src(code) == BPF_X) {
            throw reject(pc, "sign-extending move from " + off + " bits is not defined" + (is64 ? "" : " for 32-bit ALU"));
        }
        throw reject(pc, "reserved offset field is " + off + ", must be 0");
    }

    // ---------------------------------------------------------------- jumps and calls

    private void checkJmp(int pc, long s, TreeSet<Integer> functions) throws ProgramRejectedException {
        int code = Insn.opcode(s);
        boolean is32 = cls(code) == BPF_JMP32;
        int op = op(code);
        int dst = Insn.dst(s);
        int src = Insn.src(s);
        int off = Insn.off(s);
        int imm = Insn.imm(s);
        switch (op) {
            case BPF_JA:
                if (src(code) == BPF_X) {
                    throw unknown(pc, code);
                }
                zero(pc, "destination register", dst);
                zero(pc, "source register", src);
                if (is32) {
                    zero(pc, "offset", off);
                    target(pc, pc + 1 + imm, "jump");
                } else {
                    zero(pc, "immediate", imm);
                    target(pc, pc + 1 + off, "jump");
                }
                return;
            case BPF_CALL:
                if (is32) {
                    throw unknown(pc, code);
                }
                zero(pc, "offset", off);
                if (src(code) == BPF_X) {
                    zero(pc, "source register", src);
                    zero(pc, "immediate", imm);
                    register(pc, "destination", dst);
                    return;
                }
                zero(pc, "destination register", dst);
                checkCall(pc, src, imm, functions);
                return;
            case BPF_EXIT:
                if (is32 || src(code) == BPF_X) {
                    throw unknown(pc, code);
                }
                zero(pc, "destination register", dst);
                zero(pc, "source register", src);
                zero(pc, "offset", off);
                zero(pc, "immediate", imm);
                return;
            case 0xe0:
            case 0xf0:
                throw unknown(pc, code);
            default:
                register(pc, "destination", dst);
                if (src(code) == BPF_X) {
                    register(pc, "source", src);
                    zero(pc, "immediate", imm);
                } else {
                    zero(pc, "source register", src);
                }
                target(pc, pc + 1 + off, "jump");
        }
    }

    private void checkCall(int pc, int src, int imm, TreeSet<Integer> functions) throws ProgramRejectedException {
        switch (src) {
            case 0:
                if (!helpers.contains(imm & 0xffffffffL)) {
                    throw reject(pc, "call to unknown helper " + (imm & 0xffffffffL));
                }
                return;
            case BPF_PSEUDO_CALL:
                functions.add(target(pc, pc + 1 + imm, "call"));
                return;
            case BPF_PSEUDO_KFUNC_CALL:
                throw reject(pc, "calls of kernel functions (kfunc " + imm + ") are not supported outside the kernel");
            default:
                throw reject(pc, "call has unknown source " + src);
        }
    }

    private int target(int pc, long target, String what) throws ProgramRejectedException {
        if (target < 0 || target >= program.length()) {
            throw reject(pc, what + " target " + target + " is outside the program (insns 0.." + (program.length() - 1) + ")");
        }
        if (lddwTail[(int) target]) {
            throw reject(pc, what + " target " + target + " is the second half of an LDDW");
        }
        return (int) target;
    }

    // ---------------------------------------------------------------- fields

    private void writableDst(int pc, long s) throws ProgramRejectedException {
        int dst = Insn.dst(s);
        register(pc, "destination", dst);
        if (dst == BPF_REG_FP) {
            throw reject(pc, "writes r10, the read-only frame pointer");
        }
    }

    private void register(int pc, String which, int r) throws ProgramRejectedException {
        if (r > BPF_REG_FP) {
            throw reject(pc, "invalid " + which + " register r" + r + " (registers are r0..r10)");
        }
    }

    private void zero(int pc, String field, int value) throws ProgramRejectedException {
        if (value != 0) {
            throw reject(pc, "reserved " + field + " field is " + value + ", must be 0");
        }
    }

    private ProgramRejectedException unknown(int pc, int code) {
        return reject(pc, String.format("unknown opcode 0x%02x", code));
    }

    private ProgramRejectedException reject(int pc, String reason) {
        return new ProgramRejectedException(pc, ObjdumpSyntax.format(program, pc), reason);
    }
}
