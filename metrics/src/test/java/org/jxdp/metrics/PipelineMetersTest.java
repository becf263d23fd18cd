package org.jxdp.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jxdp.capture.pipeline.CaptureFileSource;
import org.jxdp.capture.pipeline.CaptureStatistics;
import org.jxdp.capture.pipeline.Pipeline;
import org.jxdp.capture.pipeline.PipelineConfig;
import org.jxdp.capture.pipeline.PipelineStats;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.object.BpfProgram;
import org.jxdp.hooks.XdpAction;
import org.junit.jupiter.api.Test;

/** The meters read what the workers counted: per verdict, per worker, per abort reason, run times, maps. */
class PipelineMetersTest {
    static final int[] PORTS = {1001, 1002, 1003, 53, 53, 80, 1001};

    static int[] ports(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = PORTS[i % PORTS.length];
        }
        return p;
    }

    @Test
    void countersAgreeWithTheRunSummaryPerVerdictAndWorker() throws Exception {
        BpfObject obj = TestPipelines.load(2);
        BpfProgram p = TestPipelines.program(obj);
        Pipeline pipeline = new Pipeline(PipelineConfig.of(p.executable(), obj.runtime()).workers(2)
                .runtimeSampleEvery(16));
        MeterRegistry r = new SimpleMeterRegistry();
        new PipelineMeters("test.pcap", pipeline.counters(), pipeline.workerCounters()).bindTo(r);
        new MapMeters(obj.maps()).bindTo(r);
        assertThat(packets(r, "pass")).isZero();
        PipelineStats s;
        try (CaptureFileSource src = TestPipelines.source(1, ports(7000))) {
            s = pipeline.run(src, List.of());
        }
        assertThat(packets(r, "drop")).isEqualTo(2000).isEqualTo(s.count(XdpAction.DROP));
        assertThat(packets(r, "tx")).isEqualTo(1000).isEqualTo(s.count(XdpAction.TX));
        assertThat(packets(r, "aborted")).isEqualTo(1000).isEqualTo(s.count(XdpAction.ABORTED));
        assertThat(packets(r, "pass")).isEqualTo(3000).isEqualTo(s.count(XdpAction.PASS));
        assertThat(packets(r, "redirect")).isZero();
        assertThat(packets(r, "not_run")).isZero();
        assertThat(r.get("jxdp.bytes").tag("verdict", "drop").functionCounters().stream()
                .mapToDouble(c -> c.count()).sum()).isEqualTo(2000 * 64);
        // both workers ran frames, and each worker's verdicts add up to its frames
        long[] perWorker = s.workerFrames();
        for (int w = 0; w < 2; w++) {
            double sum = r.get("jxdp.packets").tag("worker", Integer.toString(w)).functionCounters().stream()
                    .mapToDouble(c -> c.count()).sum();
            assertThat(sum).isEqualTo(perWorker[w]).isPositive();
        }
        assertThat(r.get("jxdp.aborted").tag("reason", "invalid_action").functionCounter().count()).isEqualTo(1000);
        assertThat(r.get("jxdp.aborted").tag("reason", "out_of_bounds").functionCounter().count()).isZero();
        double samples = 0;
        double nanos = 0;
        for (FunctionTimer t : r.get("jxdp.program.runtime").functionTimers()) {
            samples += t.count();
            nanos += t.totalTime(TimeUnit.NANOSECONDS);
        }
        assertThat(samples).isBetween(7000 / 16.0 - 2, 7000 / 16.0);
        assertThat(nanos).isPositive();
        assertThat(r.get("jxdp.ring.depth").tag("worker", "1").gauge().value()).isZero();
        assertThat(r.get("jxdp.ring.dropped").tag("worker", "1").functionCounter().count()).isZero();
        assertThat(r.get("jxdp.map.entries").tag("map", "ports").gauge().value()).isEqualTo(5); // 1001, 1002, 1003, 53, 80
    }

    @Test
    void framesTheProgramCannotSeeAreCountedAsNotRun() throws Exception {
        BpfObject obj = TestPipelines.load(1);
        Pipeline pipeline = new Pipeline(PipelineConfig.of(TestPipelines.program(obj).executable(), obj.runtime())
                .workers(1));
        MeterRegistry r = new SimpleMeterRegistry();
        new PipelineMeters("test.pcap", pipeline.counters(), pipeline.workerCounters()).bindTo(r);
        java.nio.ByteBuffer cap = TestPipelines.capture(53, 53, 53);
        cap.putInt(24 + 8, 10).putInt(24 + 12, 10); // the first frame: 10 bytes, shorter than an Ethernet header
        java.nio.ByteBuffer shortFirst = java.nio.ByteBuffer.allocate(cap.limit() - 54).order(cap.order());
        shortFirst.put(cap.duplicate().limit(24 + 16 + 10)).put(cap.duplicate().position(24 + 16 + 64)).flip();
        try (CaptureFileSource src = CaptureFileSource.of("short.pcap", shortFirst, 1)) {
            pipeline.run(src, List.of());
        }
        assertThat(packets(r, "not_run")).isEqualTo(1);
        assertThat(r.get("jxdp.packets").tags("verdict", "not_run", "worker", "none").functionCounter().count())
                .isEqualTo(1);
        assertThat(r.get("jxdp.bytes").tags("verdict", "not_run").functionCounter().count()).isEqualTo(10);
        assertThat(packets(r, "pass")).isEqualTo(2);
        assertThat(pipeline.counters().frames()).isEqualTo(3);
    }

    @Test
    void noRunIsTimedUnlessAsked() throws Exception {
        BpfObject obj = TestPipelines.load(1);
        Pipeline pipeline = new Pipeline(PipelineConfig.of(TestPipelines.program(obj).executable(), obj.runtime())
                .workers(1));
        try (CaptureFileSource src = TestPipelines.source(1, ports(100))) {
            pipeline.run(src, List.of());
        }
        assertThat(pipeline.workerCounters().get(0).runtimeSamples()).isZero();
        assertThat(pipeline.workerCounters().get(0).packets(XdpAction.PASS)).isPositive();
    }

    @Test
    void captureDropsAreReadFromTheSourceStatistics() {
        long[] dropped = {5};
        CaptureStatistics st = new CaptureStatistics() {
            @Override
            public String interfaceName() {
                return "eth0";
            }

            @Override
            public long droppedFrames() {
                return dropped[0];
            }
        };
        MeterRegistry r = new SimpleMeterRegistry();
        new CaptureDropMeters(st).bindTo(r);
        assertThat(r.get("jxdp.capture.dropped").tag("iface", "eth0").functionCounter().count()).isEqualTo(5);
        dropped[0] = 9;
        assertThat(r.get("jxdp.capture.dropped").tag("iface", "eth0").functionCounter().count()).isEqualTo(9);
    }

    @Test
    void everyMeterOfTheEnumIsRegisteredWithItsTags() throws Exception {
        BpfObject obj = TestPipelines.load(1);
        Pipeline pipeline = new Pipeline(PipelineConfig.of(TestPipelines.program(obj).executable(), obj.runtime())
                .workers(1));
        MeterRegistry r = new SimpleMeterRegistry();
        new PipelineMeters("x", pipeline.counters(), pipeline.workerCounters()).bindTo(r);
        new MapMeters(obj.maps()).bindTo(r);
        new CaptureDropMeters(new CaptureStatistics() {
            @Override
            public String interfaceName() {
                return "eth0";
            }

            @Override
            public long droppedFrames() {
                return 0;
            }
        }).bindTo(r);
        org.jxdp.hooks.dos.RulesInForce dos = DosMetersTest.filter();
        new RuleHitMeters(dos).bindTo(r);
        DosMetersTest.run(dos, DosFrames.udp(DosMetersTest.SSDP_SOURCE, 1900, 5555, 100), 1,
                org.jxdp.hooks.XdpAction.XDP_DROP);
        new TopTalkerMeters(dos.object()).bindTo(r);
        for (JxdpMeter m : JxdpMeter.values()) {
            assertThat(r.find(m.meterName()).meters()).as(m.meterName()).isNotEmpty()
                    .allSatisfy(meter -> assertThat(meter.getId().getTags().stream().map(t -> t.getKey()))
                            .containsExactlyInAnyOrderElementsOf(m.tags()));
        }
    }

    static double packets(MeterRegistry r, String verdict) {
        return r.get("jxdp.packets").tag("verdict", verdict).functionCounters().stream().mapToDouble(c -> c.count())
                .sum();
    }
}
