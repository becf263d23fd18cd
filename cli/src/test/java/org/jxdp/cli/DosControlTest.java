package org.jxdp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DoS filter under {@code jxdp replay --metrics}: rule hits are scraped while frames flow,
 * and {@code PUT /api/v1/rules} replaces the rules of the running filter without a restart.
 */
class DosControlTest {
    static final String RULES = "rules: [{name: drop-1001, action: drop, proto: udp, dst_port: 1001}]\n";

    @TempDir
    Path dir;

    @Test
    void rulesPutThroughTheApiTakeEffectWhileTheReplayRuns() throws Exception {
        Path in = ReplayMetricsTest.capture(dir);
        Path token = Files.writeString(dir.resolve("token"), "t0ken\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // 700 frames 1 ms apart, 6 loops at 1x: about 4.2 s, every frame passed by the default rules
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> Main.execute(new String[] {"replay",
            in.toString(), "--no-verify", "--workers", "2", "--loop", "6", "--speed", "1", "--metrics=127.0.0.1:0",
            "--api-token-file", token.toString()}, new PrintWriter(out), new PrintWriter(err)));
        int port = ReplayMetricsTest.port(err);
        HttpClient http = HttpClient.newHttpClient();
        URI metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
        URI rules = URI.create("http://127.0.0.1:" + port + "/api/v1/rules");
        Thread.sleep(400);
        String before = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(ReplayMetricsTest.sum(before, "jxdp_rule_hits_packets_total{id=\"0\",rule=\"default policy\"}"))
                .isPositive();

        HttpResponse<String> put = http.send(HttpRequest.newBuilder(rules).header("Authorization", "Bearer t0ken")
                .PUT(HttpRequest.BodyPublishers.ofString(RULES)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        assertThat(put.body()).contains("\"replaced\":true");
        Thread.sleep(400);
        String after = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
        double dropped = ReplayMetricsTest.sum(after, "jxdp_rule_hits_packets_total{id=\"16\",rule=\"drop-1001\"}");
        assertThat(dropped).as(after).isPositive();
        assertThat(after).doesNotContain("snmp-from-10/8");
        String got = http.send(HttpRequest.newBuilder(rules).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(got).contains("\"source\":\"PUT /api/v1/rules\"").contains("\"generation\":1");

        // the same through the CLI: show, a refused file (each mistake at its line), a check
        String api = "--api=http://127.0.0.1:" + port;
        ReplayCommandTest.Run show = ReplayCommandTest.jxdp("rules", "show", api);
        assertThat(show.status()).as(show.err()).isZero();
        assertThat(show.out()).startsWith("# PUT /api/v1/rules (generation 1): 1 rules, 0 amplification ports")
                .endsWith(RULES);
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "default: pass\nrules: [{name: x, action: maybe}]\n");
        ReplayCommandTest.Run refused = ReplayCommandTest.jxdp("rules", "apply", bad.toString(), api,
                "--api-token-file", token.toString());
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err()).isEqualTo("jxdp: " + bad + ":2: action must be pass, drop or ban, not 'maybe'\n");
        ReplayCommandTest.Run noToken = ReplayCommandTest.jxdp("rules", "apply", bad.toString(), api);
        assertThat(noToken.err()).isEqualTo("jxdp: rules apply: missing or wrong bearer token\n");
        Path good = Files.writeString(dir.resolve("good.yaml"), RULES);
        ReplayCommandTest.Run checked = ReplayCommandTest.jxdp("rules", "apply", "--check", good.toString(), api,
                "--api-token-file", token.toString());
        assertThat(checked.out()).isEqualTo(good + ": ok: 1 rules (checked by the running jxdp, not applied)\n");

        assertThat(run.get(60, TimeUnit.SECONDS)).as(err.toString()).isZero();
        assertThat(err.toString()).contains("jxdp: PUT /api/v1/rules: rules reloaded (1 rules, 0 amplification ports)");
        // 1,200 of the 4,200 frames go to port 1001: only those after the PUT are dropped
        String summary = out.toString();
        assertThat(summary).contains("rules         PUT /api/v1/rules: 1 rules").contains("drop-1001");
        long drops = Long.parseLong(summary.replaceAll("(?s).*\\n  DROP +([0-9,]+).*", "$1").replace(",", ""));
        assertThat(drops).isGreaterThanOrEqualTo((long) dropped).isLessThan(1200);
    }
}
