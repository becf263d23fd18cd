package org.jxdp.capture.gen;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jxdp.capture.link.LinkType;
import org.jxdp.capture.pcap.CaptureFileFormat;
import org.jxdp.capture.pcap.CaptureWriter;
import org.jxdp.capture.testing.Tshark;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The samples in {@code pcaps/} are what {@code jxdp gen} makes, byte for byte (each
 * {@code X.counts} file's first line is the command that made {@code X}), and Wireshark reads
 * them with the counts the generator expects: frames ({@code capinfos}), bytes, VLAN, IPv4,
 * IPv6, non-IP, fragments, TCP, UDP, ICMP and SYN frames, and every IPv4, TCP, UDP, ICMP and
 * ICMPv6 checksum good.
 */
class SamplesTest {
    private static final Pattern COMMAND = Pattern.compile(
            "# jxdp gen --profile (\\S+) --packets (\\d+) --seed (-?\\d+) -o (\\S+)");

    @TempDir
    Path dir;

    record Sample(Path capture, Path counts, Profile profile, long packets, long seed) {
    }

    static List<Sample> samples() throws IOException {
        Path pcaps = Path.of("..", "pcaps");
        assertThat(pcaps).as("pcaps/ beside the modules").isDirectory();
        try (Stream<Path> s = Files.list(pcaps)) {
            List<Sample> out = s.filter(p -> p.toString().endsWith(".counts")).sorted().map(c -> {
                try {
                    Matcher m = COMMAND.matcher(Files.readAllLines(c).get(0));
                    assertThat(m.matches()).as("first line of %s", c).isTrue();
                    return new Sample(pcaps.resolve(m.group(4)), c, Profile.fromCliName(m.group(1)),
                            Long.parseLong(m.group(2)), Long.parseLong(m.group(3)));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
            assertThat(out).as("samples in pcaps/").hasSizeGreaterThanOrEqualTo(3);
            return out;
        }
    }

    static GeneratedCounts generate(Sample s, Path out) throws IOException {
        try (CaptureWriter w = CaptureWriter.create(out, CaptureFileFormat.forOutput(out), LinkType.LINKTYPE_ETHERNET)) {
            return TrafficGenerator.generate(s.profile(), s.packets(), s.seed(), w);
        }
    }

    @TestFactory
    Stream<DynamicTest> everySampleIsRegeneratedByteForByte() throws IOException {
        return samples().stream().map(s -> DynamicTest.dynamicTest(s.capture().getFileName().toString(), () -> {
            Path out = dir.resolve(s.capture().getFileName());
            GeneratedCounts c = generate(s, out);
            assertThat(Files.readAllBytes(out)).as("%s regenerated", s.capture()).isEqualTo(Files.readAllBytes(s.capture()));
            assertThat(c.toText(out.getFileName().toString())).isEqualTo(Files.readString(s.counts()));
        }));
    }

    @TestFactory
    Stream<DynamicTest> wiresharkReadsEverySampleWithTheExpectedCounts() throws IOException {
        return samples().stream().map(s -> DynamicTest.dynamicTest(s.capture().getFileName().toString(), () -> {
            Map<String, Long> expected = counts(s.counts());
            assertThat(Tshark.capinfosCount(s.capture())).isEqualTo(expected.get("frames"));
            List<String[]> rows = Tshark.fields(s.capture(), List.of("-o", "ip.defragment:FALSE", "-o",
                    "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE"),
                    "frame.len", "vlan.etype", "ip.proto", "ip.flags.mf", "ip.frag_offset", "ipv6.nxt", "tcp.flags.syn",
                    "tcp.flags.ack", "ip.checksum.status", "tcp.checksum.status", "udp.checksum.status",
                    "icmp.checksum.status", "icmpv6.checksum.status");
            long[] c = new long[ProtocolCounter.values().length];
            long good = 0;
            for (String[] f : rows) {
                c[ProtocolCounter.FRAMES.ordinal()]++;
                c[ProtocolCounter.BYTES.ordinal()] += Long.parseLong(f[0]);
                if (!f[1].isEmpty()) {
                    c[ProtocolCounter.VLAN.ordinal()]++;
                }
                String proto;
                if (!f[2].isEmpty()) {
                    c[ProtocolCounter.IPV4.ordinal()]++;
                    if (f[3].equals("1") || !f[4].equals("0")) {
                        c[ProtocolCounter.FRAGMENT.ordinal()]++;
                        proto = null;
                    } else {
                        proto = f[2];
                    }
                } else if (!f[5].isEmpty()) {
                    c[ProtocolCounter.IPV6.ordinal()]++;
                    proto = f[5];
                } else {
                    c[ProtocolCounter.NON_IP.ordinal()]++;
                    proto = null;
                }
                if ("6".equals(proto)) {
                    c[ProtocolCounter.TCP.ordinal()]++;
                    if (f[6].equals("1") && f[7].equals("0")) {
                        c[ProtocolCounter.TCP_SYN.ordinal()]++;
                    }
                } else if ("17".equals(proto)) {
                    c[ProtocolCounter.UDP.ordinal()]++;
                } else if ("1".equals(proto) || "58".equals(proto)) {
                    c[ProtocolCounter.ICMP.ordinal()]++;
                }
                for (int i = 8; i <= 12; i++) {
                    assertThat(f[i]).as("checksum field %d of a frame of %s", i, s.capture()).isNotEqualTo("2");
                    if (f[i].equals("1")) {
                        good++;
                    }
                }
            }
            for (ProtocolCounter pc : ProtocolCounter.values()) {
                assertThat(c[pc.ordinal()]).as("%s by tshark", pc.key()).isEqualTo(expected.get("counter." + pc.key()));
            }
            assertThat(good).as("checksums tshark verified").isGreaterThan(expected.get("frames"));
        }));
    }

    @Test
    void theSameArgumentsGiveTheSameBytesAndAnotherSeedOthers() throws IOException {
        for (Profile p : Profile.values()) {
            Path a = dir.resolve(p.cliName() + "-a.pcap");
            Path b = dir.resolve(p.cliName() + "-b.pcap");
            Path c = dir.resolve(p.cliName() + "-c.pcap");
            GeneratedCounts ca = generate(new Sample(a, null, p, 3000, 42), a);
            GeneratedCounts cb = generate(new Sample(b, null, p, 3000, 42), b);
            generate(new Sample(c, null, p, 3000, 43), c);
            assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
            assertThat(Files.readAllBytes(a)).isNotEqualTo(Files.readAllBytes(c));
            assertThat(ca.toText(null)).isEqualTo(cb.toText(null));
            long sum = 0;
            for (TrafficClass t : TrafficClass.values()) {
                sum += ca.count(t);
                if (p.shares().containsKey(t) && p.shares().get(t) >= 0.05) {
                    assertThat(ca.count(t)).as("%s in %s", t, p).isPositive();
                }
            }
            assertThat(sum).isEqualTo(3000);
            assertThat(ca.count(ProtocolCounter.FRAMES)).isEqualTo(3000);
        }
    }

    @Test
    void theMixKeepsFramesSmall() throws IOException {
        Path f = dir.resolve("mix.pcap");
        GeneratedCounts c = generate(new Sample(f, null, Profile.MIX, 20_000, 1), f);
        // 60..132 bytes: 128 plus a VLAN tag at most
        long bytes = c.count(ProtocolCounter.BYTES);
        assertThat(bytes / 20_000.0).isBetween(60.0, 132.0);
        org.jxdp.capture.pcap.CaptureRecord r = new org.jxdp.capture.pcap.CaptureRecord();
        try (org.jxdp.capture.pcap.CaptureReader in = org.jxdp.capture.pcap.CaptureReader.open(f)) {
            while (in.next(r)) {
                assertThat(r.capturedLength()).isBetween(60, 132);
            }
        }
    }

    static Map<String, Long> counts(Path file) throws IOException {
        Map<String, Long> m = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (line.startsWith("#") || line.isBlank()) {
                continue;
            }
            String[] kv = line.split(" ");
            m.put(kv[0], Long.parseLong(kv[1]));
        }
        return m;
    }
}
