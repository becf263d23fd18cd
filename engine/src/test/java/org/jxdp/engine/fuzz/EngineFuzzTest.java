package org.jxdp.engine.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.jxdp.engine.asm.Assembler;
import org.jxdp.engine.asm.AssemblyException;
import org.jxdp.engine.asm.Disassembler;
import org.jxdp.engine.asm.ObjdumpSyntax;
import org.jxdp.engine.conformance.ConformanceHelpers;
import org.jxdp.engine.helpers.BpfFunc;
import org.jxdp.engine.isa.Program;
import org.jxdp.engine.testing.EngineDifferential;
import org.jxdp.engine.testing.ProgramGenerator;
import org.jxdp.engine.verifier.ProgramRejectedException;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.engine.vm.ExecutionContext;
import org.jxdp.engine.vm.Executable;

/**
 * Jazzer targets for the engine's inputs: arbitrary instruction bytes and arbitrary assembly
 * text. Without {@code JAZZER_FUZZ=1} they replay their seed corpus as regression tests; with it
 * they fuzz for {@code maxDuration} (the README has the command).
 */
class EngineFuzzTest {

    /**
     * Any bytes: the checker accepts or refuses them with a message; an accepted program runs on
     * every engine without an exception escaping, and every engine gives the same result; the
     * program survives a trip through the disassembler and the assembler.
     */
    @FuzzTest(maxDuration = "60s")
    void arbitraryProgramsNeverEscapeTheEngine(FuzzedDataProvider data) throws AssemblyException {
        byte[] input = data.consumeBytes(data.consumeInt(0, 64));
        byte[] code = data.consumeRemainingAsBytes();
        Program p = Program.fromBytes("fuzz", java.util.Arrays.copyOf(code, code.length & ~7));
        assertThat(Assembler.assemble("again", Disassembler.disassemble(p))).isEqualTo(p);
        for (int pc = 0; pc < p.length(); pc++) {
            assertThat(ObjdumpSyntax.format(p, pc)).isNotEmpty();
        }
        Long first = null;
        for (EngineKind k : EngineKind.values()) {
            if (!k.available()) {
                continue;
            }
            Executable exe;
            try {
                exe = k.load(p, ConformanceHelpers.table());
            } catch (ProgramRejectedException e) {
                assertThat(e.getMessage()).isNotBlank();
                return;
            }
            ExecutionContext ctx = new ExecutionContext().budget(100_000);
            byte[] mem = input.clone();
            long r0 = exe.run(ctx, ctx.mapInput(mem), mem.length);
            if (ctx.fault() != null) {
                assertThat(ctx.fault().message()).startsWith("insn ");
                r0 = ~0L ^ ctx.fault().pc();
            }
            if (first == null) {
                first = r0;
            } else {
                assertThat(r0).as(k.cliName()).isEqualTo(first);
            }
        }
    }

    /**
     * Well-formed programs built from the fuzzer's bytes (functions calling each other, counted
     * loops, map lookups, updates and deletes with accesses through the value pointers, every
     * opcode class) on fuzzer-chosen input: every engine ends in the same state — the same result
     * or fault, the same input bytes, the same map contents.
     */
    @FuzzTest(maxDuration = "60s")
    void generatedProgramsEndTheSameOnEveryEngine(FuzzedDataProvider data) {
        byte[] input = data.consumeBytes(data.consumeInt(0, 64));
        int length = data.consumeInt(2, 60);
        boolean maps = data.consumeBoolean();
        ProgramGenerator gen = new ProgramGenerator(new FuzzedChoices(data)).functions(4).loops();
        EngineDifferential diff = EngineDifferential.plain(5_000);
        if (maps) {
            gen.maps(EngineDifferential.ARRAY_MAP, EngineDifferential.ARRAY_ENTRIES, EngineDifferential.HASH_MAP,
                    EngineDifferential.VALUE_SIZE)
                    .helpers(BpfFunc.BPF_FUNC_get_prandom_u32, BpfFunc.BPF_FUNC_get_smp_processor_id);
            diff = EngineDifferential.withMaps(5_000);
        }
        assertThat(diff.check(gen.next(length), input)).as("a generated program loads").isNotNull();
    }

    /** The generator's decisions taken from the fuzzer's bytes (zeros once they run out). */
    private record FuzzedChoices(FuzzedDataProvider data) implements ProgramGenerator.Choices {
        @Override
        public int nextInt(int bound) {
            return data.consumeInt(0, bound - 1);
        }

        @Override
        public int nextInt() {
            return data.consumeInt();
        }

        @Override
        public long nextLong() {
            return data.consumeLong();
        }
    }

    /** Any text: the assembler either assembles it or throws an {@link AssemblyException}. */
    @FuzzTest(maxDuration = "30s")
    void arbitraryTextEitherAssemblesOrIsRefused(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        try {
            Program p = Assembler.assemble("fuzz", text);
            assertThat(p.length()).isGreaterThanOrEqualTo(0);
        } catch (AssemblyException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}
