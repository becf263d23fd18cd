package org.jxdp.engine.isa;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An eBPF program as its raw instruction slots, in the order they were given; immutable.
 *
 * <p>Nothing here says the program is valid: {@link org.jxdp.engine.verifier.StructuralChecker}
 * decides that.
 */
public final class Program {
    private final String name;
    private final long[] slots;

    private Program(String name, long[] slots) {
        this.name = name;
        this.slots = slots;
    }

    /** A program made of the given slots (copied). */
    public static Program of(String name, long... slots) {
        return new Program(name, slots.clone());
    }

    /** A program made of the given instructions. */
    public static Program of(String name, Insn... insns) {
        long[] s = new long[insns.length];
        for (int i = 0; i < insns.length; i++) {
            s[i] = insns[i].encode();
        }
        return new Program(name, s);
    }

    /**
     * Reads instructions from their byte form, little endian, 8 bytes each.
     *
     * @throws IllegalArgumentException when the length is not a multiple of 8
     */
    public static Program fromBytes(String name, byte[] code) {
        if (code.length % 8 != 0) {
            throw new IllegalArgumentException(
                    "program length " + code.length + " bytes is not a multiple of 8 (the size of one instruction)");
        }
        ByteBuffer b = ByteBuffer.wrap(code).order(ByteOrder.LITTLE_ENDIAN);
        long[] s = new long[code.length / 8];
        for (int i = 0; i < s.length; i++) {
            s[i] = b.getLong();
        }
        return new Program(name, s);
    }

    /** The program's byte form, little endian. */
    public byte[] toBytes() {
        ByteBuffer b = ByteBuffer.allocate(slots.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long s : slots) {
            b.putLong(s);
        }
        return b.array();
    }

    /** The program's name, for messages. */
    public String name() {
        return name;
    }

    /** The number of 8-byte slots (an LDDW counts two). */
    public int length() {
        return slots.length;
    }

    /** The slot at index {@code pc}. */
    public long slot(int pc) {
        return slots[pc];
    }

    /** A copy of all slots. */
    public long[] slots() {
        return slots.clone();
    }

    /** The same instructions under another name. */
    public Program withName(String newName) {
        return new Program(newName, slots);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Program p && Arrays.equals(slots, p.slots);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(slots);
    }

    @Override
    public String toString() {
        return name + " (" + slots.length + " insns)";
    }
}
