package org.jxdp.capture.pcap;

import static org.jxdp.capture.pcap.CaptureRecord.MAX_CAPTURED_LENGTH;
import static org.jxdp.capture.pcap.ClassicPcap.FILE_HEADER_LENGTH;
import static org.jxdp.capture.pcap.ClassicPcap.LINKTYPE_MASK;
import static org.jxdp.capture.pcap.ClassicPcap.LINKTYPE_OFFSET;
import static org.jxdp.capture.pcap.ClassicPcap.PCAP_VERSION_MAJOR;
import static org.jxdp.capture.pcap.ClassicPcap.RECORD_HEADER_LENGTH;
import static org.jxdp.capture.pcap.ClassicPcap.SNAPLEN_OFFSET;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads classic pcap ({@link ClassicPcap}): a file header, then records back to back.
 *
 * <p>A record whose captured length is above {@link CaptureRecord#MAX_CAPTURED_LENGTH} or runs
 * past the end of the file leaves no way to find the next record from its length, so the
 * reader looks for the next plausible record header after it: a captured length from 1 to the
 * snaplen that fits the file, an original length from the captured length to 16 MiB, a fraction
 * of a second in range, seconds within a week of the last good record's, and after it the end
 * of the file or another such header (within a week of it). Zero-filled or random packet bytes
 * do not pass for records that way. When there is none, the damaged record was the last (a cut
 * capture) and reading ends.
 */
final class PcapReader extends CaptureReader {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    /** Longest original length of a plausible record header. */
    private static final long PLAUSIBLE_WIRE = 16 << 20;
    /** Largest gap in seconds between a plausible record header and the record before it. */
    private static final long PLAUSIBLE_GAP = 7 * 86_400;

    private final boolean nanos;
    /**
     * Where the first of two 32-bit header fields sits in the 64-bit value read over both: the
     * low half (shift 0) in a little-endian file, the high half (32) in a big-endian one.
     */
    private final int firstFieldShift;
    private final long snaplen;
    private final int linkType;
    private final long fracLimit;
    private final long fracScale;
    /** Longest captured length a plausible record header may claim when looking for one. */
    private final long plausibleCaplen;
    private final long size;
    private long pos = FILE_HEADER_LENGTH;
    /** Seconds of the last record delivered; -1 before the first. */
    private long lastSeconds = -1;

    PcapReader(String name, FileWindow w, ByteOrder order, boolean nanos) throws CaptureFormatException {
        super(name, w);
        this.nanos = nanos;
        this.firstFieldShift = order == ByteOrder.BIG_ENDIAN ? 32 : 0;
        this.size = w.size();
        if (size < FILE_HEADER_LENGTH) {
            throw new CaptureFormatException(name, 0, "the file is " + size + " bytes long, shorter than the "
                    + FILE_HEADER_LENGTH + "-byte pcap file header");
        }
        w.order(order);
        int i = w.at(0, FILE_HEADER_LENGTH);
        ByteBuffer b = w.buffer();
        int major = b.getShort(i + 4) & 0xffff;
        int minor = b.getShort(i + 6) & 0xffff;
        snaplen = b.getInt(i + SNAPLEN_OFFSET) & 0xffffffffL;
        linkType = b.getInt(i + LINKTYPE_OFFSET) & LINKTYPE_MASK;
        fracLimit = nanos ? NANOS_PER_SECOND : 1_000_000L;
        fracScale = nanos ? 1 : 1000;
        plausibleCaplen = snaplen == 0 || snaplen > MAX_CAPTURED_LENGTH ? MAX_CAPTURED_LENGTH : snaplen;
        if (major != PCAP_VERSION_MAJOR) {
            report(4, ProblemKind.UNSUPPORTED_VERSION, "pcap version " + major + "." + minor
                    + " is not 2.x; read as 2.4");
        }
        interfaces.add(new CaptureInterface(0, 0, 0, linkType, snaplen, nanos ? 9 : 6, 0, null));
    }

    @Override
    public CaptureFileFormat format() {
        return nanos ? CaptureFileFormat.PCAP_NSEC : CaptureFileFormat.PCAP;
    }

    @Override
    public boolean next(CaptureRecord r) {
        while (true) {
            long left = size - pos;
            if (left == 0) {
                return false;
            }
            if (left < RECORD_HEADER_LENGTH) {
                report(pos, ProblemKind.TRUNCATED, "record header cut after " + left + " of " + RECORD_HEADER_LENGTH
                        + " bytes; ignored");
                pos = size;
                return false;
            }
            int i = w.at(pos, RECORD_HEADER_LENGTH);
            ByteBuffer b = w.buffer();
            // two 64-bit loads for the four 32-bit fields
            long time = b.getLong(i);
            long lengths = b.getLong(i + 8);
            int first = firstFieldShift;
            long sec = time >>> first & 0xffffffffL;
            long frac = time >>> (32 - first) & 0xffffffffL;
            long caplen = lengths >>> first & 0xffffffffL;
            long wire = lengths >>> (32 - first) & 0xffffffffL;
            if (caplen > MAX_CAPTURED_LENGTH) {
                skipDamaged(ProblemKind.CAPLEN_ABOVE_MAXIMUM, "record captured length " + caplen
                        + " is above the maximum " + MAX_CAPTURED_LENGTH);
                continue;
            }
            if (caplen > left - RECORD_HEADER_LENGTH) {
                skipDamaged(ProblemKind.TRUNCATED, "record captured length " + caplen + " runs past the end of the file ("
                        + (left - RECORD_HEADER_LENGTH) + " bytes left)");
                continue;
            }
            long here = pos;
            int data = w.at(pos + RECORD_HEADER_LENGTH, (int) caplen);
            ByteBuffer view = w.view();
            if (r.buffer != view) {
                r.buffer = view; // a reference store costs a GC barrier; the window changes once per 256 KiB
            }
            r.dataOffset = data;
            r.capturedLength = (int) caplen;
            r.originalLength = wire;
            r.timestampNanos = sec * NANOS_PER_SECOND + frac * fracScale;
            r.interfaceIndex = 0;
            r.linkType = linkType;
            r.fileOffset = here;
            r.frameNumber = ++frames;
            r.clearOptions();
            lastSeconds = sec;
            pos += RECORD_HEADER_LENGTH + caplen;
            if (caplen < wire) {
                snapped++;
            } else if (caplen > wire) {
                report(here, ProblemKind.CAPLEN_ABOVE_ORIGINAL, "record captured length " + caplen
                        + " is above its original length " + wire + "; delivered");
            }
            if (snaplen != 0 && caplen > snaplen) {
                report(here, ProblemKind.CAPLEN_ABOVE_SNAPLEN, "record captured length " + caplen
                        + " is above the file's snaplen " + snaplen + "; delivered");
            }
            if (frac >= fracLimit) {
                report(here, ProblemKind.BAD_TIMESTAMP, (nanos ? "nanoseconds " : "microseconds ") + frac
                        + " are a second or more; carried into the seconds");
            }
            return true;
        }
    }

    /** Reports the record at {@code pos} as damaged and moves to the next plausible one, or to the end. */
    private void skipDamaged(ProblemKind kind, String what) {
        long next = findRecord(pos + 1);
        if (next < 0) {
            report(pos, kind, what + "; no record follows, the last " + (size - pos) + " bytes are ignored");
            pos = size;
        } else {
            report(pos, kind, what + "; skipped " + (next - pos) + " bytes to the next plausible record at " + hex(next));
            pos = next;
        }
    }

    private long findRecord(long from) {
        for (long p = from; p <= size - RECORD_HEADER_LENGTH; p++) {
            long end = plausibleEnd(p, lastSeconds);
            if (end >= 0 && (end == size || plausibleEnd(end, seconds(p)) >= 0)) {
                return p;
            }
        }
        return -1;
    }

    private long seconds(long p) {
        int i = w.at(p, 4);
        return w.buffer().getInt(i) & 0xffffffffL;
    }

    /** The end of a plausible record at {@code p} after one at {@code previousSeconds} (-1: none), or -1. */
    private long plausibleEnd(long p, long previousSeconds) {
        if (size - p < RECORD_HEADER_LENGTH) {
            return -1;
        }
        int i = w.at(p, RECORD_HEADER_LENGTH);
        ByteBuffer b = w.buffer();
        long sec = b.getInt(i) & 0xffffffffL;
        long frac = b.getInt(i + 4) & 0xffffffffL;
        long caplen = b.getInt(i + 8) & 0xffffffffL;
        long wire = b.getInt(i + 12) & 0xffffffffL;
        if (frac >= fracLimit || caplen == 0 || caplen > plausibleCaplen || wire < caplen || wire > PLAUSIBLE_WIRE
                || caplen > size - p - RECORD_HEADER_LENGTH
                || previousSeconds >= 0 && Math.abs(sec - previousSeconds) > PLAUSIBLE_GAP) {
            return -1;
        }
        return p + RECORD_HEADER_LENGTH + caplen;
    }
}
