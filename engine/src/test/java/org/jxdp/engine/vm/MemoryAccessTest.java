package org.jxdp.engine.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jxdp.engine.testing.Engines.execute;
import static org.jxdp.engine.testing.Engines.run;

import org.junit.jupiter.params.ParameterizedTest;
import org.jxdp.engine.testing.Engines;
import org.junit.jupiter.params.provider.MethodSource;

/** BPF_LDX, BPF_ST, BPF_STX (BPF_MEM and BPF_MEMSX) and LDDW, on the input region and the stack. */
class MemoryAccessTest {
    private static final String ENGINES = "org.jxdp.engine.testing.Engines#all";
    private static final byte[] MEM = {
        (byte) 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, (byte) 0x91, 0x7f, (byte) 0x80,
    };

    @ParameterizedTest
    @MethodSource(ENGINES)
    void loadsAreLittleEndianAndZeroExtended(EngineKind e) {
        assertThat(run(e, "ldxb %r0, [%r1]\nexit", MEM)).isEqualTo(0x88L);
        assertThat(run(e, "ldxh %r0, [%r1]\nexit", MEM)).isEqualTo(0x7788L);
        assertThat(run(e, "ldxw %r0, [%r1+4]\nexit", MEM)).isEqualTo(0x91223344L);
        assertThat(run(e, "ldxdw %r0, [%r1]\nexit", MEM)).isEqualTo(0x9122334455667788L);
        assertThat(run(e, "ldxdw %r0, [%r1+2]\nexit", MEM)).isEqualTo(0x807f912233445566L);
        assertThat(run(e, "add %r1, 9\nldxb %r0, [%r1-1]\nexit", MEM)).isEqualTo(0x7fL);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void signExtendingLoads(EngineKind e) {
        assertThat(run(e, "ldxsb %r0, [%r1]\nexit", MEM)).isEqualTo((long) (byte) 0x88);
        assertThat(run(e, "ldxsb %r0, [%r1+8]\nexit", MEM)).isEqualTo(0x7fL);
        assertThat(run(e, "ldxsh %r0, [%r1+8]\nexit", MEM)).isEqualTo((long) (short) 0x807f);
        assertThat(run(e, "ldxsw %r0, [%r1+4]\nexit", MEM)).isEqualTo((long) 0x91223344);
        assertThat(run(e, "ldxsw %r0, [%r1]\nexit", MEM)).isEqualTo(0x55667788L);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void storesWriteOnlyTheirWidth(EngineKind e) {
        byte[] zero = new byte[16];
        Engines.Result r = execute(e, """
                stb [%r1], 0x11
                sth [%r1+2], 0x2233
                stw [%r1+4], 0x44556677
                stdw [%r1+8], -2
                mov %r0, 0
                exit
                """, HelperTable.empty(), zero);
        assertThat(r.memory()).containsExactly(0x11, 0, 0x33, 0x22, 0x77, 0x66, 0x55, 0x44,
                0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void registerStoresTruncateTheRegister(EngineKind e) {
        Engines.Result r = execute(e, """
                lddw %r2, 0x1122334455667788
                stxb [%r1], %r2
                stxh [%r1+1], %r2
                stxw [%r1+3], %r2
                stxdw [%r1+7], %r2
                mov %r0, 0
                exit
                """, HelperTable.empty(), new byte[15]);
        assertThat(r.memory()).containsExactly(0x88, 0x88, 0x77, 0x88, 0x77, 0x66, 0x55,
                0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void theStackIsFiveHundredTwelveBytesBelowR10(EngineKind e) {
        assertThat(run(e, """
                stdw [%r10-512], 7
                stdw [%r10-8], 9
                ldxdw %r0, [%r10-512]
                ldxdw %r1, [%r10-8]
                add %r0, %r1
                exit
                """)).isEqualTo(16L);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void r2HoldsTheInputLength(EngineKind e) {
        assertThat(run(e, "mov %r0, %r2\nexit", MEM)).isEqualTo(MEM.length);
        assertThat(run(e, "mov %r0, %r2\nexit")).isZero();
        assertThat(run(e, "mov %r0, %r1\nexit")).isZero();
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void lddwLoadsAllSixtyFourBits(EngineKind e) {
        assertThat(run(e, "lddw %r0, 0x8000000000000001\nexit")).isEqualTo(0x8000000000000001L);
        assertThat(run(e, "lddw %r0, -2\nexit")).isEqualTo(-2L);
        assertThat(run(e, "lddw %r0, 0xffffffff\nexit")).isEqualTo(0xffffffffL);
        assertThat(run(e, "lddw %r3, 0x100000000\nmov %r0, %r3\nexit")).isEqualTo(0x100000000L);
    }
}
