package org.jxdp.engine.elf;

/**
 * An object file that cannot be loaded: malformed ELF, unsupported relocations, bad map
 * definitions. The message names the file and the section, symbol or offset:
 * {@code prog.o: section 5 (.relxdp): relocation 2 names symbol 99, outside the 12 symbols}.
 */
public final class ElfException extends Exception {
    private static final long serialVersionUID = 1L;

    public ElfException(String file, String message) {
        super(file + ": " + message);
    }

    public ElfException(String file, String message, Throwable cause) {
        super(file + ": " + message, cause);
    }
}
