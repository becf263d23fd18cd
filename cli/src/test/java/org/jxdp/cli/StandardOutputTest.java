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
 * An output named {@code -} is standard output, as {@code tcpdump -w -} writes there: the capture
 * (or the CSV) alone on standard output, byte for byte what the same output written to a file
 * holds, and the summary on standard error. Run as a separate JVM, whose standard output the test
 * reads (the test JVM's own is its build tool's channel).
 */
class StandardOutputTest {
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

    /** {@code jxdp ARGS} in a JVM of its own, with the test's classpath. */
    private static Finished jxdp(String... args) throws Exception {
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
