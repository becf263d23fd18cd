package org.jxdp.engine.verifier;

import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_CALL;
import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_FUNC;
import static org.jxdp.engine.isa.Opcodes.BPF_X;
import static org.jxdp.engine.isa.Opcodes.LDDW;
import static org.jxdp.engine.isa.Opcodes.MAX_BPF_STACK;
import static org.jxdp.engine.isa.Opcodes.MAX_CALL_FRAMES;
import static org.jxdp.engine.isa.Opcodes.src;

import java.util.Arrays;
import org.jxdp.engine.helpers.BpfFunc;
import org.jxdp.engine.isa.Insn;
import org.jxdp.engine.maps.MapDefinition;
import org.jxdp.engine.maps.MapType;

/**
 * Calls and exits (the kernel's {@code check_helper_call}, {@code check_func_call},
 * {@code prepare_func_exit}, {@code check_max_stack_depth}):
 * <pre>
 *   call helper   each argument checked against the prototype; then r1..r5 are unreadable, r0
 *                 is what the helper returns, and packet pointers die if the helper moves the packet
 *   call pc+N     a new frame: r1..r5 passed, r10 its own 512 bytes; the caller's r0..r5 die
 *   callback      bpf_loop and friends: the callback is explored as a call made by the helper,
 *                 whose exit goes back to the helper call (one more iteration, or the return)
 *   exit          from a function: r0 to the caller; from the program: r0 is the XDP action
 * </pre>
 */
final class CallTransfer {
    /** Largest size a helper memory argument may have (kernel BPF_MAX_VAR_SIZ). */
    static final long BPF_MAX_VAR_SIZ = 1L << 29;
    /** Stack frames are counted in units of this many bytes for the combined limit. */
    private static final int STACK_ROUNDING = 32;
    /** The XDP actions: XDP_ABORTED (0) to XDP_REDIRECT (4). */
    private static final int XDP_REDIRECT = 4;

    private final Analysis a;

    CallTransfer(Analysis a) {
        this.a = a;
    }

    /** Steps the call at {@code pc}; returns the next instruction. */
    int call(Analysis.Path p, State s, int pc, long insn) {
        if (src(Insn.opcode(insn)) == BPF_X) {
            throw new Refusal(pc, "indirect call", "the Linux verifier does not accept calls through a register "
                    + "(callx)", 1 << Insn.dst(insn));
        }
        if (Insn.src(insn) == BPF_PSEUDO_CALL) {
            return function(s, pc, a.cf.calleeOf(pc));
        }
        return helper(p, s, pc, Insn.imm(insn));
    }

    private static int function(State s, int pc, int target) {
        if (s.depth >= MAX_CALL_FRAMES) {
            throw new Refusal(pc, "call stack too deep", "this call would make frame " + (s.depth + 1) + "; at most "
                    + MAX_CALL_FRAMES + " frames may be active");
        }
        Frame caller = s.cur();
        Frame callee = new Frame(pc, target, -1);
        for (int r = 1; r <= 5; r++) {
            callee.regs[r] = caller.regs[r];
        }
        callee.regs[10] = Value.pointer(RegType.PTR_TO_STACK, s.depth, 0);
        for (int r = 0; r <= 5; r++) {
            caller.regs[r] = Value.NOT_INIT;
        }
        s.push(callee);
        return target;
    }

    /** Steps an exit; returns the next instruction, or -1 when the program ends. */
    int exit(State s, int pc) {
        Frame f = s.cur();
        Value r0 = f.regs[0];
        if (s.depth == 1) {
            if (!r0.isInit()) {
                throw new Refusal(pc, "r0 is not set at exit", "the program must leave its XDP action in r0", 1);
            }
            if (s.refs.length > 0) {
                throw new Refusal(pc, "unreleased reference", "a ring buffer record from bpf_ringbuf_reserve is "
                        + "neither submitted nor discarded on this path", 0);
            }
            returnValue(pc, r0);
            return -1;
        }
        if (f.callbackOf >= 0) {
            a.current.history.flag(History.CALLBACK_EXIT);
            if (r0.isScalar()) {
                a.precise(s, 1);
            }
            if (!r0.isScalar() || r0.num.smin < 0 || r0.num.smax > 1) {
                throw new Refusal(pc, "callback return value out of range", "a callback of "
                        + helperName(f.callbackOf) + " must return 0 or 1; r0 = " + a.describe(r0), 1);
            }
            s.pop();
            return f.callsite;
        }
        if (r0.type == RegType.PTR_TO_STACK && r0.aux == s.depth - 1) {
            throw new Refusal(pc, "returning a pointer to the function's own stack", "r0 = " + a.describe(r0)
                    + " points into a frame that ends here", 1);
        }
        s.pop();
        s.cur().regs[0] = r0;
        return f.callsite + 1;
    }

    /**
     * The kernel accepts any return value from an XDP program and drops frames whose action is
     * invalid at run time; jxdp does the same, and warns here when the value may not be one.
     */
    private void returnValue(int pc, Value r0) {
        if (r0.isPointer()) {
            a.warn(pc, "the program returns a pointer, not an XDP action: r0 = " + a.describe(r0));
        } else if (r0.num.smin < 0 || r0.num.smax > XDP_REDIRECT) {
            a.warn(pc, "the return value may not be an XDP action (XDP_ABORTED..XDP_REDIRECT = 0..4): r0 = "
                    + a.describe(r0));
        }
    }

    private String helperName(int id) {
        HelperPrototype p = a.protos.get(id);
        return p != null ? p.name() : a.env.helpers().name(id).orElse("helper " + id);
    }

    // ---------------------------------------------------------------- helpers

    private int helper(Analysis.Path p, State s, int pc, int id) {
        HelperPrototype proto = a.protos.get(id);
        String name = helperName(id);
        if (proto == null) {
            throw new Refusal(pc, "helper without a verifier prototype", name + " (id " + id + ") may be implemented, "
                    + "but the verifier does not know its arguments, so calls to it cannot be checked", 0);
        }
        if (proto.gplOnly() && !a.gpl) {
            throw new Refusal(pc, "GPL-only helper in a non-GPL program", name + " may be called only by programs "
                    + "whose license is GPL-compatible", 0);
        }
        Frame f = s.cur();
        Value[] args = new Value[5];
        for (int i = 0; i < 5; i++) {
            if (proto.arg(i) != ArgType.ARG_DONTCARE) {
                args[i] = f.regs[i + 1];
                if (!args[i].isInit()) {
                    throw new Refusal(pc, "r" + (i + 1) + " is read before it is written", "it is argument " + (i + 1)
                            + " of " + name, 1 << (i + 1));
                }
            }
        }
        int mapId = Integer.MIN_VALUE;
        int released = 0;
        int callback = -1;
        for (int i = 0; i < 5; i++) {
            ArgType t = proto.arg(i);
            int r = i + 1;
            Value v = args[i];
            int regs = 1 << r;
            switch (t) {
                case ARG_DONTCARE:
                case ARG_ANYTHING:
                case ARG_CONST_SIZE:
                case ARG_CONST_SIZE_OR_ZERO:
                    break;
                case ARG_CONST_MAP_PTR: {
                    if (v.type != RegType.CONST_PTR_TO_MAP || v.maybeNull) {
                        throw wrongKind(pc, r, v, "a map", name);
                    }
                    mapId = v.aux;
                    MapDefinition d = a.map(mapId);
                    String why = HelperPrototypes.mapRefusal(proto, d.type());
                    if (why != null) {
                        throw new Refusal(pc, "map of the wrong type", why + " (map " + d.name() + ")", regs);
                    }
                    break;
                }
                case ARG_PTR_TO_MAP_KEY: {
                    int size = a.map(mapId).keySize();
                    a.memory.helperAccess(s, pc, r, v, size, size, true, false, proto.pktAccess(), name);
                    a.memory.keyProof(s, pc, r, v, size);
                    break;
                }
                case ARG_PTR_TO_MAP_VALUE: {
                    int size = a.map(mapId).valueSize();
                    a.memory.helperAccess(s, pc, r, v, size, size, true, false, proto.pktAccess(), name);
                    break;
                }
                case ARG_PTR_TO_UNINIT_MAP_VALUE: {
                    int size = a.map(mapId).valueSize();
                    a.memory.helperAccess(s, pc, r, v, size, size, false, true, proto.pktAccess(), name);
                    break;
                }
                case ARG_PTR_TO_MEM_RDONLY:
                case ARG_PTR_TO_MEM_RDONLY_OR_NULL:
                case ARG_PTR_TO_MEM_WRITE:
                case ARG_PTR_TO_UNINIT_MEM: {
                    boolean zeroOk = proto.arg(i + 1) == ArgType.ARG_CONST_SIZE_OR_ZERO;
                    long[] size = size(pc, r + 1, args[i + 1], zeroOk, name);
                    a.precise(s, 1 << (r + 1) | (v.isScalar() ? regs : 0));
                    if (t == ArgType.ARG_PTR_TO_MEM_RDONLY_OR_NULL && v.isConst(0)) {
                        if (size[1] != 0) {
                            throw new Refusal(pc, "NULL memory with a non-zero size", "r" + r + " is NULL but r" + (r + 1)
                                    + " may be up to " + size[1], regs | 1 << (r + 1));
                        }
                        break;
                    }
                    boolean read = t != ArgType.ARG_PTR_TO_UNINIT_MEM;
                    boolean write = t == ArgType.ARG_PTR_TO_MEM_WRITE || t == ArgType.ARG_PTR_TO_UNINIT_MEM;
                    a.memory.helperAccess(s, pc, r, v, size[0], size[1], read, write, proto.pktAccess(), name);
                    break;
                }
                case ARG_PTR_TO_FIXED_SIZE_MEM: {
                    int size = proto.fixedSize()[i];
                    a.memory.helperAccess(s, pc, r, v, size, size, true, false, proto.pktAccess(), name);
                    break;
                }
                case ARG_CONST_ALLOC_SIZE_OR_ZERO:
                    a.precise(s, regs);
                    if (!v.isScalar() || !v.num.isConst()) {
                        throw new Refusal(pc, "size not a known constant", "argument " + r + " of " + name
                                + " must be a constant; r" + r + " = " + a.describe(v), regs);
                    }
                    break;
                case ARG_PTR_TO_CTX:
                    if (v.type != RegType.PTR_TO_CTX) {
                        throw wrongKind(pc, r, v, "the context", name);
                    }
                    if (v.off != 0 || !v.fixedOffset()) {
                        throw new Refusal(pc, "modified context pointer passed to a helper", "r" + r + " = "
                                + a.describe(v) + "; " + name + " needs the pointer the program was given", regs);
                    }
                    break;
                case ARG_PTR_TO_FUNC:
                    if (v.type != RegType.PTR_TO_FUNC) {
                        throw wrongKind(pc, r, v, "a function", name);
                    }
                    callback = v.aux;
                    break;
                case ARG_PTR_TO_STACK_OR_NULL:
                    if (v.isScalar()) {
                        a.precise(s, regs);
                    }
                    if (!(v.type == RegType.PTR_TO_STACK || v.isConst(0))) {
                        throw wrongKind(pc, r, v, "a stack pointer or NULL", name);
                    }
                    break;
                case ARG_PTR_TO_RINGBUF_MEM_RELEASE:
                    if (v.type != RegType.PTR_TO_MEM || v.maybeNull || v.ref == 0) {
                        throw wrongKind(pc, r, v, "a record from bpf_ringbuf_reserve, checked against NULL", name);
                    }
                    if (v.off != 0 || !v.fixedOffset()) {
                        throw new Refusal(pc, "modified ring buffer record pointer", "r" + r + " = " + a.describe(v)
                                + " must point at the record's start", regs);
                    }
                    released = v.ref;
                    break;
                default:
                    throw new IllegalStateException("argument kind " + t);
            }
        }
        if (callback >= 0) {
            enterCallback(p, s, pc, id, callback, mapId);
        }
        if (released != 0) {
            int ref = released;
            s.refs = Arrays.stream(s.refs).filter(x -> x != ref).toArray();
            s.mapValues(v -> v.ref == ref ? Value.UNKNOWN : v);
        }
        if (proto.changesPacket()) {
            s.mapValues(v -> v.type.isPacket() ? Value.invalidated(pc) : v);
        }
        for (int r = 1; r <= 5; r++) {
            f.regs[r] = Value.NOT_INIT;
        }
        f.regs[0] = returned(s, proto, mapId, args);
        return pc + 1;
    }

    private Value returned(State s, HelperPrototype proto, int mapId, Value[] args) {
        switch (proto.ret()) {
            case RET_VOID:
                return Value.NOT_INIT;
            case RET_PTR_TO_MAP_VALUE_OR_NULL: {
                MapDefinition d = a.map(mapId);
                if (d.type() == MapType.BPF_MAP_TYPE_ARRAY_OF_MAPS || d.type() == MapType.BPF_MAP_TYPE_HASH_OF_MAPS) {
                    if (d.inner() == null) {
                        throw new Refusal(-1, "map " + d.name() + " holds maps but its inner map is not described");
                    }
                    return Value.nullable(RegType.CONST_PTR_TO_MAP, Analysis.innerOf(mapId), a.newId());
                }
                return Value.nullable(RegType.PTR_TO_MAP_VALUE, mapId, a.newId());
            }
            case RET_PTR_TO_RINGBUF_MEM_OR_NULL: {
                long size = args[1].num.value();
                int ref = a.newId();
                s.refs = Arrays.copyOf(s.refs, s.refs.length + 1);
                s.refs[s.refs.length - 1] = ref;
                return Value.nullable(RegType.PTR_TO_MEM, (int) Math.min(size, Integer.MAX_VALUE), a.newId())
                        .withRef(ref);
            }
            default:
                return proto.id() == BpfFunc.BPF_FUNC_get_smp_processor_id
                        ? Value.scalar(Scalar.unsigned(4)) : Value.UNKNOWN;
        }
    }

    private Refusal wrongKind(int pc, int r, Value v, String expected, String helper) {
        return new Refusal(pc, "argument " + r + " of " + helper + " must be " + expected, "r" + r + " = "
                + a.describe(v), 1 << r);
    }

    /** The bounds of a size argument (the kernel's {@code check_mem_size_reg}). */
    private long[] size(int pc, int r, Value v, boolean zeroOk, String helper) {
        int regs = 1 << r;
        if (!v.isScalar()) {
            throw wrongKind(pc, r, v, "a size", helper);
        }
        Scalar n = v.num;
        if (n.smin < 0) {
            throw new Refusal(pc, "size may be negative", "r" + r + " = " + a.describe(v)
                    + ": bound it with an unsigned comparison or a mask", regs);
        }
        if (n.umin == 0 && !zeroOk) {
            throw new Refusal(pc, "size may be zero", "r" + r + " = " + a.describe(v) + "; " + helper
                    + " needs at least 1 byte", regs);
        }
        if (n.umax >= BPF_MAX_VAR_SIZ) {
            throw new Refusal(pc, "unbounded size", "r" + r + " = " + a.describe(v)
                    + ": bound it with 'var &= const' or 'if (var < const)'", regs);
        }
        return new long[] {n.umin, n.umax};
    }

    /** Queues a path that runs the callback of helper {@code id} from the call at {@code pc}. */
    private void enterCallback(Analysis.Path p, State s, int pc, int id, int entry, int mapId) {
        if (s.depth >= MAX_CALL_FRAMES) {
            throw new Refusal(pc, "call stack too deep", "the callback would run in frame " + (s.depth + 1)
                    + "; at most " + MAX_CALL_FRAMES + " frames may be active");
        }
        State cb = s.copy();
        Frame caller = cb.cur();
        Frame f = new Frame(pc, entry, id, a.newId());
        if (id == BpfFunc.BPF_FUNC_for_each_map_elem) {
            f.regs[1] = Value.pointer(RegType.CONST_PTR_TO_MAP, mapId, 0);
            f.regs[2] = Value.pointer(RegType.PTR_TO_MAP_KEY, mapId, 0);
            f.regs[3] = Value.pointer(RegType.PTR_TO_MAP_VALUE, mapId, 0);
            f.regs[4] = caller.regs[3];
        } else {
            f.regs[1] = Value.UNKNOWN;
            f.regs[2] = caller.regs[3];
        }
        f.regs[10] = Value.pointer(RegType.PTR_TO_STACK, cb.depth, 0);
        cb.push(f);
        a.fork(p, cb, entry);
    }

    // ---------------------------------------------------------------- stack depth

    /**
     * The kernel's {@code check_max_stack_depth}: along every chain of calls from the program,
     * the frames' stack use (each rounded up to 32 bytes) may total at most 512 bytes.
     */
    void checkStackDepth() {
        int n = a.cf.functionCount();
        int[] depth = new int[n];
        for (int f = 0; f < n; f++) {
            depth[f] = round(a.stackDepth[f]);
        }
        walk(0, 0, 1, depth, -1);
    }

    private static int round(int bytes) {
        int b = Math.max(bytes, 1);
        return (b + STACK_ROUNDING - 1) / STACK_ROUNDING * STACK_ROUNDING;
    }

    private void walk(int f, int total, int frames, int[] depth, int site) {
        int sum = total + depth[f];
        if (sum > MAX_BPF_STACK) {
            throw new Refusal(site < 0 ? -1 : site, "combined stack too large", "the " + frames
                    + " frames of this chain of calls use " + sum + " bytes of stack; at most " + MAX_BPF_STACK
                    + " are allowed", 0);
        }
        int start = a.cf.functionStart(f);
        int end = f + 1 < a.cf.functionCount() ? a.cf.functionStart(f + 1) : a.program.length();
        for (int pc = start; pc < end; pc++) {
            if (a.cf.isLddwTail(pc)) {
                continue;
            }
            long s = a.program.slot(pc);
            boolean call = Insn.opcode(s) == 0x85 && Insn.src(s) == BPF_PSEUDO_CALL;
            boolean fn = Insn.opcode(s) == LDDW && Insn.src(s) == BPF_PSEUDO_FUNC;
            if (call || fn) {
                walk(a.cf.functionOf(a.cf.calleeOf(pc)), sum, frames + 1, depth, pc);
            }
        }
    }
}
