package org.jxdp.capture.pcap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jxdp.capture.testing.CaptureContents;
import org.jxdp.capture.testing.Tshark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The writers' contract: what they refuse, what they keep, and comments tshark shows. */
class CaptureWriterTest {
    private static final long T = 1_600_000_000_123_456_789L;

    @TempDir
    Path tmp;

    @Test
    void theFormatForAnOutputFileFollowsItsName() {
        assertThat(CaptureFileFormat.forOutput(Path.of("out.pcapng"))).isEqualTo(CaptureFileFormat.PCAPNG);
        assertThat(CaptureFileFormat.forOutput(Path.of("dir/OUT.PCAPNG"))).isEqualTo(CaptureFileFormat.PCAPNG);
        assertThat(CaptureFileFormat.forOutput(Path.of("out.pcap"))).isEqualTo(CaptureFileFormat.PCAP);
        assertThat(CaptureFileFormat.forOutput(Path.of("out.pcapng.gz"))).isEqualTo(CaptureFileFormat.PCAP);
    }

    @Test
    void commentsOfAnyTextAreShownByTshark() throws IOException {
        Path out = tmp.resolve("annotated.pcapng");
        List<String> comments = List.of("XDP_PASS", "XDP_DROP: rule 3 (syn flood) — 10.0.0.1 → 10.0.0.2", "🙂 emoji",
                "", "x".repeat(1000));
        try (CaptureWriter w = CaptureWriter.create(out, CaptureFileFormat.PCAPNG, 1)) {
            assertThat(w.keepsComments()).isTrue();
            for (int i = 0; i < comments.size(); i++) {
                w.write(0, 1, T + i, 60, new byte[60], 0, 60, comments.get(i));
            }
            w.write(0, 1, T + 9, 60, new byte[60], 0, 60);
        }
        CaptureContents back = CaptureContents.of(out);
        assertThat(back.frames()).extracting(CaptureContents.Frame::comment).containsExactly(comments.get(0),
                comments.get(1), comments.get(2), comments.get(3), comments.get(4), null);
        List<String[]> shown = Tshark.fields(out, "frame.comment");
        assertThat(shown).extracting(r -> r[0]).containsExactly(comments.get(0), comments.get(1), comments.get(2),
                "", comments.get(4), "");
    }

    @Test
    void unpairedSurrogatesAreWrittenAsQuestionMarks() throws IOException {
        String odd = "a\ud800b\udc00c";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CaptureWriter w = CaptureWriter.create(Channels.newChannel(bytes), "memory", CaptureFileFormat.PCAPNG, 1)) {
            w.write(0, 1, T, 1, new byte[1], 0, 1, odd);
        }
        assertThat(CaptureContents.of(bytes.toByteArray()).frames().get(0).comment())
                .isEqualTo(new String(odd.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)).isEqualTo("a?b?c");
    }

    @Test
    void classicPcapDropsCommentsAndKeepsWholeMicroseconds() throws IOException {
        Path out = tmp.resolve("us.pcap");
        try (CaptureWriter w = CaptureWriter.create(out, CaptureFileFormat.PCAP, 1)) {
            assertThat(w.keepsComments()).isFalse();
            w.write(0, 1, T, 60, new byte[60], 0, 60, "dropped");
        }
        assertThat(CaptureContents.of(out).frames()).singleElement().satisfies(f -> {
            assertThat(f.timestampNanos()).isEqualTo(T / 1000 * 1000);
            assertThat(f.comment()).isNull();
        });
    }

    @Test
    void framesThatDoNotFitTheFormatAreRefusedWithAReason() throws IOException {
        try (CaptureWriter pcap = CaptureWriter.create(tmp.resolve("r.pcap"), CaptureFileFormat.PCAP_NSEC, 1);
             CaptureWriter ng = CaptureWriter.create(tmp.resolve("r.pcapng"), CaptureFileFormat.PCAPNG, 1)) {
            byte[] big = new byte[CaptureRecord.MAX_CAPTURED_LENGTH + 1];
            for (CaptureWriter w : List.of(pcap, ng)) {
                assertThatThrownBy(() -> w.write(0, 1, T, big.length, big, 0, big.length))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer than the 262144");
                assertThatThrownBy(() -> w.write(0, 1, -1, 1, big, 0, 1))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before 1970");
                assertThatThrownBy(() -> w.write(0, 1, T, 1L << 32, big, 0, 1))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside 32 bits");
                assertThatThrownBy(() -> w.write(-1, 1, T, 1, big, 0, 1))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
                assertThatThrownBy(() -> w.write(0, 1, T, 1, big, big.length, 1))
                        .isInstanceOf(IndexOutOfBoundsException.class);
                assertThat(w.frames()).isZero();
            }
            assertThatThrownBy(() -> pcap.write(0, 1, (0x1_0000_0000L) * 1_000_000_000L, 1, big, 0, 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2106");
            ng.write(3, 113, T, 1, big, 0, 1);
            assertThatThrownBy(() -> ng.write(3, 1, T, 1, big, 0, 1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("interface 3 has link type LINKTYPE_ETHERNET (1), but the interface's is "
                            + "LINKTYPE_LINUX_SLL (113)");
            assertThatThrownBy(() -> ng.write(1 << 20, 1, T, 1, big, 0, 1))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interfaces a writer keeps apart");
            assertThatThrownBy(() -> ng.write(0, 1, T, 1, big, 0, 1, "x".repeat(70_000)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("longer than the 65535");
        }
    }

    @Test
    void aClosedWriterRefusesFramesAndClosingTwiceDoesNothing() throws IOException {
        CaptureWriter w = CaptureWriter.create(tmp.resolve("c.pcapng"), CaptureFileFormat.PCAPNG, 1);
        w.write(0, 1, T, 1, new byte[1], 0, 1);
        w.flush();
        w.close();
        w.close();
        assertThatThrownBy(() -> w.write(0, 1, T, 1, new byte[1], 0, 1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThat(CaptureContents.of(tmp.resolve("c.pcapng")).frames()).hasSize(1);
    }

    @Test
    void flushMakesFramesReachTheFileBeforeClose() throws IOException {
        Path out = tmp.resolve("flushed.pcap");
        try (CaptureWriter w = CaptureWriter.create(out, CaptureFileFormat.PCAP, 1)) {
            w.write(0, 1, T, 10, new byte[10], 0, 10);
            assertThat(Files.size(out)).isZero();
            w.flush();
            assertThat(Files.size(out)).isEqualTo(24 + 16 + 10);
            assertThat(CaptureContents.of(out).frames()).hasSize(1);
        }
    }

    @Test
    void interfacesGetAnIdbEachInTheOrderTheyAppear() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CaptureWriter w = CaptureWriter.create(Channels.newChannel(bytes), "memory", CaptureFileFormat.PCAPNG, 1)) {
            w.write(7, 276, T, 1, new byte[1], 0, 1);
            w.write(2, 1, T, 1, new byte[1], 0, 1);
            w.write(7, 276, T, 1, new byte[1], 0, 1);
        }
        CaptureContents c = CaptureContents.of(bytes.toByteArray());
        assertThat(c.interfaces()).extracting(CaptureInterface::linkType, CaptureInterface::tsresol,
                CaptureInterface::snaplen).containsExactly(org.assertj.core.api.Assertions.tuple(276, 9, 262144L),
                org.assertj.core.api.Assertions.tuple(1, 9, 262144L));
        assertThat(c.frames()).extracting(CaptureContents.Frame::interfaceIndex).containsExactly(0, 1, 0);
        assertThat(c.problems()).isEmpty();
        assertThat(ByteBuffer.wrap(bytes.toByteArray()).getInt(0)).isEqualTo(Pcapng.BT_SHB);
    }

    @Test
    void aFailedWriteNamesTheFileItWasFor() throws IOException {
        java.nio.channels.WritableByteChannel broken = new java.nio.channels.WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) throws IOException {
                throw new IOException("Broken pipe");
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
        CaptureWriter w = CaptureWriter.create(broken, "standard output", CaptureFileFormat.PCAP, 1);
        w.write(0, 1, 0, 60, new byte[60], 0, 60);
        assertThatThrownBy(w::flush).isInstanceOf(java.nio.file.FileSystemException.class)
                .satisfies(e -> {
                    java.nio.file.FileSystemException f = (java.nio.file.FileSystemException) e;
                    assertThat(f.getFile()).isEqualTo("standard output");
                    assertThat(f.getReason()).isEqualTo("Broken pipe");
                    assertThat(f.getCause()).hasMessage("Broken pipe");
                });
    }
}
