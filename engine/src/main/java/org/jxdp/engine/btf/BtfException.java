package org.jxdp.engine.btf;

/**
 * A .BTF or .BTF.ext section that cannot be read, or a question about it that has no answer (a
 * type id that does not exist, a map definition libbpf would refuse). The message names the
 * section, the place and, when there is one, the byte offset from the start of the section:
 * {@code .BTF: type 12 at offset 0x1c4: member name offset 9999 is outside the string table
 * (size 812)}.
 */
public final class BtfException extends Exception {
    private static final long serialVersionUID = 1L;
    private final String section;
    private final String place;
    private final long offset;
    private final String reason;

    /**
     * An error at {@code offset} bytes from the start of {@code section}.
     *
     * @param section {@code .BTF} or {@code .BTF.ext}
     * @param place what was being read there ({@code header}, {@code type 12}, {@code line_info
     *     record 3 of 'xdp'})
     * @param offset the byte offset in the section, or -1 when the error has no single place in it
     * @param reason what is wrong, in the project's vocabulary
     */
    public BtfException(String section, String place, long offset, String reason) {
        super(section + ": " + place + (offset >= 0 ? " at offset 0x" + Long.toHexString(offset) : "") + ": " + reason);
        this.section = section;
        this.place = place;
        this.offset = offset;
        this.reason = reason;
    }

    /** The section: {@code .BTF} or {@code .BTF.ext}. */
    public String section() {
        return section;
    }

    /** What was being read ({@code type 12}). */
    public String place() {
        return place;
    }

    /** The byte offset from the start of the section, or -1 when the error has no single place. */
    public long offset() {
        return offset;
    }

    /** The reason, without the section and place. */
    public String reason() {
        return reason;
    }
}
