package org.jxdp.engine.jit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.jxdp.engine.conformance.ConformanceHelpers;
import org.jxdp.engine.isa.Insn;
import org.jxdp.engine.isa.Program;
import org.jxdp.engine.verifier.ProgramRejectedException;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.engine.vm.ExecutionContext;
import org.jxdp.engine.vm.Executable;
import org.jxdp.engine.vm.Interpreter;
import org.jxdp.engine.vm.ProgramEnvironment;

/**
 * A program the JIT cannot compile — here, one with more distinct 64-bit constants than a JVM
 * class's constant pool holds — is refused by the JIT with the reason, and
 * {@link EngineKind#loadOrFallBack} runs it on the interpreter instead, with a warning that
 * names the reason.
 */
class JitFallbackTest {
    /** {@code r0 ^= c} for 40,000 distinct 64-bit constants c, then exit. */
    private static Program tooManyConstants() {
        long[] slots = new long[40_000 * 3 + 2];
        int pc = 0;
        slots[pc++] = Insn.encode(0xb7, 0, 0, 0, 0);
        for (int i = 0; i < 40_000; i++) {
            long c = 0x1234_5678_0000_0000L + i * 0x1_0000_0001L;
            slots[pc++] = Insn.encode(0x18, 1, 0, 0, (int) c);
            slots[pc++] = Insn.encode(0, 0, 0, 0, (int) (c >>> 32));
            slots[pc++] = Insn.encode(0xaf, 0, 1, 0, 0);
        }
        slots[pc] = Insn.encode(0x95, 0, 0, 0, 0);
        return Program.of("constants", slots);
    }

    private static long expected() {
        long r0 = 0;
        for (int i = 0; i < 40_000; i++) {
            r0 ^= 0x1234_5678_0000_0000L + i * 0x1_0000_0001L;
        }
        return r0;
    }

    @Test
    void theJitRefusesAProgramItCannotCompileWithTheReason() {
        ProgramEnvironment env = ProgramEnvironment.of(ConformanceHelpers.table());
        assertThatThrownBy(() -> EngineKind.JIT.load(tooManyConstants(), env))
                .isInstanceOf(JitFailure.class)
                .hasMessageContaining("the JIT cannot compile constants")
                .hasMessageContaining("constant pool entries (the JVM allows 65535)");
    }

    @Test
    void aProgramTheJitCannotCompileRunsOnTheInterpreterWithAWarning() throws ProgramRejectedException {
        List<String> warnings = new ArrayList<>();
        Executable exe = EngineKind.JIT.loadOrFallBack(tooManyConstants(),
                ProgramEnvironment.of(ConformanceHelpers.table()), warnings::add);
        assertThat(exe).isInstanceOf(Interpreter.class);
        assertThat(warnings).singleElement().asString()
                .contains("constant pool").endsWith("; running it on the interpreter");
        ExecutionContext ctx = new ExecutionContext();
        assertThat(exe.run(ctx, 0, 0)).isEqualTo(expected());
        assertThat(ctx.fault()).isNull();
    }

    @Test
    void aProgramTheJitCompilesGivesNoWarning() throws ProgramRejectedException {
        List<String> warnings = new ArrayList<>();
        Program small = Program.of("small", new long[] {Insn.encode(0xb7, 0, 0, 0, 7), Insn.encode(0x95, 0, 0, 0, 0)});
        Executable exe = EngineKind.JIT.loadOrFallBack(small, ProgramEnvironment.of(ConformanceHelpers.table()),
                warnings::add);
        assertThat(exe).isNotInstanceOf(Interpreter.class);
        assertThat(warnings).isEmpty();
    }
}
