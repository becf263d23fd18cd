package org.jxdp.capture.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jxdp.capture.link.LinkFrame;
import org.jxdp.capture.link.LinkLayer;
import org.jxdp.capture.link.LinkType;
import org.jxdp.capture.link.Translation;
import org.jxdp.capture.pcap.CaptureFileFormat;
import org.jxdp.capture.pcap.CaptureFormatException;
import org.jxdp.capture.pcap.CaptureProblem;
import org.jxdp.capture.pcap.CaptureReader;
import org.jxdp.capture.pcap.CaptureRecord;
import org.jxdp.capture.pcap.CaptureWriter;
import org.jxdp.capture.pcap.ProblemKind;

/**
 * Jazzer targets for the capture path's inputs: arbitrary file bytes for the readers, and
 * arbitrary frames for the link-layer translation. Without {@code JAZZER_FUZZ=1} they replay
 * their seed corpus (small pcap and pcapng files made by the tests' builders, and every crash
 * found so far) as regression tests; with it they fuzz for {@code maxDuration}:
 * <pre>
 *   JAZZER_FUZZ=1 ./mvnw -pl capture -am test -Dtest='CaptureFuzzTest#anyBytesAreReadWithoutEscaping' \
 *       -Dsurefire.failIfNoSpecifiedTests=false
 * </pre>
 */
class CaptureFuzzTest {
    private static final String NAME = "fuzz.pcap";

    /**
     * Any bytes (the last one picks a mapping window): opening either throws the documented
     * {@link CaptureFormatException} naming the file and offset, or gives a reader whose every
     * frame lies inside the file, whose problems name offsets inside it, that ends, that
     * delivers the same through 64-byte windows as through one, and whose frames survive a
     * trip through the pcapng writer.
     */
    @FuzzTest(maxDuration = "60s")
    void anyBytesAreReadWithoutEscaping(FuzzedDataProvider data) throws IOException {
        long window = switch (data.consumeInt(0, 3)) {
            case 0 -> 64;
            case 1 -> 100;
            case 2 -> 4096;
            default -> Integer.MAX_VALUE;
        };
        byte[] bytes = data.consumeRemainingAsBytes();
        List<String> whole = read(bytes, Integer.MAX_VALUE);
        List<String> windowed = read(bytes, window);
        assertThat(windowed).isEqualTo(whole);
    }

    /** Reads everything, checks the invariants, and returns a description of each frame and problem. */
    private static List<String> read(byte[] bytes, long window) throws IOException {
        CaptureReader in;
        try {
            in = CaptureReader.read(NAME, ByteBuffer.wrap(bytes), window);
        } catch (CaptureFormatException e) {
            assertThat(e.getMessage()).startsWith(NAME + ": offset 0x");
            assertThat(e.offset()).isBetween(0L, (long) bytes.length);
            return List.of(e.getMessage());
        }
        List<String> seen = new ArrayList<>();
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        List<String> written = new ArrayList<>();
        try (CaptureWriter out = CaptureWriter.create(Channels.newChannel(copy), "copy", CaptureFileFormat.PCAPNG, 0)) {
            CaptureRecord r = new CaptureRecord();
            long n = 0;
            while (in.next(r)) {
                n++;
                assertThat(n).as("frames").isLessThanOrEqualTo(bytes.length / 12 + 1);
                assertThat(r.frameNumber()).isEqualTo(n);
                assertThat(r.capturedLength()).isBetween(0, CaptureRecord.MAX_CAPTURED_LENGTH);
                assertThat(r.fileOffset()).isBetween(0L, (long) bytes.length - 1);
                assertThat(r.dataOffset()).isNotNegative();
                assertThat(r.dataOffset() + r.capturedLength()).isLessThanOrEqualTo(r.buffer().limit());
                assertThat(r.interfaceIndex()).isBetween(0, in.interfaces().size() - 1);
                assertThat(r.linkType()).isEqualTo(in.interfaces().get(r.interfaceIndex()).linkType());
                if (r.hasComment()) {
                    assertThat(r.commentOffset() + r.commentLength()).isLessThanOrEqualTo(r.buffer().limit());
                    assertThat(r.comment()).isNotNull();
                }
                byte[] frame = new byte[r.capturedLength()];
                assertThat(r.copyTo(frame, 0)).isEqualTo(frame.length);
                String essence = r.timestampNanos() + " " + r.linkType() + " " + r.originalLength() + " "
                        + Arrays.hashCode(frame) + " " + r.comment();
                seen.add(r.fileOffset() + " " + r.interfaceIndex() + " " + essence);
                if (r.timestampNanos() >= 0) {
                    out.write(r);
                    written.add(essence);
                }
            }
            assertThat(in.frames()).isEqualTo(n);
        }
        for (CaptureProblem p : in.problems().list()) {
            assertThat(p.offset()).isBetween(0L, (long) bytes.length);
            assertThat(p.toString()).startsWith(NAME + ": offset 0x");
            seen.add(p.toString());
        }
        assertThat(in.problems().count()).isGreaterThanOrEqualTo(in.problems().list().size());
        in.close();

        CaptureReader back = CaptureReader.read("copy", ByteBuffer.wrap(copy.toByteArray()));
        CaptureRecord r = new CaptureRecord();
        List<String> reread = new ArrayList<>();
        long longerThanOriginal = 0;
        while (back.next(r)) {
            byte[] frame = new byte[r.capturedLength()];
            r.copyTo(frame, 0);
            reread.add(r.timestampNanos() + " " + r.linkType() + " " + r.originalLength() + " "
                    + Arrays.hashCode(frame) + " " + r.comment());
            if (r.capturedLength() > r.originalLength()) {
                longerThanOriginal++;
            }
        }
        assertThat(reread).isEqualTo(written);
        // the copy keeps lengths as they were, so the only remark it may draw is the original's
        assertThat(back.problems().count()).isEqualTo(back.problems().count(ProblemKind.CAPLEN_ABOVE_ORIGINAL))
                .isEqualTo(longerThanOriginal);
        return seen;
    }

    /**
     * Any frame of any link type, anywhere in a slot: translating it to Ethernet either leaves
     * it untouched or gives an Ethernet frame in the slot that translates back to the very
     * bytes it was.
     */
    @FuzzTest(maxDuration = "30s")
    void anyFrameTranslatesToEthernetAndBack(FuzzedDataProvider data) {
        int[] types = {LinkType.LINKTYPE_ETHERNET, LinkType.LINKTYPE_LINUX_SLL, LinkType.LINKTYPE_LINUX_SLL2,
            LinkType.LINKTYPE_RAW, LinkType.LINKTYPE_IPV4, LinkType.LINKTYPE_IPV6, LinkType.LINKTYPE_NULL,
            LinkType.LINKTYPE_LOOP, LinkType.LINKTYPE_NFLOG};
        int linkType = data.pickValue(types);
        int headroom = data.consumeInt(0, 40);
        int tailroom = data.consumeInt(0, 20);
        byte[] frame = data.consumeRemainingAsBytes();
        byte[] slot = new byte[headroom + frame.length + tailroom];
        System.arraycopy(frame, 0, slot, headroom, frame.length);
        byte[] before = slot.clone();
        LinkFrame f = new LinkFrame().set(slot, headroom, frame.length, linkType);
        Translation t = f.toEthernet();
        if (t != Translation.TRANSLATED) {
            assertThat(slot).isEqualTo(before);
            assertThat(f.offset()).isEqualTo(headroom);
            assertThat(t == Translation.ETHERNET).isEqualTo(linkType == LinkType.LINKTYPE_ETHERNET);
            return;
        }
        LinkLayer layer = LinkLayer.of(linkType);
        assertThat(f.offset()).isEqualTo(headroom + layer.headerLength() - 14);
        assertThat(f.length()).isEqualTo(frame.length - layer.headerLength() + 14);
        assertThat(Arrays.copyOfRange(slot, f.offset() + 14, f.offset() + f.length()))
                .isEqualTo(Arrays.copyOfRange(frame, layer.headerLength(), frame.length));
        assertThat(f.fromEthernet()).isEqualTo(Translation.TRANSLATED);
        assertThat(f.offset()).isEqualTo(headroom);
        assertThat(Arrays.copyOfRange(slot, f.offset(), f.offset() + f.length())).isEqualTo(frame);
    }
}
