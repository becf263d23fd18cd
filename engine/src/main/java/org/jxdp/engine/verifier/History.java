package org.jxdp.engine.verifier;

import java.util.Arrays;

/**
 * The instructions a path executed since its last checkpoint, oldest first, with what
 * precision tracking needs to walk them backwards (the kernel's jump history): the frame each ran
 * in, the stack slot a fixed-offset stack access touched, and whether an exit left a callback.
 * <pre>
 *   bit  0..20  instruction index
 *       21..24  frame it ran in (0 = the program)
 *           25  a load or store of one stack slot, given by:
 *       26..29    the frame of the slot
 *       30..35    the slot (0 = fp-512 .. 63 = fp-8)
 *           36  an exit that returned from a callback to its helper call
 *           37  a stack access at a variable offset, in the frame of bits 26..29 (precision
 *               tracking gives up when it needs a slot of that frame there)
 *           38  not an instruction but a link: after a conditional jump, one register (bits
 *               0..20, frame in bits 21..24) or, with bit 25, one stack slot holding a copy of
 *               a compared number (same id), whose bounds the jump refined as well
 * </pre>
 * The links of a jump follow its entry, in the same history (a cut never falls between them).
 */
final class History {
    static final long STACK = 1L << 25;
    static final long CALLBACK_EXIT = 1L << 36;
    static final long VARIABLE_STACK = 1L << 37;
    static final long LINK = 1L << 38;

    private long[] entries;
    private int size;

    History() {
        entries = new long[16];
    }

    private History(long[] e, int size) {
        this.entries = e;
        this.size = size;
    }

    History copy() {
        return new History(Arrays.copyOf(entries, Math.max(16, size)), size);
    }

    void add(int pc, int frame) {
        append(pc | (long) frame << 21);
    }

    /** Records that register {@code reg} of {@code frame} is linked to the operands of the last instruction, a jump. */
    void linkRegister(int frame, int reg) {
        append(LINK | reg | (long) frame << 21);
    }

    /** Records that stack slot {@code slot} of {@code frame} is linked to the operands of the last instruction, a jump. */
    void linkSlot(int frame, int slot) {
        append(LINK | STACK | (long) frame << 26 | (long) slot << 30);
    }

    private void append(long e) {
        if (size == entries.length) {
            entries = Arrays.copyOf(entries, size * 2);
        }
        entries[size++] = e;
    }

    /** Marks the last instruction as a stack access of one slot. */
    void stackSlot(int frame, int slot) {
        entries[size - 1] |= STACK | (long) frame << 26 | (long) slot << 30;
    }

    /** Marks the last instruction as a stack access at a variable offset in {@code frame}. */
    void variableStack(int frame) {
        entries[size - 1] |= VARIABLE_STACK | (long) frame << 26;
    }

    /** Sets {@code flag} on the last instruction. */
    void flag(long flag) {
        entries[size - 1] |= flag;
    }

    int size() {
        return size;
    }

    long get(int i) {
        return entries[i];
    }

    /** The entries, as a checkpoint keeps them. */
    long[] toArray() {
        return Arrays.copyOf(entries, size);
    }

    void clear() {
        size = 0;
    }

    static boolean isLink(long e) {
        return (e & LINK) != 0;
    }

    static int pc(long e) {
        return (int) (e & 0x1fffff);
    }

    static int frame(long e) {
        return (int) (e >>> 21) & 0xf;
    }

    static int slotFrame(long e) {
        return (int) (e >>> 26) & 0xf;
    }

    static int slot(long e) {
        return (int) (e >>> 30) & 0x3f;
    }
}
