package org.jxdp.engine.btf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** .BTF.ext: func_info, CO-RE relocations checked against the instructions clang wrote, and every refusal. */
class BtfExtTest {

    /**
     * clang writes the value a CO-RE relocation stands for into the instruction: the byte offset,
     * the byte size, 1 for "exists". For the fields that are not bitfields, that must be what
     * the parsed BTF says of the member the access string names.
     */
    @Test
    void coreRelocationsNameTheFieldsTheirInstructionsUse(@TempDir Path dir) throws Exception {
        Path obj = TestObjects.compile("core.c", dir, "bpf");
        TestObjects.Sections s = TestObjects.sections(obj, dir);
        Btf btf = Btf.parse(s.btf());
        BtfExt ext = BtfExt.parse(s.ext(), btf);
        ByteBuffer code = ByteBuffer.wrap(ElfSections.read(Files.readAllBytes(obj)).get("xdp")).order(ByteOrder.LITTLE_ENDIAN);
        List<CoreRelo> relos = ext.coreRelos("xdp");
        assertThat(relos).isEqualTo(ext.coreRelos());
        assertThat(relos).extracting(CoreRelo::kind).contains(BtfUapi.BPF_CORE_FIELD_BYTE_OFFSET,
                BtfUapi.BPF_CORE_FIELD_BYTE_SIZE, BtfUapi.BPF_CORE_FIELD_EXISTS, BtfUapi.BPF_CORE_FIELD_LSHIFT_U64,
                BtfUapi.BPF_CORE_FIELD_RSHIFT_U64);
        int checked = 0;
        for (CoreRelo r : relos) {
            assertThat(r.section()).isEqualTo("xdp");
            assertThat(btf.render(r.typeId())).isEqualTo("struct pkt_meta");
            assertThat(r.accessString()).matches("0:\\d");
            BtfType.Member m = btf.type(r.typeId(), BtfType.Struct.class).members()
                    .get(Integer.parseInt(r.accessString().substring(2)));
            int imm = code.getInt(r.insnIndex() * 8 + 4);
            if (m.bitfieldSize() != 0) {
                continue;
            }
            switch (r.kind()) {
                case BtfUapi.BPF_CORE_FIELD_BYTE_OFFSET:
                    assertThat(imm).as(r.toString()).isEqualTo(m.byteOffset());
                    break;
                case BtfUapi.BPF_CORE_FIELD_BYTE_SIZE:
                    assertThat(imm).as(r.toString()).isEqualTo(btf.sizeOf(m.type()));
                    break;
                case BtfUapi.BPF_CORE_FIELD_EXISTS:
                    assertThat(imm).as(r.toString()).isEqualTo(1);
                    break;
                default:
                    throw new AssertionError("unexpected relocation " + r);
            }
            checked++;
        }
        assertThat(checked).isEqualTo(3);
        assertThat(relos.get(0).kindName()).isEqualTo("field_byte_offset");
        assertThat(BtfUapi.coreReloKindName(99)).isEqualTo("unknown(99)");
        assertThat(ext.funcInfo("xdp")).containsExactly(new FuncInfo(0, btf.func("core_prog").orElseThrow().id(), "core_prog"));
        assertThat(ext.funcInfo("nosuch")).isEmpty();
        assertThat(ext.coreRelos("nosuch")).isEmpty();
    }

    @Test
    void aHeaderWithoutCoreFieldsAndLargerRecordsAreRead() throws BtfException {
        BtfBuilder b = new BtfBuilder(ByteOrder.BIG_ENDIAN);
        int proto = b.funcProto(0);
        int f = b.func("main", proto, 1);
        long[][] funcs = {{0, f, 7, 7}, {64, f, 7, 7}};
        byte[] ext = b.ext(b.extInfo(16, ".text", funcs), b.extInfo(16), null);
        Btf btf = Btf.parse(b.build());
        BtfExt e = BtfExt.parse(ext, btf);
        assertThat(e.byteOrder()).isEqualTo(ByteOrder.BIG_ENDIAN);
        assertThat(e.funcInfo(".text")).containsExactly(new FuncInfo(0, f, "main"), new FuncInfo(64, f, "main"));
        assertThat(e.funcInfo(".text").get(1).insnIndex()).isEqualTo(8);
        assertThat(e.coreRelos()).isEmpty();
        assertThat(e.flags()).isZero();
    }

    // ---- refusals ----

    record Case(String name, byte[] ext, byte[] btf, long offset, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** A .BTF with a FUNC 'f' (id 2) and an INT (id 3), and a .BTF.ext built on it, then patched. */
    private static Case refuse(String name, Consumer<ExtParts> parts, Consumer<ByteBuffer> patch, long offset, String message) {
        BtfBuilder b = new BtfBuilder();
        b.funcProto(0);
        b.func("f", 1, 1);
        b.integer("int", 4, 1, 32);
        ExtParts p = new ExtParts(b);
        parts.accept(p);
        byte[] ext = b.ext(p.func, p.line, p.core);
        patch.accept(ByteBuffer.wrap(ext).order(ByteOrder.LITTLE_ENDIAN));
        return new Case(name, ext, b.build(), offset, message);
    }

    /** The subsections of a .BTF.ext under construction. */
    static final class ExtParts {
        final BtfBuilder b;
        long[] func;
        long[] line;
        long[] core;

        ExtParts(BtfBuilder b) {
            this.b = b;
            func = b.extInfo(8, "xdp", new long[][] {{0, 2}});
            line = b.extInfo(16, "xdp", new long[][] {{0, b.str("p.c"), 0, 5 << 10}});
            core = b.extInfo(16);
        }
    }

    private static final Consumer<ExtParts> GOOD = p -> { };
    private static final Consumer<ByteBuffer> NONE = x -> { };

    static Stream<Case> cases() {
        List<Case> c = new ArrayList<>();
        c.add(refuse("bad magic", GOOD, x -> x.putShort(0, (short) 0x1234), 0,
                ".BTF.ext: header at offset 0x0: bad magic bytes 34 12 (expected 0xeb9f in either byte order)"));
        c.add(refuse("version 0", GOOD, x -> x.put(2, (byte) 0), 2,
                ".BTF.ext: header at offset 0x2: unsupported .BTF.ext version 0 (only 1 exists)"));
        c.add(refuse("hdr_len 20", GOOD, x -> x.putInt(4, 20), 4,
                ".BTF.ext: header at offset 0x4: hdr_len 20 is smaller than the btf_ext_header up to line_info_len (24 bytes)"));
        c.add(refuse("hdr_len past the end", GOOD, x -> x.putInt(4, 0x10000), 4,
                ".BTF.ext: header at offset 0x4: hdr_len 65536 is past the end of the section (84 bytes)"));
        c.add(refuse("func_info past the end", GOOD, x -> x.putInt(12, 100), 8,
                ".BTF.ext: header at offset 0x8: func_info [0, 100) relative to the header's end is outside the 52 bytes that "
                        + "follow the header"));
        c.add(refuse("line_info offset near 4 GiB", GOOD, x -> x.putInt(16, -8), 16,
                ".BTF.ext: header at offset 0x10: line_info [4294967288, 4294967316) relative to the header's end is outside "
                        + "the 52 bytes that follow the header"));
        c.add(refuse("core_relo past the end", GOOD, x -> x.putInt(28, 5), 24,
                ".BTF.ext: header at offset 0x18: core_relo [48, 53) relative to the header's end is outside the 52 bytes "
                        + "that follow the header"));
        c.add(refuse("rec_size 4", GOOD, x -> x.putInt(32, 4), 32,
                ".BTF.ext: func_info at offset 0x20: rec_size 4 is not a multiple of 4 of at least 8 (sizeof(struct "
                        + "bpf_func_info))"));
        c.add(refuse("rec_size 18", GOOD, x -> x.putInt(52, 18), 52,
                ".BTF.ext: line_info at offset 0x34: rec_size 18 is not a multiple of 4 of at least 16 (sizeof(struct "
                        + "bpf_line_info))"));
        c.add(refuse("subsection too short for rec_size", GOOD, x -> x.putInt(12, 2).putInt(16, 2).putInt(20, 0), 32,
                ".BTF.ext: func_info at offset 0x20: the subsection is 2 bytes, too short for its rec_size"));
        c.add(refuse("cut block header", GOOD, x -> x.putInt(12, 8), 36,
                ".BTF.ext: func_info at offset 0x24: a btf_ext_info block header needs 8 bytes but only 4 remain in the "
                        + "subsection"));
        c.add(refuse("num_info past the end", GOOD, x -> x.putInt(40, 1000), 40,
                ".BTF.ext: func_info of 'xdp' at offset 0x28: num_info 1000 records of 8 bytes need 8000 bytes but only 8 "
                        + "remain in the subsection"));
        c.add(refuse("num_info of 4 G", GOOD, x -> x.putInt(40, -1), 40,
                ".BTF.ext: func_info of 'xdp' at offset 0x28: num_info 4294967295 records of 8 bytes need 34359738360 bytes "
                        + "but only 8 remain in the subsection"));
        c.add(refuse("sec_name_off outside the strings", GOOD, x -> x.putInt(36, 5000), 36,
                ".BTF.ext: func_info at offset 0x24: sec_name_off 5000 is outside the .BTF string table (size 15)"));
        c.add(refuse("insn_off not a multiple of 8", GOOD, x -> x.putInt(44, 12), 44,
                ".BTF.ext: func_info record 0 of 'xdp' at offset 0x2c: insn_off 12 is not the byte offset of an instruction "
                        + "(a multiple of 8 below 2^31)"));
        c.add(refuse("insn_off of 4 GiB", GOOD, x -> x.putInt(64, -8), 64,
                ".BTF.ext: line_info record 0 of 'xdp' at offset 0x40: insn_off 4294967288 is not the byte offset of an "
                        + "instruction (a multiple of 8 below 2^31)"));
        c.add(refuse("func_info type id out of range", GOOD, x -> x.putInt(48, 9), 48,
                ".BTF.ext: func_info record 0 of 'xdp' at offset 0x30: type_id 9 does not exist in .BTF (the last is 3)"));
        c.add(refuse("func_info of an INT", GOOD, x -> x.putInt(48, 3), 48,
                ".BTF.ext: func_info record 0 of 'xdp' at offset 0x30: type_id 3 is INT 'int', not a FUNC"));
        c.add(refuse("file name outside the strings", GOOD, x -> x.putInt(68, 77), 68,
                ".BTF.ext: line_info record 0 of 'xdp' at offset 0x44: file_name_off 77 is outside the .BTF string table "
                        + "(size 15)"));
        c.add(refuse("line text outside the strings", GOOD, x -> x.putInt(72, 15), 72,
                ".BTF.ext: line_info record 0 of 'xdp' at offset 0x48: line_off 15 is outside the .BTF string table (size 15)"));
        Consumer<ExtParts> oneRelo = p -> p.core = p.b.extInfo(16, "xdp", new long[][] {{8, 3, p.b.str("0:1"), 0}});
        c.add(refuse("core_relo type id out of range", oneRelo, x -> x.putInt(96, 4), 96,
                ".BTF.ext: core_relo record 0 of 'xdp' at offset 0x60: type_id 4 does not exist in .BTF (the last is 3)"));
        c.add(refuse("core_relo access string outside the strings", oneRelo, x -> x.putInt(100, 1000), 100,
                ".BTF.ext: core_relo record 0 of 'xdp' at offset 0x64: access_str_off 1000 is outside the .BTF string table "
                        + "(size 19)"));
        c.add(refuse("core_relo kind of 2^31", oneRelo, x -> x.putInt(104, Integer.MIN_VALUE), 104,
                ".BTF.ext: core_relo record 0 of 'xdp' at offset 0x68: relocation kind 2147483648 is out of range"));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithTheOffset(Case c) throws BtfException {
        Btf btf = Btf.parse(c.btf());
        BtfException e = catchThrowableOfType(BtfException.class, () -> BtfExt.parse(c.ext(), btf));
        assertThat(e).as("a BtfException").isNotNull();
        assertThat(e.getMessage()).isEqualTo(c.message());
        assertThat(e.offset()).isEqualTo(c.offset());
        assertThat(e.section()).isEqualTo(".BTF.ext");
    }

    @Test
    void theUnpatchedSectionOfTheRefusalsParses() throws BtfException {
        Case good = refuse("good", GOOD, NONE, 0, "");
        BtfExt e = BtfExt.parse(good.ext(), Btf.parse(good.btf()));
        assertThat(e.funcInfo("xdp")).containsExactly(new FuncInfo(0, 2, "f"));
        assertThat(e.lineAt("xdp", 3).orElseThrow().location()).isEqualTo("p.c:5");
    }
}
