package org.jxdp.engine.asm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.jxdp.engine.isa.Insn;
import org.jxdp.engine.isa.Program;
import org.jxdp.engine.testing.SharedFiles;

/** The llvm-objdump-style formatter, checked against llvm-objdump itself where it is installed. */
class ObjdumpSyntaxTest {

    private static String fmt(String asm) throws AssemblyException {
        return ObjdumpSyntax.format(Assembler.assemble("t", asm), 0);
    }

    @Test
    void formatsEveryFamilyLikeLlvm() throws AssemblyException {
        assertThat(fmt("mov %r0, 1")).isEqualTo("r0 = 1");
        assertThat(fmt("add32 %r1, %r2")).isEqualTo("w1 += w2");
        assertThat(fmt("arsh %r1, 3")).isEqualTo("r1 s>>= 3");
        assertThat(fmt("sdiv32 %r1, -2")).isEqualTo("w1 s/= -2");
        assertThat(fmt("smod %r1, %r2")).isEqualTo("r1 s%= r2");
        assertThat(fmt("neg %r3")).isEqualTo("r3 = -r3");
        assertThat(fmt("movsx1664 %r0, %r1")).isEqualTo("r0 = (s16)r1");
        assertThat(fmt("movsx832 %r0, %r1")).isEqualTo("w0 = (s8)w1");
        assertThat(fmt("be16 %r2")).isEqualTo("r2 = be16 r2");
        assertThat(fmt("bswap64 %r2")).isEqualTo("r2 = bswap64 r2");
        assertThat(fmt("lddw %r1, -1")).isEqualTo("r1 = -1 ll");
        assertThat(fmt("ldxw %r2, [%r1+4]")).isEqualTo("r2 = *(u32 *)(r1 + 4)");
        assertThat(fmt("ldxsh %r2, [%r10-6]")).isEqualTo("r2 = *(s16 *)(r10 - 6)");
        assertThat(fmt("stb [%r10-1], 7")).isEqualTo("*(u8 *)(r10 - 1) = 7");
        assertThat(fmt("stxdw [%r10-8], %r1")).isEqualTo("*(u64 *)(r10 - 8) = r1");
        assertThat(fmt("lock add [%r1+0], %r2")).isEqualTo("lock *(u64 *)(r1 + 0) += r2");
        assertThat(fmt("lock add32 [%r1+0], %r2")).isEqualTo("lock *(u32 *)(r1 + 0) += w2");
        assertThat(fmt("lock fetch or [%r1+0], %r2")).isEqualTo("r2 = atomic_fetch_or((u64 *)(r1 + 0), r2)");
        assertThat(fmt("lock xchg32 [%r1+0], %r2")).isEqualTo("w2 = xchg32_32(r1 + 0, w2)");
        assertThat(fmt("lock cmpxchg [%r1+8], %r2")).isEqualTo("r0 = cmpxchg_64(r1 + 8, r0, r2)");
        assertThat(fmt("ldacqdw %r0, [%r1]")).isEqualTo("r0 = load_acquire((u64 *)(r1 + 0))");
        assertThat(fmt("strelh [%r1], %r2")).isEqualTo("store_release((u16 *)(r1 + 0), w2)");
        assertThat(fmt("ja -3")).isEqualTo("goto -3");
        assertThat(fmt("ja32 +70000")).isEqualTo("gotol +70000");
        assertThat(fmt("jsgt %r1, %r2, +4")).isEqualTo("if r1 s> r2 goto +4");
        assertThat(fmt("jset32 %r1, 8, +0")).isEqualTo("if w1 & 8 goto +0");
        assertThat(fmt("call 12")).isEqualTo("call 12");
        assertThat(fmt("call %r3")).isEqualTo("callx r3");
        assertThat(fmt("call local +2")).isEqualTo("call pc+2");
        assertThat(fmt("exit")).isEqualTo("exit");
        assertThat(fmt(".insn 0x00000000000000ff")).isEqualTo("<invalid opcode 0xff, insn 0x00000000000000ff>");
    }

    @Test
    void listingsShowIndexesAndRawBytes() throws AssemblyException {
        String listing = ObjdumpSyntax.listing(Assembler.assemble("t", "lddw %r1, 1\nexit"), true);
        assertThat(listing).isEqualTo(
                "       0:\t18 01 00 00 01 00 00 00 00 00 00 00 00 00 00 00\tr1 = 1 ll\n"
                        + "       2:\t95 00 00 00 00 00 00 00\texit\n");
    }

    private static final Pattern LINE = Pattern.compile("^\\s*(\\d+):\\t((?:[0-9a-f]{2} ?)+)\\t(.*)$");

    /** Every instruction of every sample object, formatted as llvm-objdump formats it. */
    @Test
    void agreesWithLlvmObjdumpOnTheSampleObjects() throws IOException, InterruptedException {
        Path samples = SharedFiles.resolve("samples");
        List<Path> objects;
        try (Stream<Path> s = Files.walk(samples)) {
            objects = s.filter(p -> p.toString().endsWith(".o")).sorted().toList();
        }
        int checked = 0;
        for (Path o : objects) {
            for (String line : objdump(o)) {
                Matcher m = LINE.matcher(line);
                if (!m.matches()) {
                    continue;
                }
                String[] bytes = m.group(2).trim().split(" ");
                long[] slots = new long[bytes.length / 8];
                for (int i = 0; i < bytes.length; i++) {
                    slots[i / 8] |= Long.parseLong(bytes[i], 16) << (8 * (i % 8));
                }
                String expected = m.group(3).replaceAll(" <[^>]*>$", "").trim();
                String actual = ObjdumpSyntax.format(Program.of("o", slots), 0);
                if (Insn.opcode(slots[0]) == 0x85 && Insn.src(slots[0]) == 1) {
                    // llvm-objdump prints a bpf-to-bpf call as its raw immediate; we say pc+imm
                    expected = "call pc" + (Insn.imm(slots[0]) < 0 ? "" : "+") + Insn.imm(slots[0]);
                }
                assertThat(actual).as(o + ": " + line).isEqualTo(expected);
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(1000);
    }

    private static List<String> objdump(Path object) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder("llvm-objdump", "-d", object.toString()).redirectErrorStream(true).start();
        } catch (IOException e) {
            if ("1".equals(System.getenv("JXDP_REQUIRE_TOOLS"))) {
                throw e;
            }
            Assumptions.abort("llvm-objdump is not installed (apt-get install llvm): " + e.getMessage());
            return List.of();
        }
        List<String> lines = new ArrayList<>(List.of(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .split("\n")));
        p.waitFor(30, TimeUnit.SECONDS);
        return lines;
    }
}
