package org.jxdp.capture.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.jxdp.capture.testing.CaptureContents;
import org.jxdp.capture.testing.SharedCaptures;
import org.jxdp.capture.testing.Tshark;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged copies of the captures of {@code ../shared/pcaps} (every one of which is sound): cut
 * short, which tshark reads up to the cut and then refuses, and with garbage inserted between
 * two records or blocks, which this reader skips to read every frame of the original.
 */
class DamagedCapturesTest {
    @TempDir
    Path tmp;

    private record Cut(Path source, Path copy, long lastOffset, CompletableFuture<Tshark.Frames> byTshark) {
    }

    /**
     * Each capture cut one byte short: the same frames as tshark reads from it, and a
     * {@link ProblemKind#TRUNCATED} problem at the offset of the last record or block.
     */
    @TestFactory
    Stream<DynamicTest> capturesCutShortReadAsTsharkReadsThem() throws IOException {
        List<Cut> cuts = new ArrayList<>();
        for (Path f : SharedCaptures.all()) {
            byte[] bytes = Files.readAllBytes(f);
            long last = lastUnitOffset(f);
            if (last < 0) {
                continue; // nothing after the header to cut
            }
            Path copy = Files.write(tmp.resolve(f.getFileName() + ".cut"), Arrays.copyOf(bytes, bytes.length - 1));
            cuts.add(new Cut(f, copy, last, Tshark.framesLater(copy)));
        }
        return cuts.stream().map(c -> DynamicTest.dynamicTest(c.source.getFileName().toString(), () -> {
            CaptureContents ours = CaptureContents.of(c.copy);
            Tshark.Frames theirs = Tshark.await(c.byTshark);
            assertThat(theirs.exitCode()).as("tshark exit status").isNotZero();
            assertThat(theirs.errors()).as("tshark's complaint").isNotBlank();
            SharedCapturesTest.assertSameFrames(c.copy, ours.frames(), theirs.frames());
            assertThat(ours.problems()).as("problems").singleElement().satisfies(p -> {
                assertThat(p.kind()).isEqualTo(ProblemKind.TRUNCATED);
                assertThat(p.offset()).isEqualTo(c.lastOffset);
                assertThat(p.toString()).startsWith(c.copy + ": offset 0x" + Long.toHexString(c.lastOffset) + ": ");
            });
        }));
    }

    /**
     * Each capture with 13 bytes of garbage between two of its records or blocks (after half its
     * frames): every frame of the original, and one problem at the garbage's offset.
     */
    @TestFactory
    Stream<DynamicTest> garbageBetweenRecordsIsSkipped() {
        return SharedCaptures.all().stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            CaptureContents original = CaptureContents.of(f);
            if (original.frames().size() < 2) {
                return; // nothing between two frames
            }
            long at = original.frames().get(original.frames().size() / 2).fileOffset();
            byte[] bytes = Files.readAllBytes(f);
            byte[] garbage = new byte[13];
            Arrays.fill(garbage, (byte) 0xee);
            byte[] damaged = new byte[bytes.length + garbage.length];
            System.arraycopy(bytes, 0, damaged, 0, (int) at);
            System.arraycopy(garbage, 0, damaged, (int) at, garbage.length);
            System.arraycopy(bytes, (int) at, damaged, (int) at + garbage.length, bytes.length - (int) at);
            CaptureContents ours = CaptureContents.of(damaged);
            assertThat(ours.essences()).isEqualTo(original.essences());
            assertThat(ours.problems()).singleElement().satisfies(p -> {
                assertThat(p.offset()).isEqualTo(at);
                assertThat(p.detail()).contains("skipped 13 bytes to the next");
            });
        }));
    }

    /** Where the last record (pcap) or block (pcapng) of a capture starts, or -1 when it has none after the header. */
    private static long lastUnitOffset(Path f) throws IOException {
        byte[] b = Files.readAllBytes(f);
        java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(b);
        long last = -1;
        if (buf.getInt(0) == Pcapng.BT_SHB) {
            long pos = 0;
            while (pos < b.length) {
                int bom = buf.getInt((int) pos + 8);
                if (buf.getInt((int) pos) == Pcapng.BT_SHB) {
                    buf.order(bom == Pcapng.BYTE_ORDER_MAGIC ? buf.order()
                            : buf.order() == java.nio.ByteOrder.BIG_ENDIAN ? java.nio.ByteOrder.LITTLE_ENDIAN
                            : java.nio.ByteOrder.BIG_ENDIAN);
                }
                last = pos;
                pos += buf.getInt((int) pos + 4) & 0xffffffffL;
            }
            return last == 0 ? -1 : last;
        }
        try (CaptureReader r = CaptureReader.open(f)) {
            CaptureRecord rec = new CaptureRecord();
            while (r.next(rec)) {
                last = rec.fileOffset();
            }
        }
        return last;
    }
}
