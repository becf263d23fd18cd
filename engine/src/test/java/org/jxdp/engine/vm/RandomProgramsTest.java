package org.jxdp.engine.vm;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.jxdp.engine.asm.Assembler;
import org.jxdp.engine.asm.AssemblyException;
import org.jxdp.engine.asm.Disassembler;
import org.jxdp.engine.conformance.ConformanceHelpers;
import org.jxdp.engine.isa.Program;
import org.jxdp.engine.testing.Engines;
import org.jxdp.engine.testing.ProgramGenerator;
import org.jxdp.engine.verifier.ProgramRejectedException;

/**
 * Ten thousand random well-formed programs: each loads, runs on every engine to a result or a
 * fault (never an escaping exception), every engine agrees, and the text form round-trips.
 */
class RandomProgramsTest {

    @Test
    void randomProgramsRunToAResultOrAFaultAndEnginesAgree() throws ProgramRejectedException, AssemblyException {
        ProgramGenerator gen = new ProgramGenerator(0x5eed);
        int faults = 0;
        int results = 0;
        byte[] input = new byte[24];
        for (int i = 0; i < 10_000; i++) {
            Program p = gen.next(8 + i % 40);
            assertThat(Assembler.assemble("again", Disassembler.disassemble(p))).isEqualTo(p);
            Long expected = null;
            String expectedFault = null;
            for (EngineKind k : Engines.all().toList()) {
                Executable exe = k.load(p, ConformanceHelpers.table());
                ExecutionContext ctx = new ExecutionContext().budget(2_000);
                for (int b = 0; b < input.length; b++) {
                    input[b] = (byte) (b * 37 + i);
                }
                long r0 = exe.run(ctx, ctx.mapInput(input), input.length);
                String fault = ctx.fault() == null ? null : ctx.fault().message();
                if (fault != null) {
                    assertThat(ctx.fault().kind()).as(fault).isNotEqualTo(FaultKind.INTERNAL);
                }
                if (expected == null) {
                    expected = r0;
                    expectedFault = fault;
                    if (fault == null) {
                        results++;
                    } else {
                        faults++;
                    }
                } else {
                    assertThat(r0).as(k + "\n" + Disassembler.disassemble(p)).isEqualTo(expected);
                    assertThat(fault).as(k.cliName()).isEqualTo(expectedFault);
                }
            }
        }
        // the generator should exercise both outcomes a fair amount
        assertThat(results).isGreaterThan(1_000);
        assertThat(faults).isGreaterThan(1_000);
    }
}
