package org.jxdp.engine.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jxdp.engine.isa.Opcodes.BPF_CALL;
import static org.jxdp.engine.isa.Opcodes.BPF_EXIT;
import static org.jxdp.engine.isa.Opcodes.BPF_JMP;
import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_FUNC;
import static org.jxdp.engine.isa.Opcodes.BPF_X;
import static org.jxdp.engine.isa.Opcodes.LDDW;
import static org.jxdp.engine.testing.Engines.run;
import static org.jxdp.engine.testing.Engines.runWithTestHelpers;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.jxdp.engine.isa.Insn;
import org.jxdp.engine.isa.Program;
import org.jxdp.engine.testing.Engines;

/** Helper calls, bpf-to-bpf calls, callx and the call depth limit. */
class CallsTest {
    private static final String ENGINES = "org.jxdp.engine.testing.Engines#all";

    @ParameterizedTest
    @MethodSource(ENGINES)
    void helpersGetR1ToR5AndReturnInR0(EngineKind e) {
        assertThat(runWithTestHelpers(e, """
                mov %r1, 1
                mov %r2, 2
                mov %r3, 3
                mov %r4, 4
                mov %r5, 5
                call 0
                exit
                """)).isEqualTo(0x0102030405L);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void helpersReadAndWriteProgramMemory(EngineKind e) {
        assertThat(runWithTestHelpers(e, """
                mov %r1, 0x2a2a
                stxh [%r10-2], %r1
                mov %r1, %r10
                sub %r1, 2
                mov %r2, 2
                call 1
                ldxh %r0, [%r10-2]
                exit
                """)).isZero();
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void helperCallsPreserveR6ToR9(EngineKind e) {
        assertThat(runWithTestHelpers(e, """
                mov %r6, 6
                mov %r7, 7
                mov %r8, 8
                mov %r9, 9
                mov %r1, 1764
                call 3
                add %r0, %r6
                add %r0, %r7
                add %r0, %r8
                add %r0, %r9
                exit
                """)).isEqualTo(42 + 30L);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void theUnwindHelperStopsTheProgramWhenItReturnsZero(EngineKind e) {
        assertThat(runWithTestHelpers(e, "mov %r1, 0\ncall 5\nmov %r0, 2\nexit")).isZero();
        assertThat(runWithTestHelpers(e, "mov %r1, 1\ncall 5\nmov %r0, 2\nexit")).isEqualTo(2L);
        assertThat(runWithTestHelpers(e, "mov %r1, 0\ncall local f\nmov %r0, 2\nexit\nf:\ncall 5\nmov %r0, 3\nexit"))
                .isZero();
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void aHelperSeesTheContextItRunsIn(EngineKind e) {
        AtomicLong seen = new AtomicLong(-1);
        HelperTable t = HelperTable.builder()
                .add(7, "cpu", (c, a, b, d, f, g) -> {
                    seen.set(c.processorId());
                    return a * 2;
                }).build();
        Executable exe = Engines.load(e, Engines.assemble("mov %r1, 21\ncall 7\nexit"), t);
        ExecutionContext ctx = new ExecutionContext().processorId(3);
        assertThat(exe.run(ctx, 0, 0)).isEqualTo(42L);
        assertThat(seen.get()).isEqualTo(3L);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void localCallsPassR1ToR5AndPreserveR6ToR9(EngineKind e) {
        assertThat(run(e, """
                mov %r6, 6
                mov %r1, 10
                mov %r2, 20
                call local f
                add %r0, %r6
                exit
                f:
                mov %r6, 100
                mov %r0, %r1
                add %r0, %r2
                exit
                """)).isEqualTo(36L);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void eachCallHasItsOwnStackFrame(EngineKind e) {
        assertThat(run(e, """
                stdw [%r10-8], 1
                mov %r1, %r10
                call local f
                ldxdw %r1, [%r10-8]
                add %r0, %r1
                exit
                f:
                stdw [%r10-8], 40
                ldxdw %r0, [%r10-8]
                ldxdw %r2, [%r1-8]
                add %r0, %r2
                exit
                """)).isEqualTo(42L);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void callsNestSevenDeepButNotEight(EngineKind e) {
        // main calls f with r1 = depth; f recurses while r1 > 0
        String prog = """
                call local f
                exit
                f:
                jeq %r1, 0, +3
                sub %r1, 1
                call local f
                add %r0, 1
                exit
                """;
        assertThat(run(e, "mov %r0, 0\nmov %r1, 6\n" + prog)).isEqualTo(6L);
        Fault f = Engines.fault(e, "mov %r0, 0\nmov %r1, 7\n" + prog);
        assertThat(f.kind()).isEqualTo(FaultKind.CALL_DEPTH);
        assertThat(f.message()).contains("call pc").contains("8 frames");
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void callxWithAHelperId(EngineKind e) {
        assertThat(runWithTestHelpers(e, "mov %r1, -1\nmov %r2, 5\ncall %r2\nmov %r0, 2\nexit")).isEqualTo(2L);
        assertThat(runWithTestHelpers(e, "mov %r1, 1764\nmov %r6, 3\ncall %r6\nexit")).isEqualTo(42L);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void callxWithAFunctionPointer(EngineKind e) {
        // r6 = &f; r1 = 20; callx r6; exit; f: r0 = r1 + 22; exit
        Program p = Program.of("callx",
                new Insn(LDDW, 6, BPF_PSEUDO_FUNC, 0, 4), new Insn(0, 0, 0, 0, 0),
                new Insn(0xb7, 1, 0, 0, 20),
                new Insn(BPF_JMP | BPF_CALL | BPF_X, 6, 0, 0, 0),
                new Insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
                new Insn(0xbf, 0, 1, 0, 0),
                new Insn(0x07, 0, 0, 0, 22),
                new Insn(BPF_JMP | BPF_EXIT, 0, 0, 0, 0));
        Executable exe = Engines.load(e, p, HelperTable.empty());
        ExecutionContext ctx = new ExecutionContext();
        assertThat(exe.run(ctx, 0, 0)).isEqualTo(42L);
        assertThat(ctx.fault()).isNull();
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void callxToAnythingElseFaults(EngineKind e) {
        Engines.Result r = Engines.execute(e, "mov %r2, 99\ncall %r2\nexit", HelperTable.empty());
        assertThat(r.fault().kind()).isEqualTo(FaultKind.BAD_CALL_TARGET);
        assertThat(r.fault().message()).isEqualTo("insn 1 (callx r2): callx to 0x63, which is neither a function nor a known helper");
    }
}
