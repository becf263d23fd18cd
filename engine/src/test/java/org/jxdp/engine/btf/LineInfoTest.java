package org.jxdp.engine.btf;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The source lines of .BTF.ext against the DWARF line table as {@code llvm-objdump -d -l}
 * prints it, on the sample objects and on programs compiled here, and the per-instruction
 * lookup on a hand-built table.
 *
 * <p>clang writes a BTF line record wherever an instruction's debug location (line or column)
 * changes, and a DWARF row at the same place; llvm-objdump prints a row's {@code ; file:line}
 * when the line differs from the previous row's. So at every BTF record with a line and a
 * column, the line objdump last printed must be the record's line, in the same file. Records
 * with column 0 are left out: clang makes them from the function's declaration line when the
 * first instruction has no location, where DWARF uses the line of the opening brace.
 */
class LineInfoTest {

    private static final Pattern SECTION = Pattern.compile("^Disassembly of section (.+):$");
    private static final Pattern INSN = Pattern.compile("^\\s+(\\d+):\\s");
    private static final Pattern SOURCE = Pattern.compile("^; (.+):(\\d+)$");

    /** ELF section → instruction index → "file:line" as llvm-objdump last printed it there. */
    private static Map<String, Map<Integer, String>> objdumpLines(Path object) throws Exception {
        Map<String, Map<Integer, String>> out = new HashMap<>();
        Map<Integer, String> current = null;
        String where = null;
        for (String line : ExternalTool.output("llvm-objdump", "-d", "-l", "--no-show-raw-insn", object.toString())
                .split("\n")) {
            Matcher m;
            if ((m = SECTION.matcher(line)).matches()) {
                current = out.computeIfAbsent(m.group(1), k -> new HashMap<>());
                where = null;
            } else if ((m = SOURCE.matcher(line)).matches()) {
                String file = m.group(1);
                where = file.substring(file.lastIndexOf('/') + 1) + ":" + m.group(2);
            } else if ((m = INSN.matcher(line)).find() && current != null && where != null) {
                current.put(Integer.parseInt(m.group(1)), where);
            }
        }
        return out;
    }

    private static int compare(Path object, TestObjects.Sections s) throws Exception {
        Btf btf = Btf.parse(s.btf());
        BtfExt ext = BtfExt.parse(s.ext(), btf);
        Map<String, Map<Integer, String>> dwarf = objdumpLines(object);
        int compared = 0;
        for (String section : ext.sections()) {
            for (LineInfo l : ext.lineInfo(section).records()) {
                if (l.line() == 0 || l.column() == 0) {
                    continue;
                }
                assertThat(dwarf.getOrDefault(section, Map.of()).get(l.insnIndex()))
                        .as(object.getFileName() + " section " + section + " insn " + l.insnIndex() + " (" + l.lineText().trim() + ")")
                        .isEqualTo(l.location());
                assertThat(ext.lineAt(section, l.insnIndex())).contains(l);
                compared++;
            }
        }
        return compared;
    }

    @Test
    void sampleObjectsAgreeWithLlvmObjdump(@TempDir Path dir) throws Exception {
        int compared = 0;
        int objects = 0;
        for (Path o : TestObjects.samplesWithBtf()) {
            TestObjects.Sections s = TestObjects.sections(o, dir);
            if (s.ext() != null) {
                compared += compare(o, s);
                objects++;
            }
        }
        assertThat(objects).isGreaterThanOrEqualTo(9);
        assertThat(compared).isGreaterThan(50);
    }

    @Test
    void compiledProgramsAgreeWithLlvmObjdump(@TempDir Path dir) throws Exception {
        int compared = 0;
        for (String source : List.of("maps.c", "kinds.c", "core.c")) {
            Path o = TestObjects.compile(source, dir, "bpf");
            compared += compare(o, TestObjects.sections(o, dir));
        }
        assertThat(compared).isGreaterThan(30);
    }

    @Test
    void everyInstructionOfACompiledProgramHasTheLineOfTheRecordBeforeIt(@TempDir Path dir) throws Exception {
        Path o = TestObjects.compile("maps.c", dir, "bpf");
        TestObjects.Sections s = TestObjects.sections(o, dir);
        Btf btf = Btf.parse(s.btf());
        BtfExt ext = BtfExt.parse(s.ext(), btf);
        LineTable table = ext.lineInfo("xdp");
        List<LineInfo> records = table.records();
        assertThat(records).hasSizeGreaterThan(10);
        assertThat(ext.funcInfo("xdp")).extracting(FuncInfo::name).containsExactly("handler_a", "handler_b", "prog");
        int last = records.get(records.size() - 1).insnIndex();
        for (int i = 0; i <= last + 5; i++) {
            LineInfo expected = null;
            for (LineInfo l : records) {
                if (l.insnIndex() <= i) {
                    expected = l;
                }
            }
            assertThat(table.at(i).orElse(null)).as("insn " + i).isEqualTo(expected);
        }
        LineInfo first = table.at(0).orElseThrow();
        assertThat(first.location()).isEqualTo("maps.c:51");
        assertThat(first.lineText()).isEqualTo("\treturn XDP_PASS;");
        assertThat(first.fileName()).endsWith("/maps.c");
    }

    @Test
    void lookupTakesTheLastRecordAtOrBeforeTheInstruction() throws BtfException {
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            BtfBuilder b = new BtfBuilder(order);
            int f = b.str("/src/prog.c");
            long[][] xdp = {
                {0, f, b.str("int prog(void *ctx)"), 10L << 10 | 0},
                {16, f, b.str("\tint x = 1;"), 12L << 10 | 6},
                {56, f, b.str("\treturn x;"), 14L << 10 | 2},
            };
            long[][] other = {{8, f, b.str("\tgoto out;"), 99L << 10 | 1023}};
            byte[] ext = b.ext(b.extInfo(8), b.extInfo(16, "xdp", xdp, "tc", other), null);
            BtfExt e = BtfExt.parse(ext, Btf.parse(b.build()));
            assertThat(e.sections()).containsExactly("xdp", "tc");
            assertThat(e.lineAt("xdp", 0).orElseThrow().line()).isEqualTo(10);
            assertThat(e.lineAt("xdp", 1).orElseThrow().line()).isEqualTo(10);
            assertThat(e.lineAt("xdp", 2).orElseThrow().location()).isEqualTo("prog.c:12");
            assertThat(e.lineAt("xdp", 6).orElseThrow().line()).isEqualTo(12);
            assertThat(e.lineAt("xdp", 7).orElseThrow().lineText()).isEqualTo("\treturn x;");
            assertThat(e.lineAt("xdp", 1_000_000).orElseThrow().column()).isEqualTo(2);
            assertThat(e.lineAt("tc", 0)).isEmpty();
            LineInfo tc = e.lineAt("tc", 1).orElseThrow();
            assertThat(tc.line()).isEqualTo(99);
            assertThat(tc.column()).isEqualTo(1023);
            assertThat(e.lineAt("nosuch", 0)).isEmpty();
            assertThat(e.lineInfo("nosuch").isEmpty()).isTrue();
        }
    }

    @Test
    void recordsOutOfOrderAreSortedAndLargerRecordsAreHonoured() throws BtfException {
        BtfBuilder b = new BtfBuilder();
        int f = b.str("a.c");
        // rec_size 24: 8 bytes of a future field after each bpf_line_info, which must be skipped
        long[][] recs = {
            {24, f, 0, 3L << 10, 0xdead, 0xbeef},
            {0, f, 0, 1L << 10, 0xdead, 0xbeef},
            {8, f, 0, 2L << 10, 0xdead, 0xbeef},
        };
        BtfExt e = BtfExt.parse(b.ext(b.extInfo(8), b.extInfo(24, "s", recs), null), Btf.parse(b.build()));
        List<Integer> lines = new ArrayList<>();
        for (LineInfo l : e.lineInfo("s").records()) {
            lines.add(l.line());
        }
        assertThat(lines).containsExactly(1, 2, 3);
        assertThat(e.lineAt("s", 2).orElseThrow().line()).isEqualTo(2);
        assertThat(e.lineAt("s", 3).orElseThrow().line()).isEqualTo(3);
    }
}
