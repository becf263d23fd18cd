package org.jxdp.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jxdp.capture.pipeline.CaptureStatistics;
import org.jxdp.capture.pipeline.Pipeline;
import org.jxdp.capture.pipeline.PipelineConfig;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.metrics.api.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Grafana dashboard (metrics/jxdp-dashboard.json) asks only for series jxdp exposes, in valid PromQL. */
class DashboardTest {
    static final Path DASHBOARD = Path.of("jxdp-dashboard.json");
    static final Pattern SERIES = Pattern.compile("\\b((?:jxdp|jvm|process)_[a-z_]+)\\b");

    @TempDir
    Path dir;

    @SuppressWarnings("unchecked")
    static List<String> expressions() throws Exception {
        Map<String, Object> d = (Map<String, Object>) Json.parse(Files.readString(DASHBOARD));
        List<String> out = new ArrayList<>();
        for (Object p : (List<Object>) d.get("panels")) {
            for (Object t : (List<Object>) ((Map<String, Object>) p).get("targets")) {
                out.add((String) ((Map<String, Object>) t).get("expr"));
            }
        }
        return out;
    }

    static String exposition() throws Exception {
        BpfObject obj = TestPipelines.load(1);
        Pipeline pipeline = new Pipeline(PipelineConfig.of(TestPipelines.program(obj).executable(), obj.runtime())
                .workers(1));
        try (MetricsRegistry r = new MetricsRegistry()) {
            r.bind(new PipelineMeters("x", pipeline.counters(), pipeline.workerCounters()))
                    .bind(new MapMeters(obj.maps()))
                    .bind(new CaptureDropMeters(new CaptureStatistics() {
                        @Override
                        public String interfaceName() {
                            return "eth0";
                        }

                        @Override
                        public long droppedFrames() {
                            return 0;
                        }
                    }));
            // the DoS filter's meters, with a drop so that a top talker exists
            org.jxdp.hooks.dos.RulesInForce dos = DosMetersTest.filter();
            DosMetersTest.run(dos, DosFrames.udp(DosMetersTest.SSDP_SOURCE, 1900, 5555, 100), 1,
                    org.jxdp.hooks.XdpAction.XDP_DROP);
            r.bind(new RuleHitMeters(dos)).bind(new TopTalkerMeters(dos.object()));
            // a GC so that jvm_gc_pause_seconds exists
            System.gc();
            Thread.sleep(200);
            return r.scrape(MetricsRegistry.PROMETHEUS_TEXT);
        }
    }

    @Test
    void everySeriesTheDashboardAsksForIsExposed() throws Exception {
        String text = exposition();
        Set<String> asked = new TreeSet<>();
        for (String e : expressions()) {
            Matcher m = SERIES.matcher(e);
            while (m.find()) {
                asked.add(m.group(1));
            }
        }
        assertThat(asked).contains("jxdp_packets_total", "jxdp_ring_depth_packets", "jxdp_map_entries",
                "jxdp_program_runtime_seconds_sum", "jxdp_rule_hits_packets_total", "jxdp_talker_drops_packets");
        for (String s : asked) {
            assertThat(text).as("series %s", s).containsPattern("(?m)^" + s + "[{ ]");
        }
    }

    @Test
    void everyExpressionIsValidPromQl() throws Exception {
        String promtool = Tools.require("promtool", "apt-get install prometheus");
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        int i = 0;
        for (String e : expressions()) {
            String q = e.replace("$__rate_interval", "1m").replace("$iface", ".*").replace("$instance", ".*");
            rules.append("      - record: dashboard:expr").append(i++).append("\n        expr: '")
                    .append(q.replace("'", "''")).append("'\n");
        }
        Path f = Files.writeString(dir.resolve("rules.yml"), rules);
        Process p = new ProcessBuilder(promtool, "check", "rules", f.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("SUCCESS: " + i + " rules found");
    }
}
