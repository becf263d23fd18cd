package org.jxdp.capture.pcap;

import static java.nio.ByteOrder.BIG_ENDIAN;
import static java.nio.ByteOrder.LITTLE_ENDIAN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.jxdp.capture.testing.CaptureContents;
import org.jxdp.capture.testing.PcapngBytes;
import org.jxdp.capture.testing.Tshark;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-built pcapng files: what real captures rarely show (big-endian sections, several
 * sections and interfaces, resolutions, SPBs, obsolete PBs) and damage made on purpose. Where
 * tshark reads the file, this package must read the same frames.
 */
class PcapngEdgeCasesTest {
    private static final long SECOND = 1_000_000_000L;
    /** 2020-09-13T12:26:40Z, a round number of seconds. */
    private static final long T0 = 1_600_000_000L;

    @TempDir
    Path tmp;

    static byte[] frame(int length, int seed) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seed * 31 + i);
        }
        return b;
    }

    /** Reads {@code file} with this package and with tshark and checks they deliver the same frames. */
    private CaptureContents readAsTsharkDoes(PcapngBytes p, String name) throws IOException {
        Path f = p.writeTo(tmp.resolve(name));
        CaptureContents ours = CaptureContents.of(f);
        Tshark.Frames theirs = Tshark.frames(f);
        assertThat(theirs.exitCode()).as(theirs.errors()).isZero();
        SharedCapturesTest.assertSameFrames(f, ours.frames(), theirs.frames());
        return ours;
    }

    @Test
    void bigEndianSection() throws IOException {
        PcapngBytes p = PcapngBytes.of(BIG_ENDIAN).shb();
        p.idb(1, 65535, p.ifName("eth0"), p.tsresol(9), p.endOfOptions());
        p.epb(0, T0 * SECOND + 123_456_789, frame(60, 1), 60, p.comment("hello"), p.epbFlags(1), p.endOfOptions());
        p.epb(0, T0 * SECOND + 987_654_321, frame(61, 2), 1514);
        CaptureContents c = readAsTsharkDoes(p, "be.pcapng");
        assertThat(c.problems()).isEmpty();
        assertThat(c.interfaces()).singleElement().satisfies(i -> {
            assertThat(i.linkType()).isEqualTo(1);
            assertThat(i.name()).isEqualTo("eth0");
            assertThat(i.tsresol()).isEqualTo(9);
            assertThat(i.snaplen()).isEqualTo(65535);
        });
        assertThat(c.frames()).extracting(CaptureContents.Frame::timestampNanos, CaptureContents.Frame::originalLength,
                        CaptureContents.Frame::comment, CaptureContents.Frame::flags)
                .containsExactly(tuple(T0 * SECOND + 123_456_789, 60L, "hello", 1),
                        tuple(T0 * SECOND + 987_654_321, 1514L, null, 0));
        assertThat(c.frames().get(1).bytes()).isEqualTo(frame(61, 2));
        assertThat(c.snapped()).isEqualTo(1);
    }

    @Test
    void twoSectionsOfEitherByteOrderWithTheirOwnInterfaces() throws IOException {
        PcapngBytes p = PcapngBytes.of(LITTLE_ENDIAN).shb();
        p.idb(1, 0);
        p.epb(0, T0 * 1_000_000, frame(60, 1), 60);
        p.shb(BIG_ENDIAN, 1, 0);
        p.idb(113, 262144, p.tsresol(9));
        p.epb(0, (T0 + 1) * SECOND, frame(44, 2), 44);
        p.shb(LITTLE_ENDIAN, 1, 0);
        p.idb(101, 0, p.tsresol(3));
        p.idb(1, 0);
        p.epb(1, (T0 + 2) * 1_000_000, frame(70, 3), 70);
        p.epb(0, (T0 + 3) * 1000, frame(40, 4), 40);
        CaptureContents c = readAsTsharkDoes(p, "sections.pcapng");
        assertThat(c.problems()).isEmpty();
        assertThat(c.interfaces()).extracting(CaptureInterface::index, CaptureInterface::section, CaptureInterface::id,
                        CaptureInterface::linkType)
                .containsExactly(tuple(0, 0, 0, 1), tuple(1, 1, 0, 113), tuple(2, 2, 0, 101), tuple(3, 2, 1, 1));
        assertThat(c.frames()).extracting(CaptureContents.Frame::interfaceIndex, CaptureContents.Frame::linkType,
                        CaptureContents.Frame::timestampNanos)
                .containsExactly(tuple(0, 1, T0 * SECOND), tuple(1, 113, (T0 + 1) * SECOND),
                        tuple(3, 1, (T0 + 2) * SECOND), tuple(2, 101, (T0 + 3) * SECOND));
    }

    @Test
    void interfacesWithDifferentResolutionsAndOffsets() throws IOException {
        PcapngBytes p = PcapngBytes.of(LITTLE_ENDIAN).shb();
        p.idb(1, 0); // default: microseconds
        p.idb(1, 0, p.tsresol(9));
        p.idb(1, 0, p.tsresol(0x80 | 20)); // 2^-20 s
        p.idb(1, 0, p.tsresol(3));
        p.idb(1, 0, p.tsresol(12)); // picoseconds
        p.epb(0, T0 * 1_000_000 + 1, frame(60, 0), 60);
        p.epb(1, T0 * SECOND + 1, frame(60, 1), 60);
        p.epb(2, (T0 << 20) + (1 << 19), frame(60, 2), 60); // T0 + 0.5 s
        p.epb(3, T0 * 1000 + 7, frame(60, 3), 60);
        // 64 bits of picoseconds reach only 213 days past 1970
        p.epb(4, 5 * SECOND * 1000 + 1_999, frame(60, 4), 60); // 5 s + 1.999 ns: floor
        CaptureContents c = readAsTsharkDoes(p, "resolutions.pcapng");
        assertThat(c.problems()).isEmpty();
        assertThat(c.frames()).extracting(CaptureContents.Frame::timestampNanos).containsExactly(
                T0 * SECOND + 1000, T0 * SECOND + 1, T0 * SECOND + SECOND / 2, T0 * SECOND + 7_000_000, 5 * SECOND + 1);
    }

    /** if_tsoffset seconds are added, as the spec and tshark do. */
    @Test
    void tsoffsetIsAddedToTimestamps() throws IOException {
        PcapngBytes p = PcapngBytes.of(LITTLE_ENDIAN).shb();
        p.idb(1, 0, p.tsoffset(T0), p.tsresol(9));
        p.idb(1, 0, p.tsoffset(-5));
        p.epb(0, 42, frame(60, 0), 60);
        p.epb(1, (T0 + 5) * 1_000_000 + 3, frame(60, 1), 60);
        CaptureContents c = readAsTsharkDoes(p, "tsoffset.pcapng");
        assertThat(c.problems()).isEmpty();
        assertThat(c.interfaces()).extracting(CaptureInterface::tsoffset).containsExactly(T0, -5L);
        assertThat(c.frames()).extracting(CaptureContents.Frame::timestampNanos)
                .containsExactly(T0 * SECOND + 42, T0 * SECOND + 3000);
    }

    @Test
    void simplePacketBlocksTakeTheirCapturedLengthFromTheFirstInterfacesSnaplen() throws IOException {
        PcapngBytes p = PcapngBytes.of(LITTLE_ENDIAN).shb();
        p.idb(1, 64);
        p.idb(113, 0);
        p.spb(100, frame(64, 1)); // cut by the snaplen
        p.spb(61, Arrays.copyOf(frame(61, 2), 64)); // padded
        CaptureContents c = readAsTsharkDoes(p, "spb.pcapng");
        assertThat(c.problems()).isEmpty();
        assertThat(c.frames()).extracting(CaptureContents.Frame::interfaceIndex, CaptureContents.Frame::linkType,
                        f -> f.bytes().length, CaptureContents.Frame::originalLength, CaptureContents.Frame::timestampNanos)
                .containsExactly(tuple(0, 1, 64, 100L, 0L), tuple(0, 1, 61, 61L, 0L));
        assertThat(c.frames().get(1).bytes()).isEqualTo(frame(61, 2));
    }

    @Test
    void simplePacketBlockWithoutAnInterfaceIsReported() throws IOException {
        PcapngBytes p = PcapngBytes.of(LITTLE_ENDIAN).shb();
        long at = p.offset();
        p.spb(60, frame(60, 1));
        p.idb(1, 0);
        p.spb(60, frame(60, 2));
        CaptureContents c = CaptureContents.of(p.bytes());
        assertThat(c.frames()).hasSize(1);
        assertThat(c.problems()).singleElement().satisfies(pr -> {
            assertThat(pr.kind()).isEqualTo(ProblemKind.UNKNOWN_INTERFACE);
            assertThat(pr.offset()).isEqualTo(at);
            assertThat(pr.toString()).isEqualTo("memory: offset 0x1c: SPB comes before any IDB of section 0; skipped");
        });
    }

    @Test
    void obsoletePacketBlocks() throws IOException {
        PcapngBytes p = PcapngBytes.of(BIG_ENDIAN).shb();
        p.idb(1, 0);
        p.idb(101, 0, p.tsresol(9));
        p.pb(1, 3, T0 * SECOND + 5, frame(40, 1), 40, p.comment("old"), p.option(Pcapng.PACK_FLAGS, new byte[] {0, 0, 0, 2}));
        p.pb(0, 0, T0 * 1_000_000 + 5, frame(60, 2), 80);
        CaptureContents c = readAsTsharkDoes(p, "pb.pcapng");
        assertThat(c.problems()).isEmpty();
        assertThat(c.frames()).extracting(CaptureContents.Frame::interfaceIndex, CaptureContents.Frame::linkType,
                        CaptureContents.Frame::timestampNanos, CaptureContents.Frame::comment, CaptureContents.Frame::flags)
                .containsExactly(tuple(1, 101, T0 * SECOND + 5, "old", 2), tuple(0, 1, T0 * SECOND + 5000, null, 0));
    }

    @Test
    void otherBlocksAreSkippedByTheirLengthAndUnknownOnesReported() throws IOException {
        PcapngBytes p = PcapngBytes.of(LITTLE_ENDIAN).shb();
        p.idb(1, 0);
        p.block(Pcapng.BT_NRB, new byte[] {1, 0, 8, 0, 10, 0, 0, 1, 'h', 'o', 's', 't', 0, 0, 0, 0, 0, 0, 0, 0});
        p.epb(0, 1, frame(60, 1), 60);
        p.block(Pcapng.BT_ISB, new byte[16]);
        p.block(Pcapng.BT_DSB, new byte[] {'T', 'L', 'S', 'K', 0, 0, 0, 0});
        p.block(Pcapng.BT_CB_COPY, new byte[] {0, 0, 0x7e, (byte) 0xd6, 1, 2, 3});
        long unknown = p.offset();
        p.block(0x12345678, new byte[8]);
        p.epb(0, 2, frame(60, 2), 60);
        CaptureContents c = CaptureContents.of(p.bytes());
        assertThat(c.frames()).hasSize(2);
        assertThat(c.problems()).singleElement().satisfies(pr -> {
            assertThat(pr.kind()).isEqualTo(ProblemKind.UNKNOWN_BLOCK);
            assertThat(pr.offset()).isEqualTo(unknown);
            assertThat(pr.detail()).isEqualTo("block type 0x12345678 is unknown; skipped (20 bytes)");
        });
    }

    @Test
    void epbBelowItsMinimumLengthIsSkippedWithTheMessageUsersSee() throws IOException {
        PcapngBytes p = PcapngBytes.of(LITTLE_ENDIAN).shb();
        p.idb(1, 0);
        long at = p.offset();
        p.block(Pcapng.BT_EPB, new byte[0]);
        p.epb(0, 1, frame(60, 1), 60);
        Path f = p.writeTo(tmp.resolve("capture.pcapng"));
        try (CaptureReader r = CaptureReader.open(f)) {
            CaptureContents c = CaptureContents.drain(r);
            assertThat(c.frames()).hasSize(1);
            assertThat(c.problems()).singleElement().hasToString(f + ": offset 0x" + Long.toHexString(at)
                    + ": EPB block length 12 is below the minimum 32; skipped");
        }
    }

    @Test
    void truncatedLastBlockIsReportedAndTheFramesBeforeItDelivered() throws IOException {
        PcapngBytes p = PcapngBytes.of(LITTLE_ENDIAN).shb();
        p.idb(1, 0);
        p.epb(0, 1, frame(60, 1), 60);
        long cut = p.offset();
        p.epb(0, 2, frame(200, 2), 200);
        byte[] whole = p.bytes();
        byte[] bytes = Arrays.copyOf(whole, (int) cut + 100);
        CaptureContents c = CaptureContents.of(bytes);
        assertThat(c.frames()).hasSize(1);
        assertThat(c.problems()).singleElement().satisfies(pr -> {
            assertThat(pr.kind()).isEqualTo(ProblemKind.TRUNCATED);
            assertThat(pr.offset()).isEqualTo(cut);
            assertThat(pr.detail()).isEqualTo("EPB block length 232 runs past the end of the file (100 bytes left);"
                    + " no block follows, the last 100 bytes are ignored");
        });
        Path f = PcapngBytes.of(LITTLE_ENDIAN).raw(bytes).writeTo(tmp.resolve("cut.pcapng"));
        Tshark.Frames t = Tshark.frames(f);
        assertThat(t.exitCode()).isNotZero();
        SharedCapturesTest.assertSameFrames(f, c.frames(), t.frames());
    }

    @Test
    void capturedLengthAboveTheSnaplenIsDeliveredAndReported() throws IOException {
        PcapngBytes p = PcapngBytes.of(LITTLE_ENDIAN).shb();
        p.idb(1, 64);
        long at = p.offset();
        p.epb(0, 1, frame(100, 1), 100);
        CaptureContents c = CaptureContents.of(p.bytes());
        assertThat(c.frames()).singleElement().satisfies(f -> assertThat(f.bytes()).hasSize(100));
        assertThat(c.problems()).singleElement().satisfies(pr -> {
            assertThat(pr.kind()).isEqualTo(ProblemKind.CAPLEN_ABOVE_SNAPLEN);
            assertThat(pr.offset()).isEqualTo(at);
        });
    }

    @Test
    void aTrailerThatDisagreesWithTheLengthSkipsTheBlock() throws IOException {
        PcapngBytes p = PcapngBytes.of(LITTLE_ENDIAN).shb();
        p.idb(1, 0);
        p.epb(0, 1, frame(60, 1), 60);
        long bad = p.offset();
        PcapngBytes body = PcapngBytes.of(LITTLE_ENDIAN).epb(0, 2, frame(60, 2), 60);
        byte[] epb = body.bytes();
        ByteBuffer.wrap(epb).order(LITTLE_ENDIAN).putInt(epb.length - 4, 88); // trailer says 88, length 92
        p.raw(epb);
        p.epb(0, 3, frame(60, 3), 60);
        CaptureContents c = CaptureContents.of(p.bytes());
        assertThat(c.frames()).extracting(CaptureContents.Frame::timestampNanos).containsExactly(1000L, 3000L);
        assertThat(c.problems()).singleElement().satisfies(pr -> {
            assertThat(pr.kind()).isEqualTo(ProblemKind.TRAILER_MISMATCH);
            assertThat(pr.offset()).isEqualTo(bad);
            assertThat(pr.detail()).isEqualTo("EPB trailer length 88 differs from the block length 92; block skipped");
        });
    }

    @Test
    void aLengthThatDisagreesWithTheTrailerIsRecoveredFrom() throws IOException {
        PcapngBytes p = PcapngBytes.of(LITTLE_ENDIAN).shb();
        p.idb(1, 0);
        long bad = p.offset();
        byte[] epb = PcapngBytes.of(LITTLE_ENDIAN).epb(0, 2, frame(60, 2), 60).bytes();
        ByteBuffer.wrap(epb).order(LITTLE_ENDIAN).putInt(4, 48); // length says 48, block is 96
        p.raw(epb);
        long next = p.offset();
        p.epb(0, 3, frame(60, 3), 60);
        CaptureContents c = CaptureContents.of(p.bytes());
        assertThat(c.frames()).extracting(CaptureContents.Frame::timestampNanos, CaptureContents.Frame::fileOffset)
                .containsExactly(tuple(3000L, next));
        assertThat(c.problems()).singleElement().satisfies(pr -> {
            assertThat(pr.kind()).isEqualTo(ProblemKind.TRAILER_MISMATCH);
            assertThat(pr.offset()).isEqualTo(bad);
            assertThat(pr.detail()).endsWith("; skipped " + (next - bad) + " bytes to the next block at 0x"
                    + Long.toHexString(next));
        });
    }

    @Test
    void garbageBetweenBlocksIsSkipped() throws IOException {
        PcapngBytes p = PcapngBytes.of(BIG_ENDIAN).shb();
        p.idb(1, 0);
        p.epb(0, 1, frame(60, 1), 60);
        long garbage = p.offset();
        p.raw(new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, 1, 2, 3});
        long next = p.offset();
        p.epb(0, 2, frame(60, 2), 60);
        CaptureContents c = CaptureContents.of(p.bytes());
        assertThat(c.frames()).extracting(CaptureContents.Frame::fileOffset).containsExactly(garbage - 92, next);
        assertThat(c.problems()).singleElement().satisfies(pr -> {
            assertThat(pr.offset()).isEqualTo(garbage);
            assertThat(pr.detail()).startsWith("block type 0xdeadbeef block length ")
                    .endsWith("; skipped 7 bytes to the next block at 0x" + Long.toHexString(next));
        });
    }

    @Test
    void zeroAndAbsurdLengthsNeitherHangNorExhaustMemory() throws IOException {
        PcapngBytes p = PcapngBytes.of(LITTLE_ENDIAN).shb();
        p.idb(1, 0);
        long zero = p.offset();
        p.block(Pcapng.BT_EPB, new byte[0], 0, 0);
        long first = p.offset();
        p.epb(0, 1, frame(60, 1), 60);
        long huge = p.offset();
        p.block(Pcapng.BT_EPB, new byte[20], 0xfffffffcL, 0xfffffffcL);
        long caplen = p.offset();
        byte[] epb = PcapngBytes.of(LITTLE_ENDIAN).epb(0, 2, frame(8, 2), 8).bytes();
        ByteBuffer.wrap(epb).order(LITTLE_ENDIAN).putInt(20, 0xfffffff0); // captured length 4 GiB - 16
        p.raw(epb);
        long last = p.offset();
        p.epb(0, 3, frame(60, 3), 60);
        CaptureContents c = CaptureContents.of(p.bytes());
        assertThat(c.frames()).extracting(CaptureContents.Frame::fileOffset).containsExactly(first, last);
        assertThat(c.problems()).extracting(CaptureProblem::offset, CaptureProblem::kind).containsExactly(
                tuple(zero, ProblemKind.BAD_BLOCK_LENGTH), tuple(huge, ProblemKind.TRUNCATED),
                tuple(caplen, ProblemKind.CAPLEN_ABOVE_MAXIMUM));
    }

    @Test
    void packetsNamingAnUndescribedInterfaceAreSkipped() throws IOException {
        PcapngBytes p = PcapngBytes.of(LITTLE_ENDIAN).shb();
        p.idb(1, 0);
        long at = p.offset();
        p.epb(5, 1, frame(60, 1), 60);
        CaptureContents c = CaptureContents.of(p.bytes());
        assertThat(c.frames()).isEmpty();
        assertThat(c.problems()).singleElement().satisfies(pr -> {
            assertThat(pr.kind()).isEqualTo(ProblemKind.UNKNOWN_INTERFACE);
            assertThat(pr.offset()).isEqualTo(at);
            assertThat(pr.detail()).isEqualTo("EPB names interface 5, but section 0 has described 1; skipped");
        });
    }

    @Test
    void badOptionsAreReportedButTheFrameDelivered() throws IOException {
        PcapngBytes p = PcapngBytes.of(LITTLE_ENDIAN).shb();
        p.idb(1, 0, p.option(Pcapng.IF_TSRESOL, new byte[] {9, 9}));
        p.epb(0, 7, frame(60, 1), 60, p.option(0x1234, new byte[5]), p.option(Pcapng.EPB_FLAGS, new byte[2]),
                p.comment("kept"));
        byte[] overrun = p.option(Pcapng.OPT_COMMENT, new byte[8]);
        ByteBuffer.wrap(overrun).order(LITTLE_ENDIAN).putShort(2, (short) 200);
        p.epb(0, 8, frame(60, 2), 60, overrun);
        CaptureContents c = CaptureContents.of(p.bytes());
        assertThat(c.interfaces().get(0).tsresol()).isEqualTo(6);
        assertThat(c.frames()).extracting(CaptureContents.Frame::timestampNanos, CaptureContents.Frame::comment)
                .containsExactly(tuple(7000L, "kept"), tuple(8000L, null));
        assertThat(c.problems()).extracting(CaptureProblem::kind).containsExactly(ProblemKind.BAD_OPTION,
                ProblemKind.BAD_OPTION, ProblemKind.BAD_OPTION);
        assertThat(c.problems().get(2).detail())
                .isEqualTo("EPB option 1 of 200 bytes runs past the end of its block; the options from there are ignored");
    }

    @Test
    void aSectionOfAnUnknownVersionIsSkippedUpToTheNextSection() throws IOException {
        PcapngBytes p = PcapngBytes.of(LITTLE_ENDIAN).shb(LITTLE_ENDIAN, 2, 0);
        p.idb(1, 0);
        p.epb(0, 1, frame(60, 1), 60);
        long second = p.offset();
        p.shb();
        p.idb(1, 0);
        p.epb(0, 2, frame(60, 2), 60);
        CaptureContents c = CaptureContents.of(p.bytes());
        assertThat(c.frames()).extracting(CaptureContents.Frame::timestampNanos).containsExactly(2000L);
        assertThat(c.interfaces()).hasSize(1);
        assertThat(c.interfaces().get(0).section()).isEqualTo(1);
        assertThat(c.problems()).singleElement().satisfies(pr -> {
            assertThat(pr.kind()).isEqualTo(ProblemKind.UNSUPPORTED_VERSION);
            assertThat(pr.offset()).isZero();
        });
        assertThat(second).isPositive();
    }

    @Test
    void trailingBytesTooFewForABlockAreReported() throws IOException {
        PcapngBytes p = PcapngBytes.of(LITTLE_ENDIAN).shb();
        p.idb(1, 0);
        p.epb(0, 1, frame(60, 1), 60);
        long at = p.offset();
        p.raw(new byte[] {1, 2, 3, 4, 5});
        CaptureContents c = CaptureContents.of(p.bytes());
        assertThat(c.frames()).hasSize(1);
        assertThat(c.problems()).extracting(CaptureProblem::offset, CaptureProblem::kind)
                .containsExactly(tuple(at, ProblemKind.TRAILING_BYTES));
    }

    @Test
    void timestampsBeyond64BitNanosecondsAreClampedAndReported() throws IOException {
        PcapngBytes p = PcapngBytes.of(LITTLE_ENDIAN).shb();
        p.idb(1, 0, p.tsresol(0));
        p.epb(0, -1L, frame(60, 1), 60);
        CaptureContents c = CaptureContents.of(p.bytes());
        assertThat(c.frames()).extracting(CaptureContents.Frame::timestampNanos).containsExactly(Long.MAX_VALUE);
        assertThat(c.problems()).extracting(CaptureProblem::kind).containsExactly(ProblemKind.BAD_TIMESTAMP);
    }

    @Test
    void unreadableHeadersThrowNamingFileAndOffset() {
        List<Object[]> cases = List.of(
                new Object[] {new byte[0], "memory: offset 0x0: the file is 0 bytes long"},
                new Object[] {new byte[] {0x0a, 0x0d, 0x0d, 0x0a, 1, 2},
                        "memory: offset 0x0: the file is 6 bytes long, shorter than the 28-byte pcapng section header block"},
                new Object[] {Arrays.copyOf(new byte[] {0x0a, 0x0d, 0x0d, 0x0a, 28, 0, 0, 0, 1, 2, 3, 4}, 28),
                        "memory: offset 0x8: byte-order magic 0x04030201 is neither 1a2b3c4d nor 4d3c2b1a"},
                new Object[] {new byte[] {1, 2, 3, 4, 5, 6, 7, 8},
                        "memory: offset 0x0: magic 0x01020304 is neither pcap"},
                new Object[] {new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0}, "gzip-compressed"},
                new Object[] {new byte[] {0x34, (byte) 0xcd, (byte) 0xb2, (byte) 0xa1, 0, 0, 0, 0}, "Kuznetzov"},
                new Object[] {new byte[] {(byte) 0xd4, (byte) 0xc3, (byte) 0xb2, (byte) 0xa1, 2, 0, 4, 0},
                        "memory: offset 0x0: the file is 8 bytes long, shorter than the 24-byte pcap file header"});
        for (Object[] c : cases) {
            byte[] bytes = (byte[]) c[0];
            try {
                CaptureReader.read("memory", ByteBuffer.wrap(bytes));
                throw new AssertionError("no exception for " + Arrays.toString(bytes));
            } catch (CaptureFormatException e) {
                assertThat(e.getMessage()).contains((String) c[1]);
                assertThat(e.file()).isEqualTo("memory");
            }
        }
    }
}
