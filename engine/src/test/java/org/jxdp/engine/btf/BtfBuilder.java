package org.jxdp.engine.btf;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test-only: writes .BTF and .BTF.ext sections word by word, in either byte order, so tests can
 * build every kind (ENUM64, which clang 14 cannot emit, included) and every malformation.
 */
final class BtfBuilder {
    private final ByteOrder order;
    private final ByteArrayOutputStream strings = new ByteArrayOutputStream();
    private final Map<String, Integer> stringOffsets = new LinkedHashMap<>();
    private final List<Long> typeWords = new ArrayList<>();
    private int nextId = 1;

    BtfBuilder(ByteOrder order) {
        this.order = order;
        str("");
    }

    BtfBuilder() {
        this(ByteOrder.LITTLE_ENDIAN);
    }

    /** The string table offset of {@code s}, adding it on first use. */
    int str(String s) {
        Integer off = stringOffsets.get(s);
        if (off != null) {
            return off;
        }
        int at = strings.size();
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        strings.write(b, 0, b.length);
        strings.write(0);
        stringOffsets.put(s, at);
        return at;
    }

    static long info(int kind, boolean kflag, int vlen) {
        return (kflag ? 1L << 31 : 0) | (long) kind << 24 | (vlen & 0xffff);
    }

    /** Adds a type from raw words: name, info, size-or-type, then its records; returns its id. */
    int raw(String name, long info, long sizeOrType, long... extra) {
        typeWords.add((long) str(name));
        typeWords.add(info);
        typeWords.add(sizeOrType);
        for (long w : extra) {
            typeWords.add(w);
        }
        return nextId++;
    }

    int integer(String name, int size, int encoding, int bits) {
        return raw(name, info(BtfUapi.BTF_KIND_INT, false, 0), size, (long) encoding << 24 | bits);
    }

    int ref(int kind, String name, int type) {
        return raw(name, info(kind, false, 0), type);
    }

    int ptr(int type) {
        return ref(BtfUapi.BTF_KIND_PTR, "", type);
    }

    int typedef(String name, int type) {
        return ref(BtfUapi.BTF_KIND_TYPEDEF, name, type);
    }

    int array(int elem, int index, long nelems) {
        return raw("", info(BtfUapi.BTF_KIND_ARRAY, false, 0), 0, elem, index, nelems);
    }

    /** A member for {@link #struct}: name, type, offset word (bit offset, or bitfield size << 24 | bit offset). */
    Object[] member(String name, int type, long offsetWord) {
        return new Object[] {name, type, offsetWord};
    }

    int composite(int kind, String name, int size, boolean kflag, Object[]... members) {
        long[] words = new long[members.length * 3];
        for (int i = 0; i < members.length; i++) {
            words[3 * i] = str((String) members[i][0]);
            words[3 * i + 1] = (Integer) members[i][1];
            words[3 * i + 2] = (Long) members[i][2];
        }
        return raw(name, info(kind, kflag, members.length), size, words);
    }

    int struct(String name, int size, Object[]... members) {
        return composite(BtfUapi.BTF_KIND_STRUCT, name, size, false, members);
    }

    int enumeration(String name, int size, boolean signed, Object[]... values) {
        long[] words = new long[values.length * 2];
        for (int i = 0; i < values.length; i++) {
            words[2 * i] = str((String) values[i][0]);
            words[2 * i + 1] = ((Long) values[i][1]) & 0xffffffffL;
        }
        return raw(name, info(BtfUapi.BTF_KIND_ENUM, signed, values.length), size, words);
    }

    int enum64(String name, int size, boolean signed, Object[]... values) {
        long[] words = new long[values.length * 3];
        for (int i = 0; i < values.length; i++) {
            long v = (Long) values[i][1];
            words[3 * i] = str((String) values[i][0]);
            words[3 * i + 1] = v & 0xffffffffL;
            words[3 * i + 2] = v >>> 32;
        }
        return raw(name, info(BtfUapi.BTF_KIND_ENUM64, signed, values.length), size, words);
    }

    int funcProto(int ret, Object[]... params) {
        long[] words = new long[params.length * 2];
        for (int i = 0; i < params.length; i++) {
            words[2 * i] = str((String) params[i][0]);
            words[2 * i + 1] = (Integer) params[i][1];
        }
        return raw("", info(BtfUapi.BTF_KIND_FUNC_PROTO, false, params.length), ret, words);
    }

    Object[] param(String name, int type) {
        return new Object[] {name, type};
    }

    int func(String name, int proto, int linkage) {
        return raw(name, info(BtfUapi.BTF_KIND_FUNC, false, linkage), proto);
    }

    int var(String name, int type, int linkage) {
        return raw(name, info(BtfUapi.BTF_KIND_VAR, false, 0), type, linkage);
    }

    /** A DATASEC; {@code entries} are (type, offset, size) triples. */
    int datasec(String name, int size, long... entries) {
        return raw(name, info(BtfUapi.BTF_KIND_DATASEC, false, entries.length / 3), size, entries);
    }

    /** The .BTF bytes: a 24-byte header, the types, then the strings. */
    byte[] build() {
        byte[] str = strings.toByteArray();
        int typeLen = typeWords.size() * 4;
        ByteBuffer b = ByteBuffer.allocate(24 + typeLen + str.length).order(order);
        b.putShort((short) BtfUapi.BTF_MAGIC).put((byte) 1).put((byte) 0).putInt(24);
        b.putInt(0).putInt(typeLen).putInt(typeLen).putInt(str.length);
        for (long w : typeWords) {
            b.putInt((int) w);
        }
        b.put(str);
        return b.array();
    }

    /**
     * A .BTF.ext with the given subsections, each already laid out as rec_size followed by
     * blocks (use {@link #extInfo}); {@code coreRelo} may be null for a 24-byte header.
     */
    byte[] ext(long[] funcInfo, long[] lineInfo, long[] coreRelo) {
        int hdr = coreRelo == null ? 24 : 32;
        int f = funcInfo.length * 4;
        int l = lineInfo.length * 4;
        int c = coreRelo == null ? 0 : coreRelo.length * 4;
        ByteBuffer b = ByteBuffer.allocate(hdr + f + l + c).order(order);
        b.putShort((short) BtfUapi.BTF_MAGIC).put((byte) 1).put((byte) 0).putInt(hdr);
        b.putInt(0).putInt(f).putInt(f).putInt(l);
        if (coreRelo != null) {
            b.putInt(f + l).putInt(c);
        }
        for (long w : funcInfo) {
            b.putInt((int) w);
        }
        for (long w : lineInfo) {
            b.putInt((int) w);
        }
        if (coreRelo != null) {
            for (long w : coreRelo) {
                b.putInt((int) w);
            }
        }
        return b.array();
    }

    /** One subsection: rec_size, then for each block (section name, records as words). */
    long[] extInfo(int recSize, Object... blocks) {
        List<Long> words = new ArrayList<>();
        words.add((long) recSize);
        for (int i = 0; i < blocks.length; i += 2) {
            long[][] records = (long[][]) blocks[i + 1];
            words.add((long) str((String) blocks[i]));
            words.add((long) records.length);
            for (long[] r : records) {
                for (long w : r) {
                    words.add(w);
                }
            }
        }
        long[] out = new long[words.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = words.get(i);
        }
        return out;
    }
}
