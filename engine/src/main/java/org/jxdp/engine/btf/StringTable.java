package org.jxdp.engine.btf;

import java.nio.charset.StandardCharsets;

/**
 * The string section of a .BTF: NUL-terminated strings, the first of them empty, addressed by
 * byte offset. It is checked once (starts and ends with NUL) so that every lookup of an offset
 * inside it finds a terminator.
 */
final class StringTable {
    private final byte[] bytes;
    private final long sectionOffset;

    private StringTable(byte[] bytes, long sectionOffset) {
        this.bytes = bytes;
        this.sectionOffset = sectionOffset;
    }

    /** The table at {@code offset} (from the start of .BTF) of {@code length} bytes, which the caller bounded. */
    static StringTable read(SectionBytes section, int offset, int length) throws BtfException {
        if (length == 0) {
            throw new BtfException(section.section(), "string table", offset,
                    "the string table is empty (it must hold at least the empty string)");
        }
        byte[] b = section.slice(offset, length);
        if (b[0] != 0) {
            throw new BtfException(section.section(), "string table", offset,
                    "the string table does not start with the empty string (first byte 0x"
                            + Integer.toHexString(b[0] & 0xff) + ")");
        }
        if (b[length - 1] != 0) {
            throw new BtfException(section.section(), "string table", offset + length - 1L,
                    "the string table does not end with a NUL byte");
        }
        return new StringTable(b, offset);
    }

    /** The size in bytes. */
    int size() {
        return bytes.length;
    }

    /** True when {@code off} is the start of a string in the table (not necessarily the first byte of one). */
    boolean contains(long off) {
        return off >= 0 && off < bytes.length;
    }

    /**
     * The string at {@code off}.
     *
     * @param place what refers to it, for the message
     * @param at where the reference is, for the message
     * @param what which field holds the offset ({@code name offset}, {@code file name offset})
     */
    String at(long off, String section, String place, long at, String what) throws BtfException {
        if (!contains(off)) {
            throw new BtfException(section, place, at,
                    what + " " + off + " is outside the string table (size " + bytes.length + ")");
        }
        return stringAt((int) off);
    }

    private String stringAt(int off) {
        int end = off;
        while (bytes[end] != 0) {
            end++;
        }
        return new String(bytes, off, end - off, StandardCharsets.UTF_8);
    }

    /** Where the table starts in its section. */
    long sectionOffset() {
        return sectionOffset;
    }
}
