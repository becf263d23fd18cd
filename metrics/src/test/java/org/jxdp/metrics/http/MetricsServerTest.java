package org.jxdp.metrics.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jxdp.capture.pipeline.CaptureFileSource;
import org.jxdp.capture.pipeline.Pipeline;
import org.jxdp.capture.pipeline.PipelineConfig;
import org.jxdp.engine.maps.BpfMap;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.object.BpfProgram;
import org.jxdp.metrics.MapMeters;
import org.jxdp.metrics.MetricsRegistry;
import org.jxdp.metrics.PipelineMeters;
import org.jxdp.metrics.TestAccess;
import org.jxdp.metrics.Tools;
import org.jxdp.metrics.api.ApiToken;
import org.jxdp.metrics.api.ControlApi;
import org.jxdp.metrics.api.Json;
import org.jxdp.metrics.api.ProgramInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every endpoint over real HTTP on loopback (java.net.http), the limits, and promtool on the exposition. */
class MetricsServerTest {
    static final String TOKEN = "s3cret-token";
    static BpfObject obj;
    static MetricsRegistry registry;
    static MetricsServer server;
    static MetricsServer readOnly;
    static final AtomicBoolean ready = new AtomicBoolean();
    static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        obj = TestAccess.load(2);
        BpfProgram p = TestAccess.program(obj);
        Pipeline pipeline = new Pipeline(PipelineConfig.of(p.executable(), obj.runtime()).workers(2)
                .runtimeSampleEvery(4));
        registry = new MetricsRegistry()
                .bind(new PipelineMeters("test.pcap", pipeline.counters(), pipeline.workerCounters()))
                .bind(new MapMeters(obj.maps()));
        try (CaptureFileSource src = TestAccess.source(1, 1001, 1002, 1003, 53, 53, 80)) {
            pipeline.run(src, List.of());
        }
        List<ProgramInfo> programs = List.of(ProgramInfo.of(p, "by_port.o", "jit", 2));
        server = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0),
                new HttpRoutes(registry, ready::get, new ControlApi(programs, obj.maps(), ApiToken.of(TOKEN + "\n"))),
                TimeUnit.MILLISECONDS.toNanos(500), TimeUnit.SECONDS.toNanos(30));
        readOnly = MetricsServer.start(new InetSocketAddress("127.0.0.1", 0),
                new HttpRoutes(registry, ready::get, new ControlApi(programs, obj.maps(), null)));
    }

    @AfterAll
    static void stop() {
        server.close();
        readOnly.close();
        registry.close();
    }

    static URI uri(MetricsServer s, String path) {
        return URI.create("http://127.0.0.1:" + s.address().getPort() + path);
    }

    static HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(server, path)).timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static HttpResponse<String> send(MetricsServer s, String method, String path, String body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(s, path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String auth() {
        return "Bearer " + TOKEN;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(HttpResponse<String> r) {
        return (Map<String, Object>) Json.parse(r.body());
    }

    @Test
    void metricsAreThePrometheusTextFormatWithPerVerdictCounters() throws Exception {
        HttpResponse<String> r = get("/metrics");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue(MetricsRegistry.PROMETHEUS_TEXT);
        assertThat(r.body())
                .contains("# TYPE jxdp_packets_total counter")
                .contains("jxdp_packets_total{iface=\"test.pcap\",verdict=\"drop\",worker=\"")
                .contains("jxdp_aborted_packets_total{reason=\"invalid_action\"} 1.0")
                .contains("jxdp_program_runtime_seconds_count{worker=\"0\"}")
                .contains("jxdp_map_entries{map=\"ports\"} 5.0")
                .contains("jvm_memory_used_bytes")
                .contains("process_uptime_seconds");
    }

    @Test
    void openMetricsWhenTheAcceptHeaderAsksForIt() throws Exception {
        HttpResponse<String> r = get("/metrics", "Accept", "application/openmetrics-text; version=1.0.0");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElseThrow()).startsWith("application/openmetrics-text");
        assertThat(r.body()).contains("jxdp_packets_total{").endsWith("# EOF\n");
    }

    @Test
    void promtoolAcceptsTheExposition() throws Exception {
        String promtool = Tools.require("promtool", "apt-get install prometheus");
        String text = get("/metrics").body();
        Process p = new ProcessBuilder(promtool, "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(text.getBytes(StandardCharsets.UTF_8));
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("promtool check metrics: %s", out).isZero();
        // and it does find fault in a broken exposition, so the check above means something
        Process bad = new ProcessBuilder(promtool, "check", "metrics").redirectErrorStream(true).start();
        try (OutputStream in = bad.getOutputStream()) {
            in.write("# TYPE x counter\nx{a=\"1\" 1\n".getBytes(StandardCharsets.UTF_8));
        }
        bad.getInputStream().readAllBytes();
        assertThat(bad.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(bad.exitValue()).isNotZero();
    }

    @Test
    void healthAndReadiness() throws Exception {
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        ready.set(false);
        assertThat(get("/readyz").statusCode()).isEqualTo(503);
        ready.set(true);
        assertThat(get("/readyz").statusCode()).isEqualTo(200);
        assertThat(send(server, "POST", "/healthz", "x").statusCode()).isEqualTo(405);
    }

    @Test
    void programsAndMapsAreListed() throws Exception {
        HttpResponse<String> r = get("/api/v1/programs");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type").orElseThrow()).startsWith("application/json");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> progs = (List<Map<String, Object>>) Json.parse(r.body());
        assertThat(progs).singleElement().satisfies(p -> {
            assertThat(p).containsEntry("name", "by_port").containsEntry("section", "xdp")
                    .containsEntry("engine", "jit").containsEntry("workers", 2L).containsEntry("object", "by_port.o");
            assertThat(p.get("maps")).isEqualTo(List.of("ports"));
        });
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> maps = (List<Map<String, Object>>) Json.parse(get("/api/v1/maps").body());
        assertThat(maps).singleElement().satisfies(m -> assertThat(m).containsEntry("name", "ports")
                .containsEntry("type", "hash").containsEntry("bytes_key", 4L).containsEntry("bytes_value", 8L)
                .containsEntry("max_entries", 1024L).containsEntry("entries", 5L));
    }

    @Test
    void aMapIsDumpedWithHexKeysAndValues() throws Exception {
        HttpResponse<String> r = get("/api/v1/maps/ports");
        assertThat(r.statusCode()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> entries = (List<Map<String, Object>>) object(r).get("entries");
        // port 53 (0x35) was seen twice
        assertThat(entries).contains(Map.of("key", "35 00 00 00", "value", "02 00 00 00 00 00 00 00"));
        assertThat(entries).hasSizeGreaterThanOrEqualTo(5);
        assertThat(get("/api/v1/maps/nope").statusCode()).isEqualTo(404);
        assertThat(object(get("/api/v1/maps/nope"))).containsEntry("error", "no map named 'nope'");
    }

    @Test
    void entriesAreUpdatedAndDeletedWithTheToken() throws Exception {
        BpfMap ports = obj.map("ports");
        HttpResponse<String> r = send(server, "PUT", "/api/v1/maps/ports/entries",
                "{\"key\": \"0x39 0x30 0 0\", \"value\": \"07 00 00 00 00 00 00 00\"}", "Authorization", auth());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(ports.lookup(new byte[] {0x39, 0x30, 0, 0})).containsExactly(7, 0, 0, 0, 0, 0, 0, 0);
        r = send(server, "PUT", "/api/v1/maps/ports/entries",
                "{\"key\": \"39300000\", \"value\": \"0800000000000000\", \"flags\": \"noexist\"}",
                "Authorization", auth());
        assertThat(r.statusCode()).isEqualTo(409);
        assertThat(object(r)).containsEntry("errno", "EEXIST");
        r = send(server, "DELETE", "/api/v1/maps/ports/entries?key=39300000", null, "Authorization", auth());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(ports.lookup(new byte[] {0x39, 0x30, 0, 0})).isNull();
        r = send(server, "DELETE", "/api/v1/maps/ports/entries", "{\"key\": \"39300000\"}", "Authorization", auth());
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(object(r)).containsEntry("errno", "ENOENT");
    }

    @Test
    void writesNeedTheTokenAndAreOffWithoutOne() throws Exception {
        String body = "{\"key\": \"01000000\", \"value\": \"0100000000000000\"}";
        assertThat(send(server, "PUT", "/api/v1/maps/ports/entries", body).statusCode()).isEqualTo(401);
        assertThat(send(server, "PUT", "/api/v1/maps/ports/entries", body, "Authorization", "Bearer wrong")
                .statusCode()).isEqualTo(401);
        HttpResponse<String> off = send(readOnly, "PUT", "/api/v1/maps/ports/entries", body, "Authorization", auth());
        assertThat(off.statusCode()).isEqualTo(403);
        assertThat(object(off).get("error").toString()).contains("--api-token-file");
        assertThat(obj.map("ports").lookup(new byte[] {1, 0, 0, 0})).isNull();
        // reads stay open
        assertThat(send(readOnly, "GET", "/api/v1/maps/ports", null).statusCode()).isEqualTo(200);
    }

    @Test
    void badRequestsGetA4xxWithAJsonError() throws Exception {
        String[][] cases = {
            {"{\"key\": \"zz\", \"value\": \"00\"}", "not hex"},
            {"{\"key\": \"010000\", \"value\": \"0100000000000000\"}", "key must be 4 bytes"},
            {"{\"key\": \"01000000\", \"value\": \"01\"}", "value must be 8 bytes"},
            {"{\"key\": \"01000000\"}", "missing \"value\""},
            {"{\"key\": 5, \"value\": \"01\"}", "ports: the key has no BTF type: give it in hex"},
            {"[1, 2]", "must be a JSON object"},
            {"{\"key\": ", "bad JSON"},
            {"{\"key\": \"01000000\", \"value\": \"0100000000000000\", \"flags\": \"sometimes\"}", "\"flags\""},
        };
        for (String[] c : cases) {
            HttpResponse<String> r = send(server, "PUT", "/api/v1/maps/ports/entries", c[0], "Authorization", auth());
            assertThat(r.statusCode()).as(c[0]).isEqualTo(400);
            assertThat(object(r).get("error").toString()).as(c[0]).contains(c[1]);
        }
        assertThat(send(server, "GET", "/api/v1/maps/ports/entries", null).statusCode()).isEqualTo(405);
        assertThat(send(server, "DELETE", "/api/v1/maps", null).statusCode()).isEqualTo(405);
        HttpResponse<String> r = get("/api/v1/nothing");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(object(r)).containsKey("error");
        assertThat(get("/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        String big = "{\"key\": \"" + "0".repeat(MetricsServer.MAX_BODY) + "\"}";
        HttpResponse<String> r = send(server, "PUT", "/api/v1/maps/ports/entries", big, "Authorization", auth());
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(object(r).get("error").toString()).contains("over");
    }

    @Test
    void anOversizedBodyIsReadAndDroppedAndTheConnectionServesTheNextRequest() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.address().getPort())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            int length = MetricsServer.MAX_BODY * 4;
            // the whole body is sent, well after the server has seen it is too long: the 413 must
            // survive (a close with unread bytes would reset the connection and lose it)
            out.write(("PUT /api/v1/maps/ports/entries HTTP/1.1\r\nHost: x\r\nAuthorization: " + auth()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[length]);
            out.write("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 413").contains("over " + MetricsServer.MAX_BODY + " bytes");
            assertThat(answer.indexOf("HTTP/1.1 200")).as("the next request on the connection").isPositive();
        }
    }

    @Test
    void aMalformedRequestIs400AndClosed() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.address().getPort())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write(("GET /metrics HTTP/1.1\r\nHost: x\r\nX: " + "a".repeat(10_000) + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 400").contains("\"error\"");
        }
    }

    @Test
    void aStalledClientIsCutOffAndStallsNoOne() throws Exception {
        try (Socket slow = new Socket("127.0.0.1", server.address().getPort())) {
            slow.setSoTimeout(5000);
            OutputStream out = slow.getOutputStream();
            out.write("GET /metr".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long t0 = System.nanoTime();
            // meanwhile others are served
            assertThat(get("/healthz").statusCode()).isEqualTo(200);
            InputStream in = slow.getInputStream();
            assertThat(in.read()).as("closed without an answer").isEqualTo(-1);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertThat(ms).isBetween(300L, 4000L);
        }
    }

    @Test
    void keepAliveServesSeveralRequestsOnOneConnection() throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.address().getPort())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer.split("HTTP/1.1 200", -1)).hasSize(3);
        }
    }

    @Test
    void aPortInUseIsRefusedInOneLine() {
        InetSocketAddress taken = server.address();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> MetricsServer.start(taken,
                        new HttpRoutes(registry, () -> true, null)))
                .isInstanceOf(IOException.class)
                .hasMessageStartingWith("127.0.0.1:" + taken.getPort() + ": cannot listen: ");
    }
}
