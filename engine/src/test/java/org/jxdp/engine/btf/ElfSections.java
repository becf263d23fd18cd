package org.jxdp.engine.btf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Test-only: the named sections of an ELF64 file, read leniently (a section with a bad name or
 * bounds is left out rather than failing), so that .BTF can be taken from the malformed objects
 * of {@code samples/invalid} that llvm-objcopy refuses. Not the loader: no symbols, no
 * relocations, no checks beyond staying inside the file.
 */
final class ElfSections {
    private ElfSections() {
    }

    /** Section name → contents; empty when the file is not ELF64 or its section table is unreadable. */
    static Map<String, byte[]> read(byte[] file) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        if (file.length < 64 || file[0] != 0x7f || file[1] != 'E' || file[2] != 'L' || file[3] != 'F' || file[4] != 2) {
            return out;
        }
        ByteBuffer b = ByteBuffer.wrap(file).order(file[5] == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        long shoff = b.getLong(0x28);
        int shentsize = b.getShort(0x3a) & 0xffff;
        int shnum = b.getShort(0x3c) & 0xffff;
        int shstrndx = b.getShort(0x3e) & 0xffff;
        if (shentsize < 64 || shoff < 0 || shoff + (long) shnum * shentsize > file.length || shstrndx >= shnum) {
            return out;
        }
        long strOff = b.getLong((int) (shoff + (long) shstrndx * shentsize + 0x18));
        long strSize = b.getLong((int) (shoff + (long) shstrndx * shentsize + 0x20));
        if (strOff < 0 || strSize < 0 || strOff + strSize > file.length) {
            return out;
        }
        for (int i = 0; i < shnum; i++) {
            int h = (int) (shoff + (long) i * shentsize);
            long nameOff = b.getInt(h) & 0xffffffffL;
            int type = b.getInt(h + 4);
            long off = b.getLong(h + 0x18);
            long size = b.getLong(h + 0x20);
            if (nameOff >= strSize || type == 8 /* SHT_NOBITS */ || off < 0 || size < 0 || off + size > file.length) {
                continue;
            }
            int start = (int) (strOff + nameOff);
            int end = start;
            while (end < strOff + strSize && file[end] != 0) {
                end++;
            }
            String name = new String(file, start, end - start, java.nio.charset.StandardCharsets.UTF_8);
            byte[] data = new byte[(int) size];
            System.arraycopy(file, (int) off, data, 0, (int) size);
            out.putIfAbsent(name, data);
        }
        return out;
    }
}
