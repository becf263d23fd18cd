package org.jxdp.engine.vm;

import static org.jxdp.engine.isa.Opcodes.BPF_CMPXCHG;
import static org.jxdp.engine.isa.Opcodes.BPF_FETCH;
import static org.jxdp.engine.isa.Opcodes.MAX_BPF_STACK;
import static org.jxdp.engine.isa.Opcodes.MAX_CALL_FRAMES;

import java.lang.invoke.MethodHandles;
import org.jxdp.engine.helpers.BpfFunc;
import org.jxdp.engine.isa.Program;
import org.jxdp.engine.verifier.ProgramStructure;

/**
 * The base of the classes the JIT generates: each program becomes one hidden class in this
 * package that extends this one, with a static method per BPF function ({@code f0} is the entry)
 * whose BPF registers are JVM locals:
 * <pre>
 *   static long fN(ExecutionContext c, Memory m, long r1, long r2, long r3, long r4, long r5,
 *                  long r10, int depth)          returns r0
 * </pre>
 * A bpf-to-bpf call is a JVM call with r10 one frame lower and depth + 1; r6..r9 are the
 * callee's own locals, so the caller's survive. What cannot be written as straight bytecode
 * (faults, the budget, callx, the helper protocol around tail calls and unwinding) is here, in
 * small static methods HotSpot inlines. The run-level behaviour is the interpreter's: the same
 * budget accounting by blocks, the same faults at the same instructions, the same registers.
 */
public abstract class CompiledProgram implements Executable {
    private final Program program;
    private final Helper[] helpers;
    private final int unwindId;
    /** The index of the function that starts at each pc, -1 elsewhere (callbacks, callx). */
    private final int[] functionAt;

    protected CompiledProgram(Program program, ProgramStructure structure, HelperTable helpers) {
        this.program = program;
        this.helpers = helpers.toArray();
        this.unwindId = helpers.unwindId();
        this.functionAt = new int[program.length()];
        java.util.Arrays.fill(functionAt, -1);
        int[] starts = structure.functionStarts();
        for (int i = 0; i < starts.length; i++) {
            functionAt[starts[i]] = i;
        }
    }

    /** Defines a generated subclass of this class, in this package, with its constants. */
    public static Class<?> define(byte[] classBytes, Object classData) throws IllegalAccessException {
        return MethodHandles.lookup().defineHiddenClassWithClassData(classBytes, classData, true).lookupClass();
    }

    /** Calls BPF function number {@code function} (the index of its start in the function table). */
    protected abstract long call(int function, ExecutionContext c, Memory m, long r1, long r2, long r3, long r4,
            long r5, long r10, int depth);

    @Override
    public Program program() {
        return program;
    }

    @Override
    public EngineKind engine() {
        return EngineKind.JIT;
    }

    @Override
    public long run(ExecutionContext ctx, long r1, long r2) {
        ctx.startRun();
        try {
            ctx.enter(this);
            return call(0, ctx, ctx.memory(), r1, r2, 0, 0, 0, ExecutionContext.entryFramePointer(), 0);
        } catch (FaultException e) {
            ctx.fault(e.fault(program));
            return 0;
        } catch (UnwindSignal u) {
            return 0;
        } catch (StackOverflowError e) {
            ctx.fault(Fault.at(program, -1, FaultKind.INTERNAL, "internal error: " + e));
            return 0;
        } finally {
            ctx.endRun();
        }
    }

    @Override
    public long invoke(ExecutionContext c, long function, long a1, long a2, long a3, long a4, long a5) {
        int fn = functionIndex(function);
        int depth = c.depth;
        long r10 = c.frameR10;
        if (depth + 1 >= MAX_CALL_FRAMES) {
            throw callDepth();
        }
        Executable caller = c.current;
        c.current = this;
        long r0 = call(fn, c, c.memory(), a1, a2, a3, a4, a5, r10 - MAX_BPF_STACK, depth + 1);
        c.current = caller;
        c.depth = depth;
        c.frameR10 = r10;
        return r0;
    }

    @Override
    public long tailCall(ExecutionContext c, long r1) {
        c.current = this;
        return call(0, c, c.memory(), r1, 0, 0, 0, 0, c.frameR10, c.depth);
    }

    private int functionIndex(long pointer) {
        int pc = Memory.offsetOf(pointer);
        int fn = Memory.regionOf(pointer) == Memory.REGION_FUNC && pc >= 0 && pc < functionAt.length
                ? functionAt[pc] : -1;
        if (fn < 0) {
            throw new FaultException(FaultKind.BAD_CALL_TARGET, "callx to " + Memory.hex(pointer)
                    + ", which is not the start of a function");
        }
        return fn;
    }

    // ---------------------------------------------------------------- called by generated code

    /** Ends a run whose budget is spent (generated code keeps the budget in a local). */
    public static FaultException budgetExhausted(ExecutionContext c) {
        c.budgetLeft = 0;
        return new FaultException(FaultKind.BUDGET_EXHAUSTED, "instruction budget of " + c.budget()
                + " exhausted (an unbounded loop?)");
    }

    /** The fault of a call one frame too deep. */
    public static FaultException callDepth() {
        return new FaultException(FaultKind.CALL_DEPTH, "call nests deeper than " + MAX_CALL_FRAMES + " frames");
    }

    /** Records the caller's frame for helpers that call back into the program. */
    public static void enterHelper(ExecutionContext c, long r10, int depth) {
        c.frameR10 = r10;
        c.depth = depth;
    }

    /**
     * What a helper's result means for the code after it: the unwind helper returning 0 ends
     * the run; the tail-call helper returns {@link #TAIL_CALL_FAILED} (r0 unchanged) or leaves a
     * pending target for {@link #tailCallTarget}.
     */
    public boolean isUnwind(int id, long r0) {
        return id == unwindId && r0 == 0;
    }

    /** Ends the run at once with r0 = 0 (the unwind helper). */
    public static RuntimeException unwind() {
        return UnwindSignal.INSTANCE;
    }

    /** The program the tail-call helper chose, cleared, or null when the call failed. */
    public static Executable tailCallTarget(ExecutionContext c) {
        return c.takePendingTailCall();
    }

    /** The helper with id {@code id}, for class data. */
    public Helper helper(int id) {
        return helpers[id];
    }

    /**
     * callx: a function pointer calls the function; anything else calls a helper by id. Returns
     * r0; sets {@code c.tailReturned} when the helper was a tail call that ran its target.
     */
    public long callx(ExecutionContext c, Memory m, long target, long r1, long r2, long r3, long r4, long r5,
            long r10, int depth, long r0) {
        if (Memory.regionOf(target) == Memory.REGION_FUNC) {
            int fn = functionIndex(target);
            if (depth + 1 >= MAX_CALL_FRAMES) {
                throw callDepth();
            }
            return call(fn, c, m, r1, r2, r3, r4, r5, r10 - MAX_BPF_STACK, depth + 1);
        }
        if (target < 0 || target >= helpers.length || helpers[(int) target] == null) {
            throw new FaultException(FaultKind.BAD_CALL_TARGET, "callx to " + Memory.hex(target)
                    + ", which is neither a function nor a known helper");
        }
        int id = (int) target;
        enterHelper(c, r10, depth);
        long result = helpers[id].call(c, r1, r2, r3, r4, r5);
        if (isUnwind(id, result)) {
            throw unwind();
        }
        if (id == BpfFunc.BPF_FUNC_tail_call) {
            Executable t = tailCallTarget(c);
            if (t == null) {
                return r0;
            }
            c.tailReturned = true;
            return t.tailCall(c, r1);
        }
        return result;
    }

    /** True (and cleared) when the last callx ran a tail call: the function must return r0 now. */
    public static boolean tailReturned(ExecutionContext c) {
        boolean t = c.tailReturned;
        c.tailReturned = false;
        return t;
    }

    /** A 32- or 64-bit atomic read-modify-write; returns the old value. */
    public static long atomic(Memory m, long addr, int op, long value, int size) {
        return size == 8 ? m.atomic64(addr, op, value) : m.atomic32(addr, op, value);
    }

    /** A 32- or 64-bit compare-and-exchange against r0; returns the old value. */
    public static long cmpxchg(Memory m, long addr, long r0, long value, int size) {
        return size == 8 ? m.cmpxchg64(addr, r0, value) : m.cmpxchg32(addr, r0, value);
    }

    /** True for atomic operations that write the old value back to a register. */
    public static boolean fetches(int op) {
        return (op & BPF_FETCH) != 0 || op == BPF_CMPXCHG;
    }

    /** A fault for an engine defect, placed at {@code pc}. */
    public FaultException internal(RuntimeException e, int pc) {
        return new FaultException(FaultKind.INTERNAL, "internal error: " + e).at(program, pc);
    }

    /** Places a fault at {@code pc} of this program (unless a deeper frame did). */
    public FaultException place(FaultException e, int pc) {
        return e.at(program, pc);
    }
}
