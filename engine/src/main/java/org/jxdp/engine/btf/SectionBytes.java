package org.jxdp.engine.btf;

import java.nio.ByteOrder;

/**
 * The bytes of one section with bounds-checked reads in its byte order. Every read past the end
 * is a {@link BtfException} naming the section, the place and the offset, never an index error.
 */
final class SectionBytes {
    private final String section;
    private final byte[] data;
    private final ByteOrder order;

    SectionBytes(String section, byte[] data, ByteOrder order) {
        this.section = section;
        this.data = data;
        this.order = order;
    }

    String section() {
        return section;
    }

    int length() {
        return data.length;
    }

    ByteOrder order() {
        return order;
    }

    /** Fails unless {@code length} bytes from {@code offset} are inside the section. */
    void require(long offset, long length, String place, String what) throws BtfException {
        if (offset < 0 || length < 0 || offset > data.length || length > data.length - offset) {
            throw new BtfException(section, place, offset,
                    what + " needs " + length + " bytes but the section ends at 0x" + Integer.toHexString(data.length));
        }
    }

    int u8(long offset, String place) throws BtfException {
        require(offset, 1, place, "a u8");
        return data[(int) offset] & 0xff;
    }

    int u16(long offset, String place) throws BtfException {
        require(offset, 2, place, "a u16");
        int o = (int) offset;
        int b0 = data[o] & 0xff;
        int b1 = data[o + 1] & 0xff;
        return order == ByteOrder.LITTLE_ENDIAN ? b0 | b1 << 8 : b0 << 8 | b1;
    }

    /** An unsigned 32-bit field as a non-negative long. */
    long u32(long offset, String place) throws BtfException {
        require(offset, 4, place, "a u32");
        return s32Unchecked((int) offset) & 0xffffffffL;
    }

    /** A signed 32-bit field. */
    int s32(long offset, String place) throws BtfException {
        require(offset, 4, place, "an s32");
        return s32Unchecked((int) offset);
    }

    private int s32Unchecked(int o) {
        int b0 = data[o] & 0xff;
        int b1 = data[o + 1] & 0xff;
        int b2 = data[o + 2] & 0xff;
        int b3 = data[o + 3] & 0xff;
        return order == ByteOrder.LITTLE_ENDIAN
                ? b0 | b1 << 8 | b2 << 16 | b3 << 24
                : b0 << 24 | b1 << 16 | b2 << 8 | b3;
    }

    /** A copy of {@code length} bytes from {@code offset}, which the caller has checked. */
    byte[] slice(int offset, int length) {
        byte[] out = new byte[length];
        System.arraycopy(data, offset, out, 0, length);
        return out;
    }

    /**
     * The byte order given by a BTF magic at offset 0 ({@code 0xeB9F} in the object's own order),
     * or a refusal naming what was found.
     */
    static ByteOrder orderFromMagic(String section, byte[] data) throws BtfException {
        if (data.length < 2) {
            throw new BtfException(section, "header", 0,
                    "the section is " + data.length + " bytes, too short for the magic 0xeb9f");
        }
        int b0 = data[0] & 0xff;
        int b1 = data[1] & 0xff;
        if (b0 == 0x9f && b1 == 0xeb) {
            return ByteOrder.LITTLE_ENDIAN;
        }
        if (b0 == 0xeb && b1 == 0x9f) {
            return ByteOrder.BIG_ENDIAN;
        }
        throw new BtfException(section, "header", 0,
                String.format("bad magic bytes %02x %02x (expected 0xeb9f in either byte order)", b0, b1));
    }
}
