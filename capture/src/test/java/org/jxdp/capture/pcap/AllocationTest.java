package org.jxdp.capture.pcap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jxdp.capture.link.LinkFrame;
import org.jxdp.capture.link.LinkLayer;
import org.jxdp.capture.link.LinkType;
import org.jxdp.capture.link.Translation;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The frame path allocates nothing: a million small frames written, read, copied into a slot
 * and translated to Ethernet and back, with the bytes each loop allocates measured by
 * {@code com.sun.management.ThreadMXBean#getCurrentThreadAllocatedBytes}. The bound is
 * {@value #BOUND} bytes for the whole million, that is under 0.07 bytes per frame, where a
 * single object per frame would be 16 MB or more. Each loop also prints its rate.
 */
class AllocationTest {
    private static final int FRAMES = 1_000_000;
    private static final int LENGTH = 60;
    private static final int HEADROOM = 256;
    /** Bytes a whole loop of a million frames may allocate. */
    private static final long BOUND = 64 * 1024;

    @TempDir
    Path tmp;

    private static com.sun.management.ThreadMXBean threads() {
        java.lang.management.ThreadMXBean t = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(t instanceof com.sun.management.ThreadMXBean,
                "this JVM has no com.sun.management.ThreadMXBean to count allocated bytes");
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) t;
        Assumptions.assumeTrue(bean.isThreadAllocatedMemorySupported(), "this JVM cannot count allocated bytes");
        bean.setThreadAllocatedMemoryEnabled(true);
        return bean;
    }

    @Test
    void writingReadingAndTranslatingAMillionFramesAllocatesNothingPerFrame() throws IOException {
        com.sun.management.ThreadMXBean bean = threads();
        for (CaptureFileFormat format : CaptureFileFormat.values()) {
            Path f = tmp.resolve("million." + format);
            int linkType = LinkType.LINKTYPE_RAW;
            byte[] slot = new byte[HEADROOM + 2048];
            for (int i = 0; i < LENGTH; i++) {
                slot[HEADROOM + i] = (byte) i;
            }
            slot[HEADROOM] = 0x45;
            StringBuilder comment = new StringBuilder();
            long allocated;
            long start;
            try (CaptureWriter w = CaptureWriter.create(f, format, linkType)) {
                start = System.nanoTime();
                long before = bean.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < FRAMES; i++) {
                    slot[HEADROOM + 8] = (byte) i;
                    comment.setLength(0);
                    comment.append("XDP_PASS ").append(i);
                    w.write(0, linkType, 1_600_000_000_000_000_000L + i * 1000L, LENGTH, slot, HEADROOM, LENGTH,
                            format == CaptureFileFormat.PCAPNG ? comment : null);
                }
                allocated = bean.getCurrentThreadAllocatedBytes() - before;
            }
            report("write", format, allocated, System.nanoTime() - start, Files.size(f));
            assertThat(allocated).as("bytes allocated writing %d frames as %s", FRAMES, format).isLessThan(BOUND);

            read(f, bean, false); // warm up
            read(f, bean, false);
            read(f, bean, true);
        }
    }

    private static void read(Path f, com.sun.management.ThreadMXBean bean, boolean translate) throws IOException {
        byte[] slot = new byte[HEADROOM + 2048];
        CaptureRecord r = new CaptureRecord();
        LinkFrame lf = new LinkFrame();
        long frames = 0;
        long sum = 0;
        long allocated;
        long start;
        CaptureFileFormat format;
        try (CaptureReader in = CaptureReader.open(f)) {
            format = in.format();
            start = System.nanoTime();
            long before = bean.getCurrentThreadAllocatedBytes();
            while (in.next(r)) {
                int at = translate ? LinkLayer.of(r.linkType()).copyOffset(HEADROOM) : HEADROOM;
                int n = r.copyTo(slot, at, 2048);
                if (translate) {
                    lf.set(slot, at, n, r.linkType());
                    if (lf.toEthernet() != Translation.TRANSLATED || lf.fromEthernet() != Translation.TRANSLATED) {
                        throw new AssertionError("frame " + r.frameNumber() + " did not translate");
                    }
                }
                sum += slot[HEADROOM + 8 + (translate ? 14 : 0)] + r.timestampNanos();
                frames++;
            }
            allocated = bean.getCurrentThreadAllocatedBytes() - before;
            assertThat(in.problems().count()).isZero();
        }
        report(translate ? "read+copy+translate" : "read+copy", format, allocated, System.nanoTime() - start, frames);
        assertThat(frames).isEqualTo(FRAMES);
        assertThat(sum).isNotZero();
        assertThat(allocated).as("bytes allocated reading %d frames of %s", FRAMES, f.getFileName()).isLessThan(BOUND);
    }

    private static void report(String what, CaptureFileFormat format, long allocated, long nanos, long size) {
        System.out.printf("%-20s %-9s %,d frames in %,d ms (%,.1f M frames/s), %,d bytes allocated%s%n", what, format,
                FRAMES, nanos / 1_000_000, FRAMES * 1e3 / nanos, allocated,
                what.equals("write") ? String.format(", file %,d bytes", size) : "");
    }
}
