package org.jxdp.engine.elf;

/**
 * An object file that cannot be loaded: malformed ELF, unsupported relocations, bad map
 * definitions. The message names the file and the section, symbol or offset:
 * {@code prog.o: section 5 (.relxdp): relocation 2 names symbol 99, outside the 12 symbols}.
 * It is always one line: control characters that a malformed file puts in names are escaped.
 */
public final class ElfException extends Exception {
    private static final long serialVersionUID = 1L;

    public ElfException(String file, String message) {
        super(printable(file + ": " + message));
    }

    public ElfException(String file, String message, Throwable cause) {
        super(printable(file + ": " + message), cause);
    }

    /** {@code s} with control and non-ASCII characters escaped ({@code \n}, {@code \x07}, {@code \u00e9}). */
    static String printable(String s) {
        StringBuilder sb = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean plain = c >= 0x20 && c < 0x7f;
            if (plain && sb == null) {
                continue;
            }
            if (sb == null) {
                sb = new StringBuilder(s.length() + 16).append(s, 0, i);
            }
            if (plain) {
                sb.append(c);
            } else if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c < 0x100) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb == null ? s : sb.toString();
    }
}
