package org.jxdp.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jxdp.cli.ReplayCommandTest.jxdp;
import static org.jxdp.cli.ReplayCommandTest.json;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jxdp.capture.pcap.CaptureReader;
import org.jxdp.capture.pcap.CaptureRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code jxdp live} on real traffic: {@link NetnsLab}'s namespaces, jxdp inline between the two
 * hosts (or in monitor mode on one side), ping, a TCP connection and UDP datagrams sent across
 * with the system's own tools, and the verdicts checked on the wire and in the summary. Each
 * test removes its namespaces, even when it fails. Skipped when not root (or tools are missing),
 * failed instead under {@code JXDP_REQUIRE_KERNEL=1}.
 */
class LiveCommandTest {
    @TempDir
    Path dir;

    @Test
    void passLetsPingTcpAndUdpCrossBothWaysAndSigintPrintsTheSummary() throws Exception {
        try (NetnsLab lab = NetnsLab.create();
             LiveProcess live = LiveProcess.start(lab.mid, "--iface", NetnsLab.MID_A, "--egress", NetnsLab.MID_B,
                     "--prog", "bundled:count", "--workers", "2", "--json")) {
            assertThat(NetnsLab.ping(lab.a, NetnsLab.B_IP, 3)).as("echo replies through jxdp").isEqualTo(3);
            assertThat(tcp(lab, "hello over tcp")).as("TCP through jxdp").isTrue();
            assertThat(udp(lab, NetnsLab.B_IP, "hello over udp")).as("UDP through jxdp").isTrue();

            LiveProcess.Finished f = live.stop("INT");
            assertThat(f.status()).as(f.err()).isZero();
            String j = f.out();
            long frames = json(j, "frames");
            assertThat(json(j, "verdicts.PASS")).isEqualTo(frames).isGreaterThanOrEqualTo(6 + 6);
            assertThat(json(j, "verdicts.DROP")).isZero();
            assertThat(j).contains("\"accounted\":true", "\"mode\":\"inline\"");
            assertThat(json(j, "transmitted.pass_forwarded")).isEqualTo(frames);
            assertThat(json(j, "transmitted.not_transmitted")).isZero();
            long readA = json(j, "interfaces.read");
            long readB = json(j.substring(j.indexOf("\"name\":\"" + NetnsLab.MID_B + "\"")), "read");
            assertThat(readA + readB).as("frames read on both sides").isEqualTo(frames);
            assertThat(readA).as("read on the A side").isPositive();
            assertThat(readB).as("read on the B side").isPositive();
            assertThat(json(j, "counters.tcp_syn")).as("the SYN was run").isPositive();
            assertThat(json(j, "counters.icmp")).isGreaterThanOrEqualTo(6);
        }
    }

    @Test
    void metricsAndTheRulesApiServeALiveSessionOfTheDosFilter() throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "live-token\n");
        Path rules = Files.writeString(dir.resolve("deny-a.yaml"), "deny: [" + NetnsLab.A_IP + "/32]\n");
        try (NetnsLab lab = NetnsLab.create();
             LiveProcess live = LiveProcess.start(lab.mid, "--iface", NetnsLab.MID_A, "--egress", NetnsLab.MID_B,
                     "--workers", "1", "--no-verify", "--metrics=127.0.0.1:9464", "--api-token-file",
                     token.toString(), "--json")) {
            assertThat(NetnsLab.ping(lab.a, NetnsLab.B_IP, 3)).as("the default rules pass ping").isEqualTo(3);
            String m = curl(lab, "http://127.0.0.1:9464/metrics");
            assertThat(ReplayMetricsTest.sum(m, "jxdp_packets_total{iface=\"" + NetnsLab.MID_A + "\",verdict=\"pass\""))
                    .as(m).isGreaterThanOrEqualTo(6);
            assertThat(ReplayMetricsTest.sum(m, "jxdp_rule_hits_packets_total{id=\"0\",rule=\"default policy\"}"))
                    .isGreaterThanOrEqualTo(6);
            assertThat(m).contains("jxdp_capture_dropped_packets_total{iface=\"" + NetnsLab.MID_A + "\"}",
                    "jxdp_capture_dropped_packets_total{iface=\"" + NetnsLab.MID_B + "\"}");

            String put = curl(lab, "-X", "PUT", "-H", "Authorization: Bearer live-token", "--data-binary",
                    "@" + rules, "http://127.0.0.1:9464/api/v1/rules");
            assertThat(put).contains("\"replaced\":true");
            assertThat(NetnsLab.ping(lab.a, NetnsLab.B_IP, 2)).as("A is denied now").isZero();

            LiveProcess.Finished f = live.stop("INT");
            assertThat(f.status()).as(f.err()).isZero();
            assertThat(f.err()).contains("jxdp: PUT /api/v1/rules: rules reloaded (0 rules, 0 amplification ports)");
            String j = f.out();
            assertThat(j).contains("\"rules\":\"PUT /api/v1/rules\"");
            String deny = j.substring(j.indexOf("\"name\":\"deny list\""));
            assertThat(json(deny, "frames")).as(j).isGreaterThanOrEqualTo(2);
            assertThat(json(j, "verdicts.DROP")).isGreaterThanOrEqualTo(2);
        }
    }

    /** curl in the middle namespace, where jxdp listens on its loopback. */
    static String curl(NetnsLab lab, String... args) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of("curl", "-sS", "--max-time", "10"));
        cmd.addAll(List.of(args));
        NetnsLab.Result r = NetnsLab.exec(lab.mid, cmd.toArray(String[]::new));
        assertThat(r.status()).as(r.out()).isZero();
        return r.out();
    }

    @Test
    void dropStopsIpv4AndSigtermLeavesEveryOutputFlushedAndValid() throws Exception {
        Path obj = compile(-1);
        Path drop = dir.resolve("drop.pcap");
        Path pass = dir.resolve("pass.pcapng");
        Path csv = dir.resolve("verdicts.csv");
        Path annotated = dir.resolve("annotated.pcapng");
        try (NetnsLab lab = NetnsLab.create();
             LiveProcess live = LiveProcess.start(lab.mid, "--iface", NetnsLab.MID_A, "--egress", NetnsLab.MID_B,
                     "--prog", obj + ":drop_ipv4", "--workers", "1", "--drop", drop.toString(), "--pass",
                     pass.toString(), "--verdicts", csv.toString(), "--annotate", annotated.toString(), "--json")) {
            assertThat(NetnsLab.ping(lab.a, NetnsLab.B_IP, 3)).as("echo replies past a DROP program").isZero();
            assertThat(tcp(lab, "never")).as("TCP past a DROP program").isFalse();

            LiveProcess.Finished f = live.stop("TERM");
            assertThat(f.status()).as(f.err()).isZero();
            String j = f.out();
            long frames = json(j, "frames");
            long dropped = json(j, "verdicts.DROP");
            long passed = json(j, "verdicts.PASS");
            assertThat(dropped).as("ping and SYN frames dropped").isGreaterThanOrEqualTo(3 + 1);
            assertThat(passed).as("ARP crossed").isPositive();
            assertThat(dropped + passed).isEqualTo(frames);
            assertThat(json(j, "transmitted.pass_forwarded")).isEqualTo(passed);
            assertThat(frames(drop)).as("frames in %s", drop).isEqualTo(dropped);
            assertThat(frames(pass)).as("frames in %s", pass).isEqualTo(passed);
            assertThat(frames(annotated)).as("frames in %s", annotated).isEqualTo(frames);
            List<String> lines = Files.readAllLines(csv);
            assertThat(lines.get(0)).isEqualTo("frame,verdict,length");
            assertThat(lines).hasSize((int) frames + 1);
            assertThat(lines.stream().filter(l -> l.contains(",DROP,")).count()).isEqualTo(dropped);
        }
    }

    @Test
    void txReflectsEchoRequestsBackToTheSender() throws Exception {
        Path obj = compile(-1);
        try (NetnsLab lab = NetnsLab.create()) {
            // an address nobody has: only the program's reflected reply can answer it
            NetnsLab.exec(lab.a, "ip", "neigh", "add", "10.77.0.99", "lladdr", NetnsLab.mac(lab.b, NetnsLab.B_DEV),
                    "dev", NetnsLab.A_DEV);
            try (LiveProcess live = LiveProcess.start(lab.mid, "--iface", NetnsLab.MID_A, "--egress",
                    NetnsLab.MID_B, "--prog", obj + ":echo_tx", "--workers", "1", "--json")) {
                assertThat(NetnsLab.ping(lab.a, "10.77.0.99", 3)).as("replies reflected by XDP_TX").isEqualTo(3);
                LiveProcess.Finished f = live.stop("INT");
                assertThat(f.status()).as(f.err()).isZero();
                assertThat(json(f.out(), "verdicts.TX")).isEqualTo(3);
                assertThat(json(f.out(), "transmitted.tx_sent")).isEqualTo(3);
                assertThat(json(f.out(), "interfaces.sent")).as("sent back out of %s", NetnsLab.MID_A).isEqualTo(3);
            }
            assertThat(NetnsLab.ping(lab.a, "10.77.0.99", 1)).as("no reply once jxdp is gone").isZero();
        }
    }

    @Test
    void monitorModeTransmitsRedirectsOnTheTargetInterface() throws Exception {
        try (NetnsLab lab = NetnsLab.create()) {
            Path obj = compile(NetnsLab.ifindex(lab.mid, NetnsLab.MID_B));
            NetnsLab.exec(lab.a, "ip", "neigh", "add", NetnsLab.B_IP, "lladdr", NetnsLab.mac(lab.b, NetnsLab.B_DEV),
                    "dev", NetnsLab.A_DEV);
            try (LiveProcess live = LiveProcess.start(lab.mid, "--iface", NetnsLab.MID_A, "--prog",
                    obj + ":redirect_udp", "--workers", "1", "--json")) {
                assertThat(udp(lab, NetnsLab.B_IP, "redirected")).as("UDP redirected to " + NetnsLab.MID_B).isTrue();
                LiveProcess.Finished f = live.stop("TERM");
                assertThat(f.status()).as(f.err()).isZero();
                String j = f.out();
                assertThat(j).contains("\"mode\":\"monitor\"", "\"name\":\"" + NetnsLab.MID_B + "\"");
                assertThat(json(j, "verdicts.REDIRECT")).isPositive();
                assertThat(json(j, "transmitted.redirect_sent")).isEqualTo(json(j, "verdicts.REDIRECT"));
                assertThat(json(j, "transmitted.pass_forwarded")).as("monitor mode forwards nothing").isZero();
            }
        }
    }

    @Test
    void durationStopsTheSessionByItself() throws Exception {
        try (NetnsLab lab = NetnsLab.create();
             LiveProcess live = LiveProcess.start(lab.mid, "--iface", NetnsLab.MID_B, "--duration", "1",
                     "--prefilter", "icmp")) {
            LiveProcess.Finished f = live.waitFor();
            assertThat(f.status()).as(f.err()).isZero();
            assertThat(f.out()).startsWith("live          " + NetnsLab.MID_B + " (ifindex ")
                    .contains("monitor, prefilter 'icmp'")
                    .containsPattern("interface +" + NetnsLab.MID_B + " \\(ifindex \\d+\\): libpcap received \\d+, "
                            + "dropped \\d+, ifdropped \\d+; read \\d+, sent 0");
        }
    }

    @Test
    void errorsAreOneLine() throws Exception {
        ReplayCommandTest.Run r = jxdp("live", "--iface", "jxdp-none0");
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("jxdp: no such interface: jxdp-none0\n");
        r = jxdp("live", "--iface", "lo", "--egress", "lo");
        assertThat(r.status()).isEqualTo(2);
        try (NetnsLab lab = NetnsLab.create()) {
            NetnsLab.Result bad = NetnsLab.exec(lab.mid, javaCommand("--iface", NetnsLab.MID_A, "--prefilter",
                    "tcp port"));
            assertThat(bad.status()).isEqualTo(1);
            assertThat(bad.out()).matches("jxdp: --prefilter 'tcp port': [^\n]*syntax error\n");
            NetnsLab.Result denied = NetnsLab.exec(lab.mid, with("setpriv", "--bounding-set=-net_raw,-net_admin",
                    javaCommand("--iface", NetnsLab.MID_A)));
            assertThat(denied.status()).isEqualTo(1);
            assertThat(denied.out()).matches("jxdp: " + NetnsLab.MID_A + ": no permission to capture \\([^\n]*\\); "
                    + "run as root or with CAP_NET_RAW\n");
        }
    }

    private static String[] javaCommand(String... args) {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-cp", cp,
                "org.jxdp.cli.Main", "live"));
        cmd.addAll(List.of(args));
        return cmd.toArray(new String[0]);
    }

    private static String[] with(String a, String b, String... rest) {
        String[] all = new String[rest.length + 2];
        all[0] = a;
        all[1] = b;
        System.arraycopy(rest, 0, all, 2, rest.length);
        return all;
    }

    /** A TCP connection from A to B that carries {@code text}: true when B received it. */
    private static boolean tcp(NetnsLab lab, String text) throws Exception {
        Process server = NetnsLab.start(lab.b, "timeout", "15", "nc", "-l", NetnsLab.B_IP, "7000");
        try {
            Thread.sleep(300);
            NetnsLab.Result client = NetnsLab.exec(lab.a, "sh", "-c",
                    "echo '" + text + "' | timeout 10 nc -N -w 3 " + NetnsLab.B_IP + " 7000");
            if (client.status() != 0) {
                return false;
            }
            server.waitFor(10, TimeUnit.SECONDS);
            return new String(server.getInputStream().readAllBytes(), StandardCharsets.UTF_8).contains(text);
        } finally {
            server.destroyForcibly();
        }
    }

    /** A UDP datagram from A to {@code ip}:9000 in B: true when B received it (5 s at most). */
    private static boolean udp(NetnsLab lab, String ip, String text) throws Exception {
        Path got = Files.createTempFile("jxdp-udp", ".txt");
        Process server = NetnsLab.start(lab.b, "sh", "-c", "timeout 10 nc -u -l " + ip + " 9000 > " + got);
        try {
            Thread.sleep(300);
            for (int i = 0; i < 10; i++) {
                NetnsLab.exec(lab.a, "sh", "-c", "echo '" + text + "' | timeout 3 nc -u -w 1 " + ip + " 9000");
                if (Files.readString(got).contains(text)) {
                    return true;
                }
            }
            return false;
        } finally {
            server.destroyForcibly();
            Files.deleteIfExists(got);
        }
    }

    /** The frames in a capture file (which must read without a problem). */
    private static long frames(Path file) throws IOException {
        long n = 0;
        try (CaptureReader r = CaptureReader.open(file)) {
            CaptureRecord rec = new CaptureRecord();
            while (r.next(rec)) {
                n++;
            }
            assertThat(r.problems().count()).as("problems in %s", file).isZero();
        }
        return n;
    }

    /** live_tests.c built with clang; {@code targetIfindex} for redirect_udp (-1: not needed). */
    private Path compile(int targetIfindex) throws Exception {
        Path src = dir.resolve("live_tests.c");
        try (InputStream in = getClass().getResourceAsStream("live/live_tests.c")) {
            Files.write(src, in.readAllBytes());
        }
        Path obj = dir.resolve("live_tests-" + targetIfindex + ".o");
        String arch = System.getProperty("os.arch").equals("aarch64") ? "aarch64" : "x86_64";
        Process p;
        try {
            p = new ProcessBuilder("clang", "-O2", "-g", "-target", "bpf", "-I/usr/include/" + arch + "-linux-gnu",
                    "-DTARGET_IFINDEX=" + Math.max(1, targetIfindex), "-c", src.toString(), "-o", obj.toString())
                    .redirectErrorStream(true).start();
        } catch (IOException e) {
            String why = "clang is not installed (apt-get install clang libbpf-dev)";
            if ("1".equals(System.getenv("JXDP_REQUIRE_TOOLS"))) {
                fail(why);
            }
            Assumptions.abort(why);
            return null;
        }
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        return obj;
    }
}
