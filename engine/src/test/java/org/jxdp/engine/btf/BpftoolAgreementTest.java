package org.jxdp.engine.btf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every type the parser reads, written in bpftool's raw format, must be exactly what
 * {@code bpftool btf dump file F format raw} prints: ids, kinds, names, sizes, members and
 * offsets, nelems, enumerators, linkages, DATASEC entries. On the sample objects, on programs
 * compiled here for both byte orders, and on a hand-built section holding every kind.
 */
class BpftoolAgreementTest {

    private static String bpftool(Path file) throws IOException, InterruptedException {
        return ExternalTool.output("bpftool", "btf", "dump", "file", file.toString(), "format", "raw");
    }

    @Test
    void everySampleObjectWithBtfAgreesWithBpftool(@TempDir Path dir) throws Exception {
        List<Path> objects = TestObjects.samplesWithBtf();
        assertThat(objects).as("sample objects with .BTF").hasSizeGreaterThanOrEqualTo(9);
        int types = 0;
        for (Path o : objects) {
            TestObjects.Sections s = TestObjects.sections(o, dir);
            Btf btf = Btf.parse(s.btf());
            assertThat(BpftoolRawFormat.format(btf)).as(o.toString()).isEqualTo(bpftool(o));
            assertThat(btf.byteOrder()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
            if (s.ext() != null) {
                BtfExt ext = BtfExt.parse(s.ext(), btf);
                assertThat(ext.sections()).as(o + " .BTF.ext sections").isNotEmpty();
            }
            types += btf.maxTypeId();
        }
        assertThat(types).isGreaterThan(100);
    }

    @ParameterizedTest(name = "{0} for {1}")
    @CsvSource({"kinds.c, bpf", "kinds.c, bpfeb", "maps.c, bpf", "maps.c, bpfeb", "core.c, bpf", "core.c, bpfeb"})
    void compiledProgramsAgreeWithBpftoolInBothByteOrders(String source, String target, @TempDir Path dir)
            throws Exception {
        Path obj = TestObjects.compile(source, dir, target);
        TestObjects.Sections s = TestObjects.sections(obj, dir);
        Btf btf = Btf.parse(s.btf());
        assertThat(btf.byteOrder()).isEqualTo(target.equals("bpfeb") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        assertThat(BpftoolRawFormat.format(btf)).isEqualTo(bpftool(obj));
        BtfExt ext = BtfExt.parse(s.ext(), btf);
        assertThat(ext.byteOrder()).isEqualTo(btf.byteOrder());
        assertThat(ext.funcInfo("xdp")).isNotEmpty();
    }

    @Test
    void everyKindAgreesWithBpftool(@TempDir Path dir) throws Exception {
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            byte[] section = EveryKind.build(order);
            Path f = dir.resolve("every-kind-" + order + ".btf");
            Files.write(f, section);
            Btf btf = Btf.parse(section);
            assertThat(btf.byteOrder()).isEqualTo(order);
            for (int kind = 1; kind <= BtfUapi.BTF_KIND_MAX; kind++) {
                int k = kind;
                assertThat(btf.types()).as("a type of kind " + BtfUapi.kindName(kind)).anyMatch(t -> t.kind() == k);
            }
            assertThat(BpftoolRawFormat.format(btf)).isEqualTo(bpftool(f));
        }
    }
}
