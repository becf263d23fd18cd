package org.jxdp.engine.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jxdp.engine.testing.Engines.run;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** BPF_END: to-little-endian truncates on this little-endian machine; to-big-endian and bswap swap. */
class ByteOrderTest {
    private static final String ENGINES = "org.jxdp.engine.testing.Engines#all";
    private static final String LOAD = "lddw %r0, 0x1122334455667788\n";

    @ParameterizedTest
    @MethodSource(ENGINES)
    void toLittleEndianTruncatesToTheWidth(EngineKind e) {
        assertThat(run(e, LOAD + "le16 %r0\nexit")).isEqualTo(0x7788L);
        assertThat(run(e, LOAD + "le32 %r0\nexit")).isEqualTo(0x55667788L);
        assertThat(run(e, LOAD + "le64 %r0\nexit")).isEqualTo(0x1122334455667788L);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void toBigEndianSwapsTheLowBytesAndClearsTheRest(EngineKind e) {
        assertThat(run(e, LOAD + "be16 %r0\nexit")).isEqualTo(0x8877L);
        assertThat(run(e, LOAD + "be32 %r0\nexit")).isEqualTo(0x88776655L);
        assertThat(run(e, LOAD + "be64 %r0\nexit")).isEqualTo(0x8877665544332211L);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void unconditionalByteSwapIsTheSameOnThisHost(EngineKind e) {
        assertThat(run(e, LOAD + "bswap16 %r0\nexit")).isEqualTo(0x8877L);
        assertThat(run(e, LOAD + "bswap32 %r0\nexit")).isEqualTo(0x88776655L);
        assertThat(run(e, LOAD + "bswap64 %r0\nexit")).isEqualTo(0x8877665544332211L);
        assertThat(run(e, "mov %r0, 0x80\nbswap16 %r0\nexit")).isEqualTo(0x8000L);
    }
}
