package org.jxdp.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class XdpActionTest {
    @Test
    void actionsHaveTheKernelsNumbers() {
        assertThat(XdpAction.of(XdpAction.XDP_ABORTED)).isEqualTo(XdpAction.ABORTED);
        assertThat(XdpAction.of(XdpAction.XDP_DROP)).isEqualTo(XdpAction.DROP);
        assertThat(XdpAction.of(XdpAction.XDP_PASS)).isEqualTo(XdpAction.PASS);
        assertThat(XdpAction.of(XdpAction.XDP_TX)).isEqualTo(XdpAction.TX);
        assertThat(XdpAction.of(XdpAction.XDP_REDIRECT)).isEqualTo(XdpAction.REDIRECT);
        assertThat(XdpAction.REDIRECT.value()).isEqualTo(4);
    }

    @Test
    void invalidReturnValuesAreAborted() {
        assertThat(XdpAction.of(5)).isEqualTo(XdpAction.ABORTED);
        assertThat(XdpAction.of(-1)).isEqualTo(XdpAction.ABORTED);
        assertThat(XdpAction.of(0x100000002L)).isEqualTo(XdpAction.ABORTED);
        assertThat(XdpAction.describe(2)).isEqualTo("XDP_PASS (2)");
        assertThat(XdpAction.describe(-1)).isEqualTo("18446744073709551615 (invalid XDP action)");
    }
}
