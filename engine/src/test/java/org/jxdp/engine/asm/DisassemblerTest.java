package org.jxdp.engine.asm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.jxdp.engine.conformance.ConformanceFile;
import org.jxdp.engine.conformance.ConformanceRunner;
import org.jxdp.engine.isa.Insn;
import org.jxdp.engine.isa.Program;
import org.jxdp.engine.testing.SharedFiles;

/** assemble(disassemble(p)) == p: for the whole conformance suite and for random slots. */
class DisassemblerTest {

    @Test
    void everyProgramOfTheConformanceSuiteRoundTrips() throws IOException, AssemblyException {
        List<Path> files = ConformanceRunner.collect(List.of(SharedFiles.resolve("conformance/bpf_conformance")));
        int programs = 0;
        for (Path f : files) {
            ConformanceFile t = ConformanceFile.parse(f);
            Program p;
            if (t.raw() != null && t.raw().length > 0) {
                p = Program.of(f.toString(), t.raw());
            } else if (t.asm() != null && !t.asm().isBlank()) {
                try {
                    p = Assembler.assemble(f.toString(), t.asm());
                } catch (AssemblyException e) {
                    continue; // the assembler self-tests in negative/
                }
            } else {
                continue;
            }
            String text = Disassembler.disassemble(p);
            assertThat(Assembler.assemble("again", text)).as(f + "\n" + text).isEqualTo(p);
            programs++;
        }
        assertThat(programs).isGreaterThanOrEqualTo(313 + 45);
    }

    @Test
    void validProgramsAreWrittenWithoutRawSlots() throws AssemblyException {
        String text = "mov %r0, 1\nlddw %r1, 0x1122334455667788\nlock fetch add32 [%r10-4], %r1\n"
                + "jsle32 %r0, -3, +1\ncall local +0\nexit";
        Program p = Assembler.assemble("t", text);
        assertThat(Disassembler.disassemble(p)).doesNotContain(".insn");
    }

    @Test
    void randomSlotsRoundTrip() throws AssemblyException {
        SplittableRandom rnd = new SplittableRandom(20261125);
        for (int i = 0; i < 200_000; i++) {
            long slot = rnd.nextInt(4) == 0 ? rnd.nextLong() : plausible(rnd);
            long next = rnd.nextBoolean() ? 0 : Insn.encode(0, 0, 0, 0, rnd.nextInt());
            Program p = Program.of("r", slot, next);
            assertThat(Assembler.assemble("again", Disassembler.disassemble(p))).as(Disassembler.disassemble(p))
                    .isEqualTo(p);
        }
    }

    /** A slot with a random opcode and small fields, which is often a real instruction. */
    private static long plausible(SplittableRandom rnd) {
        int[] imms = {0, 1, -1, 8, 16, 32, 64, 0xe1, 0xf1, 0x100, 0x110, 0x41, Integer.MIN_VALUE, rnd.nextInt()};
        int[] offs = {0, 1, -1, 8, 16, 32, 0x7fff, -0x8000};
        return Insn.encode(rnd.nextInt(256), rnd.nextInt(16), rnd.nextInt(16),
                offs[rnd.nextInt(offs.length)], imms[rnd.nextInt(imms.length)]);
    }
}
