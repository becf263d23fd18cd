package org.jxdp.engine.verifier;

import static org.jxdp.engine.isa.Opcodes.BPF_ALU;
import static org.jxdp.engine.isa.Opcodes.BPF_ALU64;
import static org.jxdp.engine.isa.Opcodes.BPF_CALL;
import static org.jxdp.engine.isa.Opcodes.BPF_EXIT;
import static org.jxdp.engine.isa.Opcodes.BPF_JA;
import static org.jxdp.engine.isa.Opcodes.BPF_JMP;
import static org.jxdp.engine.isa.Opcodes.BPF_LD;
import static org.jxdp.engine.isa.Opcodes.BPF_LDX;
import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_FUNC;
import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_MAP_FD;
import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_MAP_IDX;
import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_MAP_IDX_VALUE;
import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_MAP_VALUE;
import static org.jxdp.engine.isa.Opcodes.BPF_ST;
import static org.jxdp.engine.isa.Opcodes.BPF_STX;
import static org.jxdp.engine.isa.Opcodes.MAX_BPF_STACK;
import static org.jxdp.engine.isa.Opcodes.cls;
import static org.jxdp.engine.isa.Opcodes.op;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.function.LongFunction;
import org.jxdp.engine.asm.ObjdumpSyntax;
import org.jxdp.engine.isa.Insn;
import org.jxdp.engine.isa.Program;
import org.jxdp.engine.maps.MapDefinition;
import org.jxdp.engine.vm.ProgramEnvironment;

/**
 * One verification: the abstract interpretation of a program over its control-flow graph,
 * path by path (depth first, like the kernel), with states kept at prune points so that a path
 * reaching a point in a state covered by a finished one stops there, and joined with a compatible
 * kept state once a point has seen many (so the work stays polynomial where the kernel relies on
 * precision tracking).
 * <pre>
 *   pending paths (LIFO) ──pop──&gt; explore: step instructions, updating the path's state
 *        ^                          │ conditional jump, both ways feasible: push one side
 *        └──────────────────────────┤ prune point: covered by a complete checkpoint? stop
 *                                   │ exit of the program: check r0, stop
 *                                   └ anything unprovable: throw a {@link Refusal}
 * </pre>
 * Not thread-safe; used once.
 */
final class Analysis {
    /**
     * Inside a loop, a new checkpoint is kept only after this many jumps or instructions since
     * the last one kept anywhere (the kernel's numbers): loop iterations rarely prune each other.
     */
    private static final int LOOP_JUMPS_BETWEEN_CHECKPOINTS = 20;
    private static final int LOOP_INSNS_BETWEEN_CHECKPOINTS = 100;
    /** Outside loops, a checkpoint needs this many jumps and instructions since the last one (the kernel's numbers). */
    private static final int MIN_JUMPS_BETWEEN_CHECKPOINTS = 2;
    private static final int MIN_INSNS_BETWEEN_CHECKPOINTS = 8;
    /** Instructions a path's history holds before a stateless checkpoint cuts it (keeps forks and precision walks short). */
    private static final int HISTORY_CUT = 256;
    /** Distinct states recorded per instruction for {@code -v}. */
    private static final int STATES_SHOWN = 6;

    final Program program;
    final ControlFlow cf;
    final ProgramEnvironment env;
    final LongFunction<MapDefinition> maps;
    final HelperPrototypes protos;
    final ContextLayout ctx;
    final boolean gpl;
    final VerifierLimits limits;
    final IntFunction<String> lines;

    private final List<Checkpoint>[] checkpoints;
    private final boolean[] callbackSite;
    private final ArrayDeque<Path> pending = new ArrayDeque<>();
    private final List<List<String>> states;
    private final ProofBuilder[] proofs;
    private final Map<Integer, Verification.Warning> warnings = new TreeMap<>();
    /** Deepest stack use of each function, in bytes. */
    final int[] stackDepth;
    private int processed;
    private int jumps;
    private int processedAtLastKept;
    private int jumpsAtLastKept;
    private int kept;
    private int peak;
    private int pruned;
    private int joins;
    private int nextId;

    final Precision precision;
    /** The path being explored. */
    Path current;
    final AluTransfer alu;
    final MemoryTransfer memory;
    final BranchTransfer branches;
    final CallTransfer calls;

    /** A path being explored: its state, where it is, and its last checkpoint. */
    static final class Path {
        State state;
        int pc;
        Checkpoint last;
        /** What the path ran since {@link #last}. */
        History history;

        Path(State state, int pc, Checkpoint last, History history) {
            this.state = state;
            this.pc = pc;
            this.last = last;
            this.history = history;
        }
    }

    @SuppressWarnings("unchecked")
    Analysis(Program program, ControlFlow cf, ProgramEnvironment env, LongFunction<MapDefinition> maps,
            HelperPrototypes protos, ContextLayout ctx, boolean gpl, VerifierLimits limits, boolean recordStates,
            IntFunction<String> lines) {
        this.program = program;
        this.cf = cf;
        this.env = env;
        this.maps = maps;
        this.protos = protos;
        this.ctx = ctx;
        this.gpl = gpl;
        this.limits = limits;
        this.lines = lines;
        int n = program.length();
        this.checkpoints = new List[n];
        this.callbackSite = new boolean[n];
        this.proofs = new ProofBuilder[n];
        this.stackDepth = new int[cf.functionCount()];
        this.states = recordStates ? new ArrayList<>() : null;
        if (recordStates) {
            for (int i = 0; i < n; i++) {
                states.add(null);
            }
        }
        for (int pc = 0; pc < n; pc++) {
            long s = program.slot(pc);
            if (!cf.isLddwTail(pc) && Insn.opcode(s) == (BPF_JMP | BPF_CALL) && Insn.src(s) == 0) {
                HelperPrototype p = protos.get(Insn.imm(s));
                callbackSite[pc] = p != null && p.args().contains(ArgType.ARG_PTR_TO_FUNC);
            }
        }
        this.precision = new Precision(program);
        this.alu = new AluTransfer(this);
        this.memory = new MemoryTransfer(this);
        this.branches = new BranchTransfer(this);
        this.calls = new CallTransfer(this);
    }

    int newId() {
        return ++nextId;
    }

    /** Register {@code r} of the innermost frame, which must have been written. */
    static Value reg(State s, int pc, int r) {
        Value v = s.cur().regs[r];
        if (!v.isInit()) {
            throw new Refusal(pc, "r" + r + " is read before it is written", null, 1 << r);
        }
        return v;
    }

    /** The numbers in registers {@code regMask} of the innermost frame must be exact from here on. */
    void precise(State s, int regMask) {
        precision.mark(current, s.depth - 1, regMask);
    }

    /** How a value is described in a message: {@code pkt(r=0)}. */
    String describe(Value v) {
        return v.format(this::mapName);
    }

    /** The map id standing for the inner maps of map-in-map {@code outer}. */
    static int innerOf(int outer) {
        return -2 - outer;
    }

    /** The definition of map {@code id} (an {@link #innerOf} id: the inner map's); the structural check made sure it exists. */
    MapDefinition map(int id) {
        MapDefinition d = id < 0 ? maps.apply(-2 - id) : maps.apply(id);
        if (d != null && id < 0) {
            d = d.inner();
        }
        if (d == null) {
            throw new Refusal(-1, "map " + id + " has no definition the verifier can see");
        }
        return d;
    }

    String mapName(int id) {
        MapDefinition d = maps.apply(id < 0 ? -2 - id : id);
        return d == null ? "#" + id : id < 0 ? d.name() + ".inner" : d.name();
    }

    String text(int pc) {
        return ObjdumpSyntax.format(program, pc);
    }

    /** Records a warning at {@code pc} (one per instruction). */
    void warn(int pc, String message) {
        warnings.putIfAbsent(pc, new Verification.Warning(pc, text(pc), message, lines.apply(pc)));
    }

    /** Records that the access at {@code pc} stays inside {@code region} at offsets [lo, hi]. */
    void proof(int pc, MemoryAccessProof.Region region, MemoryAccessProof.Kind kind, int size, long lo, long hi,
            int mapId) {
        ProofBuilder b = proofs[pc];
        if (b == null) {
            proofs[pc] = new ProofBuilder(region, kind, size, lo, hi, mapId);
        } else {
            b.add(region, lo, hi, mapId);
        }
    }

    /** Marks that the function holding a frame whose entry is {@code entry} uses {@code bytes} of stack. */
    void useStack(int entry, int bytes) {
        int f = cf.functionOf(entry);
        stackDepth[f] = Math.max(stackDepth[f], bytes);
    }

    /** Queues the other side of a fork. */
    void fork(Path from, State state, int pc) {
        if (from.last != null) {
            from.last.pending++;
        }
        pending.push(new Path(state, pc, from.last, from.history.copy()));
        if (pending.size() > limits.maxPendingBranches()) {
            throw new Refusal(pc, "the program is too complex", "more than " + limits.maxPendingBranches()
                    + " branches wait to be explored at once");
        }
    }

    // ---------------------------------------------------------------- the exploration

    /** Runs the analysis; the result is accepted or refused. */
    Verification run(long started) {
        try {
            Frame entry = new Frame(-1, 0, -1);
            entry.regs[1] = Value.pointer(RegType.PTR_TO_CTX, 0, 0);
            entry.regs[10] = Value.pointer(RegType.PTR_TO_STACK, 0, 0);
            pending.push(new Path(new State(entry), 0, null, new History()));
            while (!pending.isEmpty()) {
                explore(pending.pop());
            }
            calls.checkStackDepth();
            return result(null, started);
        } catch (Refusal r) {
            return result(r, started);
        }
    }

    private void explore(Path p) {
        current = p;
        for (;;) {
            int pc = p.pc;
            if (cf.isPrunePoint(pc) && !atPrunePoint(p)) {
                pruned++;
                finish(p.last);
                return;
            }
            State s = p.state;
            if (++processed > limits.maxInstructions()) {
                throw new Refusal(pc, "the program is too complex", limits.maxInstructions()
                        + " instructions were processed without finishing (an unbounded loop?)").in(s);
            }
            if (states != null) {
                record(pc, s);
            }
            if (p.history.size() >= HISTORY_CUT) {
                // before the next instruction, so that a jump's links stay in its history
                p.last = Checkpoint.cut(s.depth, p.last, p.history.toArray());
                p.history.clear();
            }
            p.history.add(pc, s.depth - 1);
            long insn = program.slot(pc);
            int code = Insn.opcode(insn);
            try {
                switch (cls(code)) {
                    case BPF_ALU:
                    case BPF_ALU64:
                        alu.apply(s, pc, insn);
                        p.pc = pc + 1;
                        break;
                    case BPF_LD:
                        loadImm(s, pc, insn);
                        p.pc = pc + 2;
                        break;
                    case BPF_LDX:
                        memory.load(s, pc, insn);
                        p.pc = pc + 1;
                        break;
                    case BPF_ST:
                    case BPF_STX:
                        memory.store(s, pc, insn);
                        p.pc = pc + 1;
                        break;
                    default: {
                        int o = op(code);
                        jumps++;
                        if (o == BPF_JA) {
                            p.pc = cf.jumpTarget(pc);
                        } else if (o == BPF_EXIT) {
                            int next = calls.exit(s, pc);
                            if (next < 0) {
                                finish(p.last);
                                return;
                            }
                            p.pc = next;
                        } else if (o == BPF_CALL) {
                            p.pc = calls.call(p, s, pc, insn);
                        } else if (!branches.apply(p, s, pc, insn)) {
                            finish(p.last);
                            return;
                        }
                    }
                }
            } catch (Refusal r) {
                throw r.in(s);
            }
        }
    }

    /** A path ended: its checkpoints may now be complete. */
    private static void finish(Checkpoint c) {
        while (c != null) {
            if (--c.pending > 0) {
                return;
            }
            c = c.parent;
        }
    }

    /**
     * The decision at a prune point: false when the path stops here (a complete checkpoint covers
     * it); otherwise the path goes on, perhaps in a joined state, and perhaps from a new checkpoint.
     */
    private boolean atPrunePoint(Path p) {
        int pc = p.pc;
        State s = p.state;
        List<Checkpoint> list = checkpoints[pc];
        if (list == null) {
            list = new ArrayList<>(2);
            checkpoints[pc] = list;
        }
        // the kernel keeps a new state only every few jumps and instructions, fewer inside loops
        boolean keep = jumps - jumpsAtLastKept >= MIN_JUMPS_BETWEEN_CHECKPOINTS
                && processed - processedAtLastKept >= MIN_INSNS_BETWEEN_CHECKPOINTS;
        boolean inLoop = false;
        Checkpoint ancestor = null;
        int complete = 0;
        int shape = State.shape(s, pc, cf);
        for (int i = list.size() - 1; i >= 0; i--) {
            Checkpoint c = list.get(i);
            if (!c.complete()) {
                inLoop = true;
                if (ancestor == null) {
                    ancestor = c;
                }
                if (callbackSite[pc]) {
                    // bpf_loop and friends bound the iterations themselves: a state the earlier
                    // iteration covers adds nothing (a fixpoint, not a termination argument)
                    if (State.covers(c.state, s, pc, cf, null)) {
                        Precision.giveUp(p.last);
                        return false;
                    }
                } else {
                    if (c.shape == shape && State.covers(c.state, s, pc, cf, null)
                            && State.covers(s, c.state, pc, cf, null) && c.isAncestorOf(p.last)) {
                        throw new Refusal(pc, "infinite loop", "this instruction is reached again in the same state, "
                                + "so the loop cannot be shown to end").in(s);
                    }
                    if (jumps - jumpsAtLastKept < LOOP_JUMPS_BETWEEN_CHECKPOINTS
                            && processed - processedAtLastKept < LOOP_INSNS_BETWEEN_CHECKPOINTS) {
                        keep = false;
                    }
                }
                continue;
            }
            complete++;
            if (State.covers(c.state, s, pc, cf, c)) {
                c.hits++;
                precision.inherit(p, c);
                return false;
            }
            if (keep) {
                c.misses++;
            }
            if (c.useless()) {
                // it keeps failing to prune: comparing with it is wasted work (as in the kernel)
                list.remove(i);
                kept--;
                complete--;
            }
        }
        if (callbackSite[pc] && ancestor != null) {
            State j = State.join(ancestor.state, s, pc, cf, this::newId, true);
            if (j != null) {
                p.state = j;
                s = j;
                shape = State.shape(s, pc, cf);
                joins++;
                keep = true;
            }
        } else if (!inLoop && complete >= limits.joinThreshold()) {
            for (int i = list.size() - 1; i >= 0; i--) {
                Checkpoint c = list.get(i);
                if (!c.complete()) {
                    continue;
                }
                State j = State.join(c.state, s, pc, cf, this::newId, false);
                if (j != null) {
                    list.remove(i);
                    kept--;
                    p.state = j;
                    s = j;
                    shape = State.shape(s, pc, cf);
                    joins++;
                    keep = true;
                    break;
                }
            }
        }
        if (!keep) {
            return true;
        }
        if (list.size() >= limits.maxStatesPerInsn()) {
            evictWorst(list);
        }
        if (list.size() >= limits.maxStatesPerInsn() || kept >= limits.maxStates()) {
            return true;
        }
        Checkpoint n = new Checkpoint(s.copy(), shape, p.last, p.history.toArray());
        p.history.clear();
        list.add(n);
        kept++;
        peak = Math.max(peak, list.size());
        processedAtLastKept = processed;
        jumpsAtLastKept = jumps;
        p.last = n;
        return true;
    }

    /** Makes room at a full instruction: drops the complete checkpoint that pruned least for its misses. */
    private void evictWorst(List<Checkpoint> list) {
        int worst = -1;
        for (int i = 0; i < list.size(); i++) {
            Checkpoint c = list.get(i);
            if (c.complete() && (worst < 0 || c.misses - 3 * c.hits > list.get(worst).misses - 3 * list.get(worst).hits)) {
                worst = i;
            }
        }
        if (worst >= 0) {
            list.remove(worst);
            kept--;
        }
    }

    private void record(int pc, State s) {
        List<String> seen = states.get(pc);
        if (seen == null) {
            seen = new ArrayList<>(2);
            states.set(pc, seen);
        }
        if (seen.size() <= STATES_SHOWN) {
            String text = s.format(this::mapName, 0);
            if (!seen.contains(text)) {
                seen.add(seen.size() == STATES_SHOWN ? "... (more states)" : text);
            }
        }
    }

    private void loadImm(State s, int pc, long insn) {
        long next = program.slot(pc + 1);
        int dst = Insn.dst(insn);
        int imm = Insn.imm(insn);
        Value v;
        switch (Insn.src(insn)) {
            case 0:
                v = Value.constant(Insn.imm64(insn, next));
                break;
            case BPF_PSEUDO_MAP_FD:
            case BPF_PSEUDO_MAP_IDX:
                map(imm);
                v = Value.pointer(RegType.CONST_PTR_TO_MAP, imm, 0);
                break;
            case BPF_PSEUDO_MAP_VALUE:
            case BPF_PSEUDO_MAP_IDX_VALUE:
                map(imm);
                v = Value.pointer(RegType.PTR_TO_MAP_VALUE, imm, Insn.imm(next));
                break;
            case BPF_PSEUDO_FUNC:
                v = Value.pointer(RegType.PTR_TO_FUNC, cf.calleeOf(pc), 0);
                break;
            default:
                throw new Refusal(pc, "LDDW with pseudo source " + Insn.src(insn) + " cannot be verified");
        }
        s.cur().regs[dst] = v;
    }

    // ---------------------------------------------------------------- results

    private Verification result(Refusal r, long started) {
        Verification.Stats stats = new Verification.Stats(processed, kept, peak, pruned, joins,
                stackDepth.length > 0 ? stackDepth[0] : 0, System.nanoTime() - started);
        if (r == null) {
            MemoryAccessProof[] out = new MemoryAccessProof[program.length()];
            for (int pc = 0; pc < out.length; pc++) {
                if (proofs[pc] != null) {
                    out[pc] = proofs[pc].build(pc);
                }
            }
            return new Verification(program.name(), null, new ArrayList<>(warnings.values()), new AccessProofs(out, ctx),
                    stats, states);
        }
        String insn = r.pc >= 0 ? text(r.pc) : "";
        String regs = "";
        String state = "";
        if (r.state != null) {
            StringBuilder b = new StringBuilder();
            Frame f = r.state.cur();
            for (int i = 0; i <= 10; i++) {
                if ((r.registers & 1 << i) != 0) {
                    b.append(b.length() == 0 ? "" : "\n").append('r').append(i).append(" = ")
                            .append(f.regs[i].format(this::mapName));
                }
            }
            regs = b.toString();
            state = r.state.format(this::mapName, r.registers);
        }
        String detail = r.detail == null ? "" : r.detail;
        Verification.Rejection rej = new Verification.Rejection(r.pc, insn, r.reason, detail,
                r.pc >= 0 ? lines.apply(r.pc) : null, regs, state);
        return new Verification(program.name(), rej, new ArrayList<>(warnings.values()), AccessProofs.EMPTY, stats,
                states);
    }

    /** Accumulates the facts about one instruction's accesses over every visit. */
    private static final class ProofBuilder {
        private final EnumSet<MemoryAccessProof.Region> regions;
        private final MemoryAccessProof.Kind kind;
        private final int size;
        private long lo;
        private long hi;
        private int mapId;

        ProofBuilder(MemoryAccessProof.Region region, MemoryAccessProof.Kind kind, int size, long lo, long hi,
                int mapId) {
            this.regions = EnumSet.of(region);
            this.kind = kind;
            this.size = size;
            this.lo = lo;
            this.hi = hi;
            this.mapId = mapId;
        }

        void add(MemoryAccessProof.Region region, long l, long h, int m) {
            regions.add(region);
            lo = Math.min(lo, l);
            hi = Math.max(hi, h);
            if (m != mapId) {
                mapId = -1;
            }
        }

        MemoryAccessProof build(int pc) {
            return new MemoryAccessProof(pc, regions, kind, size, lo, hi, mapId);
        }
    }

    /** The frame a stack pointer points into. */
    static Frame frameOf(State s, Value stackPointer) {
        return s.frames[stackPointer.aux];
    }

    /** Bytes of stack of one frame. */
    static final int FRAME_BYTES = MAX_BPF_STACK;
}
