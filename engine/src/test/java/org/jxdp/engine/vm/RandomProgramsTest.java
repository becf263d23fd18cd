package org.jxdp.engine.vm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.jxdp.engine.asm.Assembler;
import org.jxdp.engine.asm.AssemblyException;
import org.jxdp.engine.asm.Disassembler;
import org.jxdp.engine.helpers.BpfFunc;
import org.jxdp.engine.isa.Program;
import org.jxdp.engine.testing.EngineDifferential;
import org.jxdp.engine.testing.ProgramGenerator;

/**
 * Random well-formed programs: each loads, runs on every engine to a result or a fault (never an
 * escaping exception), every engine ends in the same state (result or fault, input bytes, map
 * contents), and the text form round-trips. The Jazzer target
 * {@code EngineFuzzTest#generatedProgramsEndTheSameOnEveryEngine} explores the same space for
 * longer.
 */
class RandomProgramsTest {

    @Test
    void straightLineAndBranchyProgramsEndTheSameOnEveryEngine() throws AssemblyException {
        ProgramGenerator gen = new ProgramGenerator(0x5eed);
        EngineDifferential diff = EngineDifferential.plain(2_000);
        int faults = 0;
        int results = 0;
        for (int i = 0; i < 3_000; i++) {
            Program p = gen.next(8 + i % 40);
            assertThat(Assembler.assemble("again", Disassembler.disassemble(p))).isEqualTo(p);
            EngineDifferential.Outcome o = diff.check(p, input(24, i));
            assertThat(o).as("loads").isNotNull();
            if (o.fault() == null) {
                results++;
            } else {
                faults++;
            }
        }
        // the generator should exercise both outcomes a fair amount
        assertThat(results).isGreaterThan(300);
        assertThat(faults).isGreaterThan(300);
    }

    @Test
    void programsWithFunctionsLoopsAndMapsEndTheSameOnEveryEngine() {
        ProgramGenerator gen = new ProgramGenerator(0xca11).functions(4).loops()
                .maps(EngineDifferential.ARRAY_MAP, EngineDifferential.ARRAY_ENTRIES, EngineDifferential.HASH_MAP,
                        EngineDifferential.VALUE_SIZE)
                .helpers(BpfFunc.BPF_FUNC_get_prandom_u32, BpfFunc.BPF_FUNC_get_smp_processor_id);
        EngineDifferential diff = EngineDifferential.withMaps(5_000);
        int withMapEntries = 0;
        int results = 0;
        for (int i = 0; i < 2_000; i++) {
            EngineDifferential.Outcome o = diff.check(gen.next(10 + i % 30), input(32, i));
            assertThat(o).as("loads").isNotNull();
            if (o.fault() == null) {
                results++;
            }
            if (o.mapContents().contains("hash{0")) {
                withMapEntries++;
            }
        }
        assertThat(results).isGreaterThan(200);
        assertThat(withMapEntries).as("runs that left hash map entries").isGreaterThan(50);
    }

    private static byte[] input(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) (i * 37 + seed);
        }
        return b;
    }
}
