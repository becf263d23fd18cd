package org.jxdp.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jxdp.metrics.TestAccess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code jxdp replay --metrics}: the server is up while frames flow, counts them, and is gone after. */
class ReplayMetricsTest {
    static final Pattern LISTENING = Pattern.compile("metrics       http://127\\.0\\.0\\.1:(\\d+)/metrics");

    @TempDir
    Path dir;

    static Path capture(Path dir) throws Exception {
        int[] ports = new int[700];
        int[] cycle = {1001, 1002, 1003, 53, 53, 80, 1001};
        for (int i = 0; i < ports.length; i++) {
            ports[i] = cycle[i % cycle.length];
        }
        Path in = dir.resolve("by_port.pcap");
        var b = TestAccess.capture(ports);
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        Files.write(in, bytes);
        Files.write(dir.resolve("by_port.o"), TestAccess.object());
        return in;
    }

    @Test
    void aPacedReplayIsScrapedWhileItRuns() throws Exception {
        Path in = capture(dir);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // 700 frames 1 ms apart, 3 loops at 1x: about 2 s
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> Main.execute(new String[] {"replay",
            in.toString(), "--prog", dir.resolve("by_port.o").toString(), "--workers", "2", "--loop", "3", "--speed", "1",
            "--metrics=127.0.0.1:0", "--metrics-sample", "1"}, new PrintWriter(out), new PrintWriter(err)));
        int port = port(err);
        HttpClient http = HttpClient.newHttpClient();
        URI metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
        HttpResponse<String> ready = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/readyz"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(200);
        Thread.sleep(500);
        String first = http.send(HttpRequest.newBuilder(metrics).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(first).contains("jxdp_packets_total{iface=\"by_port.pcap\",verdict=\"drop\",worker=\"");
        double dropsBefore = sum(first, "jxdp_packets_total{iface=\"by_port.pcap\",verdict=\"drop\"");
        assertThat(dropsBefore).isPositive().isLessThan(600);
        assertThat(run.get(30, java.util.concurrent.TimeUnit.SECONDS)).as(err.toString()).isZero();
        // every frame of the 3 loops: 600 of 2100 to port 1001
        assertThat(out.toString()).contains("  DROP                   600");
        assertThatThrownBy(() -> http.send(HttpRequest.newBuilder(metrics).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString())).isInstanceOf(ConnectException.class);
    }

    @Test
    void aBadAddressIsAUsageError() {
        StringWriter err = new StringWriter();
        int status = Main.execute(new String[] {"replay", "--metrics=nowhere:port"}, new PrintWriter(new StringWriter()),
                new PrintWriter(err));
        assertThat(status).isEqualTo(2);
        assertThat(err.toString()).startsWith("--metrics takes HOST:PORT, not 'nowhere:port'");
    }

    @Test
    void aPortInUseIsAOneLineFailure() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"))) {
            StringWriter err = new StringWriter();
            int status = Main.execute(new String[] {"replay", "--metrics=127.0.0.1:" + taken.getLocalPort()},
                    new PrintWriter(new StringWriter()), new PrintWriter(err));
            assertThat(status).isEqualTo(1);
            assertThat(err.toString()).matches("jxdp: --metrics 127\\.0\\.0\\.1:" + taken.getLocalPort()
                    + ": cannot listen: [^\\n]+\\n");
        }
    }

    @Test
    void anUnreadableTokenFileIsRefusedBeforeAnythingRuns() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path missing = dir.resolve("no-token");
        int status = Main.execute(new String[] {"replay", "--metrics=127.0.0.1:0", "--api-token-file",
            missing.toString()}, new PrintWriter(out), new PrintWriter(err));
        assertThat(status).isEqualTo(1);
        assertThat(err.toString()).startsWith("jxdp: --api-token-file " + missing + ": cannot read: ");
        assertThat(out.toString()).isEmpty();
    }

    /** The port of the metrics server a running command said it listens on (15 s at most). */
    static int port(StringWriter err) throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            Matcher m = LISTENING.matcher(err.toString());
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            Thread.sleep(25);
        }
        throw new AssertionError("no listening line in: " + err);
    }

    static double sum(String exposition, String prefix) {
        double s = 0;
        for (String line : exposition.split("\n")) {
            if (line.startsWith(prefix)) {
                s += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return s;
    }
}
