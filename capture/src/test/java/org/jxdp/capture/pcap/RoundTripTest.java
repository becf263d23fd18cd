package org.jxdp.capture.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.jxdp.capture.testing.CaptureContents;
import org.jxdp.capture.testing.SharedCaptures;
import org.jxdp.capture.testing.Tshark;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every capture of {@code ../shared/pcaps} read and written again by this package, then read
 * back by this package and by tshark: the same frames, bytes and timestamps, and tshark's
 * {@code frame.comment} is the comment written on each frame.
 *
 * <p>To keep tshark's start-up cost down, the copies are gathered: one pcapng file holds every
 * frame of every capture (an interface per capture interface, so link types mix), and one
 * classic pcap file per link type and timestamp resolution holds the frames of the captures of
 * that kind. Each capture's frames are then found by their place in those files.
 */
class RoundTripTest {
    private static final int HEADROOM = 256;

    @TempDir
    Path tmp;

    /** The comment written on frame {@code n} of {@code file}: not only ASCII, to test the UTF-8. */
    static String comment(long n, Path file) {
        return "frame " + n + " of " + file.getFileName() + " — XDP_PASS ✓";
    }

    /** Where a capture's frames went: from {@code ngStart} in the pcapng copy, from {@code pcapStart} in its pcap group. */
    private record Slice(Path source, int count, int ngStart, String group, int pcapStart) {
    }

    private static final class Group {
        final Path file;
        final CaptureWriter writer;
        int count;

        Group(Path file, CaptureWriter writer) {
            this.file = file;
            this.writer = writer;
        }
    }

    @TestFactory
    Stream<DynamicTest> everyCaptureSurvivesBothWriters() throws IOException {
        List<Path> files = SharedCaptures.all();
        Tshark.prefetchOriginals(files);
        Path ngFile = tmp.resolve("all.pcapng");
        Map<String, Group> groups = new LinkedHashMap<>();
        List<Slice> slices = new ArrayList<>();
        byte[] slot = new byte[HEADROOM + CaptureRecord.MAX_CAPTURED_LENGTH];
        StringBuilder note = new StringBuilder();
        int ngCount = 0;
        int interfaceBase = 0;
        try (CaptureWriter ng = CaptureWriter.create(ngFile, CaptureFileFormat.PCAPNG, 0)) {
            for (Path f : files) {
                try (CaptureReader in = CaptureReader.open(f)) {
                    CaptureFileFormat format = in.format() == CaptureFileFormat.PCAP ? CaptureFileFormat.PCAP
                            : CaptureFileFormat.PCAP_NSEC;
                    int linkType = in.interfaces().get(0).linkType();
                    String key = format + "-" + linkType;
                    Group g = groups.get(key);
                    if (g == null) {
                        Path p = tmp.resolve(key + ".pcap");
                        g = new Group(p, CaptureWriter.create(p, format, linkType));
                        groups.put(key, g);
                    }
                    Slice s = new Slice(f, 0, ngCount, key, g.count);
                    CaptureRecord r = new CaptureRecord();
                    int n = 0;
                    while (in.next(r)) {
                        note.setLength(0);
                        note.append(comment(r.frameNumber(), f));
                        // the pcapng copy writes the record as read, with a comment ...
                        CaptureInterface i = in.interfaces().get(r.interfaceIndex());
                        ng.write(interfaceBase + i.index(), r.linkType(), r.timestampNanos(), r.originalLength(),
                                slot, HEADROOM, r.copyTo(slot, HEADROOM), note);
                        // ... the classic copy goes through a slot, as replay's pass output will
                        int len = r.copyTo(slot, HEADROOM);
                        g.writer.write(0, r.linkType(), r.timestampNanos(), r.originalLength(), slot, HEADROOM, len);
                        n++;
                    }
                    interfaceBase += in.interfaces().size();
                    ngCount += n;
                    g.count += n;
                    slices.add(new Slice(s.source, n, s.ngStart, s.group, s.pcapStart));
                }
            }
        } finally {
            for (Group g : groups.values()) {
                g.writer.close();
            }
        }
        CompletableFuture<Tshark.Frames> ngByTshark = Tshark.framesLater(ngFile);
        Map<String, CompletableFuture<Tshark.Frames>> pcapByTshark = new LinkedHashMap<>();
        Map<String, CaptureContents> pcapByUs = new LinkedHashMap<>();
        for (Map.Entry<String, Group> e : groups.entrySet()) {
            pcapByTshark.put(e.getKey(), Tshark.framesLater(e.getValue().file));
            pcapByUs.put(e.getKey(), CaptureContents.of(e.getValue().file));
        }
        CaptureContents ngByUs = CaptureContents.of(ngFile);
        assertThat(ngByUs.problems()).isEmpty();
        assertThat(ngByUs.frames()).hasSize(ngCount);
        int written = ngCount;
        return slices.stream().map(s -> DynamicTest.dynamicTest(s.source.getFileName().toString(), () -> {
            CaptureContents original = CaptureContents.of(s.source);
            Tshark.Frames theirs = Tshark.framesOfOriginal(s.source);
            assertThat(s.count).isEqualTo(original.frames().size());

            CaptureContents pcap = pcapByUs.get(s.group);
            assertThat(pcap.problems()).isEmpty();
            assertThat(pcap.frames().subList(s.pcapStart, s.pcapStart + s.count).stream()
                    .map(CaptureContents.Frame::essence).toList()).isEqualTo(original.essences());
            Tshark.Frames pcapT = Tshark.await(pcapByTshark.get(s.group));
            assertThat(pcapT.exitCode()).as(pcapT.errors()).isZero();
            assertThat(pcapT.frames().subList(s.pcapStart, s.pcapStart + s.count)).isEqualTo(theirs.frames());

            List<CaptureContents.Frame> ng = ngByUs.frames().subList(s.ngStart, s.ngStart + s.count);
            assertThat(ng.stream().map(CaptureContents.Frame::essence).toList()).isEqualTo(original.essences());
            for (int i = 0; i < s.count; i++) {
                assertThat(ng.get(i).comment()).isEqualTo(comment(i + 1, s.source));
            }
            Tshark.Frames ngT = Tshark.await(ngByTshark);
            assertThat(ngT.exitCode()).as(ngT.errors()).isZero();
            assertThat(ngT.frames()).hasSize(written);
            for (int i = 0; i < s.count; i++) {
                Tshark.Frame t = theirs.frames().get(i);
                Tshark.Frame c = ngT.frames().get(s.ngStart + i);
                assertThat(new Tshark.Frame(c.length(), c.capturedLength(), c.timeNanos(), c.md5(), t.comment()))
                        .as("frame %d", i + 1).isEqualTo(t);
                assertThat(c.comment()).as("frame.comment of frame %d", i + 1).isEqualTo(comment(i + 1, s.source));
            }
        }));
    }

    /** Each capture written alone through {@code write(CaptureRecord)} reads back the same, with its link types. */
    @TestFactory
    Stream<DynamicTest> recordsWrittenAsReadReadBackTheSame() {
        return SharedCaptures.all().stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            CaptureContents original = CaptureContents.of(f);
            for (CaptureFileFormat format : CaptureFileFormat.values()) {
                Path out = tmp.resolve(f.getFileName() + "." + format);
                try (CaptureReader in = CaptureReader.open(f);
                     CaptureWriter w = CaptureWriter.create(out, format, in.interfaces().get(0).linkType())) {
                    CaptureRecord r = new CaptureRecord();
                    while (in.next(r)) {
                        w.write(r);
                    }
                    assertThat(w.frames()).isEqualTo(in.frames());
                }
                CaptureContents back = CaptureContents.of(out);
                assertThat(back.problems()).isEmpty();
                List<String> expected = format == CaptureFileFormat.PCAP ? original.frames().stream()
                        .map(fr -> new CaptureContents.Frame(0, 0, fr.timestampNanos() / 1000 * 1000, 0, fr.linkType(),
                                fr.originalLength(), fr.bytes(), null, 0).essence()).toList() : original.essences();
                assertThat(back.essences()).as("%s", format).isEqualTo(expected);
                if (format == CaptureFileFormat.PCAPNG) {
                    assertThat(back.frames().stream().map(CaptureContents.Frame::comment).toList())
                            .isEqualTo(original.frames().stream().map(CaptureContents.Frame::comment).toList());
                    assertThat(back.interfaces().stream().map(CaptureInterface::linkType).distinct().toList())
                            .isEqualTo(original.frames().stream().map(CaptureContents.Frame::linkType).distinct().toList());
                }
            }
        }));
    }

    /** A file written to the end and closed is valid even with no frame in it. */
    @TestFactory
    Stream<DynamicTest> emptyFilesAreValid() {
        return Stream.of(CaptureFileFormat.values()).map(format -> DynamicTest.dynamicTest(format.name(), () -> {
            Path out = tmp.resolve("empty." + format);
            CaptureWriter.create(out, format, 1).close();
            CaptureContents back = CaptureContents.of(out);
            assertThat(back.format()).isEqualTo(format);
            assertThat(back.frames()).isEmpty();
            assertThat(back.problems()).isEmpty();
            Tshark.Frames t = Tshark.frames(out);
            assertThat(t.exitCode()).as(t.errors()).isZero();
            assertThat(t.frames()).isEmpty();
        }));
    }

    /** Classic pcap holds one link type: a second one is refused with a message that says so. */
    @Test
    void classicPcapRefusesASecondLinkType() throws IOException {
        Path out = tmp.resolve("two.pcap");
        try (CaptureWriter w = CaptureWriter.create(out, CaptureFileFormat.PCAP, 1)) {
            w.write(0, 1, 0, 1, new byte[1], 0, 1);
            assertThatThrownBy(() -> w.write(0, 113, 0, 1, new byte[1], 0, 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("frame 2 has link type LINKTYPE_LINUX_SLL (113)")
                    .hasMessageContaining("write pcapng");
            assertThat(w.frames()).isEqualTo(1);
        }
        assertThat(CaptureContents.of(out).frames()).hasSize(1);
        assertThat(Files.size(out)).isEqualTo(24 + 16 + 1);
    }
}
