package org.jxdp.capture.pcap;

import static java.nio.ByteOrder.BIG_ENDIAN;
import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.jxdp.capture.pcap.PcapngEdgeCasesTest.frame;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.jxdp.capture.testing.CaptureContents;
import org.jxdp.capture.testing.PcapBytes;
import org.jxdp.capture.testing.Tshark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hand-built classic pcap files: both byte orders and resolutions, and damage made on purpose. */
class PcapEdgeCasesTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long T0 = 1_600_000_000L;

    @TempDir
    Path tmp;

    @Test
    void bothByteOrdersAndBothResolutions() throws IOException {
        for (var order : new java.nio.ByteOrder[] {LITTLE_ENDIAN, BIG_ENDIAN}) {
            for (boolean nanos : new boolean[] {false, true}) {
                PcapBytes p = PcapBytes.of(order, nanos ? ClassicPcap.NSEC_TCPDUMP_MAGIC : ClassicPcap.TCPDUMP_MAGIC, 65535, 1);
                p.record(T0, 999_999, frame(60, 1), 60);
                p.record(T0 + 1, 5, frame(70, 2), 1514);
                Path f = p.writeTo(tmp.resolve(order + "-" + nanos + ".pcap"));
                CaptureContents c = CaptureContents.of(f);
                assertThat(c.format()).isEqualTo(nanos ? CaptureFileFormat.PCAP_NSEC : CaptureFileFormat.PCAP);
                assertThat(c.problems()).isEmpty();
                long unit = nanos ? 1 : 1000;
                assertThat(c.frames()).extracting(CaptureContents.Frame::timestampNanos, CaptureContents.Frame::originalLength)
                        .containsExactly(tuple(T0 * SECOND + 999_999 * unit, 60L), tuple((T0 + 1) * SECOND + 5 * unit, 1514L));
                assertThat(c.frames().get(1).bytes()).isEqualTo(frame(70, 2));
                assertThat(c.snapped()).isEqualTo(1);
                Tshark.Frames t = Tshark.frames(f);
                assertThat(t.exitCode()).as(t.errors()).isZero();
                SharedCapturesTest.assertSameFrames(f, c.frames(), t.frames());
            }
        }
    }

    @Test
    void truncatedLastRecordIsReportedAsTsharkReadsTheRest() throws IOException {
        PcapBytes p = PcapBytes.of(LITTLE_ENDIAN, ClassicPcap.TCPDUMP_MAGIC, 65535, 1);
        p.record(T0, 1, frame(60, 1), 60);
        long cut = p.offset();
        p.record(T0, 2, frame(300, 2), 300);
        byte[] bytes = Arrays.copyOf(p.bytes(), (int) cut + 16 + 100);
        Path f = Files.write(tmp.resolve("cut.pcap"), bytes);
        CaptureContents c = CaptureContents.of(f);
        assertThat(c.frames()).hasSize(1);
        assertThat(c.problems()).singleElement().satisfies(pr -> {
            assertThat(pr.kind()).isEqualTo(ProblemKind.TRUNCATED);
            assertThat(pr.offset()).isEqualTo(cut);
            assertThat(pr.toString()).isEqualTo(f + ": offset 0x64: record captured length 300 runs past the end of the"
                    + " file (100 bytes left); no record follows, the last 116 bytes are ignored");
        });
        Tshark.Frames t = Tshark.frames(f);
        assertThat(t.exitCode()).isNotZero();
        assertThat(t.errors()).contains("cut short");
        SharedCapturesTest.assertSameFrames(f, c.frames(), t.frames());
    }

    @Test
    void aCutRecordHeaderIsReported() throws IOException {
        PcapBytes p = PcapBytes.of(LITTLE_ENDIAN, ClassicPcap.TCPDUMP_MAGIC, 65535, 1);
        p.record(T0, 1, frame(60, 1), 60);
        long at = p.offset();
        p.raw(new byte[10]);
        CaptureContents c = CaptureContents.of(p.bytes());
        assertThat(c.frames()).hasSize(1);
        assertThat(c.problems()).extracting(CaptureProblem::offset, CaptureProblem::kind, CaptureProblem::detail)
                .containsExactly(tuple(at, ProblemKind.TRUNCATED, "record header cut after 10 of 16 bytes; ignored"));
    }

    @Test
    void capturedLengthAboveTheSnaplenOrTheOriginalLengthIsDeliveredAndReported() throws IOException {
        PcapBytes p = PcapBytes.of(LITTLE_ENDIAN, ClassicPcap.TCPDUMP_MAGIC, 64, 1);
        long first = p.offset();
        p.record(T0, 1, frame(100, 1), 100);
        long second = p.offset();
        p.record(T0, 2, frame(50, 2), 40);
        CaptureContents c = CaptureContents.of(p.bytes());
        assertThat(c.frames()).extracting(f -> f.bytes().length).containsExactly(100, 50);
        assertThat(c.problems()).extracting(CaptureProblem::offset, CaptureProblem::kind).containsExactly(
                tuple(first, ProblemKind.CAPLEN_ABOVE_SNAPLEN), tuple(second, ProblemKind.CAPLEN_ABOVE_ORIGINAL));
    }

    @Test
    void anAbsurdCapturedLengthIsSkippedToTheNextPlausibleRecord() throws IOException {
        PcapBytes p = PcapBytes.of(BIG_ENDIAN, ClassicPcap.TCPDUMP_MAGIC, 65535, 1);
        p.record(T0, 1, frame(60, 1), 60);
        long bad = p.offset();
        p.record(T0, 2, 0x7fffffff, 0x7fffffff, frame(40, 2));
        long next = p.offset();
        p.record(T0, 3, frame(60, 3), 60);
        p.record(T0, 4, frame(61, 4), 61);
        CaptureContents c = CaptureContents.of(p.bytes());
        assertThat(c.frames()).extracting(CaptureContents.Frame::fileOffset).containsExactly(24L, next, next + 76);
        assertThat(c.problems()).extracting(CaptureProblem::offset, CaptureProblem::kind, CaptureProblem::detail)
                .containsExactly(tuple(bad, ProblemKind.CAPLEN_ABOVE_MAXIMUM, "record captured length 2147483647 is above"
                        + " the maximum 262144; skipped 56 bytes to the next plausible record at 0x" + Long.toHexString(next)));
    }

    @Test
    void garbageBetweenRecordsIsSkipped() throws IOException {
        PcapBytes p = PcapBytes.of(LITTLE_ENDIAN, ClassicPcap.TCPDUMP_MAGIC, 65535, 1);
        p.record(T0, 1, frame(60, 1), 60);
        long garbage = p.offset();
        byte[] junk = new byte[37];
        Arrays.fill(junk, (byte) 0xff);
        p.raw(junk);
        long next = p.offset();
        p.record(T0, 2, frame(60, 2), 60);
        CaptureContents c = CaptureContents.of(p.bytes());
        assertThat(c.frames()).extracting(CaptureContents.Frame::fileOffset).containsExactly(24L, next);
        assertThat(c.problems()).extracting(CaptureProblem::offset, CaptureProblem::kind)
                .containsExactly(tuple(garbage, ProblemKind.CAPLEN_ABOVE_MAXIMUM));
    }

    @Test
    void microsecondsOfAWholeSecondOrMoreAreReportedAndCarried() throws IOException {
        PcapBytes p = PcapBytes.of(LITTLE_ENDIAN, ClassicPcap.TCPDUMP_MAGIC, 0, 1);
        p.record(T0, 1_500_000, frame(60, 1), 60);
        CaptureContents c = CaptureContents.of(p.bytes());
        assertThat(c.frames()).extracting(CaptureContents.Frame::timestampNanos).containsExactly((T0 + 1) * SECOND + SECOND / 2);
        assertThat(c.problems()).extracting(CaptureProblem::kind).containsExactly(ProblemKind.BAD_TIMESTAMP);
    }

    @Test
    void anUnknownVersionIsReportedAndReadAs24() throws IOException {
        byte[] b = PcapBytes.of(LITTLE_ENDIAN, ClassicPcap.TCPDUMP_MAGIC, 65535, 113).record(T0, 0, frame(20, 1), 20).bytes();
        b[4] = 3;
        CaptureContents c = CaptureContents.of(b);
        assertThat(c.frames()).extracting(CaptureContents.Frame::linkType).containsExactly(113);
        assertThat(c.problems()).extracting(CaptureProblem::offset, CaptureProblem::kind, CaptureProblem::detail)
                .containsExactly(tuple(4L, ProblemKind.UNSUPPORTED_VERSION, "pcap version 3.4 is not 2.x; read as 2.4"));
    }

    @Test
    void theLinkTypeIsTheLow16BitsOfItsWord() throws IOException {
        // FCS length 4 (in 16-bit words: 2) announced in the top bits of the link type word
        PcapBytes p = PcapBytes.of(LITTLE_ENDIAN, ClassicPcap.TCPDUMP_MAGIC, 65535, 0x4000_0000 | 1);
        p.record(T0, 0, frame(64, 1), 64);
        CaptureContents c = CaptureContents.of(p.bytes());
        assertThat(c.interfaces()).extracting(CaptureInterface::linkType).containsExactly(1);
        assertThat(c.frames()).extracting(CaptureContents.Frame::linkType).containsExactly(1);
    }
}
