package org.jxdp.engine.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jxdp.engine.testing.Engines.execute;
import static org.jxdp.engine.testing.Engines.run;

import org.junit.jupiter.params.ParameterizedTest;
import org.jxdp.engine.testing.Engines;
import org.junit.jupiter.params.provider.MethodSource;

/** BPF_STX | BPF_ATOMIC: every operation, 32 and 64 bits, with and without BPF_FETCH. */
class AtomicsTest {
    private static final String ENGINES = "org.jxdp.engine.testing.Engines#all";

    /** Stores {@code init} at [r10-8], runs {@code op} with r1 = {@code arg}, returns [r10-8] or r1. */
    private static String prog(String init, String arg, String op, String result) {
        return "lddw %r2, " + init + "\nstxdw [%r10-8], %r2\nlddw %r1, " + arg + "\n" + op + "\n"
                + (result.equals("mem") ? "ldxdw %r0, [%r10-8]\n" : "mov %r0, " + result + "\n") + "exit";
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void sixtyFourBitOperationsUpdateMemory(EngineKind e) {
        assertThat(run(e, prog("5", "3", "lock add [%r10-8], %r1", "mem"))).isEqualTo(8L);
        assertThat(run(e, prog("0xf0", "0x0f", "lock or [%r10-8], %r1", "mem"))).isEqualTo(0xffL);
        assertThat(run(e, prog("0xff", "0x0f", "lock and [%r10-8], %r1", "mem"))).isEqualTo(0x0fL);
        assertThat(run(e, prog("0xff", "0x0f", "lock xor [%r10-8], %r1", "mem"))).isEqualTo(0xf0L);
        assertThat(run(e, prog("-1", "1", "lock add [%r10-8], %r1", "mem"))).isZero();
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void withoutFetchTheSourceIsUnchanged(EngineKind e) {
        assertThat(run(e, prog("5", "3", "lock add [%r10-8], %r1", "%r1"))).isEqualTo(3L);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void fetchReturnsTheOldValueInTheSource(EngineKind e) {
        assertThat(run(e, prog("5", "3", "lock fetch add [%r10-8], %r1", "%r1"))).isEqualTo(5L);
        assertThat(run(e, prog("5", "3", "lock fetch add [%r10-8], %r1", "mem"))).isEqualTo(8L);
        assertThat(run(e, prog("0xf0", "0x0f", "lock fetch or [%r10-8], %r1", "%r1"))).isEqualTo(0xf0L);
        assertThat(run(e, prog("0xff", "0x0f", "lock fetch and [%r10-8], %r1", "%r1"))).isEqualTo(0xffL);
        assertThat(run(e, prog("0xff", "0x0f", "lock fetch xor [%r10-8], %r1", "%r1"))).isEqualTo(0xffL);
        assertThat(run(e, prog("0xff", "0x0f", "lock fetch xor [%r10-8], %r1", "mem"))).isEqualTo(0xf0L);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void thirtyTwoBitOperationsTouchFourBytesAndZeroExtendTheFetchedValue(EngineKind e) {
        String init = "0x11111111ffffffff";
        assertThat(run(e, prog(init, "1", "lock add32 [%r10-8], %r1", "mem"))).isEqualTo(0x1111111100000000L);
        assertThat(run(e, prog(init, "0x100000001", "lock fetch add32 [%r10-8], %r1", "%r1"))).isEqualTo(0xffffffffL);
        assertThat(run(e, prog("0x80000000", "0", "lock fetch or32 [%r10-8], %r1", "%r1"))).isEqualTo(0x80000000L);
        assertThat(run(e, prog(init, "0xf", "lock and32 [%r10-8], %r1", "mem"))).isEqualTo(0x111111110000000fL);
        assertThat(run(e, prog(init, "0xf", "lock fetch xor32 [%r10-8], %r1", "mem"))).isEqualTo(0x11111111fffffff0L);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void exchangeSwapsAndReturnsTheOldValue(EngineKind e) {
        assertThat(run(e, prog("7", "9", "lock xchg [%r10-8], %r1", "%r1"))).isEqualTo(7L);
        assertThat(run(e, prog("7", "9", "lock xchg [%r10-8], %r1", "mem"))).isEqualTo(9L);
        assertThat(run(e, prog("0x2222222280000000", "0x1234", "lock xchg32 [%r10-8], %r1", "%r1")))
                .isEqualTo(0x80000000L);
        assertThat(run(e, prog("0x2222222280000000", "0x1234", "lock xchg32 [%r10-8], %r1", "mem")))
                .isEqualTo(0x2222222200001234L);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void compareExchangeStoresOnlyOnAMatchAndAlwaysLoadsR0(EngineKind e) {
        String match = "mov %r0, 7\nlock cmpxchg [%r10-8], %r1";
        assertThat(run(e, prog("7", "9", match, "mem"))).isEqualTo(9L);
        assertThat(run(e, prog("7", "9", match + "\nmov %r3, %r0", "%r3"))).isEqualTo(7L);
        String miss = "mov %r0, 8\nlock cmpxchg [%r10-8], %r1";
        assertThat(run(e, prog("7", "9", miss, "mem"))).isEqualTo(7L);
        assertThat(run(e, prog("7", "9", miss + "\nmov %r3, %r0", "%r3"))).isEqualTo(7L);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void compareExchange32ComparesTheLowHalfOfR0(EngineKind e) {
        String op = "lddw %r0, 0xffffffff00000007\nlock cmpxchg32 [%r10-8], %r1\nmov %r3, %r0";
        assertThat(run(e, prog("0x5555555500000007", "9", op, "mem"))).isEqualTo(0x5555555500000009L);
        assertThat(run(e, prog("0x5555555500000007", "9", op, "%r3"))).isEqualTo(7L);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void atomicsWorkOnInputMemory(EngineKind e) {
        Engines.Result r = execute(e, "mov %r2, 1\nlock add32 [%r1+4], %r2\nmov %r0, 0\nexit",
                HelperTable.empty(), new byte[8]);
        assertThat(r.memory()).containsExactly(0, 0, 0, 0, 1, 0, 0, 0);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void loadAcquireAndStoreRelease(EngineKind e) {
        assertThat(run(e, """
                lddw %r2, 0x8899aabbccddeeff
                strelh [%r10-8], %r2
                ldacqdw %r0, [%r10-8]
                exit
                """) & 0xffff).isEqualTo(0xeeffL);
        assertThat(run(e, "mov %r2, -1\nstxdw [%r10-8], %r2\nldacqb %r0, [%r10-8]\nexit")).isEqualTo(0xffL);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void misalignedAtomicsFault(EngineKind e) {
        Fault f = Engines.fault(e, "mov %r1, 1\nlock add [%r10-12], %r1\nexit");
        assertThat(f.kind()).isEqualTo(FaultKind.MISALIGNED);
        assertThat(f.pc()).isEqualTo(1);
    }
}
