package org.jxdp.engine.verifier;

import static org.jxdp.engine.isa.Opcodes.BPF_ATOMIC;
import static org.jxdp.engine.isa.Opcodes.BPF_CMPXCHG;
import static org.jxdp.engine.isa.Opcodes.BPF_FETCH;
import static org.jxdp.engine.isa.Opcodes.BPF_LOAD_ACQ;
import static org.jxdp.engine.isa.Opcodes.BPF_MEMSX;
import static org.jxdp.engine.isa.Opcodes.BPF_ST;
import static org.jxdp.engine.isa.Opcodes.BPF_STORE_REL;
import static org.jxdp.engine.isa.Opcodes.MAX_BPF_STACK;
import static org.jxdp.engine.isa.Opcodes.cls;
import static org.jxdp.engine.isa.Opcodes.mode;
import static org.jxdp.engine.isa.Opcodes.size;
import static org.jxdp.engine.isa.Opcodes.sizeBytes;

import org.jxdp.engine.isa.Insn;
import org.jxdp.engine.maps.MapDefinition;
import org.jxdp.engine.maps.MapFlags;
import org.jxdp.engine.verifier.MemoryAccessProof.Kind;
import org.jxdp.engine.verifier.MemoryAccessProof.Region;

/**
 * Loads, stores and atomics (the kernel's {@code check_mem_access}), by the kind of the base
 * register:
 * <pre>
 *   ctx          loads of the layout's fields only, from the unmodified pointer
 *   stack        inside fp-512..fp-1, aligned; loads only of bytes written on the path
 *   packet       [off, off + size) inside the range comparisons with data_end proved
 *   map value    inside value_size, after the null check; stores not into read-only maps
 *   ring buffer  inside the reserved size, after the null check
 *   anything else (numbers, data_end, map pointers, NULL-able pointers) is refused
 * </pre>
 * Storing a pointer anywhere but the stack is a pointer leak and refused. Every access that
 * passes records a proof for the JIT.
 *
 * <p>The same checks serve helpers' memory arguments ({@link #helperAccess}), with sizes that
 * may vary.
 */
final class MemoryTransfer {
    private final Analysis a;

    MemoryTransfer(Analysis a) {
        this.a = a;
    }

    // ---------------------------------------------------------------- instructions

    void load(State s, int pc, long insn) {
        int code = Insn.opcode(insn);
        int size = sizeBytes(size(code));
        boolean sx = mode(code) == BPF_MEMSX;
        int src = Insn.src(insn);
        Value base = Analysis.reg(s, pc, src);
        Value v = read(s, pc, src, base, Insn.off(insn), size, sx, Kind.LOAD);
        s.cur().regs[Insn.dst(insn)] = v;
    }

    void store(State s, int pc, long insn) {
        int code = Insn.opcode(insn);
        int size = sizeBytes(size(code));
        int dst = Insn.dst(insn);
        Value base = Analysis.reg(s, pc, dst);
        if (cls(code) == BPF_ST) {
            write(s, pc, dst, base, Insn.off(insn), size, Value.constant(Insn.imm(insn)), -1);
            return;
        }
        int src = Insn.src(insn);
        if (mode(code) == BPF_ATOMIC) {
            atomic(s, pc, insn, size, dst, src, base);
            return;
        }
        write(s, pc, dst, base, Insn.off(insn), size, Analysis.reg(s, pc, src), src);
    }

    private Value read(State s, int pc, int regno, Value base, int off, int size, boolean sx, Kind kind) {
        int regs = 1 << regno;
        switch (base.type) {
            case PTR_TO_CTX:
                return ctxLoad(pc, regno, base, off, size, sx);
            case PTR_TO_STACK:
                return stackLoad(s, pc, regno, base, off, size, sx, kind);
            case PTR_TO_PACKET:
            case PTR_TO_PACKET_META:
                packet(pc, regno, base, off, size, kind);
                return unknown(size, sx);
            case PTR_TO_MAP_VALUE:
                mapValue(pc, regno, base, off, size, false, kind);
                return unknown(size, sx);
            case PTR_TO_MEM:
                ringbufRecord(pc, regno, base, off, size, kind);
                return unknown(size, sx);
            case PTR_TO_MAP_KEY:
                mapKey(pc, regno, base, off, size, false, kind);
                return unknown(size, sx);
            default:
                throw notMemory(pc, regno, base, regs);
        }
    }

    private void write(State s, int pc, int regno, Value base, int off, int size, Value value, int valueReg) {
        int regs = 1 << regno | (valueReg >= 0 ? 1 << valueReg : 0);
        switch (base.type) {
            case PTR_TO_CTX:
                throw new Refusal(pc, "store into the context", "programs may not write " + a.ctx.name(), regs);
            case PTR_TO_STACK:
                stackStore(s, pc, regno, base, off, size, value, valueReg, Kind.STORE);
                return;
            case PTR_TO_PACKET:
            case PTR_TO_PACKET_META:
                packet(pc, regno, base, off, size, Kind.STORE);
                noLeak(pc, value, valueReg, "the packet", regs);
                return;
            case PTR_TO_MAP_VALUE:
                mapValue(pc, regno, base, off, size, true, Kind.STORE);
                noLeak(pc, value, valueReg, "a map value", regs);
                return;
            case PTR_TO_MEM:
                ringbufRecord(pc, regno, base, off, size, Kind.STORE);
                noLeak(pc, value, valueReg, "a ring buffer record", regs);
                return;
            case PTR_TO_MAP_KEY:
                mapKey(pc, regno, base, off, size, true, Kind.STORE);
                return;
            default:
                throw notMemory(pc, regno, base, regs);
        }
    }

    private void noLeak(int pc, Value value, int valueReg, String where, int regs) {
        if (value.isPointer()) {
            throw new Refusal(pc, "pointer leak: a pointer stored into " + where, "r" + valueReg + " is "
                    + a.describe(value) + "; only numbers may leave the program's registers and stack", regs);
        }
    }

    private Refusal notMemory(int pc, int regno, Value base, int regs) {
        String r = "r" + regno;
        switch (base.type) {
            case SCALAR_VALUE:
                if (base.invalidatedAt >= 0) {
                    return new Refusal(pc, "packet pointer used after the packet moved", r + " was a packet pointer "
                            + "until the helper call at insn " + base.invalidatedAt + " moved the packet; load ctx->data "
                            + "again and re-check against data_end", regs);
                }
                return new Refusal(pc, "memory access through a number", r + " is " + a.describe(base)
                        + ", not a pointer", regs);
            case PTR_TO_PACKET_END:
                return new Refusal(pc, "access through data_end", r + " is ctx->data_end: it may be compared, "
                        + "never dereferenced", regs);
            default:
                if (base.maybeNull) {
                    return new Refusal(pc, "missing null check", r + " is " + a.describe(base)
                            + ": compare it with 0 before the access", regs);
                }
                return new Refusal(pc, "memory access through a " + base.type.text + " pointer", r + " is "
                        + a.describe(base) + ", which points at no memory the program may touch", regs);
        }
    }

    private static Value unknown(int size, boolean sx) {
        return Value.scalar(sx ? Scalar.signed(size) : Scalar.unsigned(size));
    }

    // ---------------------------------------------------------------- ctx

    private Value ctxLoad(int pc, int regno, Value base, int off, int size, boolean sx) {
        int regs = 1 << regno;
        if (base.off != 0 || !base.fixedOffset()) {
            throw new Refusal(pc, "access through a modified context pointer", "r" + regno + " is "
                    + a.describe(base) + ": load the fields through the pointer the program was given", regs);
        }
        ContextLayout.Field f = a.ctx.fieldAt(off, size);
        if (f == null) {
            StringBuilder readable = new StringBuilder();
            for (ContextLayout.Field x : a.ctx.fields()) {
                readable.append(readable.length() == 0 ? "" : ", ").append(x.name()).append(" (").append(x.offset())
                        .append(')');
            }
            throw new Refusal(pc, "invalid context access", size + "-byte load at offset " + off + " of "
                    + a.ctx.name() + "; readable: " + readable + ", " + a.ctx.fields().get(0).size() + " bytes each",
                    regs);
        }
        if (sx) {
            throw new Refusal(pc, "sign-extending load from the context", null, regs);
        }
        a.proof(pc, Region.CTX, Kind.LOAD, size, off, off, -1);
        switch (f.yields()) {
            case PACKET:
                return Value.pointer(RegType.PTR_TO_PACKET, 0, 0);
            case PACKET_END:
                return Value.pointer(RegType.PTR_TO_PACKET_END, 0, 0);
            case PACKET_META:
                return Value.pointer(RegType.PTR_TO_PACKET_META, 0, 0);
            default:
                return Value.scalar(Scalar.unsigned(size));
        }
    }

    // ---------------------------------------------------------------- packet

    /** Checks {@code size} bytes at {@code base + off}; records the proof. */
    private void packet(int pc, int regno, Value base, long off, long size, Kind kind) {
        checkPacket(pc, regno, base, off, size);
        long o = base.off + off;
        Region r = base.type == RegType.PTR_TO_PACKET ? Region.PACKET : Region.PACKET_META;
        a.proof(pc, r, kind, (int) size, o + base.num.smin, o + base.num.umax, -1);
    }

    private void checkPacket(int pc, int regno, Value base, long off, long size) {
        int regs = 1 << regno;
        if (base.num.smin < 0) {
            throw new Refusal(pc, "packet pointer may point before the packet", "r" + regno + " is "
                    + a.describe(base) + ": its variable offset may be negative; bound it with an unsigned check",
                    regs);
        }
        long o = base.off + off;
        if (base.range < 0 || o < 0 || o + size > base.range) {
            String known = base.range < 0 ? "r" + regno + " is known to be at or past data_end"
                    : "only " + base.range + " bytes from r" + regno + "'s base are known to be before data_end";
            throw new Refusal(pc, "packet access out of bounds", size + " bytes at offset " + o + ", but " + known
                    + ": compare the pointer with data_end first", regs);
        }
    }

    // ---------------------------------------------------------------- map values and records

    private static boolean readOnly(MapDefinition d) {
        return (d.flags() & MapFlags.BPF_F_RDONLY_PROG) != 0 || HelperPrototypes.readOnlyValues(d.type());
    }

    private void mapValue(int pc, int regno, Value base, long off, long size, boolean write, Kind kind) {
        int regs = 1 << regno;
        if (base.maybeNull) {
            throw notMemory(pc, regno, base, regs);
        }
        MapDefinition d = a.map(base.aux);
        long[] lo = region(pc, regno, base, off, size, d.valueSize(), "map value", "map " + d.name());
        if (write && readOnly(d)) {
            throw new Refusal(pc, "write into a read-only map value", "map " + d.name()
                    + " is read-only to programs", regs);
        }
        a.proof(pc, Region.MAP_VALUE, kind, (int) size, lo[0], lo[1], base.aux);
    }

    private void mapKey(int pc, int regno, Value base, long off, long size, boolean write, Kind kind) {
        int regs = 1 << regno;
        if (write) {
            throw new Refusal(pc, "store into a map key", "the key a bpf_for_each_map_elem callback gets is "
                    + "read-only", regs);
        }
        MapDefinition d = a.map(base.aux);
        long[] lo = region(pc, regno, base, off, size, d.keySize(), "map key", "map " + d.name());
        a.proof(pc, Region.MAP_KEY, kind, (int) size, lo[0], lo[1], base.aux);
    }

    private void ringbufRecord(int pc, int regno, Value base, long off, long size, Kind kind) {
        if (base.maybeNull) {
            throw notMemory(pc, regno, base, 1 << regno);
        }
        long[] lo = region(pc, regno, base, off, size, base.aux, "ring buffer record", "bpf_ringbuf_reserve");
        a.proof(pc, Region.RINGBUF_RECORD, kind, (int) size, lo[0], lo[1], -1);
    }

    /**
     * Checks {@code size} bytes at {@code base + off} inside {@code [0, limit)} (the kernel's
     * {@code check_mem_region_access}); returns the lowest and highest first byte. {@code what}
     * names the memory ("map value"), {@code whose} says whose it is, for messages.
     */
    private long[] region(int pc, int regno, Value base, long off, long size, long limit, String what, String whose) {
        int regs = 1 << regno;
        Scalar v = base.num;
        long o = base.off + off;
        if (v.smin <= -AluTransfer.BPF_MAX_VAR_OFF || v.smax >= AluTransfer.BPF_MAX_VAR_OFF) {
            throw new Refusal(pc, "unbounded memory access", "r" + regno + " is " + a.describe(base)
                    + ": bound its offset before the access", regs);
        }
        long lo = o + v.smin;
        long hi = o + v.smax;
        if (lo < 0 || hi + size > limit) {
            String at = lo == hi ? "offset " + lo : "offsets " + lo + ".." + hi;
            throw new Refusal(pc, what + " access out of bounds", size + " bytes at " + at + " of a " + what + " of "
                    + limit + " bytes (" + whose + ")", regs);
        }
        return new long[] {lo, hi};
    }

    // ---------------------------------------------------------------- stack

    /** The offsets (from the frame's top) of the first byte, checked in bounds and aligned. */
    private long[] stackRange(State s, int pc, int regno, Value base, long off, long size, boolean strict) {
        int regs = 1 << regno;
        Scalar v = base.num;
        long o = base.off + off;
        long lo;
        long hi;
        if (v.isConst()) {
            lo = o + v.value();
            hi = lo;
        } else {
            if (v.smin == Long.MIN_VALUE || v.smax == Long.MAX_VALUE) {
                throw new Refusal(pc, "unbounded stack access", "r" + regno + " is " + a.describe(base), regs);
            }
            lo = o + v.smin;
            hi = o + v.smax;
        }
        if (lo < -MAX_BPF_STACK || hi + size > 0) {
            String at = lo == hi ? "fp" + lo : "fp" + lo + "..fp" + hi;
            throw new Refusal(pc, "stack access out of bounds", size + " bytes at " + at + "; a frame is fp-"
                    + MAX_BPF_STACK + " to fp-1", regs);
        }
        if (strict && size > 1) {
            Tnum t = v.t.add(Tnum.constant(o));
            if (((t.value() | t.mask()) & (size - 1)) != 0) {
                throw new Refusal(pc, "misaligned stack access", size + " bytes at fp" + lo
                        + (lo == hi ? "" : "..fp" + hi) + " is not aligned to " + size, regs);
            }
        }
        Frame f = Analysis.frameOf(s, base);
        a.useStack(f.entry, (int) -lo);
        if (lo == hi) {
            a.current.history.stackSlot(base.aux, Frame.index((int) lo) / Frame.BPF_REG_SIZE);
        } else {
            a.current.history.variableStack(base.aux);
        }
        return new long[] {lo, hi};
    }

    private Value stackLoad(State s, int pc, int regno, Value base, int off, int size, boolean sx, Kind kind) {
        long[] r = stackRange(s, pc, regno, base, off, size, true);
        Frame f = Analysis.frameOf(s, base);
        a.proof(pc, Region.STACK, kind, size, r[0], r[1], -1);
        if (r[0] != r[1]) {
            checkInitialized(pc, regno, f, (int) r[0], (int) (r[1] - r[0]) + size, true);
            return unknown(size, sx);
        }
        int at = Frame.index((int) r[0]);
        int slot = at / Frame.BPF_REG_SIZE;
        Value spilled = f.spill(slot);
        if (spilled != null) {
            int spillSize = f.spillSize(slot);
            if (size == Frame.BPF_REG_SIZE && spillSize == Frame.BPF_REG_SIZE) {
                // a number read from a caller's frame (a callback's context) is not linked to the
                // slot: comparisons in every callback iteration would otherwise keep narrowing the
                // caller's copy and the callback's states would never converge
                return spilled.isScalar() && spilled.id != 0 && base.aux != s.depth - 1 ? spilled.withId(0) : spilled;
            }
            if (spilled.isPointer()) {
                throw new Refusal(pc, "partial read of a spilled pointer", size + " bytes at fp" + r[0] + " of "
                        + a.describe(spilled), 1 << regno);
            }
            if (at % Frame.BPF_REG_SIZE == 0 && size <= spillSize) {
                Scalar n = spilled.num.truncate(size);
                Value v = Value.scalar(sx ? n.signExtend(size * 8) : n);
                return n.equals(spilled.num) && !sx && base.aux == s.depth - 1 ? v.withId(spilled.id) : v;
            }
        }
        boolean zero = true;
        for (int i = 0; i < size; i++) {
            byte t = f.stype[at + i];
            if (t == Frame.INVALID) {
                throw uninitialized(pc, regno, (int) r[0] + i, (int) r[0], size);
            }
            zero &= t == Frame.ZERO;
        }
        return zero ? Value.constant(0) : unknown(size, sx);
    }

    private Refusal uninitialized(int pc, int regno, int byteOff, int off, int size) {
        return new Refusal(pc, "read of uninitialised stack", size + " bytes at fp" + off + ": fp" + byteOff
                + " was never written on this path (the stack is not cleared between runs)", 1 << regno);
    }

    /**
     * Checks that bytes {@code [off, off + len)} of {@code f} were written on this path and hold
     * no pointer (unless {@code pointersOk}).
     */
    private void checkInitialized(int pc, int regno, Frame f, int off, int len, boolean refusePointers) {
        for (int i = 0; i < len; i++) {
            int at = Frame.index(off + i);
            byte t = f.stype[at];
            if (t == Frame.INVALID) {
                throw uninitialized(pc, regno, off + i, off, len);
            }
            if (t == Frame.SPILL && refusePointers) {
                Value sp = f.spill(at / Frame.BPF_REG_SIZE);
                if (sp != null && sp.isPointer()) {
                    throw new Refusal(pc, "read of a spilled pointer as bytes", "fp" + (off + i) + " holds "
                            + a.describe(sp), 1 << regno);
                }
            }
        }
    }

    private void stackStore(State s, int pc, int regno, Value base, int off, int size, Value value, int valueReg,
            Kind kind) {
        int regs = 1 << regno | (valueReg >= 0 ? 1 << valueReg : 0);
        long[] r = stackRange(s, pc, regno, base, off, size, true);
        Frame f = Analysis.frameOf(s, base);
        if (value.isPointer()) {
            if (r[0] != r[1]) {
                throw new Refusal(pc, "spill of a pointer at a variable offset", null, regs);
            }
            if (size != Frame.BPF_REG_SIZE) {
                throw new Refusal(pc, "partial spill of a pointer", "r" + valueReg + " is " + a.describe(value)
                        + ": pointers are spilled as 8 bytes", regs);
            }
            if (value.type == RegType.PTR_TO_STACK && base.aux != s.depth - 1) {
                throw new Refusal(pc, "stack pointer spilled into a caller's frame", "r" + valueReg + " points into "
                        + "this function's frame, which ends before the caller reads it", regs);
            }
        }
        a.proof(pc, Region.STACK, kind, size, r[0], r[1], -1);
        if (r[0] != r[1]) {
            varStore(pc, regno, f, (int) r[0], (int) r[1], size, value.isConst(0));
            return;
        }
        int at = Frame.index((int) r[0]);
        if (at % Frame.BPF_REG_SIZE == 0) {
            if (valueReg >= 0 && value.isScalar() && value.id == 0 && !value.num.isConst()
                    && (size == Frame.BPF_REG_SIZE || value.num.truncate(size).equals(value.num))) {
                // the kernel's assign_scalar_id_before_mov: the register and its spill are linked, so
                // a later comparison of either bounds both
                value = value.withId(a.newId());
                s.cur().regs[valueReg] = value;
            }
            Value v = value;
            if (!value.isPointer() && size < Frame.BPF_REG_SIZE) {
                Scalar n = value.num.truncate(size);
                v = Value.scalar(n).withId(n.equals(value.num) ? value.id : 0);
            }
            f.spill(at, size, v);
            return;
        }
        f.writeBytes(at, size, value.isConst(0));
    }

    /** A store whose first byte is somewhere in fp+[lo, hi]: only the bytes every choice writes become initialised. */
    private void varStore(int pc, int regno, Frame f, int lo, int hi, int size, boolean zero) {
        for (int off = lo; off < hi + size; off++) {
            int at = Frame.index(off);
            Value sp = f.spill(at / Frame.BPF_REG_SIZE);
            if (sp != null && sp.isPointer()) {
                throw new Refusal(pc, "variable-offset store over a spilled pointer", "fp" + off + " holds "
                        + a.describe(sp), 1 << regno);
            }
        }
        for (int off = lo; off < hi + size; off++) {
            int at = Frame.index(off);
            if (f.stype[at] == Frame.SPILL) {
                f.scrub(at / Frame.BPF_REG_SIZE);
            }
            boolean always = off >= hi && off < lo + size;
            if (always) {
                f.stype[at] = zero ? Frame.ZERO : Frame.MISC;
            } else if (f.stype[at] == Frame.ZERO && !zero) {
                f.stype[at] = Frame.MISC;
            }
        }
    }

    // ---------------------------------------------------------------- atomics

    private void atomic(State s, int pc, long insn, int size, int dst, int src, Value base) {
        int imm = Insn.imm(insn);
        int off = Insn.off(insn);
        Frame cur = s.cur();
        int regs = 1 << dst | 1 << src;
        if (imm == BPF_LOAD_ACQ) {
            Value from = Analysis.reg(s, pc, src);
            requireAtomicTarget(pc, src, from, 1 << src);
            aligned(pc, src, from, off, size);
            cur.regs[dst] = read(s, pc, src, from, off, size, false, Kind.LOAD);
            return;
        }
        Value value = Analysis.reg(s, pc, src);
        requireAtomicTarget(pc, dst, base, regs);
        aligned(pc, dst, base, off, size);
        if (imm == BPF_STORE_REL) {
            write(s, pc, dst, base, off, size, value, src);
            return;
        }
        if (value.isPointer()) {
            throw new Refusal(pc, "pointer leak: a pointer in an atomic operation", "r" + src + " is "
                    + a.describe(value), regs);
        }
        if (imm == BPF_CMPXCHG) {
            Value r0 = Analysis.reg(s, pc, 0);
            if (r0.isPointer()) {
                throw new Refusal(pc, "pointer leak: a pointer in an atomic operation", "r0 is " + a.describe(r0),
                        1 | regs);
            }
        }
        if (base.type == RegType.PTR_TO_STACK) {
            long[] r = stackRange(s, pc, dst, base, off, size, true);
            Frame f = Analysis.frameOf(s, base);
            checkInitialized(pc, dst, f, (int) r[0], (int) (r[1] - r[0]) + size, true);
            if (r[0] == r[1]) {
                f.writeBytes(Frame.index((int) r[0]), size, false);
            } else {
                varStore(pc, dst, f, (int) r[0], (int) r[1], size, false);
            }
            a.proof(pc, Region.STACK, Kind.ATOMIC, size, r[0], r[1], -1);
        } else if (base.type == RegType.PTR_TO_MAP_VALUE) {
            mapValue(pc, dst, base, off, size, true, Kind.ATOMIC);
        } else {
            ringbufRecord(pc, dst, base, off, size, Kind.ATOMIC);
        }
        if (imm == BPF_CMPXCHG) {
            cur.regs[0] = Value.scalar(Scalar.unsigned(size));
        } else if ((imm & BPF_FETCH) != 0) {
            cur.regs[src] = Value.scalar(Scalar.unsigned(size));
        }
    }

    private void requireAtomicTarget(int pc, int regno, Value base, int regs) {
        switch (base.type) {
            case PTR_TO_STACK:
            case PTR_TO_MAP_VALUE:
            case PTR_TO_MEM:
                if (!base.maybeNull) {
                    return;
                }
                throw notMemory(pc, regno, base, regs);
            case PTR_TO_CTX:
            case PTR_TO_PACKET:
            case PTR_TO_PACKET_META:
            case PTR_TO_MAP_KEY:
                throw new Refusal(pc, "atomic operation on " + base.type.text + " memory", "atomics work on the stack "
                        + "and on map values only", regs);
            default:
                throw notMemory(pc, regno, base, regs);
        }
    }

    /** Atomics must be aligned to their size wherever they are. */
    private static void aligned(int pc, int regno, Value base, int off, int size) {
        Tnum t = base.num.t.add(Tnum.constant((long) base.off + off));
        if (((t.value() | t.mask()) & (size - 1)) != 0) {
            throw new Refusal(pc, "misaligned atomic access", "r" + regno + " + " + off + " may not be a multiple of "
                    + size, 1 << regno);
        }
    }

    // ---------------------------------------------------------------- helper arguments

    /**
     * Checks a helper's memory argument: {@code [ptr, ptr + size)} for every size in
     * {@code [minSize, maxSize]} must be readable (and initialised) or writable; a write marks
     * the stack bytes it surely covers as initialised.
     */
    /**
     * Records where the map key a helper call reads lies, as the proof of the call's one memory
     * read: on the stack, at the offsets the pointer may have (a JIT reads an inlined lookup's key
     * straight from the stack then); anywhere else, the region kind only. The key was checked by
     * {@link #helperAccess} first.
     */
    void keyProof(State s, int pc, int regno, Value ptr, int size) {
        if (ptr.type == RegType.PTR_TO_STACK) {
            long[] r = stackRange(s, pc, regno, ptr, 0, size, false);
            a.proof(pc, Region.STACK, Kind.LOAD, size, r[0], r[1], -1);
        } else {
            a.proof(pc, ptr.type == RegType.PTR_TO_MAP_VALUE ? Region.MAP_VALUE
                    : ptr.type == RegType.PTR_TO_PACKET_META ? Region.PACKET_META : Region.PACKET,
                    Kind.LOAD, size, 0, 0, -1);
        }
    }

    void helperAccess(State s, int pc, int regno, Value ptr, long minSize, long maxSize, boolean read, boolean write,
            boolean pktAccess, String helper) {
        int regs = 1 << regno;
        if (maxSize == 0) {
            return;
        }
        switch (ptr.type) {
            case PTR_TO_STACK: {
                long[] r = stackRange(s, pc, regno, ptr, 0, maxSize, false);
                Frame f = Analysis.frameOf(s, ptr);
                if (read) {
                    checkInitialized(pc, regno, f, (int) r[0], (int) (r[1] - r[0] + maxSize), true);
                }
                if (write) {
                    if (r[0] == r[1]) {
                        int at = Frame.index((int) r[0]);
                        f.writeBytes(at, (int) minSize, false);
                        for (long i = minSize; i < maxSize; i++) {
                            int b = at + (int) i;
                            if (f.stype[b] == Frame.SPILL) {
                                f.scrub(b / Frame.BPF_REG_SIZE);
                            }
                            if (f.stype[b] == Frame.ZERO) {
                                f.stype[b] = Frame.MISC;
                            }
                        }
                    } else {
                        varStore(pc, regno, f, (int) r[0], (int) r[1], (int) maxSize, false);
                    }
                }
                return;
            }
            case PTR_TO_PACKET:
            case PTR_TO_PACKET_META:
                if (!pktAccess) {
                    throw new Refusal(pc, "helper access to the packet is not allowed", helper + " may not be given "
                            + "packet pointers; copy the bytes to the stack first", regs);
                }
                checkPacket(pc, regno, ptr, 0, maxSize);
                return;
            case PTR_TO_MAP_VALUE: {
                if (ptr.maybeNull) {
                    throw notMemory(pc, regno, ptr, regs);
                }
                MapDefinition d = a.map(ptr.aux);
                region(pc, regno, ptr, 0, maxSize, d.valueSize(), "map value", "map " + d.name());
                if (write && readOnly(d)) {
                    throw new Refusal(pc, "helper write into a read-only map value", helper + " writes to map "
                            + d.name() + ", which is read-only to programs", regs);
                }
                return;
            }
            case PTR_TO_MAP_KEY: {
                if (write) {
                    throw new Refusal(pc, "helper write into a map key", null, regs);
                }
                MapDefinition d = a.map(ptr.aux);
                region(pc, regno, ptr, 0, maxSize, d.keySize(), "map key", "map " + d.name());
                return;
            }
            case PTR_TO_MEM:
                if (ptr.maybeNull) {
                    throw notMemory(pc, regno, ptr, regs);
                }
                region(pc, regno, ptr, 0, maxSize, ptr.aux, "ring buffer record", "bpf_ringbuf_reserve");
                return;
            default:
                throw new Refusal(pc, "r" + regno + " is not memory " + helper + " can use", "r" + regno + " is "
                        + a.describe(ptr) + "; expected a pointer to the stack, a map value or the packet", regs);
        }
    }
}
