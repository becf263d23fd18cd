package org.jxdp.engine.btf;

/**
 * One {@code struct bpf_line_info} of .BTF.ext: the source line of the instructions from
 * {@code insnOff} up to the next record.
 *
 * @param insnOff the byte offset of the first instruction it covers in its ELF section
 * @param fileName the source file as clang was given it (often a path)
 * @param lineText the text of the source line ("" when clang recorded none)
 * @param line the 1-based line number ({@code line_col >> 10})
 * @param column the 1-based column, 0 when unknown ({@code line_col & 0x3ff})
 */
public record LineInfo(int insnOff, String fileName, String lineText, int line, int column) {

    /** The index of the first instruction (8-byte slots) it covers. */
    public int insnIndex() {
        return insnOff / 8;
    }

    /** {@code file.c:37}: the file's base name and the line, as messages print them. */
    public String location() {
        int slash = fileName.lastIndexOf('/');
        return fileName.substring(slash + 1) + ":" + line;
    }
}
