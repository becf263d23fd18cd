package org.jxdp.engine.elf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A validated ELF64 relocatable object, as clang writes them for {@code -target bpf}: header,
 * section headers, symbols and relocations. Every offset, size and index is checked against the
 * file before it is used; a malformed file gives an {@link ElfException} naming the offset or
 * section, never an unchecked exception.
 * <pre>
 *   ELF64 header (64 bytes)                 section header (64 bytes)
 *   0  e_ident[16]  7f 'E' 'L' 'F' class data version osabi ...
 *   16 e_type u16   e_machine u16           0  sh_name u32    4  sh_type u32
 *   20 e_version u32                        8  sh_flags u64   16 sh_addr u64
 *   24 e_entry u64  32 e_phoff u64          24 sh_offset u64  32 sh_size u64
 *   40 e_shoff u64  48 e_flags u32          40 sh_link u32    44 sh_info u32
 *   52 e_ehsize u16 54 e_phentsize u16      48 sh_addralign   56 sh_entsize u64
 *   56 e_phnum u16  58 e_shentsize u16
 *   60 e_shnum u16  62 e_shstrndx u16       symbol (24 bytes): st_name u32, st_info u8,
 *                                           st_other u8, st_shndx u16, st_value u64, st_size u64
 * </pre>
 */
public final class ElfFile {
    /** Relocatable object. */
    public static final int ET_REL = 1;
    /** Machine number of eBPF. */
    public static final int EM_BPF = 247;
    /** No machine (accepted, as uBPF does). */
    public static final int EM_NONE = 0;
    /** Section type: program data. */
    public static final int SHT_PROGBITS = 1;
    /** Section type: symbol table. */
    public static final int SHT_SYMTAB = 2;
    /** Section type: string table. */
    public static final int SHT_STRTAB = 3;
    /** Section type: relocations with addends. */
    public static final int SHT_RELA = 4;
    /** Section type: zero-filled data that occupies no file space (.bss). */
    public static final int SHT_NOBITS = 8;
    /** Section type: relocations without addends. */
    public static final int SHT_REL = 9;
    /** Section flag: executable. */
    public static final long SHF_EXECINSTR = 0x4;
    /** Undefined section index. */
    public static final int SHN_UNDEF = 0;
    /** First reserved section index. */
    public static final int SHN_LORESERVE = 0xff00;
    /** Absolute symbol. */
    public static final int SHN_ABS = 0xfff1;
    /** Common symbol. */
    public static final int SHN_COMMON = 0xfff2;
    /** Escape: the real index is elsewhere. */
    public static final int SHN_XINDEX = 0xffff;
    /** Symbol type: data object. */
    public static final int STT_OBJECT = 1;
    /** Symbol type: function. */
    public static final int STT_FUNC = 2;
    /** Symbol type: section. */
    public static final int STT_SECTION = 3;
    /** Symbol binding: local. */
    public static final int STB_LOCAL = 0;
    /** Symbol binding: global. */
    public static final int STB_GLOBAL = 1;
    /** Symbol binding: weak. */
    public static final int STB_WEAK = 2;

    /** Most sections jxdp reads from one object; more is a malformed or hostile file. */
    public static final int MAX_SECTIONS = 1 << 16;

    private final String name;
    private final byte[] data;
    private final ByteOrder order;
    private final int type;
    private final int machine;
    private final List<Section> sections;
    private final List<Symbol> symbols;
    private final int symtabIndex;

    /** A section header, with its name resolved. */
    public record Section(int index, String name, int type, long flags, long offset, long size, int link, int info,
            long entsize) {
        /** True for code sections. */
        public boolean executable() {
            return (flags & SHF_EXECINSTR) != 0;
        }
    }

    /** A symbol table entry, with its name resolved. */
    public record Symbol(int index, String name, int info, int other, int section, long value, long size) {
        public int type() {
            return info & 0xf;
        }

        public int binding() {
            return info >>> 4;
        }
    }

    /** A relocation of section {@code target}. */
    public record Relocation(long offset, int symbol, int type, long addend) {
    }

    private ElfFile(String name, byte[] data) throws ElfException {
        this.name = name;
        this.data = data;
        if (data.length < 64) {
            throw new ElfException(name, "not enough data for an ELF header (" + data.length + " bytes, 64 needed)");
        }
        if (data[0] != 0x7f || data[1] != 'E' || data[2] != 'L' || data[3] != 'F') {
            throw new ElfException(name, "not an ELF file (bad magic at offset 0)");
        }
        if (data[4] != 2) {
            throw new ElfException(name, "ELF class " + data[4] + " at offset 4 is not ELFCLASS64");
        }
        if (data[5] == 1) {
            order = ByteOrder.LITTLE_ENDIAN;
        } else if (data[5] == 2) {
            order = ByteOrder.BIG_ENDIAN;
        } else {
            throw new ElfException(name, "ELF data encoding " + data[5] + " at offset 5 is neither little nor big endian");
        }
        if (data[6] != 1) {
            throw new ElfException(name, "ELF version " + data[6] + " at offset 6 is not 1");
        }
        type = u16(16);
        machine = u16(18);
        if (type != ET_REL) {
            throw new ElfException(name, "ELF type " + type + " at offset 16 is not ET_REL (a relocatable object)");
        }
        if (machine != EM_BPF && machine != EM_NONE) {
            throw new ElfException(name, "ELF machine " + machine + " at offset 18 is not EM_BPF (247)");
        }
        if (order != ByteOrder.LITTLE_ENDIAN) {
            throw new ElfException(name, "big-endian BPF objects (-target bpfeb) are not supported; build with "
                    + "-target bpf on a little-endian host or -target bpfel");
        }
        long shoff = u64(40);
        int shentsize = u16(58);
        long shnum = u16(60);
        long shstrndx = u16(62);
        if (shoff == 0) {
            throw new ElfException(name, "the object has no section header table (e_shoff is 0)");
        }
        if (shentsize != 64) {
            throw new ElfException(name, "section header size " + shentsize + " at offset 58 is not 64");
        }
        checkRange("the section header table", shoff, 64);
        if (shnum == 0) {
            shnum = u64At(shoff + 32); // extended numbering: sh_size of section 0
        }
        if (shstrndx == SHN_XINDEX) {
            shstrndx = u32At(shoff + 40) & 0xffffffffL; // sh_link of section 0
        }
        if (shnum > MAX_SECTIONS) {
            throw new ElfException(name, "too many sections: " + shnum);
        }
        checkRange("the section header table", shoff, shnum * 64);
        if (shstrndx >= shnum) {
            throw new ElfException(name, "section name table index " + shstrndx + " is outside the " + shnum + " sections");
        }
        List<long[]> raw = new ArrayList<>();
        for (int i = 0; i < shnum; i++) {
            long h = shoff + 64L * i;
            raw.add(new long[] {u32At(h) & 0xffffffffL, u32At(h + 4) & 0xffffffffL, u64At(h + 8), u64At(h + 24),
                u64At(h + 32), u32At(h + 40) & 0xffffffffL, u32At(h + 44) & 0xffffffffL, u64At(h + 56)});
        }
        long[] strtab = raw.get((int) shstrndx);
        if (strtab[1] != SHT_STRTAB) {
            throw new ElfException(name, "section " + shstrndx + ", the section name table, is not a string table");
        }
        checkSectionData("section " + shstrndx + " (the section name table)", strtab[3], strtab[4]);
        List<Section> secs = new ArrayList<>();
        for (int i = 0; i < shnum; i++) {
            long[] r = raw.get(i);
            String sname = string(strtab[3], strtab[4], r[0], "name of section " + i);
            Section s = new Section(i, sname, (int) r[1], r[2], r[3], r[4], (int) r[5], (int) r[6], r[7]);
            if (i > 0 && s.type() != SHT_NOBITS) {
                checkSectionData("section " + i + " (" + sname + ")", s.offset(), s.size());
            }
            secs.add(s);
        }
        sections = Collections.unmodifiableList(secs);
        int symtab = -1;
        for (Section s : secs) {
            if (s.type() == SHT_SYMTAB) {
                if (symtab >= 0) {
                    throw new ElfException(name, "more than one symbol table (sections " + symtab + " and " + s.index() + ")");
                }
                symtab = s.index();
            }
        }
        symtabIndex = symtab;
        symbols = symtab < 0 ? List.of() : readSymbols(secs.get(symtab));
    }

    /** Parses {@code data} as an ELF object called {@code name} (for messages). */
    public static ElfFile parse(String name, byte[] data) throws ElfException {
        return new ElfFile(name, data);
    }

    private List<Symbol> readSymbols(Section symtab) throws ElfException {
        String where = "section " + symtab.index() + " (" + symtab.name() + ")";
        if (symtab.entsize() != 24) {
            throw new ElfException(name, where + ": symbol size " + symtab.entsize() + " is not 24");
        }
        if (symtab.size() % 24 != 0) {
            throw new ElfException(name, where + ": size " + symtab.size() + " is not a multiple of 24");
        }
        if (symtab.link() <= 0 || symtab.link() >= sections.size()
                || sections.get(symtab.link()).type() != SHT_STRTAB) {
            throw new ElfException(name, where + ": its string table (section " + symtab.link() + ") is not a string table");
        }
        Section str = sections.get(symtab.link());
        int n = (int) (symtab.size() / 24);
        List<Symbol> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long at = symtab.offset() + 24L * i;
            String sname = string(str.offset(), str.size(), u32At(at) & 0xffffffffL, "name of symbol " + i);
            int info = data[(int) at + 4] & 0xff;
            int other = data[(int) at + 5] & 0xff;
            int shndx = u16((int) at + 6);
            long value = u64At(at + 8);
            long size = u64At(at + 16);
            if (shndx != SHN_UNDEF && shndx < SHN_LORESERVE && shndx >= sections.size()) {
                throw new ElfException(name, where + ": symbol " + i + " (" + sname + ") is in section " + shndx
                        + ", which does not exist");
            }
            out.add(new Symbol(i, sname, info, other, shndx, value, size));
        }
        return Collections.unmodifiableList(out);
    }

    /** The relocations in relocation section {@code rel}, checked against the symbol table. */
    public List<Relocation> relocations(Section rel) throws ElfException {
        String where = "section " + rel.index() + " (" + rel.name() + ")";
        boolean rela = rel.type() == SHT_RELA;
        int entry = rela ? 24 : 16;
        if (rel.type() != SHT_REL && !rela) {
            throw new ElfException(name, where + " is not a relocation section");
        }
        if (rel.size() % entry != 0) {
            throw new ElfException(name, where + ": size " + rel.size() + " is not a multiple of " + entry);
        }
        if (rel.link() != symtabIndex) {
            throw new ElfException(name, where + ": its symbol table is section " + rel.link() + ", not "
                    + symtabIndex);
        }
        int n = (int) (rel.size() / entry);
        List<Relocation> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long at = rel.offset() + (long) entry * i;
            long offset = u64At(at);
            long info = u64At(at + 8);
            long sym = info >>> 32;
            if (sym >= symbols.size()) {
                throw new ElfException(name, where + ": relocation " + i + " names symbol " + sym + ", outside the "
                        + symbols.size() + " symbols");
            }
            out.add(new Relocation(offset, (int) sym, (int) info, rela ? u64At(at + 16) : 0));
        }
        return out;
    }

    // ---------------------------------------------------------------- accessors

    /** The name given to {@link #parse}. */
    public String name() {
        return name;
    }

    public List<Section> sections() {
        return sections;
    }

    public List<Symbol> symbols() {
        return symbols;
    }

    /** The section called {@code sectionName}, or null. */
    public Section section(String sectionName) {
        for (Section s : sections) {
            // section 0 is the null section: whatever name it has, it holds nothing (its size and
            // link fields may hold extended section counts)
            if (s.index() > 0 && s.name().equals(sectionName)) {
                return s;
            }
        }
        return null;
    }

    /** A section's bytes (zeros for SHT_NOBITS; none for the null section, 0). */
    public byte[] contents(Section s) {
        if (s.index() == 0) {
            return new byte[0];
        }
        if (s.type() == SHT_NOBITS) {
            // sh_size is unsigned: one of 2^63 or more reads negative here
            if (Long.compareUnsigned(s.size(), Integer.MAX_VALUE - 16) > 0) {
                return new byte[0];
            }
            return new byte[(int) s.size()];
        }
        byte[] out = new byte[(int) s.size()];
        System.arraycopy(data, (int) s.offset(), out, 0, out.length);
        return out;
    }

    /** The relocation section that applies to section {@code target}, or null. */
    public Section relocationsFor(Section target) {
        for (Section s : sections) {
            if ((s.type() == SHT_REL || s.type() == SHT_RELA) && s.info() == target.index()) {
                return s;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- raw reads

    private void checkRange(String what, long offset, long size) throws ElfException {
        if (offset < 0 || size < 0 || offset > data.length || size > data.length - offset) {
            throw new ElfException(name, what + " at offset 0x" + Long.toHexString(offset) + " size " + size
                    + " runs past the end of the file (" + data.length + " bytes)");
        }
    }

    private void checkSectionData(String what, long offset, long size) throws ElfException {
        checkRange(what, offset, size);
    }

    private String string(long tableOffset, long tableSize, long index, String what) throws ElfException {
        if (index >= tableSize) {
            throw new ElfException(name, what + ": string offset " + index + " is outside its string table ("
                    + tableSize + " bytes)");
        }
        int start = (int) (tableOffset + index);
        int end = start;
        int limit = (int) (tableOffset + tableSize);
        while (end < limit && data[end] != 0) {
            end++;
        }
        return new String(data, start, end - start, StandardCharsets.UTF_8);
    }

    private int u16(int at) {
        return ByteBuffer.wrap(data, at, 2).order(order).getShort() & 0xffff;
    }

    private int u32At(long at) {
        return ByteBuffer.wrap(data, (int) at, 4).order(order).getInt();
    }

    private long u64At(long at) {
        return ByteBuffer.wrap(data, (int) at, 8).order(order).getLong();
    }

    private long u64(int at) {
        return u64At(at);
    }
}
