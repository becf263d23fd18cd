package org.jxdp.engine.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jxdp.engine.testing.Engines.fault;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.jxdp.engine.testing.Engines;

/** A bad access or a runaway program ends the run with a fault that names the instruction. */
class FaultsTest {
    private static final String ENGINES = "org.jxdp.engine.testing.Engines#all";

    @ParameterizedTest
    @MethodSource(ENGINES)
    void nullPointerLoadsFault(EngineKind e) {
        Fault f = fault(e, "mov %r0, 1\nldxb %r0, [%r1]\nexit");
        assertThat(f.kind()).isEqualTo(FaultKind.OUT_OF_BOUNDS);
        assertThat(f.message()).isEqualTo("insn 1 (r0 = *(u8 *)(r1 + 0)): load of 1 byte at 0x0 is a null or non-pointer address");
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void accessesPastTheEndOfARegionFault(EngineKind e) {
        Fault f = fault(e, "ldxw %r0, [%r1+2]\nexit", new byte[5]);
        assertThat(f.pc()).isZero();
        assertThat(f.detail()).isEqualTo("load of 4 bytes at 0x400000002 is outside input [0x0, 0x5)");
        assertThat(fault(e, "stxdw [%r1+1], %r1\nexit", new byte[8]).detail())
                .startsWith("store of 8 bytes at 0x400000001");
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void pointersBelowARegionFault(EngineKind e) {
        Fault f = fault(e, "ldxb %r0, [%r1-1]\nexit", new byte[4]);
        assertThat(f.kind()).isEqualTo(FaultKind.OUT_OF_BOUNDS);
        assertThat(f.detail()).contains("0x3ffffffff");
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void theStackEndsAtR10(EngineKind e) {
        assertThat(fault(e, "ldxb %r0, [%r10]\nexit").detail()).contains("outside stack");
        assertThat(fault(e, "ldxdw %r0, [%r10-4097]\nexit").kind()).isEqualTo(FaultKind.OUT_OF_BOUNDS);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void runawayProgramsExhaustTheBudget(EngineKind e) {
        Executable exe = Engines.load(e, Engines.assemble("mov %r0, 0\nloop:\nadd %r0, 1\nja loop\nexit"), HelperTable.empty());
        ExecutionContext ctx = new ExecutionContext().budget(1000);
        assertThat(exe.run(ctx, 0, 0)).isZero();
        assertThat(ctx.fault().kind()).isEqualTo(FaultKind.BUDGET_EXHAUSTED);
        assertThat(ctx.fault().message()).contains("instruction budget of 1000 exhausted");
        assertThat(ctx.executed()).isEqualTo(1000L);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void aContextIsReusableAfterAFault(EngineKind e) {
        Executable exe = Engines.load(e, Engines.assemble("ldxb %r0, [%r1]\nexit"), HelperTable.empty());
        ExecutionContext ctx = new ExecutionContext();
        exe.run(ctx, 0, 0);
        assertThat(ctx.fault()).isNotNull();
        long input = ctx.mapInput(new byte[] {9});
        assertThat(exe.run(ctx, input, 1)).isEqualTo(9L);
        assertThat(ctx.fault()).isNull();
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void aHelperThatThrowsEndsTheRunWithAnInternalFault(EngineKind e) {
        HelperTable t = HelperTable.builder().add(1, "broken", (c, a, b, d, f, g) -> {
            throw new IllegalStateException("boom");
        }).build();
        Engines.Result r = Engines.execute(e, "call 1\nexit", t);
        assertThat(r.fault().kind()).isEqualTo(FaultKind.INTERNAL);
        assertThat(r.fault().message()).startsWith("insn 0 (call 1): internal error: java.lang.IllegalStateException: boom");
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void instructionCountsAreKept(EngineKind e) {
        Engines.Result r = Engines.execute(e, "mov %r0, 1\nadd %r0, 1\nexit", HelperTable.empty());
        assertThat(r.ctx().executed()).isEqualTo(3L);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void instructionsBeforeAHelperCallAreCountedWhenTheHelperReturnsOrFaults(EngineKind e) {
        HelperTable t = HelperTable.builder()
                .add(1, "fine", (c, a, b, d, f, g) -> 0)
                .add(2, "faulty", (c, a, b, d, f, g) -> {
                    throw new FaultException(FaultKind.OUT_OF_BOUNDS, "no");
                }).build();
        String asm = "mov %r6, 1\nmov %r7, 2\ncall 1\njeq %r6, 1, next\nnext:\nmov %r1, 0\ncall 2\nmov %r0, 0\nexit";
        Engines.Result r = Engines.execute(e, asm, t);
        assertThat(r.fault()).isNotNull();
        assertThat(r.fault().pc()).isEqualTo(5);
        assertThat(r.ctx().executed()).as("instructions up to the faulting call").isEqualTo(6L);
        r = Engines.execute(e, asm.replace("call 2", "call 1"), t);
        assertThat(r.fault()).isNull();
        assertThat(r.ctx().executed()).isEqualTo(8L);
    }
}
