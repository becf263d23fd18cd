package org.jxdp.capture.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jxdp.capture.testing.CaptureContents;
import org.jxdp.capture.testing.SharedCaptures;
import org.jxdp.capture.testing.Tshark;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every capture of {@code ../shared/pcaps} read by this package and by Wireshark's tools: the
 * same number of frames as {@code capinfos -c -M}, and per frame the same length, captured
 * length, timestamp (to the nanosecond) and captured bytes (MD5) as tshark. (All of today's
 * captures are sound at the file level, their malformations being inside packets; a file that
 * tshark cannot read to the end is held to the frames tshark does read, and this reader must
 * report a problem with an offset. {@link DamagedCapturesTest} makes such files.)
 */
class SharedCapturesTest {

    @TestFactory
    Stream<DynamicTest> everyCaptureMatchesTshark() {
        Tshark.prefetchOriginals(SharedCaptures.all());
        return SharedCaptures.all().stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            CaptureContents ours = CaptureContents.of(f);
            Tshark.Frames theirs = Tshark.framesOfOriginal(f);
            if (theirs.exitCode() == 0) {
                // a file tshark reads to the end is sound at the file level: no problem, the same frames
                assertThat(ours.problems()).as("problems").isEmpty();
                assertThat((long) ours.frames().size()).as("frames against capinfos").isEqualTo(Tshark.capinfosCount(f));
                assertSameFrames(f, ours.frames(), theirs.frames());
            } else {
                // a file tshark gives up on: the frames it read, then a problem reported at or after the last of them
                assertThat(ours.problems()).as("problems; tshark said %s", theirs.errors()).isNotEmpty();
                assertThat(ours.frames().size()).isGreaterThanOrEqualTo(theirs.frames().size());
                int read = theirs.frames().size();
                assertSameFrames(f, ours.frames().subList(0, read), theirs.frames());
                long lastRead = read == 0 ? 0 : ours.frames().get(read - 1).fileOffset();
                assertThat(ours.problems().get(0).offset()).isGreaterThanOrEqualTo(lastRead);
            }
        }));
    }

    /** The format is told by the magic number: four StopDDoS "*.pcapng" files are classic pcap. */
    @TestFactory
    Stream<DynamicTest> formatIsToldByMagicNotByName() {
        return Stream.of(
                new Object[] {"stopddos__pkt.TCP.DOMINATE.syn.ecn.cwr.pcapng", CaptureFileFormat.PCAP},
                new Object[] {"stopddos__amp.UDP.snmp.src161.pcapng", CaptureFileFormat.PCAP},
                new Object[] {"ndpi__tcp_scan.pcapng", CaptureFileFormat.PCAP},
                new Object[] {"tcpdump__tcp-handshake-nano.pcap", CaptureFileFormat.PCAP_NSEC},
                new Object[] {"zeek__pcapng-multi-interface.pcapng", CaptureFileFormat.PCAPNG},
                new Object[] {"tcpdump__pptp.pcap", CaptureFileFormat.PCAP}).map(c -> DynamicTest.dynamicTest(
                        (String) c[0], () -> {
                            try (CaptureReader r = CaptureReader.open(SharedCaptures.capture((String) c[0]))) {
                                assertThat(r.format()).isEqualTo(c[1]);
                                assertThat(r.next(new CaptureRecord())).isTrue();
                            }
                        }));
    }

    /**
     * Reading through windows of 64 bytes, 4 KiB and 100,000 bytes delivers exactly what the
     * default window does: the small ones over the file's bytes in memory (the same window
     * logic), the largest from the file.
     */
    @TestFactory
    Stream<DynamicTest> smallWindowsDeliverTheSameFrames() {
        return SharedCaptures.all().stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            CaptureContents whole = CaptureContents.of(f);
            byte[] bytes = Files.readAllBytes(f);
            for (long window : new long[] {64, 4096, 100_000}) {
                CaptureContents windowed = window < 100_000 ? CaptureContents.of(bytes, window) : CaptureContents.of(f, window);
                assertThat(windowed.essences()).as("window %d", window).isEqualTo(whole.essences());
                assertThat(windowed.frames().stream().map(CaptureContents.Frame::fileOffset).toList())
                        .isEqualTo(whole.frames().stream().map(CaptureContents.Frame::fileOffset).toList());
                assertThat(windowed.problems()).isEqualTo(whole.problems());
            }
        }));
    }

    static void assertSameFrames(Path f, List<CaptureContents.Frame> ours, List<Tshark.Frame> theirs) {
        assertThat(ours).as("%s: frames", f.getFileName()).hasSameSizeAs(theirs);
        for (int i = 0; i < ours.size(); i++) {
            CaptureContents.Frame o = ours.get(i);
            Tshark.Frame t = theirs.get(i);
            String at = f.getFileName() + " frame " + (i + 1);
            assertThat(o.number()).as(at + " number").isEqualTo(i + 1);
            assertThat(o.originalLength()).as(at + " frame.len").isEqualTo(t.length());
            assertThat((long) o.bytes().length).as(at + " frame.cap_len").isEqualTo(t.capturedLength());
            // a frame without a timestamp (SPB) reads as 0 here
            long time = t.timeNanos() == Tshark.NO_TIME ? 0 : t.timeNanos();
            assertThat(o.timestampNanos()).as(at + " frame.time_epoch").isEqualTo(time);
            assertThat(o.md5()).as(at + " frame.md5_hash").isEqualTo(t.md5());
        }
    }
}
