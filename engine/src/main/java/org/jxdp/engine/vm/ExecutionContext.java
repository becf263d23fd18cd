package org.jxdp.engine.vm;

import static org.jxdp.engine.isa.Opcodes.MAX_BPF_STACK;
import static org.jxdp.engine.isa.Opcodes.MAX_CALL_FRAMES;

/**
 * Everything one run of a program touches that is not the program itself: the address space,
 * the stack, the register file, the call frames, the budget and the outcome of the last run.
 *
 * <p>One context per worker thread, reused for every packet: nothing is allocated per run.
 * <pre>
 *   stack region (REGION_STACK), 8 frames of 512 bytes; frames grow down
 *   0                                 3584          4096
 *   +--------- ... ---------+---------+-------------+
 *   |  frame 7              |   ...   |   frame 0   |
 *   +--------- ... ---------+---------+-------------+
 *                                      ^ r10 of the  ^ r10 of the main
 *                                        first callee  program (top of frame 0)
 * </pre>
 */
public final class ExecutionContext {
    /** Bytes of stack: {@link org.jxdp.engine.isa.Opcodes#MAX_BPF_STACK} per call frame. */
    public static final int STACK_SIZE = MAX_BPF_STACK * MAX_CALL_FRAMES;
    /** Instructions a run may execute unless told otherwise. */
    public static final long DEFAULT_BUDGET = 10_000_000L;

    static {
        // Load Fault now: C2 will not inline fault(), which every caller checks after a run, while
        // a class in its signature is not loaded yet ("unloaded signature classes"), and no run
        // has faulted by the time the packet path is compiled.
        Fault.class.getName();
    }

    private final Memory memory = new Memory();
    private final byte[] stack = new byte[STACK_SIZE];

    /** Registers r0..r10 (16 slots so a 4-bit field always indexes inside). */
    final long[] regs = new long[16];
    /** Return addresses of active bpf-to-bpf calls. */
    final int[] returnPc = new int[MAX_CALL_FRAMES];
    /** r1..r10 of each caller, 10 per frame. */
    final long[] savedRegs = new long[MAX_CALL_FRAMES * 10];
    /** Active call frames above the entry frame. */
    int depth;
    /**
     * The program running now (the target of the last tail call, if any), for callbacks; after a
     * run, the program that ran last. Engines set it only when it changes: a reference store
     * into this long-lived object costs G1 a barrier, and nearly every run is of the same program.
     */
    Executable current;
    /** Instructions the current run may still execute. */
    long budgetLeft;
    /** r10 of the frame that called the current helper (for callbacks and tail calls). */
    long frameR10;
    /** Set when a callx ran a tail call, so compiled code returns at once. */
    boolean tailReturned;
    /** Register arrays of compiled functions split into parts, one per call depth. */
    final long[][] jitFrames = new long[MAX_CALL_FRAMES][11];
    private Executable pendingTailCall;

    private long budget = DEFAULT_BUDGET;
    private long executed;
    private Fault fault;
    private int processorId;
    private Object state;

    public ExecutionContext() {
        memory.map(Memory.REGION_STACK, stack, 0, STACK_SIZE, true);
    }

    /** The address space of this context. */
    public Memory memory() {
        return memory;
    }

    /** The stack's backing bytes. */
    public byte[] stack() {
        return stack;
    }

    /** The frame pointer (r10) of the entry function: the top of the stack. */
    public static long entryFramePointer() {
        return Memory.address(Memory.REGION_STACK, STACK_SIZE);
    }

    /** Maps {@code input} as the writable input region and returns its address (0 if null). */
    public long mapInput(byte[] input) {
        if (input == null) {
            memory.unmap(Memory.REGION_INPUT);
            return 0;
        }
        memory.map(Memory.REGION_INPUT, input, 0, input.length, true);
        return Memory.address(Memory.REGION_INPUT, 0);
    }

    /**
     * The most instructions one run may execute before it faults. A program a verifier accepted
     * is charged one unit per round of a loop and per subprogram call instead (its runs are
     * bounded; the budget only guards against a verifier bug), on both engines.
     */
    public long budget() {
        return budget;
    }

    /** Sets the instruction budget of later runs. */
    public ExecutionContext budget(long instructions) {
        if (instructions <= 0) {
            throw new IllegalArgumentException("budget must be positive: " + instructions);
        }
        this.budget = instructions;
        return this;
    }

    /** Resets the per-run state; engines call it as a run starts. */
    void startRun() {
        depth = 0;
        frameR10 = entryFramePointer();
        tailReturned = false;
        fault = null;
        budgetLeft = budget;
        pendingTailCall = null;
    }

    /** Records what the run consumed; engines call it as a run ends. */
    void endRun() {
        executed = budget - budgetLeft;
        pendingTailCall = null;
    }

    /** Makes {@code exe} the running program, storing the reference only when it changes. */
    void enter(Executable exe) {
        if (current != exe) {
            current = exe;
        }
    }

    /** The program running now, for helpers that call back into it (bpf_loop). */
    public Executable current() {
        return current;
    }

    /** Asks the engine to continue in {@code target} when the tail-call helper returns. */
    public void pendingTailCall(Executable target) {
        this.pendingTailCall = target;
    }

    /** The tail call the helper asked for, cleared; null when it failed. */
    Executable takePendingTailCall() {
        Executable t = pendingTailCall;
        pendingTailCall = null;
        return t;
    }

    /**
     * Instructions executed by the last run; for a verified program, the budget units it used
     * (loop rounds and subprogram calls, see {@link #budget()}).
     */
    public long executed() {
        return executed;
    }

    /** The fault that ended the last run, or null when it returned normally. */
    public Fault fault() {
        return fault;
    }

    void fault(Fault f) {
        this.fault = f;
    }

    /** The value {@code bpf_get_smp_processor_id()} returns: the worker's index. */
    public int processorId() {
        return processorId;
    }

    public ExecutionContext processorId(int id) {
        this.processorId = id;
        return this;
    }

    /** What the context's owner (a runtime) keeps per worker for its helpers, or null. */
    public Object state() {
        return state;
    }

    /** Sets what {@link #state()} returns. */
    public ExecutionContext state(Object s) {
        this.state = s;
        return this;
    }

    /** The value of register {@code r} after the last run (r0..r10). */
    public long register(int r) {
        return regs[r];
    }
}
