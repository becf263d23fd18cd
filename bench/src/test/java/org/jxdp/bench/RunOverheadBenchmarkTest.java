package org.jxdp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.jxdp.hooks.XdpAction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RunOverheadBenchmarkTest {
    /** The benchmark's setup loads the pass program on the engine and every call passes the next frame. */
    @ParameterizedTest
    @ValueSource(strings = {"interp", "jit"})
    void everyCallPassesTheNextFrameOfTheSet(String engine) throws Exception {
        RunOverheadBenchmark.Pass s = new RunOverheadBenchmark.Pass();
        s.engine = engine;
        s.setUp();
        RunOverheadBenchmark b = new RunOverheadBenchmark();
        for (int i = 0; i < 2 * s.frames.length + 1; i++) {
            assertThat(b.run(s)).isEqualTo(XdpAction.XDP_PASS);
        }
        assertThat(s.next).isEqualTo(1);
        assertThat(s.runner.context().executed()).isEqualTo(2);
    }
}
