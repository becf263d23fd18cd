package org.jxdp.engine.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jxdp.engine.testing.Engines.run;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** BPF_ALU64 and BPF_ALU: every operation, immediate and register forms, and their edge cases. */
class ArithmeticTest {
    private static final String ENGINES = "org.jxdp.engine.testing.Engines#all";
    private static final long MIN = Long.MIN_VALUE;

    @ParameterizedTest
    @MethodSource(ENGINES)
    void addAndSubWrapAround(EngineKind e) {
        assertThat(run(e, "lddw %r0, 0x7fffffffffffffff\nadd %r0, 1\nexit")).isEqualTo(MIN);
        assertThat(run(e, "mov %r0, 0\nsub %r0, 1\nexit")).isEqualTo(-1L);
        assertThat(run(e, "mov %r0, 5\nmov %r1, 7\nsub %r0, %r1\nexit")).isEqualTo(-2L);
        assertThat(run(e, "mov %r0, 5\nmov %r1, 7\nadd %r0, %r1\nexit")).isEqualTo(12L);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void alu32ResultsAreZeroExtended(EngineKind e) {
        assertThat(run(e, "mov %r0, -1\nadd32 %r0, 1\nexit")).isZero();
        assertThat(run(e, "lddw %r0, 0xffffffff00000001\nadd32 %r0, 0\nexit")).isEqualTo(1L);
        assertThat(run(e, "mov %r0, 0\nsub32 %r0, 1\nexit")).isEqualTo(0xffffffffL);
        assertThat(run(e, "lddw %r0, 0x1234567800000000\nmov32 %r1, 3\nor32 %r0, %r1\nexit")).isEqualTo(3L);
        assertThat(run(e, "mov %r0, -1\nand32 %r0, -1\nexit")).isEqualTo(0xffffffffL);
        assertThat(run(e, "mov %r0, -1\nxor32 %r0, 0\nexit")).isEqualTo(0xffffffffL);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void immediatesAreSignExtendedForAlu64AndNotForAlu32(EngineKind e) {
        assertThat(run(e, "mov %r0, -1\nexit")).isEqualTo(-1L);
        assertThat(run(e, "mov %r0, 0x80000000\nexit")).isEqualTo(0xffffffff80000000L);
        assertThat(run(e, "mov32 %r0, -1\nexit")).isEqualTo(0xffffffffL);
        assertThat(run(e, "mov %r0, 0\nadd %r0, 0xfffffff8\nexit")).isEqualTo(-8L);
        assertThat(run(e, "lddw %r1, 0x1122334455667788\nmov32 %r0, %r1\nexit")).isEqualTo(0x55667788L);
        assertThat(run(e, "lddw %r1, 0x1122334455667788\nmov %r0, %r1\nexit")).isEqualTo(0x1122334455667788L);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void multiplicationWrapsAndAlu32KeepsTheLowHalf(EngineKind e) {
        assertThat(run(e, "lddw %r0, 0x4000000000000000\nmul %r0, 4\nexit")).isZero();
        assertThat(run(e, "mov %r0, -3\nmov %r1, 7\nmul %r0, %r1\nexit")).isEqualTo(-21L);
        assertThat(run(e, "lddw %r0, 0x100000003\nmul32 %r0, 3\nexit")).isEqualTo(9L);
        assertThat(run(e, "mov32 %r0, 0x80000000\nmul32 %r0, -1\nexit")).isEqualTo(0x80000000L);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void unsignedDivisionAndModulo(EngineKind e) {
        assertThat(run(e, "mov %r0, -1\ndiv %r0, 2\nexit")).isEqualTo(0x7fffffffffffffffL);
        assertThat(run(e, "mov %r0, 7\nmov %r1, 2\nmod %r0, %r1\nexit")).isEqualTo(1L);
        // the imm of a 64-bit div is sign-extended, then read unsigned: divide by 2^64-1
        assertThat(run(e, "mov %r0, 100\ndiv %r0, -1\nexit")).isZero();
        assertThat(run(e, "mov %r0, -1\ndiv %r0, -1\nexit")).isEqualTo(1L);
        assertThat(run(e, "lddw %r0, 0x100000006\ndiv32 %r0, 2\nexit")).isEqualTo(3L);
        assertThat(run(e, "mov32 %r0, -1\ndiv32 %r0, 0xffffffff\nexit")).isEqualTo(1L);
        assertThat(run(e, "mov32 %r0, 10\nmod32 %r0, 0xfffffffd\nexit")).isEqualTo(10L);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void divisionByZeroGivesZeroAndModuloByZeroKeepsTheDividend(EngineKind e) {
        assertThat(run(e, "mov %r0, 42\ndiv %r0, 0\nexit")).isZero();
        assertThat(run(e, "mov %r0, 42\nmov %r1, 0\ndiv %r0, %r1\nexit")).isZero();
        assertThat(run(e, "mov %r0, 42\nmod %r0, 0\nexit")).isEqualTo(42L);
        assertThat(run(e, "mov %r0, -1\nmov %r1, 0\nmod %r0, %r1\nexit")).isEqualTo(-1L);
        assertThat(run(e, "mov %r0, -1\nmov32 %r1, 0\ndiv32 %r0, %r1\nexit")).isZero();
        // 32-bit modulo by zero leaves the low half, zero-extended
        assertThat(run(e, "mov %r0, -1\nmod32 %r0, 0\nexit")).isEqualTo(0xffffffffL);
        // a 32-bit divisor is the low half of the register: 0x100000000 is zero
        assertThat(run(e, "mov %r0, 9\nlddw %r1, 0x100000000\ndiv32 %r0, %r1\nexit")).isZero();
        assertThat(run(e, "mov %r0, 9\nlddw %r1, 0x100000000\ndiv %r0, %r1\nexit")).isZero();
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void signedDivisionTruncatesAndWrapsOnOverflow(EngineKind e) {
        assertThat(run(e, "mov %r0, -7\nsdiv %r0, 2\nexit")).isEqualTo(-3L);
        assertThat(run(e, "mov %r0, 7\nmov %r1, -2\nsdiv %r0, %r1\nexit")).isEqualTo(-3L);
        assertThat(run(e, "lddw %r0, 0x8000000000000000\nsdiv %r0, -1\nexit")).isEqualTo(MIN);
        assertThat(run(e, "mov %r0, -7\nsdiv %r0, 0\nexit")).isZero();
        assertThat(run(e, "mov32 %r0, 0x80000000\nsdiv32 %r0, -1\nexit")).isEqualTo(0x80000000L);
        assertThat(run(e, "mov32 %r0, -7\nsdiv32 %r0, 2\nexit")).isEqualTo(0xfffffffdL);
        assertThat(run(e, "mov32 %r0, -7\nmov32 %r1, 0\nsdiv32 %r0, %r1\nexit")).isZero();
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void signedModuloTakesTheDividendsSign(EngineKind e) {
        assertThat(run(e, "mov %r0, -7\nsmod %r0, 2\nexit")).isEqualTo(-1L);
        assertThat(run(e, "mov %r0, 7\nsmod %r0, -2\nexit")).isEqualTo(1L);
        assertThat(run(e, "lddw %r0, 0x8000000000000000\nmov %r1, -1\nsmod %r0, %r1\nexit")).isZero();
        assertThat(run(e, "mov %r0, -7\nsmod %r0, 0\nexit")).isEqualTo(-7L);
        assertThat(run(e, "mov32 %r0, 0x80000000\nsmod32 %r0, -1\nexit")).isZero();
        assertThat(run(e, "mov32 %r0, -7\nsmod32 %r0, 2\nexit")).isEqualTo(0xffffffffL);
        assertThat(run(e, "mov %r0, -7\nsmod32 %r0, 0\nexit")).isEqualTo(0xfffffff9L);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void shiftCountsAreMaskedToTheOperandWidth(EngineKind e) {
        assertThat(run(e, "mov %r0, 1\nlsh %r0, 63\nexit")).isEqualTo(MIN);
        assertThat(run(e, "mov %r0, 1\nmov %r1, 64\nlsh %r0, %r1\nexit")).isEqualTo(1L);
        assertThat(run(e, "mov %r0, 1\nmov %r1, 65\nlsh %r0, %r1\nexit")).isEqualTo(2L);
        assertThat(run(e, "mov %r0, 1\nmov %r1, -1\nlsh %r0, %r1\nexit")).isEqualTo(MIN);
        assertThat(run(e, "mov %r0, 1\nmov %r1, 32\nlsh32 %r0, %r1\nexit")).isEqualTo(1L);
        assertThat(run(e, "mov %r0, 1\nlsh32 %r0, 31\nexit")).isEqualTo(0x80000000L);
        assertThat(run(e, "mov %r0, 1\nlsh32 %r0, 33\nexit")).isEqualTo(2L);
        assertThat(run(e, "mov %r0, -1\nrsh %r0, 60\nexit")).isEqualTo(0xfL);
        assertThat(run(e, "mov %r0, -1\nrsh32 %r0, 28\nexit")).isEqualTo(0xfL);
        assertThat(run(e, "mov %r0, -1\nmov %r1, 36\nrsh32 %r0, %r1\nexit")).isEqualTo(0x0fffffffL);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void arithmeticShiftsKeepTheSignOfTheirWidth(EngineKind e) {
        assertThat(run(e, "mov %r0, -16\narsh %r0, 2\nexit")).isEqualTo(-4L);
        assertThat(run(e, "mov %r0, -1\nmov %r1, 64\narsh %r0, %r1\nexit")).isEqualTo(-1L);
        assertThat(run(e, "mov32 %r0, 0x80000000\narsh32 %r0, 4\nexit")).isEqualTo(0xf8000000L);
        // only the low half is shifted; a positive 32-bit value stays positive
        assertThat(run(e, "lddw %r0, 0x8000000070000000\narsh32 %r0, 4\nexit")).isEqualTo(0x07000000L);
        assertThat(run(e, "mov32 %r0, 0x80000000\nmov %r1, 35\narsh32 %r0, %r1\nexit")).isEqualTo(0xf0000000L);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void negationWrapsAtTheMinimum(EngineKind e) {
        assertThat(run(e, "mov %r0, 5\nneg %r0\nexit")).isEqualTo(-5L);
        assertThat(run(e, "lddw %r0, 0x8000000000000000\nneg %r0\nexit")).isEqualTo(MIN);
        assertThat(run(e, "mov %r0, 1\nneg32 %r0\nexit")).isEqualTo(0xffffffffL);
        assertThat(run(e, "mov32 %r0, 0x80000000\nneg32 %r0\nexit")).isEqualTo(0x80000000L);
        assertThat(run(e, "lddw %r0, 0x500000000\nneg32 %r0\nexit")).isZero();
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void bitwiseOperations(EngineKind e) {
        assertThat(run(e, "mov %r0, 0xf0\nor %r0, 0x0f\nexit")).isEqualTo(0xffL);
        assertThat(run(e, "mov %r0, 0xf0\nmov %r1, 0x3c\nand %r0, %r1\nexit")).isEqualTo(0x30L);
        assertThat(run(e, "mov %r0, 0xf0\nmov %r1, 0x3c\nxor %r0, %r1\nexit")).isEqualTo(0xccL);
        assertThat(run(e, "lddw %r0, 0xff00000000000000\nor %r0, 1\nexit")).isEqualTo(0xff00000000000001L);
        assertThat(run(e, "lddw %r0, 0xff000000000000ff\nand32 %r0, 0xf\nexit")).isEqualTo(0xfL);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void signExtendingMovesReadOnlyTheLowBitsOfTheSource(EngineKind e) {
        assertThat(run(e, "mov %r1, 0x80\nmovsx864 %r0, %r1\nexit")).isEqualTo(-128L);
        assertThat(run(e, "lddw %r1, 0x100000080\nmovsx864 %r0, %r1\nexit")).isEqualTo(-128L);
        assertThat(run(e, "mov %r1, 0x7f\nmovsx864 %r0, %r1\nexit")).isEqualTo(127L);
        assertThat(run(e, "mov %r1, 0x8000\nmovsx1664 %r0, %r1\nexit")).isEqualTo(-32768L);
        assertThat(run(e, "mov32 %r1, 0x80000000\nmovsx3264 %r0, %r1\nexit")).isEqualTo((long) Integer.MIN_VALUE);
        assertThat(run(e, "mov %r1, 0x80\nmovsx832 %r0, %r1\nexit")).isEqualTo(0xffffff80L);
        assertThat(run(e, "mov %r1, 0x8000\nmovsx1632 %r0, %r1\nexit")).isEqualTo(0xffff8000L);
        assertThat(run(e, "mov %r1, 0x1234\nmovsx1632 %r0, %r1\nexit")).isEqualTo(0x1234L);
    }
}
