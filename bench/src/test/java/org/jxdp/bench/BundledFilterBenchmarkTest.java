package org.jxdp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.jxdp.hooks.XdpAction;

class BundledFilterBenchmarkTest {
    /**
     * The benchmark's calls run the bundled filter on each frame of the set in turn, as it arrived
     * (the filter rewrites some frames, so each call copies its frame in again): on both engines,
     * with the same clock, three passes give the same verdicts call for call, none of them a fault,
     * and the set's traffic is both passed and dropped.
     */
    @Test
    void bothEnginesGiveEveryCallTheSameVerdict() throws Exception {
        List<List<Long>> verdicts = new ArrayList<>();
        for (String engine : new String[] {"jit", "interp"}) {
            BundledFilterBenchmark.Filter s = new BundledFilterBenchmark.Filter();
            s.engine = engine;
            s.setUp();
            BundledFilterBenchmark b = new BundledFilterBenchmark();
            List<Long> out = new ArrayList<>();
            for (int i = 0; i < 3 * s.frames.length; i++) {
                out.add(b.packet(s));
            }
            assertThat(s.next).isZero();
            assertThat(s.runner.fault()).isNull();
            verdicts.add(out);
        }
        assertThat(verdicts.get(0)).isEqualTo(verdicts.get(1));
        assertThat(verdicts.get(0)).doesNotContain((long) XdpAction.XDP_ABORTED)
                .contains((long) XdpAction.XDP_PASS, (long) XdpAction.XDP_DROP);
    }
}
