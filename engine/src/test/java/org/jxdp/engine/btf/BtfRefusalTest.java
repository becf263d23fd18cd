package org.jxdp.engine.btf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every way a .BTF section can be wrong that the parser checks, each refused with a
 * {@link BtfException} whose message names the place and the byte offset.
 */
class BtfRefusalTest {

    /** One malformed section and the refusal it must get. */
    record Case(String name, byte[] section, long offset, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<Case> CASES = new ArrayList<>();

    private static void refuse(String name, byte[] section, long offset, String message) {
        CASES.add(new Case(name, section, offset, message));
    }

    /** A section built by {@code types}, then with {@code patch} applied to its bytes. */
    private static byte[] btf(Consumer<BtfBuilder> types, Consumer<ByteBuffer> patch) {
        BtfBuilder b = new BtfBuilder();
        types.accept(b);
        byte[] bytes = b.build();
        patch.accept(ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN));
        return bytes;
    }

    private static byte[] btf(Consumer<BtfBuilder> types) {
        return btf(types, x -> { });
    }

    private static final Consumer<BtfBuilder> ONE_INT = b -> b.integer("int", 4, BtfUapi.BTF_INT_SIGNED, 32);
    private static final long T1 = 24;

    static Stream<Case> cases() {
        CASES.clear();
        refuse("empty section", new byte[0], 0,
                ".BTF: header at offset 0x0: the section is 0 bytes, too short for the magic 0xeb9f");
        refuse("bad magic", new byte[] {0x12, 0x34, 1, 0, 24, 0, 0, 0}, 0,
                ".BTF: header at offset 0x0: bad magic bytes 12 34 (expected 0xeb9f in either byte order)");
        refuse("truncated header", new byte[] {(byte) 0x9f, (byte) 0xeb, 1, 0, 24, 0, 0}, 0,
                ".BTF: header at offset 0x0: the fixed part of btf_header (magic, version, flags, hdr_len) needs 8 bytes "
                        + "but the section ends at 0x7");
        refuse("version 2", btf(ONE_INT, p -> p.put(2, (byte) 2)), 2,
                ".BTF: header at offset 0x2: unsupported BTF version 2 (only 1 exists)");
        refuse("hdr_len too small", btf(ONE_INT, p -> p.putInt(4, 16)), 4,
                ".BTF: header at offset 0x4: hdr_len 16 is smaller than struct btf_header (24 bytes)");
        refuse("hdr_len past the end", btf(ONE_INT, p -> p.putInt(4, 1000)), 4,
                ".BTF: header at offset 0x4: hdr_len 1000 is past the end of the section (45 bytes)");
        refuse("header cut short", new byte[] {(byte) 0x9f, (byte) 0xeb, 1, 0, 24, 0, 0, 0, 0, 0, 0, 0}, 4,
                ".BTF: header at offset 0x4: hdr_len 24 is past the end of the section (12 bytes)");
        refuse("type section past the end", btf(ONE_INT, p -> p.putInt(12, 100)), 8,
                ".BTF: header at offset 0x8: type section [0, 100) relative to the header's end is outside the 21 bytes that "
                        + "follow the header");
        refuse("type_off near 4 GiB", btf(ONE_INT, p -> p.putInt(8, -4)), 8,
                ".BTF: header at offset 0x8: type section [4294967292, 4294967308) relative to the header's end is outside "
                        + "the 21 bytes that follow the header");
        refuse("string table past the end", btf(ONE_INT, p -> p.putInt(20, 10)), 16,
                ".BTF: header at offset 0x10: string table [16, 26) relative to the header's end is outside the 21 bytes "
                        + "that follow the header");
        refuse("overlap", btf(ONE_INT, p -> p.putInt(16, 8).putInt(20, 8)), 8,
                ".BTF: header at offset 0x8: the type section [0x18, 0x28) overlaps the string table [0x20, 0x28)");
        refuse("empty string table", btf(ONE_INT, p -> p.putInt(20, 0)), 40,
                ".BTF: string table at offset 0x28: the string table is empty (it must hold at least the empty string)");
        refuse("string table without the empty string", btf(ONE_INT, p -> p.put(40, (byte) 'x')), 40,
                ".BTF: string table at offset 0x28: the string table does not start with the empty string (first byte 0x78)");
        refuse("string table without a last NUL", btf(ONE_INT, p -> p.put(44, (byte) 'x')), 44,
                ".BTF: string table at offset 0x2c: the string table does not end with a NUL byte");
        refuse("kind 0", btf(ONE_INT, p -> p.putInt(28, 0)), T1 + 4,
                ".BTF: type 1 at offset 0x1c: unknown kind 0 (info 0x0)");
        refuse("kind 20", btf(ONE_INT, p -> p.putInt(28, 20 << 24)), T1 + 4,
                ".BTF: type 1 at offset 0x1c: unknown kind 20 (info 0x14000000)");
        refuse("unused info bits", btf(ONE_INT, p -> p.putInt(28, 1 << 24 | 1 << 20)), T1 + 4,
                ".BTF: type 1 at offset 0x1c: unused bits set in info 0x1100000");
        refuse("name outside the strings", btf(ONE_INT, p -> p.putInt(24, 999)), T1,
                ".BTF: type 1 (INT) at offset 0x18: name offset 999 is outside the string table (size 5)");
        refuse("member name outside the strings",
                btf(b -> b.struct("s", 4, b.member("x", 0, 0)), p -> p.putInt(36, 4096)), T1 + 12,
                ".BTF: type 1 (STRUCT) member 0 at offset 0x24: name offset 4096 is outside the string table (size 5)");
        refuse("vlen past the end of the types", btf(b -> b.raw("s", BtfBuilder.info(BtfUapi.BTF_KIND_STRUCT, false, 1000), 4)),
                T1, ".BTF: type 1 (STRUCT) at offset 0x18: STRUCT with vlen 1000 needs 12000 bytes after its btf_type but "
                        + "only 0 remain in the type section");
        refuse("vlen 65535 of a FUNC_PROTO", btf(b -> b.raw("", BtfBuilder.info(BtfUapi.BTF_KIND_FUNC_PROTO, false, 0xffff), 0)),
                T1, ".BTF: type 1 (FUNC_PROTO) at offset 0x18: FUNC_PROTO with vlen 65535 needs 524280 bytes after its "
                        + "btf_type but only 0 remain in the type section");
        refuse("truncated btf_type", btf(ONE_INT, p -> p.putInt(12, 8)), T1,
                ".BTF: type 1 at offset 0x18: a btf_type needs 12 bytes but only 8 remain in the type section");
        refuse("int record cut off", btf(ONE_INT, p -> p.putInt(12, 12).putInt(16, 16)), T1,
                ".BTF: type 1 (INT) at offset 0x18: INT with vlen 0 needs 4 bytes after its btf_type but only 0 remain in "
                        + "the type section");
        refuse("type id that does not exist", btf(b -> b.ptr(5)), T1 + 8,
                ".BTF: type 1 (PTR) at offset 0x20: type id 5 does not exist (the last is 1)");
        refuse("type id above BTF_MAX_TYPE", btf(b -> b.ptr(0x100000)), T1 + 8,
                ".BTF: type 1 (PTR) at offset 0x20: type id 1048576 is larger than BTF_MAX_TYPE (1048575)");
        refuse("member type that does not exist", btf(b -> b.struct("s", 4, b.member("x", 7, 0))), T1 + 16,
                ".BTF: type 1 (STRUCT) member 0 at offset 0x28: type id 7 does not exist (the last is 1)");
        refuse("typedef of itself", btf(b -> b.typedef("t", 1)), T1,
                ".BTF: type 1 at offset 0x18: types 1 -> 1 form a loop");
        refuse("typedef loop", btf(b -> {
            b.typedef("a", 2);
            b.typedef("b", 1);
        }), T1, ".BTF: type 1 at offset 0x18: types 1 -> 2 -> 1 form a loop");
        refuse("pointer loop through const", btf(b -> {
            b.integer("int", 4, 1, 32);
            b.ptr(3);
            b.ref(BtfUapi.BTF_KIND_CONST, "", 2);
        }), T1 + 16, ".BTF: type 2 at offset 0x28: types 2 -> 3 -> 2 form a loop");
        refuse("array of itself", btf(b -> b.array(1, 1, 2)), T1, ".BTF: type 1 at offset 0x18: types 1 -> 1 form a loop");
        refuse("chain of 40 typedefs", btf(b -> {
            for (int i = 1; i <= 40; i++) {
                b.typedef("t" + i, i + 1);
            }
            b.integer("int", 4, 1, 32);
        }), T1, ".BTF: type 1 at offset 0x18: the chain of typedefs, qualifiers, pointers and arrays from here is longer "
                + "than 32 types");
        refuse("FUNC of an INT", btf(b -> {
            b.integer("int", 4, 1, 32);
            b.func("f", 1, 1);
        }), T1 + 16, ".BTF: type 2 at offset 0x28: FUNC 'f' refers to type 1, INT 'int', not a FUNC_PROTO");
        refuse("DATASEC holding an INT", btf(b -> {
            b.integer("int", 4, 1, 32);
            b.datasec(".data", 4, 1, 0, 4);
        }), T1 + 16, ".BTF: type 2 at offset 0x28: var_secinfo 0 refers to type 1, INT 'int', not a VAR or FUNC");
        refuse("DECL_TAG of a member that does not exist", btf(b -> {
            b.integer("int", 4, 1, 32);
            b.struct("s", 4, b.member("x", 1, 0));
            b.raw("tag", BtfBuilder.info(BtfUapi.BTF_KIND_DECL_TAG, false, 0), 2, 1);
        }), T1 + 16 + 24, ".BTF: type 3 at offset 0x40: DECL_TAG 'tag' has component_idx 1 but STRUCT 's' has 1 members "
                + "or parameters");
        refuse("DECL_TAG of a parameter that does not exist", btf(b -> {
            b.funcProto(0);
            b.func("f", 1, 1);
            b.raw("tag", BtfBuilder.info(BtfUapi.BTF_KIND_DECL_TAG, false, 0), 2, 0);
        }), T1 + 24, ".BTF: type 3 at offset 0x30: DECL_TAG 'tag' has component_idx 0 but FUNC 'f' has 0 members or "
                + "parameters");
        refuse("DECL_TAG on an INT", btf(b -> {
            b.integer("int", 4, 1, 32);
            b.raw("tag", BtfBuilder.info(BtfUapi.BTF_KIND_DECL_TAG, false, 0), 1, -1);
        }), T1 + 16, ".BTF: type 2 at offset 0x28: DECL_TAG 'tag' is on INT 'int' (only a struct, union, func, var or typedef "
                + "can carry one)");
        refuse("DECL_TAG component_idx -2", btf(b -> b.raw("tag", BtfBuilder.info(BtfUapi.BTF_KIND_DECL_TAG, false, 0), 0, -2)),
                T1 + 12, ".BTF: type 1 (DECL_TAG) at offset 0x24: component_idx -2 is below -1");
        refuse("DECL_TAG without a name", btf(b -> b.raw("", BtfBuilder.info(BtfUapi.BTF_KIND_DECL_TAG, false, 0), 0, -1)),
                T1, ".BTF: type 1 (DECL_TAG) at offset 0x18: a DECL_TAG must have a name (the attribute)");
        refuse("array of void", btf(b -> b.array(0, 0, 4)), T1, ".BTF: type 1 at offset 0x18: array of void");
        refuse("int of 3 bytes", btf(b -> b.integer("int", 3, 0, 24)), T1 + 8,
                ".BTF: type 1 (INT) at offset 0x20: size 3 is not one of [1, 2, 4, 8, 16]");
        refuse("int of 40 bits in 4 bytes", btf(b -> b.integer("int", 4, 0, 40)), T1 + 12,
                ".BTF: type 1 (INT) at offset 0x24: bit offset 0 and nr_bits 40 do not fit in 4 bytes");
        refuse("int of 0 bits", btf(b -> b.integer("int", 4, 0, 0)), T1 + 12,
                ".BTF: type 1 (INT) at offset 0x24: bit offset 0 and nr_bits 0 do not fit in 4 bytes");
        refuse("int encoding 3", btf(b -> b.integer("int", 4, 3, 32)), T1 + 12,
                ".BTF: type 1 (INT) at offset 0x24: unknown int encoding 3");
        refuse("int reserved bits", btf(b -> b.raw("int", BtfBuilder.info(BtfUapi.BTF_KIND_INT, false, 0), 4, 0x10000020L)),
                T1 + 12, ".BTF: type 1 (INT) at offset 0x24: reserved bits set in the int word 0x10000020");
        refuse("FUNC linkage 3", btf(b -> {
            b.funcProto(0);
            b.func("f", 1, 3);
        }), T1 + 12 + 4, ".BTF: type 2 (FUNC) at offset 0x28: unknown function linkage 3");
        refuse("VAR linkage 3", btf(b -> b.var("v", 0, 3)), T1 + 12,
                ".BTF: type 1 (VAR) at offset 0x24: unknown variable linkage 3");
        refuse("vlen on a PTR", btf(b -> b.raw("", BtfBuilder.info(BtfUapi.BTF_KIND_PTR, false, 2), 0)), T1 + 4,
                ".BTF: type 1 (PTR) at offset 0x1c: PTR must have vlen 0, not 2");
        refuse("kind_flag on an INT", btf(b -> b.raw("int", BtfBuilder.info(BtfUapi.BTF_KIND_INT, true, 0), 4, 32)), T1 + 4,
                ".BTF: type 1 (INT) at offset 0x1c: INT must not have kind_flag set");
        refuse("enum of 3 bytes", btf(b -> b.enumeration("e", 3, false)), T1 + 8,
                ".BTF: type 1 (ENUM) at offset 0x20: size 3 is not one of [1, 2, 4, 8]");
        refuse("float of 3 bytes", btf(b -> b.raw("f", BtfBuilder.info(BtfUapi.BTF_KIND_FLOAT, false, 0), 3)), T1 + 8,
                ".BTF: type 1 (FLOAT) at offset 0x20: size 3 is not one of [2, 4, 8, 12, 16]");
        return new ArrayList<>(CASES).stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithTheOffset(Case c) {
        BtfException e = catchThrowableOfType(BtfException.class, () -> Btf.parse(c.section()));
        assertThat(e).as("a BtfException").isNotNull();
        assertThat(e.getMessage()).isEqualTo(c.message());
        assertThat(e.offset()).isEqualTo(c.offset());
        assertThat(e.section()).isEqualTo(".BTF");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedTheSameInBigEndian(Case c) {
        byte[] swapped = swapWords(c.section());
        if (swapped == null) {
            return;
        }
        BtfException e = catchThrowableOfType(BtfException.class, () -> Btf.parse(swapped));
        assertThat(e).as("a BtfException").isNotNull();
        assertThat(e.getMessage()).isEqualTo(c.message());
    }

    /**
     * The same section in the other byte order: every u32 of header and types swapped, strings
     * kept; null for the cases whose bytes are not a whole header and whole words.
     */
    private static byte[] swapWords(byte[] le) {
        if (le.length < 24 || (le[0] & 0xff) != 0x9f) {
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(le).order(ByteOrder.LITTLE_ENDIAN);
        long hdr = in.getInt(4) & 0xffffffffL;
        long typeLen = in.getInt(12) & 0xffffffffL;
        if (hdr != 24 || in.getInt(8) != 0 || typeLen % 4 != 0 || 24 + typeLen > le.length) {
            return null;
        }
        byte[] out = le.clone();
        ByteBuffer o = ByteBuffer.wrap(out).order(ByteOrder.BIG_ENDIAN);
        o.putShort(0, (short) 0xeb9f);
        for (int i = 4; i < 24 + typeLen; i += 4) {
            o.putInt(i, in.getInt(i));
        }
        return out;
    }
}
