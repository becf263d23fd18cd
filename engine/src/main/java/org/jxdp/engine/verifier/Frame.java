package org.jxdp.engine.verifier;

import static org.jxdp.engine.isa.Opcodes.MAX_BPF_REG;
import static org.jxdp.engine.isa.Opcodes.MAX_BPF_STACK;

import java.util.Arrays;

/**
 * One function activation: registers r0..r10 and the 512-byte stack frame below r10 (the
 * kernel's {@code struct bpf_func_state}). The frame is tracked byte by byte, and each aligned
 * 8-byte slot may hold a spilled register:
 * <pre>
 *   byte index   0                                         504      511
 *   address      fp-512  ...                               fp-8 ... fp-1
 *                |  slot 0  |  slot 1  | ...               |  slot 63 |
 *
 *   byte kinds   INVALID  never written: reading it is refused (the stack is not cleared between runs)
 *                MISC     some number
 *                ZERO     the number 0
 *                SPILL    part of the register spilled into its slot ({@link #spill(int)}): a full
 *                         8-byte spill keeps pointers; a narrower one, at the slot's start, a scalar
 * </pre>
 * Mutable; {@link #copy} before changing a frame another state shares.
 */
final class Frame {
    static final byte INVALID = 0;
    static final byte MISC = 1;
    static final byte ZERO = 2;
    static final byte SPILL = 3;
    /** Bytes per stack slot, the size of a register (kernel BPF_REG_SIZE). */
    static final int BPF_REG_SIZE = 8;
    static final int SLOTS = MAX_BPF_STACK / BPF_REG_SIZE;

    final Value[] regs;
    final byte[] stype;
    final Value[] spills;
    /** The call instruction in the caller, or -1 for the entry frame. */
    final int callsite;
    /** The first instruction of this frame's function. */
    final int entry;
    /** The helper whose callback this frame runs (bpf_loop...), or -1 for a bpf-to-bpf call. */
    final int callbackOf;
    /**
     * Which call of the callback this frame runs (0 for other frames): two calls are two
     * iterations of the helper's loop, never the same state, so that only a loop inside one
     * call can be found infinite.
     */
    final int visit;

    Frame(int callsite, int entry, int callbackOf) {
        this(callsite, entry, callbackOf, 0);
    }

    Frame(int callsite, int entry, int callbackOf, int visit) {
        this.regs = new Value[MAX_BPF_REG];
        Arrays.fill(regs, Value.NOT_INIT);
        this.stype = new byte[MAX_BPF_STACK];
        this.spills = new Value[SLOTS];
        this.callsite = callsite;
        this.entry = entry;
        this.callbackOf = callbackOf;
        this.visit = visit;
    }

    private Frame(Frame f) {
        this.regs = f.regs.clone();
        this.stype = f.stype.clone();
        this.spills = f.spills.clone();
        this.callsite = f.callsite;
        this.entry = f.entry;
        this.callbackOf = f.callbackOf;
        this.visit = f.visit;
    }

    Frame copy() {
        return new Frame(this);
    }

    /** The byte index of address {@code fp + off} ({@code off} in [-512, -1]). */
    static int index(int off) {
        return MAX_BPF_STACK + off;
    }

    /** The spilled register of slot {@code slot}, or null when its bytes hold no spill. */
    Value spill(int slot) {
        return stype[slot * BPF_REG_SIZE] == SPILL ? spills[slot] : null;
    }

    /** How many bytes (from the slot's start) the slot's spill occupies. */
    int spillSize(int slot) {
        int n = 0;
        while (n < BPF_REG_SIZE && stype[slot * BPF_REG_SIZE + n] == SPILL) {
            n++;
        }
        return n;
    }

    /** Turns the slot's spill, if any, into plain bytes: what remains of it is some number. */
    void scrub(int slot) {
        for (int i = 0; i < BPF_REG_SIZE; i++) {
            if (stype[slot * BPF_REG_SIZE + i] == SPILL) {
                stype[slot * BPF_REG_SIZE + i] = MISC;
            }
        }
        spills[slot] = null;
    }

    /** Spills {@code v} into the slot at byte index {@code at} (its start) over {@code size} bytes. */
    void spill(int at, int size, Value v) {
        int slot = at / BPF_REG_SIZE;
        scrub(slot);
        for (int i = 0; i < size; i++) {
            stype[at + i] = SPILL;
        }
        spills[slot] = v;
    }

    /** Marks bytes {@code [at, at + size)} as holding the number {@code zero ? 0 : anything}. */
    void writeBytes(int at, int size, boolean zero) {
        for (int s = at / BPF_REG_SIZE; s <= (at + size - 1) / BPF_REG_SIZE; s++) {
            if (stype[s * BPF_REG_SIZE] == SPILL) {
                scrub(s);
            }
        }
        for (int i = 0; i < size; i++) {
            stype[at + i] = zero ? ZERO : MISC;
        }
    }
}
