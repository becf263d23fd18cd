package org.jxdp.engine.vm;

import static org.jxdp.engine.isa.Opcodes.BPF_CMPXCHG;
import static org.jxdp.engine.isa.Opcodes.BPF_FETCH;
import static org.jxdp.engine.isa.Opcodes.BPF_LOAD_ACQ;
import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_CALL;
import static org.jxdp.engine.isa.Opcodes.BPF_STORE_REL;
import static org.jxdp.engine.isa.Opcodes.MAX_BPF_STACK;
import static org.jxdp.engine.isa.Opcodes.MAX_CALL_FRAMES;
import static org.jxdp.engine.vm.OpcodeSemantics.*;

import org.jxdp.engine.helpers.BpfFunc;
import org.jxdp.engine.isa.Program;
import org.jxdp.engine.verifier.ProgramRejectedException;
import org.jxdp.engine.verifier.ProgramStructure;
import org.jxdp.engine.verifier.StructuralChecker;

/**
 * The reference engine: a switch over the opcode byte of each slot, with the meaning of each
 * operation taken from {@link OpcodeSemantics} and memory from {@link Memory}.
 *
 * <p>The slots are split at load into what the loop reads, so that C2 decodes only the three
 * small fields every case may use before it dispatches, and each case loads its immediate
 * itself:
 * <pre>
 *   code[pc]  (int)   bits 0-7 opcode (MARKED at a block start) | 8-11 dst | 12-15 src | 16-31 off
 *   imms[pc]  (long)  the immediate as the opcode uses it, or an LDDW's resolved constant
 *   blockLength[pc]   at a marked slot: (block length or budget check) &lt;&lt; 8 | the real opcode
 * </pre>
 * (Decoding all of a raw 64-bit slot before the switch, as the loop once did, kept the program
 * counter in a stack slot for want of registers: 12-14 % slower on the DoS filter.)
 *
 * <p>The loop allocates nothing. Registers live in the context's register file; bpf-to-bpf calls
 * push the caller's r6..r10 and return address onto the context's frame arrays (depth limit
 * {@link org.jxdp.engine.isa.Opcodes#MAX_CALL_FRAMES}), and each call moves r10 down one
 * 512-byte frame. Every instruction costs one unit of the context's budget.
 *
 * <p>The main loop must stay under HotSpot's 8000-byte limit for compiling a method
 * ({@code -XX:HugeMethodLimit}); anything long or rare lives in a separate method.
 */
public final class Interpreter implements Executable {
    private final Program program;
    /**
     * The low 32 bits of the program's slots (opcode, registers, offset), except that at each
     * slot where {@link #blockLength} is not 0 the opcode byte is {@link #MARKED}: the loop then
     * charges the budget and takes the opcode from there, and everywhere else it tests the opcode
     * it has already loaded instead of loading {@code blockLength[pc]} for every instruction.
     */
    private final int[] code;
    /**
     * Each slot's immediate as the opcode uses it: sign-extended to 64 bits, zero-extended for
     * {@code mov32 imm}, the resolved constant for an LDDW.
     */
    private final long[] imms;
    /** The opcode byte of a marked slot: 0x00 is no instruction's (only an LDDW's second slot's, never run). */
    private static final int MARKED = 0x00;
    private final Helper[] helpers;
    private final int unwindId;
    private final ProgramStructure structure;
    /**
     * Instructions of the block starting at each slot, 0 inside blocks; negative at budget
     * checks ({@link ProgramStructure#checksBudget}). For a program whose runs are bounded: -1 at
     * its budget checks ({@link ProgramStructure#checksBoundedBudget}), 0 elsewhere. Where not 0,
     * shifted left 8 bits over the slot's opcode byte, which {@link #code} has replaced by
     * {@link #MARKED}.
     */
    private final int[] blockLength;

    private Interpreter(Program program, ProgramStructure structure, ProgramEnvironment env, boolean boundedRuns) {
        this.program = program;
        long[] slots = program.slots();
        this.code = new int[slots.length];
        this.imms = new long[slots.length];
        this.structure = structure;
        this.helpers = env.helpers().toArray();
        this.unwindId = env.helpers().unwindId();
        long[] constants = LddwConstants.resolve(program, structure, env);
        this.blockLength = structure.blockLengths();
        for (int pc = 0; pc < slots.length; pc++) {
            long insn = slots[pc];
            int op = (int) insn & 0xff;
            code[pc] = (int) insn; // opcode, dst, src, off
            imms[pc] = op == 0x18 ? constants[pc] : op == 0xb4 ? insn >>> 32 : insn >> 32;
        }
        for (int pc = 0; pc < blockLength.length; pc++) {
            if (blockLength[pc] > 0) {
                if (boundedRuns) {
                    blockLength[pc] = structure.checksBoundedBudget(pc) ? -1 : 0;
                } else if (structure.checksBudget(pc)) {
                    blockLength[pc] = -blockLength[pc];
                }
            }
            if (blockLength[pc] != 0) {
                blockLength[pc] = blockLength[pc] << 8 | code[pc] & 0xff;
                code[pc] &= ~0xff; // MARKED
            }
        }
    }

    /** Checks {@code program} and prepares it to run in {@code env}. */
    public static Interpreter load(Program program, ProgramEnvironment env) throws ProgramRejectedException {
        return load(program, env, false);
    }

    /**
     * Checks {@code program} and prepares it to run in {@code env}; when a verifier accepted it
     * ({@code boundedRuns}: every run ends), the budget is charged one unit per round of a loop
     * and per subprogram call ({@link ProgramStructure#checksBoundedBudget}) instead of one per
     * instruction, as the JIT does then.
     */
    public static Interpreter load(Program program, ProgramEnvironment env, boolean boundedRuns)
            throws ProgramRejectedException {
        ProgramStructure structure = StructuralChecker.check(program, env);
        return new Interpreter(program, structure, env, boundedRuns);
    }

    @Override
    public Program program() {
        return program;
    }

    @Override
    public EngineKind engine() {
        return EngineKind.INTERP;
    }

    /** The structure the checker found. */
    public ProgramStructure structure() {
        return structure;
    }

    @Override
    public long run(ExecutionContext ctx, long r1, long r2) {
        long[] r = ctx.regs;
        r[0] = 0;
        r[1] = r1;
        r[2] = r2;
        for (int i = 3; i < 10; i++) {
            r[i] = 0;
        }
        r[10] = ExecutionContext.entryFramePointer();
        ctx.startRun();
        try {
            ctx.enter(this);
            return execute(ctx, 0, 0);
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
        int fn = checkFunctionPointer(function);
        long[] r = c.regs;
        pushFrame(c, -1);
        r[1] = a1;
        r[2] = a2;
        r[3] = a3;
        r[4] = a4;
        r[5] = a5;
        Executable caller = c.current;
        c.current = this;
        long r0 = execute(c, fn, c.depth);
        c.current = caller;
        popFrame(c);
        return r0;
    }

    @Override
    public long tailCall(ExecutionContext c, long r1) {
        long[] r = c.regs;
        r[0] = 0;
        r[1] = r1;
        for (int i = 2; i < 10; i++) {
            r[i] = 0;
        }
        r[10] = c.frameR10;
        c.current = this;
        return execute(c, 0, c.depth);
    }

    /**
     * Runs from {@code startPc} until an exit at call depth {@code baseDepth}; faults propagate
     * as {@link FaultException}s that carry the instruction where they happened.
     */
    private long execute(ExecutionContext c, int startPc, int baseDepth) {
        final int[] code = this.code;
        final long[] imms = this.imms;
        final int[] blocks = this.blockLength;
        final long[] r = c.regs;
        final Memory m = c.memory();
        long budget = c.budgetLeft;
        int pc = startPc;
        try {
            for (;;) {
                int insn = code[pc];
                if ((insn & 0xff) == MARKED) {
                    // a block start: charge the budget, then run the instruction itself
                    final int mark = blocks[pc];
                    final int block = mark >> 8;
                    if (block > 0) {
                        budget -= block;
                    } else if ((budget += block) < 0) {
                        budget = 0;
                        throw budgetExhausted(c.budget());
                    }
                    insn |= mark & 0xff;
                }
                final int dst = (insn >>> 8) & 0xf;
                final int src = (insn >>> 12) & 0xf;
                final int off = insn >> 16;
                switch (insn & 0xff) {
                    // ---- ALU64, immediate (imm sign-extended: imms[pc]) ----
                    case 0x07: r[dst] = add64(r[dst], imms[pc]); break;
                    case 0x17: r[dst] = sub64(r[dst], imms[pc]); break;
                    case 0x27: r[dst] = mul64(r[dst], imms[pc]); break;
                    case 0x37: r[dst] = off == 0 ? div64(r[dst], imms[pc]) : sdiv64(r[dst], imms[pc]); break;
                    case 0x47: r[dst] = or64(r[dst], imms[pc]); break;
                    case 0x57: r[dst] = and64(r[dst], imms[pc]); break;
                    case 0x67: r[dst] = lsh64(r[dst], imms[pc]); break;
                    case 0x77: r[dst] = rsh64(r[dst], imms[pc]); break;
                    case 0x87: r[dst] = neg64(r[dst]); break;
                    case 0x97: r[dst] = off == 0 ? mod64(r[dst], imms[pc]) : smod64(r[dst], imms[pc]); break;
                    case 0xa7: r[dst] = xor64(r[dst], imms[pc]); break;
                    case 0xb7: r[dst] = imms[pc]; break;
                    case 0xc7: r[dst] = arsh64(r[dst], imms[pc]); break;
                    case 0xd7: r[dst] = bswap(r[dst], (int) imms[pc]); break;
                    // ---- ALU64, register ----
                    case 0x0f: r[dst] = add64(r[dst], r[src]); break;
                    case 0x1f: r[dst] = sub64(r[dst], r[src]); break;
                    case 0x2f: r[dst] = mul64(r[dst], r[src]); break;
                    case 0x3f: r[dst] = off == 0 ? div64(r[dst], r[src]) : sdiv64(r[dst], r[src]); break;
                    case 0x4f: r[dst] = or64(r[dst], r[src]); break;
                    case 0x5f: r[dst] = and64(r[dst], r[src]); break;
                    case 0x6f: r[dst] = lsh64(r[dst], r[src]); break;
                    case 0x7f: r[dst] = rsh64(r[dst], r[src]); break;
                    case 0x9f: r[dst] = off == 0 ? mod64(r[dst], r[src]) : smod64(r[dst], r[src]); break;
                    case 0xaf: r[dst] = xor64(r[dst], r[src]); break;
                    case 0xbf: r[dst] = off == 0 ? r[src] : movsx64(r[src], off); break;
                    case 0xcf: r[dst] = arsh64(r[dst], r[src]); break;
                    // ---- ALU32, immediate ----
                    case 0x04: r[dst] = add32(r[dst], imms[pc]); break;
                    case 0x14: r[dst] = sub32(r[dst], imms[pc]); break;
                    case 0x24: r[dst] = mul32(r[dst], imms[pc]); break;
                    case 0x34: r[dst] = off == 0 ? div32(r[dst], imms[pc]) : sdiv32(r[dst], imms[pc]); break;
                    case 0x44: r[dst] = or32(r[dst], imms[pc]); break;
                    case 0x54: r[dst] = and32(r[dst], imms[pc]); break;
                    case 0x64: r[dst] = lsh32(r[dst], imms[pc]); break;
                    case 0x74: r[dst] = rsh32(r[dst], imms[pc]); break;
                    case 0x84: r[dst] = neg32(r[dst]); break;
                    case 0x94: r[dst] = off == 0 ? mod32(r[dst], imms[pc]) : smod32(r[dst], imms[pc]); break;
                    case 0xa4: r[dst] = xor32(r[dst], imms[pc]); break;
                    case 0xb4: r[dst] = imms[pc]; break;
                    case 0xc4: r[dst] = arsh32(r[dst], imms[pc]); break;
                    case 0xd4: r[dst] = toLe(r[dst], (int) imms[pc]); break;
                    // ---- ALU32, register ----
                    case 0x0c: r[dst] = add32(r[dst], r[src]); break;
                    case 0x1c: r[dst] = sub32(r[dst], r[src]); break;
                    case 0x2c: r[dst] = mul32(r[dst], r[src]); break;
                    case 0x3c: r[dst] = off == 0 ? div32(r[dst], r[src]) : sdiv32(r[dst], r[src]); break;
                    case 0x4c: r[dst] = or32(r[dst], r[src]); break;
                    case 0x5c: r[dst] = and32(r[dst], r[src]); break;
                    case 0x6c: r[dst] = lsh32(r[dst], r[src]); break;
                    case 0x7c: r[dst] = rsh32(r[dst], r[src]); break;
                    case 0x9c: r[dst] = off == 0 ? mod32(r[dst], r[src]) : smod32(r[dst], r[src]); break;
                    case 0xac: r[dst] = xor32(r[dst], r[src]); break;
                    case 0xbc: r[dst] = off == 0 ? mov32(r[src]) : movsx32(r[src], off); break;
                    case 0xcc: r[dst] = arsh32(r[dst], r[src]); break;
                    case 0xdc: r[dst] = bswap(r[dst], (int) imms[pc]); break;
                    // ---- 64-bit immediate ----
                    case 0x18: r[dst] = imms[pc]; pc++; break;
                    // ---- loads ----
                    case 0x61: r[dst] = m.load32(r[src] + off); break;
                    case 0x69: r[dst] = m.load16(r[src] + off); break;
                    case 0x71: r[dst] = m.load8(r[src] + off); break;
                    case 0x79: r[dst] = m.load64(r[src] + off); break;
                    case 0x81: r[dst] = sext32(m.load32(r[src] + off)); break;
                    case 0x89: r[dst] = sext16(m.load16(r[src] + off)); break;
                    case 0x91: r[dst] = sext8(m.load8(r[src] + off)); break;
                    // ---- stores of an immediate ----
                    case 0x62: m.store32(r[dst] + off, imms[pc]); break;
                    case 0x6a: m.store16(r[dst] + off, imms[pc]); break;
                    case 0x72: m.store8(r[dst] + off, imms[pc]); break;
                    case 0x7a: m.store64(r[dst] + off, imms[pc]); break;
                    // ---- stores of a register ----
                    case 0x63: m.store32(r[dst] + off, r[src]); break;
                    case 0x6b: m.store16(r[dst] + off, r[src]); break;
                    case 0x73: m.store8(r[dst] + off, r[src]); break;
                    case 0x7b: m.store64(r[dst] + off, r[src]); break;
                    // ---- atomics, load-acquire, store-release ----
                    case 0xc3: atomic(m, r, (int) imms[pc], off, dst, src, 4); break;
                    case 0xdb: atomic(m, r, (int) imms[pc], off, dst, src, 8); break;
                    case 0xcb: atomic(m, r, (int) imms[pc], off, dst, src, 2); break;
                    case 0xd3: atomic(m, r, (int) imms[pc], off, dst, src, 1); break;
                    // ---- JMP ----
                    case 0x05: pc += off; break;
                    case 0x15: if (jeq64(r[dst], imms[pc])) pc += off; break;
                    case 0x1d: if (jeq64(r[dst], r[src])) pc += off; break;
                    case 0x25: if (jgt64(r[dst], imms[pc])) pc += off; break;
                    case 0x2d: if (jgt64(r[dst], r[src])) pc += off; break;
                    case 0x35: if (jge64(r[dst], imms[pc])) pc += off; break;
                    case 0x3d: if (jge64(r[dst], r[src])) pc += off; break;
                    case 0x45: if (jset64(r[dst], imms[pc])) pc += off; break;
                    case 0x4d: if (jset64(r[dst], r[src])) pc += off; break;
                    case 0x55: if (jne64(r[dst], imms[pc])) pc += off; break;
                    case 0x5d: if (jne64(r[dst], r[src])) pc += off; break;
                    case 0x65: if (jsgt64(r[dst], imms[pc])) pc += off; break;
                    case 0x6d: if (jsgt64(r[dst], r[src])) pc += off; break;
                    case 0x75: if (jsge64(r[dst], imms[pc])) pc += off; break;
                    case 0x7d: if (jsge64(r[dst], r[src])) pc += off; break;
                    case 0xa5: if (jlt64(r[dst], imms[pc])) pc += off; break;
                    case 0xad: if (jlt64(r[dst], r[src])) pc += off; break;
                    case 0xb5: if (jle64(r[dst], imms[pc])) pc += off; break;
                    case 0xbd: if (jle64(r[dst], r[src])) pc += off; break;
                    case 0xc5: if (jslt64(r[dst], imms[pc])) pc += off; break;
                    case 0xcd: if (jslt64(r[dst], r[src])) pc += off; break;
                    case 0xd5: if (jsle64(r[dst], imms[pc])) pc += off; break;
                    case 0xdd: if (jsle64(r[dst], r[src])) pc += off; break;
                    // ---- JMP32 ----
                    case 0x06: pc += (int) imms[pc]; break;
                    case 0x16: if (jeq32(r[dst], imms[pc])) pc += off; break;
                    case 0x1e: if (jeq32(r[dst], r[src])) pc += off; break;
                    case 0x26: if (jgt32(r[dst], imms[pc])) pc += off; break;
                    case 0x2e: if (jgt32(r[dst], r[src])) pc += off; break;
                    case 0x36: if (jge32(r[dst], imms[pc])) pc += off; break;
                    case 0x3e: if (jge32(r[dst], r[src])) pc += off; break;
                    case 0x46: if (jset32(r[dst], imms[pc])) pc += off; break;
                    case 0x4e: if (jset32(r[dst], r[src])) pc += off; break;
                    case 0x56: if (jne32(r[dst], imms[pc])) pc += off; break;
                    case 0x5e: if (jne32(r[dst], r[src])) pc += off; break;
                    case 0x66: if (jsgt32(r[dst], imms[pc])) pc += off; break;
                    case 0x6e: if (jsgt32(r[dst], r[src])) pc += off; break;
                    case 0x76: if (jsge32(r[dst], imms[pc])) pc += off; break;
                    case 0x7e: if (jsge32(r[dst], r[src])) pc += off; break;
                    case 0xa6: if (jlt32(r[dst], imms[pc])) pc += off; break;
                    case 0xae: if (jlt32(r[dst], r[src])) pc += off; break;
                    case 0xb6: if (jle32(r[dst], imms[pc])) pc += off; break;
                    case 0xbe: if (jle32(r[dst], r[src])) pc += off; break;
                    case 0xc6: if (jslt32(r[dst], imms[pc])) pc += off; break;
                    case 0xce: if (jslt32(r[dst], r[src])) pc += off; break;
                    case 0xd6: if (jsle32(r[dst], imms[pc])) pc += off; break;
                    case 0xde: if (jsle32(r[dst], r[src])) pc += off; break;
                    // ---- calls and exit ----
                    case 0x85:
                        if (src == BPF_PSEUDO_CALL) {
                            pushFrame(c, pc);
                            pc += (int) imms[pc];
                            break;
                        }
                        c.budgetLeft = budget;
                        if (callHelper(c, (int) imms[pc])) {
                            budget = c.budgetLeft;
                            if (c.depth == baseDepth) {
                                return r[0];
                            }
                            pc = popFrame(c);
                        }
                        budget = c.budgetLeft;
                        break;
                    case 0x8d: {
                        long target = r[dst];
                        if (Memory.regionOf(target) == Memory.REGION_FUNC) {
                            int fn = checkFunctionPointer(target);
                            pushFrame(c, pc);
                            pc = fn - 1;
                            break;
                        }
                        c.budgetLeft = budget;
                        if (callHelper(c, helperId(target))) {
                            budget = c.budgetLeft;
                            if (c.depth == baseDepth) {
                                return r[0];
                            }
                            pc = popFrame(c);
                        }
                        budget = c.budgetLeft;
                        break;
                    }
                    case 0x95:
                        if (c.depth == baseDepth) {
                            c.budgetLeft = budget;
                            return r[0];
                        }
                        pc = popFrame(c);
                        break;
                    default:
                        throw new FaultException(FaultKind.INTERNAL, String.format(
                                "opcode 0x%02x reached the interpreter unchecked", insn & 0xff));
                }
                pc++;
            }
        } catch (FaultException e) {
            c.budgetLeft = budget;
            throw e.at(program, pc);
        } catch (UnwindSignal u) {
            c.budgetLeft = budget;
            throw u;
        } catch (RuntimeException e) {
            c.budgetLeft = budget;
            throw new FaultException(FaultKind.INTERNAL, "internal error: " + e).at(program, pc);
        }
    }

    /**
     * Calls helper {@code id} with r1..r5 and puts its result in r0. Returns true when the call
     * ended the current function: a successful tail call, whose program ran in its place and
     * left its result in r0.
     */
    private boolean callHelper(ExecutionContext c, int id) {
        long[] r = c.regs;
        long r0 = r[0];
        c.frameR10 = r[10];
        r[0] = helpers[id].call(c, r[1], r[2], r[3], r[4], r[5]);
        if (id == unwindId && r[0] == 0) {
            throw UnwindSignal.INSTANCE;
        }
        if (id == BpfFunc.BPF_FUNC_tail_call) {
            Executable target = c.takePendingTailCall();
            if (target == null) {
                r[0] = r0;
                return false;
            }
            r[0] = target.tailCall(c, r[1]);
            return true;
        }
        return false;
    }

    private static long movsx64(long v, int bits) {
        return bits == 8 ? movsx8To64(v) : bits == 16 ? movsx16To64(v) : movsx32To64(v);
    }

    private static long movsx32(long v, int bits) {
        return bits == 8 ? movsx8To32(v) : movsx16To32(v);
    }

    private static long bswap(long v, int width) {
        return width == 16 ? bswap16(v) : width == 32 ? bswap32(v) : bswap64(v);
    }

    private static long toLe(long v, int width) {
        return width == 16 ? le16(v) : width == 32 ? le32(v) : le64(v);
    }

    private static void atomic(Memory m, long[] r, int op, int off, int dst, int src, int size) {
        long addr = r[dst] + off;
        if (op == BPF_LOAD_ACQ) {
            r[dst] = m.loadAcquire(r[src] + off, size);
        } else if (op == BPF_STORE_REL) {
            m.storeRelease(addr, size, r[src]);
        } else if (op == BPF_CMPXCHG) {
            r[0] = size == 8 ? m.cmpxchg64(addr, r[0], r[src]) : m.cmpxchg32(addr, r[0], r[src]);
        } else {
            long old = size == 8 ? m.atomic64(addr, op, r[src]) : m.atomic32(addr, op, r[src]);
            if ((op & BPF_FETCH) != 0) {
                r[src] = old;
            }
        }
    }

    /**
     * Enters a bpf-to-bpf call: saves the caller's r1..r10 (r6..r9 are callee-saved by the ABI;
     * r1..r5 are kept too, so that what a callee leaves in them never shows in its caller, on
     * any engine) and moves r10 down one frame.
     */
    private static void pushFrame(ExecutionContext c, int pc) {
        int d = c.depth;
        if (d + 1 >= MAX_CALL_FRAMES) {
            throw new FaultException(FaultKind.CALL_DEPTH, "call nests deeper than " + MAX_CALL_FRAMES + " frames");
        }
        long[] r = c.regs;
        System.arraycopy(r, 1, c.savedRegs, d * 10, 10);
        c.returnPc[d] = pc;
        c.depth = d + 1;
        r[10] -= MAX_BPF_STACK;
        // A callee starts with r0 and r6..r9 zero, as a compiled function's fresh locals do.
        r[0] = 0;
        r[6] = 0;
        r[7] = 0;
        r[8] = 0;
        r[9] = 0;
    }

    private static int popFrame(ExecutionContext c) {
        int d = --c.depth;
        System.arraycopy(c.savedRegs, d * 10, c.regs, 1, 10);
        return c.returnPc[d];
    }

    private int checkFunctionPointer(long target) {
        int fn = Memory.offsetOf(target);
        if (fn < 0 || fn >= code.length || !structure.isFunctionStart(fn)) {
            throw new FaultException(FaultKind.BAD_CALL_TARGET, "callx to " + Memory.hex(target)
                    + ", which is not the start of a function");
        }
        return fn;
    }

    private int helperId(long target) {
        if (target < 0 || target >= helpers.length || helpers[(int) target] == null) {
            throw new FaultException(FaultKind.BAD_CALL_TARGET, "callx to " + Memory.hex(target)
                    + ", which is neither a function nor a known helper");
        }
        return (int) target;
    }

    private static FaultException budgetExhausted(long initial) {
        return new FaultException(FaultKind.BUDGET_EXHAUSTED, "instruction budget of " + initial
                + " exhausted (an unbounded loop?)");
    }
}
