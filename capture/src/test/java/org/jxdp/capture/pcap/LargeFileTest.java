package org.jxdp.capture.pcap;

import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.jxdp.capture.testing.CaptureContents;
import org.jxdp.capture.testing.PcapngBytes;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pcapng file of 8 GiB, well past any window: two custom blocks of almost
 * 4 GiB each (written sparse, so the file takes a few kilobytes of disk where the file system
 * supports holes) between frames. The reader skips them by their length through several
 * windows and finds the frames behind them at offsets beyond 2^32.
 */
class LargeFileTest {
    private static final long HUGE_BLOCK = 0xffff_fff0L;

    @TempDir
    Path tmp;

    @Test
    void framesBeyond4GiBAreReadThroughSeveralWindows() throws IOException {
        Path f = tmp.resolve("large.pcapng");
        // if the file system cannot make holes, the zeros take real space
        Assumptions.assumeTrue(Files.getFileStore(tmp).getUsableSpace() > 9L << 30,
                "needs 9 GiB free in " + tmp + " in case its file system does not support sparse files");
        PcapngBytes head = PcapngBytes.of(LITTLE_ENDIAN).shb();
        head.idb(1, 0, head.tsresol(9));
        head.epb(0, 1, PcapngEdgeCasesTest.frame(60, 1), 60);
        long[] offsets = new long[3];
        offsets[0] = head.offset() - 92;
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long pos = write(ch, 0, head.bytes());
            for (int b = 0; b < 2; b++) {
                ByteBuffer start = ByteBuffer.allocate(12).order(LITTLE_ENDIAN);
                start.putInt(Pcapng.BT_CB_COPY).putInt((int) HUGE_BLOCK).putInt(32473).flip();
                ch.write(start, pos);
                ByteBuffer trailer = ByteBuffer.allocate(4).order(LITTLE_ENDIAN).putInt((int) HUGE_BLOCK).flip();
                ch.write(trailer, pos + HUGE_BLOCK - 4);
                pos += HUGE_BLOCK;
                offsets[b + 1] = pos;
                PcapngBytes epb = PcapngBytes.of(LITTLE_ENDIAN).epb(0, 2 + b, PcapngEdgeCasesTest.frame(70 + b, 2 + b), 70 + b);
                pos = write(ch, pos, epb.bytes());
            }
        }
        assertThat(Files.size(f)).isGreaterThan(8L << 30);
        for (long window : new long[] {256L << 10, 1L << 20, 16L << 20}) {
            CaptureContents c = CaptureContents.of(f, window);
            assertThat(c.problems()).as("window %d", window).isEmpty();
            assertThat(c.frames()).extracting(CaptureContents.Frame::fileOffset).containsExactly(offsets[0], offsets[1], offsets[2]);
            assertThat(c.frames()).extracting(CaptureContents.Frame::timestampNanos).containsExactly(1L, 2L, 3L);
            assertThat(c.frames().get(2).bytes()).isEqualTo(PcapngEdgeCasesTest.frame(71, 3));
        }
        assertThat(offsets[2]).isGreaterThan(1L << 33);
    }

    private static long write(FileChannel ch, long pos, byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        while (b.hasRemaining()) {
            pos += ch.write(b, pos);
        }
        return pos;
    }
}
