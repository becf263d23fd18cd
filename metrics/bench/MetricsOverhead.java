import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.jxdp.capture.pipeline.CaptureFileSource;
import org.jxdp.capture.pipeline.Pipeline;
import org.jxdp.capture.pipeline.PipelineConfig;
import org.jxdp.capture.pipeline.PipelineStats;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.hooks.XdpPrograms;
import org.jxdp.metrics.MapMeters;
import org.jxdp.metrics.MetricsRegistry;
import org.jxdp.metrics.PipelineMeters;
import org.jxdp.metrics.api.ControlApi;
import org.jxdp.metrics.http.HttpRoutes;
import org.jxdp.metrics.http.MetricsServer;

/**
 * Replay throughput and pipeline-thread CPU per frame with metrics off and on (served by a
 * MetricsServer and scraped over HTTP every second), in one JVM, alternating, one worker, the
 * bundled counting program. Run against the built jar with Java's single-file launcher:
 * <pre>
 *   ./jxdp gen --profile mix --packets 2000000 -o /tmp/mix.pcap
 *   flock /tmp/jmh.lock java -cp cli/target/jxdp.jar metrics/bench/MetricsOverhead.java /tmp/mix.pcap 21
 * </pre>
 * Round 0 is JIT warm-up; compare the rounds after it.
 */
public class MetricsOverhead {
    public static void main(String[] a) throws Exception {
        Path in = Path.of(a[0]);
        int rounds = Integer.parseInt(a[1]);
        byte[] obj;
        try (var s = MetricsOverhead.class.getResourceAsStream("/org/jxdp/hooks/bundled/count.o")) {
            obj = s.readAllBytes();
        }
        BpfObject o = BpfObject.open("count.o", obj, XdpPrograms.options(1, EngineKind.JIT));
        var prog = o.programs().get(0);
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        HttpClient http = HttpClient.newHttpClient();
        for (int r = 0; r < rounds; r++) {
            for (String mode : r % 2 == 0 ? new String[] {"off", "on"} : new String[] {"on", "off"}) {
                boolean on = mode.equals("on");
                Pipeline p = new Pipeline(PipelineConfig.of(prog.executable(), o.runtime()).workers(1)
                        .runtimeSampleEvery(on ? 1024 : 0));
                MetricsRegistry reg = null;
                MetricsServer srv = null;
                Thread scraper = null;
                int[] scrapes = {0};
                if (on) {
                    reg = new MetricsRegistry().bind(new PipelineMeters("mix", p.counters(), p.workerCounters()))
                            .bind(new MapMeters(o.maps()));
                    srv = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0),
                            new HttpRoutes(reg, () -> true, new ControlApi(List.of(), o.maps(), null)));
                    URI u = URI.create("http://127.0.0.1:" + srv.address().getPort() + "/metrics");
                    scraper = new Thread(() -> {
                        try {
                            while (true) {
                                http.send(HttpRequest.newBuilder(u).build(), HttpResponse.BodyHandlers.discarding());
                                scrapes[0]++;
                                Thread.sleep(1000);
                            }
                        } catch (Exception e) {
                            // stopped
                        }
                    });
                    scraper.setDaemon(true);
                    scraper.start();
                }
                long cpu0 = mx.getCurrentThreadCpuTime();
                PipelineStats st;
                try (CaptureFileSource src = CaptureFileSource.open(in, 1)) {
                    st = p.run(src, List.of());
                }
                long cpu = mx.getCurrentThreadCpuTime() - cpu0;
                if (on) {
                    scraper.interrupt();
                    srv.close();
                    reg.close();
                }
                System.out.printf("%s round %d: %.3f Mpps wall, %.3f steady, %.1f ns CPU/frame (pipeline thread), %d scrapes%n",
                        mode, r, st.mpps(), st.steadyMpps(), cpu / (double) st.frames(), scrapes[0]);
            }
        }
    }
}
