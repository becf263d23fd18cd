package org.jxdp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxdp.capture.pcap.CaptureFileFormat;
import org.jxdp.capture.pcap.CaptureReader;
import org.jxdp.capture.pcap.CaptureRecord;

/**
 * {@code -} as in tcpdump: an output named so is standard output (the capture or the CSV alone
 * there, byte for byte what the same output written to a file holds, and the summary on standard
 * error), and an input named so is standard input. Run as a separate JVM, whose standard streams
 * the test holds (the test JVM's own are its build tool's channel).
 */
class StandardStreamsTest {
    @TempDir
    Path dir;
    private Path in;

    record Finished(int status, byte[] out, String err) {
    }

    @BeforeEach
    void capture() {
        in = dir.resolve("in.pcap");
        ReplayCommandTest.Run g = ReplayCommandTest.jxdp("gen", "--profile", "attacks", "--packets", "400", "--seed",
                "3", "-o", in.toString());
        assertThat(g.status()).as(g.err()).isZero();
    }

    @Test
    void passFramesOnStandardOutputAreTheFileTheyWouldBe() throws Exception {
        Path file = dir.resolve("pass.pcap");
        ReplayCommandTest.Run toFile = ReplayCommandTest.jxdp("replay", in.toString(), "--workers", "2", "--pass",
                file.toString());
        assertThat(toFile.status()).as(toFile.err()).isZero();

        Finished f = jxdp("replay", in.toString(), "--workers", "2", "--pass", "-");
        assertThat(f.status()).as(f.err()).isZero();
        assertThat(f.out()).isEqualTo(Files.readAllBytes(file));
        assertThat(frames(f.out())).isPositive().isLessThan(400);
        assertThat(f.err()).contains("replay        " + in + "\n").contains("output        standard output: ");
    }

    @Test
    void annotationsArePcapngAndVerdictsCsvOnStandardOutput() throws Exception {
        Finished a = jxdp("replay", in.toString(), "--workers", "1", "--annotate", "-", "--json");
        assertThat(a.status()).as(a.err()).isZero();
        try (CaptureReader r = CaptureReader.read("stdout", ByteBuffer.wrap(a.out()))) {
            assertThat(r.format()).isEqualTo(CaptureFileFormat.PCAPNG);
        }
        assertThat(frames(a.out())).isEqualTo(400);
        assertThat(a.err()).contains("\"input\":\"" + in + "\"");

        Finished v = jxdp("replay", in.toString(), "--workers", "1", "--verdicts", "-");
        assertThat(v.status()).as(v.err()).isZero();
        List<String> lines = new String(v.out(), StandardCharsets.US_ASCII).lines().toList();
        assertThat(lines).hasSize(401).first().isEqualTo("frame,verdict,length");
        assertThat(lines.get(1)).startsWith("1,");
        assertThat(v.err()).contains("output        standard output: 400 lines");
    }

    @Test
    void aCaptureOnStandardInputReplaysAsItsFileDoes() throws Exception {
        ReplayCommandTest.Run fromFile = ReplayCommandTest.jxdp("replay", in.toString(), "--workers", "1", "--json");
        assertThat(fromFile.status()).as(fromFile.err()).isZero();

        Finished f = jxdpWithInput(Files.readAllBytes(in), "replay", "-", "--workers", "1", "--json");
        assertThat(f.status()).as(f.err()).isZero();
        String json = new String(f.out(), StandardCharsets.UTF_8);
        assertThat(json).startsWith("{\"input\":\"standard input\"");
        for (String key : new String[] {"frames", "verdicts.PASS", "verdicts.DROP", "verdicts.TX"}) {
            assertThat(ReplayCommandTest.json(json, key)).as(key).isEqualTo(ReplayCommandTest.json(fromFile.out(), key));
        }

        Finished empty = jxdpWithInput(new byte[0], "replay", "-");
        assertThat(empty.status()).isEqualTo(1);
        assertThat(empty.err()).endsWith("jxdp: standard input: offset 0x0: the file is 0 bytes long, too short for a"
                + " pcap or pcapng magic number\n");
    }

    @Test
    void generatedTrafficOnStandardOutputIsTheFileItWouldBe() throws Exception {
        Finished f = jxdp("gen", "--profile", "attacks", "--packets", "400", "--seed", "3", "-o", "-");
        assertThat(f.status()).as(f.err()).isZero();
        assertThat(f.out()).isEqualTo(Files.readAllBytes(in));
        assertThat(f.err()).endsWith("standard output: 400 frames of profile attacks, seed 3\n");
    }

    @Test
    void twoOutputsCannotShareIt() throws Exception {
        Finished f = jxdp("replay", in.toString(), "--pass", "-", "--drop", "-");
        assertThat(f.status()).isEqualTo(2);
        assertThat(f.out()).isEmpty();
        assertThat(f.err()).startsWith("only one output can be standard output (-)\n");
    }

    private static long frames(byte[] capture) throws IOException {
        long n = 0;
        try (CaptureReader r = CaptureReader.read("stdout", ByteBuffer.wrap(capture))) {
            CaptureRecord rec = new CaptureRecord();
            while (r.next(rec)) {
                n++;
            }
        }
        return n;
    }

    /** {@code jxdp ARGS} in a JVM of its own, with the test's classpath and nothing on standard input. */
    private static Finished jxdp(String... args) throws Exception {
        return jxdpWithInput(new byte[0], args);
    }

    /** {@code jxdp ARGS} in a JVM of its own, {@code input} on its standard input. */
    private static Finished jxdpWithInput(byte[] input, String... args) throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", cp,
                "org.jxdp.cli.Main"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Thread o = pump(p.getInputStream(), out);
        Thread e = pump(p.getErrorStream(), err);
        try (var stdin = p.getOutputStream()) {
            stdin.write(input);
        }
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("jxdp %s ended", String.join(" ", args)).isTrue();
        o.join();
        e.join();
        return new Finished(p.exitValue(), out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    private static Thread pump(InputStream from, ByteArrayOutputStream to) {
        Thread t = new Thread(() -> {
            try {
                from.transferTo(to);
            } catch (IOException ignored) {
                // the process ended
            }
        });
        t.start();
        return t;
    }
}
