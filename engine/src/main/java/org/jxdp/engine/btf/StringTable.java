package org.jxdp.engine.btf;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * The string section of a .BTF: NUL-terminated strings, the first of them empty, addressed by
 * byte offset. It is checked once (starts and ends with NUL) so that every lookup of an offset
 * inside it finds a terminator.
 */
final class StringTable {
    private final byte[] bytes;

    private StringTable(byte[] bytes) {
        this.bytes = bytes;
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
        return new StringTable(b);
    }

    /** True when {@code off} is inside the table (the start of a string, or a suffix of one). */
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

    /** A decoder for one parse of {@code section}, which reads strings through this table. */
    Decoder decoder(String section) {
        return new Decoder(section);
    }

    /**
     * Decodes the strings one parse refers to, each offset once. Offsets may point into the
     * middle of other strings, so hostile input could refer to a megabyte of suffixes of one
     * string a hundred thousand times; the total decoded is therefore limited to
     * {@link #AMPLIFICATION} times the table (plus 64 KiB), far above what real objects use
     * (each string once), and a parse that asks for more is refused. Not thread-safe.
     */
    final class Decoder {
        private final String section;
        private final Map<Integer, String> decoded = new HashMap<>();
        private final long budget = AMPLIFICATION * (long) bytes.length + 65536;
        private long used;

        private Decoder(String section) {
            this.section = section;
        }

        String at(long off, String place, long at, String what) throws BtfException {
            if (!contains(off)) {
                throw new BtfException(section, place, at, what + " " + off + " is outside the "
                        + (section.equals(BtfParser.SECTION) ? "" : ".BTF ") + "string table (size " + bytes.length + ")");
            }
            String s = decoded.get((int) off);
            if (s == null) {
                int end = (int) off;
                while (bytes[end] != 0) {
                    end++;
                }
                used += end - off + 1;
                if (used > budget) {
                    throw new BtfException(section, place, at, "the strings referred to so far add up to more than "
                            + budget + " bytes, " + AMPLIFICATION + " times the string table (offsets into the middle of "
                            + "long strings?)");
                }
                s = new String(bytes, (int) off, end - (int) off, StandardCharsets.UTF_8);
                decoded.put((int) off, s);
            }
            return s;
        }
    }

    /** How many times its own size the strings decoded from a table may add up to. */
    static final int AMPLIFICATION = 4;
}
