package org.jxdp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.jxdp.metrics.Tools;
import org.jxdp.metrics.api.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server (Debian's package) on loopback scrapes a paced {@code jxdp replay
 * --metrics} every second; its HTTP query API must show the per-verdict rates the capture
 * implies. Both run as processes of their own and are killed at the end.
 */
class PrometheusScrapeTest {
    @TempDir
    Path dir;

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void perVerdictRatesArriveInPrometheus() throws Exception {
        String prometheus = Tools.require("prometheus", "apt-get install prometheus");
        Path in = ReplayMetricsTest.capture(dir);
        int jxdpPort = freePort();
        int promPort = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> started = new ArrayList<>();
        try {
            // 700 frames 1 ms apart per loop at 1x: 1000 frames/s, 2/7 DROP, 3/7 PASS, 1/7 TX, 1/7 ABORTED
            Process replay = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    "org.jxdp.cli.Main", "replay", in.toString(), "--prog", dir.resolve("by_port.o").toString(),
                    "--workers", "2", "--loop", "200", "--speed", "1", "--metrics=127.0.0.1:" + jxdpPort)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("replay.log").toFile()).start();
            started.add(replay);
            Path config = Files.writeString(dir.resolve("prometheus.yml"), """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    scrape_configs:
                      - job_name: jxdp
                        static_configs:
                          - targets: ['127.0.0.1:%d']
                    """.formatted(jxdpPort));
            Process prom = new ProcessBuilder(prometheus, "--config.file=" + config,
                    "--storage.tsdb.path=" + Files.createDirectory(dir.resolve("tsdb")),
                    "--web.listen-address=127.0.0.1:" + promPort)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            started.add(prom);

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            String query = "sum by (verdict) (rate(jxdp_packets_total[5s]))";
            URI uri = URI.create("http://127.0.0.1:" + promPort + "/api/v1/query?query="
                    + URLEncoder.encode(query, StandardCharsets.UTF_8));
            Map<String, Double> rates = Map.of();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                assertThat(replay.isAlive()).as("replay: %s", log(dir.resolve("replay.log"))).isTrue();
                assertThat(prom.isAlive()).as("prometheus: %s", log(dir.resolve("prometheus.log"))).isTrue();
                rates = query(http, uri);
                if (rates.getOrDefault("drop", 0.0) > 0 && rates.getOrDefault("pass", 0.0) > 0
                        && rates.getOrDefault("tx", 0.0) > 0 && rates.getOrDefault("aborted", 0.0) > 0) {
                    break;
                }
                Thread.sleep(500);
            }
            assertThat(rates).as("rates from Prometheus; its log: %s", log(dir.resolve("prometheus.log")))
                    .containsKeys("drop", "pass", "tx", "aborted", "redirect", "not_run");
            // let a whole 5 s window fill with the steady state, then check the figures
            Thread.sleep(6000);
            rates = query(http, uri);
            System.out.println("Prometheus: " + query + " = " + rates);
            assertThat(rates.get("drop")).isBetween(1000 * 2 / 7.0 * 0.6, 1000 * 2 / 7.0 * 1.4);
            assertThat(rates.get("pass")).isBetween(1000 * 3 / 7.0 * 0.6, 1000 * 3 / 7.0 * 1.4);
            assertThat(rates.get("tx")).isBetween(1000 / 7.0 * 0.6, 1000 / 7.0 * 1.4);
            assertThat(rates.get("aborted")).isBetween(1000 / 7.0 * 0.6, 1000 / 7.0 * 1.4);
            assertThat(rates.get("pass") / rates.get("drop")).isBetween(1.2, 1.8);
            assertThat(rates.get("redirect")).isZero();
            assertThat(rates.get("not_run")).isZero();
        } finally {
            for (Process p : started) {
                p.destroy();
            }
            for (Process p : started) {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        }
    }

    /** {verdict: value} of an instant vector query; empty while Prometheus is starting. */
    @SuppressWarnings("unchecked")
    static Map<String, Double> query(HttpClient http, URI uri) throws InterruptedException {
        Map<String, Double> out = new TreeMap<>();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return out;
            }
            Map<String, Object> body = (Map<String, Object>) Json.parse(r.body());
            Map<String, Object> data = (Map<String, Object>) body.get("data");
            for (Object o : (List<Object>) data.get("result")) {
                Map<String, Object> series = (Map<String, Object>) o;
                String verdict = (String) ((Map<String, Object>) series.get("metric")).get("verdict");
                List<Object> value = (List<Object>) series.get("value");
                out.put(verdict, Double.parseDouble((String) value.get(1)));
            }
        } catch (IOException e) {
            // not up yet
        }
        return out;
    }

    static String log(Path f) {
        try {
            String s = Files.readString(f);
            return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
