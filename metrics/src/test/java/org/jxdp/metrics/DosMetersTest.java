package org.jxdp.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.search.Search;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.object.BpfProgram;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.hooks.XdpAction;
import org.jxdp.hooks.XdpTestRun;
import org.jxdp.hooks.dos.DosFilter;
import org.jxdp.hooks.dos.DosMaps;
import org.jxdp.hooks.dos.RulesFile;
import org.jxdp.hooks.dos.RulesInForce;

/** jxdp_rule_hits and jxdp_talker_drops: read from the filter's maps at scrape time, following rules reloads. */
class DosMetersTest {
    static final int SSDP_SOURCE = 0x08080808;
    static final int OTHER_SOURCE = 0x08080404;

    static RulesInForce filter() throws Exception {
        BpfObject obj = DosFilter.open(1, EngineKind.INTERP);
        DosMaps.apply(obj, RulesFile.defaults(), DosFilter.START_NS);
        return new RulesInForce(obj, RulesFile.defaults(), RulesFile.DEFAULT_RULES_NAME, RulesFile.defaultsText(),
                () -> DosFilter.START_NS);
    }

    static void run(RulesInForce f, byte[] frame, int times, int expected) {
        BpfProgram p = f.object().program(DosFilter.PROGRAM);
        for (int i = 0; i < times; i++) {
            assertThat(XdpTestRun.run(p, frame, 1).retval()).isEqualTo(expected);
        }
    }

    static double hits(MetricsRegistry r, String rule) {
        FunctionCounter c = r.registry().find(JxdpMeter.RULE_HITS.meterName()).tag("rule", rule).functionCounter();
        return c == null ? -1 : c.count();
    }

    @Test
    void ruleHitsCountEveryRuleByNameAndFollowAReload() throws Exception {
        RulesInForce f = filter();
        try (MetricsRegistry r = new MetricsRegistry()) {
            r.bind(new RuleHitMeters(f));
            assertThat(hits(r, "amplification ssdp (udp/1900)")).isZero();
            assertThat(hits(r, "snmp-from-10/8")).as("a rule of the file").isZero();
            run(f, DosFrames.udp(SSDP_SOURCE, 1900, 5555, 100), 3, XdpAction.XDP_DROP);
            run(f, DosFrames.udp(OTHER_SOURCE, 5000, 53, 20), 2, XdpAction.XDP_PASS);
            assertThat(hits(r, "amplification ssdp (udp/1900)")).isEqualTo(3);
            assertThat(hits(r, "default policy")).isEqualTo(2);
            String text = r.scrape(MetricsRegistry.PROMETHEUS_TEXT);
            assertThat(text).contains("jxdp_rule_hits_packets_total{id=\"0\",rule=\"default policy\"} 2.0");

            f.replace("test", "rules: [{name: udp-to-53, action: drop, proto: udp, dst_port: 53}]\n");
            assertThat(hits(r, "snmp-from-10/8")).as("gone with the old rules").isEqualTo(-1);
            assertThat(hits(r, "amplification ssdp (udp/1900)")).isEqualTo(-1);
            assertThat(hits(r, "udp-to-53")).isZero();
            run(f, DosFrames.udp(OTHER_SOURCE, 5000, 53, 20), 4, XdpAction.XDP_DROP);
            assertThat(hits(r, "udp-to-53")).isEqualTo(4);
            assertThat(Search.in(r.registry()).name(JxdpMeter.RULE_HITS.meterName()).meters())
                    .as("the built-in checks and one rule").hasSize(f.current().rules().ids().size());
        }
    }

    @Test
    void topTalkersAreTheSourcesWithTheMostDrops() throws Exception {
        RulesInForce f = filter();
        try (MetricsRegistry r = new MetricsRegistry()) {
            r.bind(new TopTalkerMeters(f.object()));
            assertThat(r.scrape(MetricsRegistry.PROMETHEUS_TEXT)).doesNotContain("jxdp_talker_drops");
            run(f, DosFrames.udp(SSDP_SOURCE, 1900, 5555, 100), 5, XdpAction.XDP_DROP);
            run(f, DosFrames.udp(OTHER_SOURCE, 19, 5555, 10), 2, XdpAction.XDP_DROP);
            String text = r.scrape(MetricsRegistry.PROMETHEUS_TEXT);
            assertThat(text).contains("jxdp_talker_drops_packets{source=\"8.8.8.8\"} 5.0")
                    .contains("jxdp_talker_drops_packets{source=\"8.8.4.4\"} 2.0");
            List<Gauge> g = Search.in(r.registry()).name(JxdpMeter.TALKER_DROPS.meterName()).gauges().stream().toList();
            assertThat(g).hasSize(2);
        }
    }
}
