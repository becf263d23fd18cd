package org.jxdp.metrics.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HexTest {
    @Test
    void formatsAsBpftoolDoes() {
        assertThat(Hex.format(new byte[] {10, 0, 0, (byte) 0xff})).isEqualTo("0a 00 00 ff");
        assertThat(Hex.format(new byte[0])).isEmpty();
    }

    @Test
    void parsesRunsAndSeparatedBytes() {
        assertThat(Hex.parse("0a0000ff")).containsExactly(10, 0, 0, 0xff);
        assertThat(Hex.parse("0x0a0000FF")).containsExactly(10, 0, 0, 0xff);
        assertThat(Hex.parse(" 0a 0 0x0 ff ")).containsExactly(10, 0, 0, 0xff);
        assertThat(Hex.parse("0a 00 00 ff")).isEqualTo(Hex.parse(Hex.format(new byte[] {10, 0, 0, (byte) 0xff})));
    }

    @Test
    void refusesWhatIsNotHex() {
        assertThatThrownBy(() -> Hex.parse("abc")).hasMessageStartingWith("odd number of hex digits");
        assertThatThrownBy(() -> Hex.parse("zz")).hasMessage("not hex: 'zz'");
        assertThatThrownBy(() -> Hex.parse("0a 100")).hasMessageContaining("'100' is no byte");
    }
}
