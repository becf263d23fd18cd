package org.jxdp.engine.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jxdp.engine.testing.Engines.run;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.jxdp.engine.testing.Engines;
import java.util.stream.Stream;

/** BPF_JMP and BPF_JMP32: every condition with immediate and register operands, JA and JA32. */
class JumpsTest {
    private static final String ENGINES = "org.jxdp.engine.testing.Engines#all";

    /** Every (engine, condition, a, b, taken) case: signed and unsigned disagree on some. */
    static Stream<Arguments> conditions() {
        Object[][] cases = {
            {"jeq", 5L, 5L, true}, {"jeq", 5L, 6L, false},
            {"jne", 5L, 6L, true}, {"jne", 5L, 5L, false},
            {"jgt", -1L, 1L, true}, {"jgt", 1L, 1L, false},
            {"jge", 1L, 1L, true}, {"jge", 0L, 1L, false},
            {"jlt", 1L, -1L, true}, {"jlt", -1L, 1L, false},
            {"jle", 1L, 1L, true}, {"jle", 2L, 1L, false},
            {"jsgt", 1L, -1L, true}, {"jsgt", -1L, 1L, false},
            {"jsge", -1L, -1L, true}, {"jsge", -2L, -1L, false},
            {"jslt", -1L, 1L, true}, {"jslt", 1L, -1L, false},
            {"jsle", -1L, -1L, true}, {"jsle", 0L, -1L, false},
            {"jset", 6L, 2L, true}, {"jset", 6L, 1L, false},
        };
        return Engines.all().flatMap(e -> Stream.of(cases).map(c -> Arguments.of(e, c[0], c[1], c[2], c[3])));
    }

    private static String branch(String op, String rhs) {
        return op + " %r1, " + rhs + ", +2\nmov %r0, 0\nexit\nmov %r0, 1\nexit";
    }

    @ParameterizedTest(name = "{0} {1} {2},{3} -> {4}")
    @MethodSource("conditions")
    void sixtyFourBitConditions(EngineKind e, String op, long a, long b, boolean taken) {
        String set = "lddw %r1, " + a + "\nlddw %r2, " + b + "\n";
        assertThat(run(e, set + branch(op, "%r2"))).as("register").isEqualTo(taken ? 1L : 0L);
        assertThat(run(e, set + branch(op, Long.toString(b)))).as("immediate").isEqualTo(taken ? 1L : 0L);
    }

    @ParameterizedTest(name = "{0} {1}32 {2},{3} -> {4}")
    @MethodSource("conditions")
    void thirtyTwoBitConditionsIgnoreTheUpperHalves(EngineKind e, String op, long a, long b, boolean taken) {
        String set = "lddw %r1, " + (a & 0xffffffffL | 0x5a5a5a5a00000000L) + "\nlddw %r2, "
                + (b & 0xffffffffL | 0xa5a5a5a500000000L) + "\n";
        assertThat(run(e, set + branch(op + "32", "%r2"))).as("register").isEqualTo(taken ? 1L : 0L);
        assertThat(run(e, set + branch(op + "32", Long.toString(b)))).as("immediate").isEqualTo(taken ? 1L : 0L);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void jumpImmediatesAreSignExtendedToSixtyFourBits(EngineKind e) {
        assertThat(run(e, "mov %r1, -1\n" + branch("jeq", "-1"))).isEqualTo(1L);
        assertThat(run(e, "mov32 %r1, -1\n" + branch("jeq", "-1"))).isZero();
        assertThat(run(e, "mov32 %r1, -1\n" + branch("jeq32", "-1"))).isEqualTo(1L);
        assertThat(run(e, "mov32 %r1, 0x80000000\n" + branch("jgt", "0x7fffffff"))).isEqualTo(1L);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void unconditionalJumpsGoForwardAndBack(EngineKind e) {
        assertThat(run(e, """
                mov %r0, 0
                mov %r1, 10
                loop:
                add %r0, 3
                sub %r1, 1
                jne %r1, 0, loop
                ja done
                mov %r0, -1
                done:
                exit
                """)).isEqualTo(30L);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void ja32TakesItsOffsetFromTheImmediate(EngineKind e) {
        assertThat(run(e, "mov %r0, 1\nja32 +1\nmov %r0, 2\nexit")).isEqualTo(1L);
        assertThat(run(e, "mov %r0, 0\nja32 over\nback:\nexit\nover:\nmov %r0, 5\nja32 back")).isEqualTo(5L);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void exitReturnsR0(EngineKind e) {
        assertThat(run(e, "mov %r0, 3\nexit\nmov %r0, 4\nexit")).isEqualTo(3L);
    }
}
