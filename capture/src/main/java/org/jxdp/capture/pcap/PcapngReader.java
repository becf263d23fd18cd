package org.jxdp.capture.pcap;

import static org.jxdp.capture.pcap.CaptureRecord.MAX_CAPTURED_LENGTH;
import static org.jxdp.capture.pcap.Pcapng.BLOCK_OVERHEAD;
import static org.jxdp.capture.pcap.Pcapng.BT_CB_COPY;
import static org.jxdp.capture.pcap.Pcapng.BT_CB_NO_COPY;
import static org.jxdp.capture.pcap.Pcapng.BT_DSB;
import static org.jxdp.capture.pcap.Pcapng.BT_EPB;
import static org.jxdp.capture.pcap.Pcapng.BT_IDB;
import static org.jxdp.capture.pcap.Pcapng.BT_ISB;
import static org.jxdp.capture.pcap.Pcapng.BT_NRB;
import static org.jxdp.capture.pcap.Pcapng.BT_PB;
import static org.jxdp.capture.pcap.Pcapng.BT_SHB;
import static org.jxdp.capture.pcap.Pcapng.BT_SPB;
import static org.jxdp.capture.pcap.Pcapng.BT_SYSTEMD_JOURNAL;
import static org.jxdp.capture.pcap.Pcapng.BYTE_ORDER_MAGIC;
import static org.jxdp.capture.pcap.Pcapng.DEFAULT_TSRESOL;
import static org.jxdp.capture.pcap.Pcapng.EPB_DATA_OFFSET;
import static org.jxdp.capture.pcap.Pcapng.EPB_FLAGS;
import static org.jxdp.capture.pcap.Pcapng.EPB_MIN_LENGTH;
import static org.jxdp.capture.pcap.Pcapng.IDB_MIN_LENGTH;
import static org.jxdp.capture.pcap.Pcapng.IF_NAME;
import static org.jxdp.capture.pcap.Pcapng.IF_TSOFFSET;
import static org.jxdp.capture.pcap.Pcapng.IF_TSRESOL;
import static org.jxdp.capture.pcap.Pcapng.ISB_MIN_LENGTH;
import static org.jxdp.capture.pcap.Pcapng.OPT_COMMENT;
import static org.jxdp.capture.pcap.Pcapng.OPT_ENDOFOPT;
import static org.jxdp.capture.pcap.Pcapng.PB_MIN_LENGTH;
import static org.jxdp.capture.pcap.Pcapng.PCAP_NG_VERSION_MAJOR;
import static org.jxdp.capture.pcap.Pcapng.SHB_MIN_LENGTH;
import static org.jxdp.capture.pcap.Pcapng.SPB_DATA_OFFSET;
import static org.jxdp.capture.pcap.Pcapng.SPB_MIN_LENGTH;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads pcapng ({@link Pcapng}): sections in either byte order, interfaces with their own link
 * types, snaplens, resolutions and offsets, and frames from EPBs, SPBs and obsolete PBs. Name
 * resolution, statistics, decryption secrets, journal and custom blocks are skipped by their
 * length; blocks of an unknown type are skipped and reported.
 *
 * <p>A block is trusted only when its length is at least 12, a multiple of 4, inside the file,
 * and equal to its trailer. When the trailer alone disagrees but the length leads to the end of
 * the file or to a sound block, the block is skipped by its length; otherwise the reader looks,
 * byte by byte, for the next sound block of a known type (an SHB with a valid byte-order magic,
 * or a block no longer than 16 MiB whose trailer matches) and goes on from there.
 */
final class PcapngReader extends CaptureReader {
    /** Longest IDB, EPB, PB or SPB read; a longer one is skipped as damage. */
    static final int MAX_READ_BLOCK = 64 << 20;
    /** Longest block believed while looking for the next sound block after damage. */
    static final long MAX_RESYNC_BLOCK = 16 << 20;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /** {@link #step}: a frame was delivered. */
    private static final int DELIVERED = 0;
    /** {@link #step}: a block (or damage) was passed over. */
    private static final int CONTINUE = 1;
    /** {@link #step}: the end of the file. */
    private static final int END = 2;

    private final long size;
    private long pos;
    private int section = -1;
    private boolean skipSection;

    /** Global interface index of each interface id of the current section. */
    private int[] sectionIfaces = new int[4];
    private int sectionIfaceCount;

    /** Per global interface, for the frame path. */
    private int[] ifLinkType = new int[4];
    private long[] ifSnaplen = new long[4];
    private TickScale[] ifScale = new TickScale[4];
    private long[] ifOffsetNanos = new long[4];

    /** The option cursor: indexes in the window's buffer. */
    private int optPos;
    private int optEnd;
    private int optCode;
    private int optLength;
    private int optValue;

    PcapngReader(String name, FileWindow w) throws CaptureFormatException {
        super(name, w);
        size = w.size();
        if (size < SHB_MIN_LENGTH) {
            throw new CaptureFormatException(name, 0, "the file is " + size + " bytes long, shorter than the "
                    + SHB_MIN_LENGTH + "-byte pcapng section header block");
        }
        int bom = w.i32(8);
        if (bom != BYTE_ORDER_MAGIC && bom != Integer.reverseBytes(BYTE_ORDER_MAGIC)) {
            throw new CaptureFormatException(name, 8, "byte-order magic 0x" + String.format("%08x", bom)
                    + " is neither 1a2b3c4d nor 4d3c2b1a: not a pcapng section header block");
        }
        readUpToFirstPacket();
    }

    @Override
    public CaptureFileFormat format() {
        return CaptureFileFormat.PCAPNG;
    }

    @Override
    public boolean next(CaptureRecord r) {
        int step;
        do {
            step = step(r);
        } while (step == CONTINUE);
        return step == DELIVERED;
    }

    /**
     * Reads the sections, interfaces and other blocks before the first packet block, so that
     * {@link #interfaces()} knows them before the first {@code next}.
     */
    private void readUpToFirstPacket() {
        while (size - pos >= BLOCK_OVERHEAD) {
            int type = w.i32(pos);
            if (type == BT_EPB || type == BT_SPB || type == BT_PB) {
                return;
            }
            step(null);
        }
    }

    /** Reads one block, or passes over damage; fills {@code r} when the block is a frame. */
    private int step(CaptureRecord r) {
        long left = size - pos;
        if (left == 0) {
            return END;
        }
        if (left < BLOCK_OVERHEAD) {
            report(pos, ProblemKind.TRAILING_BYTES, left + " bytes after the last block are too few for a block; ignored");
            pos = size;
            return END;
        }
        int h = w.at(pos, 8);
        ByteBuffer b = w.buffer();
        int type = b.getInt(h);
        if (type == BT_SHB) {
            sectionHeader();
            return CONTINUE;
        }
        long len = b.getInt(h + 4) & 0xffffffffL;
        if (!framed(type, len)) {
            return CONTINUE;
        }
        boolean delivered = false;
        if (!skipSection) {
            switch (type) {
                case BT_EPB:
                    delivered = packet(r, (int) len, true);
                    break;
                case BT_PB:
                    delivered = packet(r, (int) len, false);
                    break;
                case BT_SPB:
                    delivered = simplePacket(r, (int) len);
                    break;
                case BT_IDB:
                    interfaceDescription((int) len);
                    break;
                case BT_NRB:
                case BT_ISB:
                case BT_SYSTEMD_JOURNAL:
                case BT_DSB:
                case BT_CB_COPY:
                case BT_CB_NO_COPY:
                    break;
                default:
                    report(pos, ProblemKind.UNKNOWN_BLOCK, blockName(type) + " is unknown; skipped (" + len + " bytes)");
            }
        }
        pos += len;
        return delivered ? DELIVERED : CONTINUE;
    }

    // ---------------------------------------------------------------- blocks

    private void sectionHeader() {
        long left = size - pos;
        if (left < SHB_MIN_LENGTH) {
            report(pos, ProblemKind.TRUNCATED, "SHB cut after " + left + " of at least " + SHB_MIN_LENGTH + " bytes; ignored");
            pos = size;
            return;
        }
        int bom = w.i32(pos + 8);
        if (bom == Integer.reverseBytes(BYTE_ORDER_MAGIC)) {
            w.order(w.order() == ByteOrder.LITTLE_ENDIAN ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        } else if (bom != BYTE_ORDER_MAGIC) {
            resync(ProblemKind.GARBAGE, "SHB byte-order magic 0x" + String.format("%08x", bom)
                    + " is neither 1a2b3c4d nor 4d3c2b1a");
            return;
        }
        long len = w.u32(pos + 4);
        if (!framed(BT_SHB, len)) {
            return;
        }
        int i = w.at(pos, SHB_MIN_LENGTH);
        ByteBuffer b = w.buffer();
        int major = b.getShort(i + 12) & 0xffff;
        int minor = b.getShort(i + 14) & 0xffff;
        section++;
        sectionIfaceCount = 0;
        skipSection = major != PCAP_NG_VERSION_MAJOR;
        if (skipSection) {
            report(pos, ProblemKind.UNSUPPORTED_VERSION, "section " + section + " has version " + major + "." + minor
                    + ", not 1.x; skipped up to the next section");
        }
        pos += len;
    }

    private void interfaceDescription(int len) {
        int i = w.at(pos, len);
        ByteBuffer b = w.buffer();
        int linkType = b.getShort(i + 8) & 0xffff;
        long snaplen = b.getInt(i + 12) & 0xffffffffL;
        int tsresol = DEFAULT_TSRESOL;
        long tsoffset = 0;
        String ifName = null;
        options(i + IDB_MIN_LENGTH - 4, i + len - 4);
        while (nextOption("IDB")) {
            switch (optCode) {
                case IF_NAME:
                    byte[] bytes = new byte[optLength];
                    b.get(optValue, bytes, 0, optLength);
                    ifName = new String(bytes, StandardCharsets.UTF_8);
                    break;
                case IF_TSRESOL:
                    if (optLength == 1) {
                        tsresol = b.get(optValue) & 0xff;
                    } else {
                        badOptionSize("IDB", "if_tsresol", 1);
                    }
                    break;
                case IF_TSOFFSET:
                    if (optLength == 8) {
                        tsoffset = b.getLong(optValue);
                    } else {
                        badOptionSize("IDB", "if_tsoffset", 8);
                    }
                    break;
                default:
                    break;
            }
        }
        int g = interfaces.size();
        if (g == ifLinkType.length) {
            int n = 2 * g;
            ifLinkType = Arrays.copyOf(ifLinkType, n);
            ifSnaplen = Arrays.copyOf(ifSnaplen, n);
            ifScale = Arrays.copyOf(ifScale, n);
            ifOffsetNanos = Arrays.copyOf(ifOffsetNanos, n);
        }
        if (sectionIfaceCount == sectionIfaces.length) {
            sectionIfaces = Arrays.copyOf(sectionIfaces, 2 * sectionIfaceCount);
        }
        long offsetNanos = tsoffset * NANOS_PER_SECOND;
        if (Math.multiplyHigh(tsoffset, NANOS_PER_SECOND) != (offsetNanos >> 63)) {
            offsetNanos = tsoffset < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
            report(pos, ProblemKind.BAD_TIMESTAMP, "IDB if_tsoffset " + tsoffset
                    + " s does not fit 64-bit nanoseconds; clamped");
        }
        ifLinkType[g] = linkType;
        ifSnaplen[g] = snaplen;
        ifScale[g] = new TickScale(tsresol);
        ifOffsetNanos[g] = offsetNanos;
        sectionIfaces[sectionIfaceCount] = g;
        interfaces.add(new CaptureInterface(g, section, sectionIfaceCount, linkType, snaplen, tsresol, tsoffset, ifName));
        sectionIfaceCount++;
    }

    /** An EPB ({@code enhanced}) or an obsolete PB. */
    private boolean packet(CaptureRecord r, int len, boolean enhanced) {
        String what = enhanced ? "EPB" : "PB";
        int i = w.at(pos, len);
        ByteBuffer b = w.buffer();
        long ifId = enhanced ? b.getInt(i + 8) & 0xffffffffL : b.getShort(i + 8) & 0xffff;
        long ticks = (b.getInt(i + 12) & 0xffffffffL) << 32 | (b.getInt(i + 16) & 0xffffffffL);
        long caplen = b.getInt(i + 20) & 0xffffffffL;
        long orig = b.getInt(i + 24) & 0xffffffffL;
        if (ifId >= sectionIfaceCount) {
            report(pos, ProblemKind.UNKNOWN_INTERFACE, what + " names interface " + ifId + ", but section " + section
                    + " has described " + sectionIfaceCount + "; skipped");
            return false;
        }
        if (caplen > MAX_CAPTURED_LENGTH) {
            report(pos, ProblemKind.CAPLEN_ABOVE_MAXIMUM, what + " captured length " + caplen
                    + " is above the maximum " + MAX_CAPTURED_LENGTH + "; skipped");
            return false;
        }
        if (EPB_DATA_OFFSET + caplen > len - 4) {
            report(pos, ProblemKind.CAPLEN_ABOVE_BLOCK, what + " captured length " + caplen
                    + " does not fit its block length " + len + "; skipped");
            return false;
        }
        int g = sectionIfaces[(int) ifId];
        r.clearOptions();
        options(i + EPB_DATA_OFFSET + (int) ((caplen + 3) & ~3L), i + len - 4);
        while (nextOption(what)) {
            switch (optCode) {
                case EPB_FLAGS:
                    if (optLength == 4) {
                        r.flags = b.getInt(optValue);
                    } else {
                        badOptionSize(what, enhanced ? "epb_flags" : "pack_flags", 4);
                    }
                    break;
                case OPT_COMMENT:
                    if (r.commentLength < 0) {
                        r.commentOffset = optValue;
                        r.commentLength = optLength;
                    }
                    break;
                default:
                    break;
            }
        }
        deliver(r, what, g, timestamp(g, ticks), (int) caplen, orig, i + EPB_DATA_OFFSET);
        return true;
    }

    private boolean simplePacket(CaptureRecord r, int len) {
        if (sectionIfaceCount == 0) {
            report(pos, ProblemKind.UNKNOWN_INTERFACE, "SPB comes before any IDB of section " + section + "; skipped");
            return false;
        }
        int i = w.at(pos, len);
        ByteBuffer b = w.buffer();
        long orig = b.getInt(i + 8) & 0xffffffffL;
        int g = sectionIfaces[0];
        long snaplen = ifSnaplen[g];
        long room = len - SPB_MIN_LENGTH;
        long caplen = snaplen != 0 ? Math.min(orig, snaplen) : orig;
        if (caplen > room) {
            report(pos, ProblemKind.CAPLEN_ABOVE_BLOCK, "SPB original length " + orig + " with snaplen " + snaplen
                    + " means " + caplen + " captured bytes, but its block holds " + room + "; cut to " + room);
            caplen = room;
        }
        if (caplen > MAX_CAPTURED_LENGTH) {
            report(pos, ProblemKind.CAPLEN_ABOVE_MAXIMUM, "SPB captured length " + caplen
                    + " is above the maximum " + MAX_CAPTURED_LENGTH + "; skipped");
            return false;
        }
        r.clearOptions();
        deliver(r, "SPB", g, 0, (int) caplen, orig, i + SPB_DATA_OFFSET);
        return true;
    }

    private void deliver(CaptureRecord r, String what, int g, long nanos, int caplen, long orig, int data) {
        r.buffer = w.view();
        r.dataOffset = data;
        r.capturedLength = caplen;
        r.originalLength = orig;
        r.timestampNanos = nanos;
        r.interfaceIndex = g;
        r.linkType = ifLinkType[g];
        r.fileOffset = pos;
        r.frameNumber = ++frames;
        if (caplen < orig) {
            snapped++;
        } else if (caplen > orig) {
            report(pos, ProblemKind.CAPLEN_ABOVE_ORIGINAL, what + " captured length " + caplen
                    + " is above its original length " + orig + "; delivered");
        }
        long snaplen = ifSnaplen[g];
        if (snaplen != 0 && caplen > snaplen) {
            report(pos, ProblemKind.CAPLEN_ABOVE_SNAPLEN, what + " captured length " + caplen
                    + " is above interface " + g + "'s snaplen " + snaplen + "; delivered");
        }
    }

    private long timestamp(int g, long ticks) {
        TickScale s = ifScale[g];
        if (!s.fits(ticks)) {
            report(pos, ProblemKind.BAD_TIMESTAMP, "timestamp of " + Long.toUnsignedString(ticks)
                    + " ticks does not fit 64-bit nanoseconds; clamped");
            return Long.MAX_VALUE;
        }
        long ns = s.toNanos(ticks);
        long off = ifOffsetNanos[g];
        long sum = ns + off;
        if (((ns ^ sum) & (off ^ sum)) < 0) {
            report(pos, ProblemKind.BAD_TIMESTAMP, "timestamp plus if_tsoffset does not fit 64-bit nanoseconds; clamped");
            return off > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return sum;
    }

    // ---------------------------------------------------------------- options

    private void options(int from, int end) {
        optPos = from;
        optEnd = end;
    }

    private boolean nextOption(String what) {
        if (optPos >= optEnd) {
            return false;
        }
        if (optEnd - optPos < 4) {
            report(pos, ProblemKind.BAD_OPTION, what + " options end with " + (optEnd - optPos)
                    + " bytes too few for an option; ignored");
            return false;
        }
        ByteBuffer b = w.buffer();
        optCode = b.getShort(optPos) & 0xffff;
        optLength = b.getShort(optPos + 2) & 0xffff;
        if (optCode == OPT_ENDOFOPT) {
            return false;
        }
        if (optLength > optEnd - optPos - 4) {
            report(pos, ProblemKind.BAD_OPTION, what + " option " + optCode + " of " + optLength
                    + " bytes runs past the end of its block; the options from there are ignored");
            return false;
        }
        optValue = optPos + 4;
        optPos = optValue + Math.min((optLength + 3) & ~3, optEnd - optValue);
        return true;
    }

    private void badOptionSize(String what, String option, int expected) {
        report(pos, ProblemKind.BAD_OPTION, what + " option " + option + " has " + optLength + " bytes instead of "
                + expected + "; ignored");
    }

    // ---------------------------------------------------------------- framing and recovery

    /**
     * Checks the framing of the block at {@code pos}; on damage, reports it, moves {@code pos}
     * past it or to the next sound block, and returns false.
     */
    private boolean framed(int type, long len) {
        long left = size - pos;
        if (len < BLOCK_OVERHEAD || (len & 3) != 0) {
            resync(ProblemKind.BAD_BLOCK_LENGTH, blockName(type) + " block length " + len
                    + (len < BLOCK_OVERHEAD ? " is below " + BLOCK_OVERHEAD : " is not a multiple of 4"));
            return false;
        }
        if (len > left) {
            resync(ProblemKind.TRUNCATED, blockName(type) + " block length " + len + " runs past the end of the file ("
                    + left + " bytes left)");
            return false;
        }
        long trailer = w.u32(pos + len - 4);
        if (trailer != len) {
            long next = pos + len;
            if (next == size || blockAt(next)) {
                report(pos, ProblemKind.TRAILER_MISMATCH, blockName(type) + " trailer length " + trailer
                        + " differs from the block length " + len + "; block skipped");
                pos = next;
            } else {
                resync(ProblemKind.TRAILER_MISMATCH, blockName(type) + " trailer length " + trailer
                        + " differs from the block length " + len);
            }
            return false;
        }
        int min = minLength(type);
        if (len < min) {
            report(pos, ProblemKind.BAD_BLOCK_LENGTH, blockName(type) + " block length " + len
                    + " is below the minimum " + min + "; skipped");
            pos += len;
            return false;
        }
        if (len > MAX_READ_BLOCK && (type == BT_IDB || type == BT_EPB || type == BT_PB || type == BT_SPB)) {
            report(pos, ProblemKind.BAD_BLOCK_LENGTH, blockName(type) + " block length " + len + " is above the "
                    + MAX_READ_BLOCK + " bytes this reader reads; skipped");
            pos += len;
            return false;
        }
        return true;
    }

    /** Reports the block at {@code pos} as damaged and moves to the next sound block, or to the end. */
    private void resync(ProblemKind kind, String what) {
        long next = findBlock(pos + 1);
        if (next < 0) {
            report(pos, kind, what + "; no block follows, the last " + (size - pos) + " bytes are ignored");
            pos = size;
        } else {
            report(pos, kind, what + "; skipped " + (next - pos) + " bytes to the next block at " + hex(next));
            pos = next;
        }
    }

    private long findBlock(long from) {
        for (long p = from; p <= size - BLOCK_OVERHEAD; p++) {
            if (blockAt(p)) {
                return p;
            }
        }
        return -1;
    }

    /** True when a sound block of a known type starts at {@code p}. */
    private boolean blockAt(long p) {
        if (size - p < BLOCK_OVERHEAD) {
            return false;
        }
        int type = w.i32(p);
        boolean swap = false;
        if (type == BT_SHB) {
            if (size - p < SHB_MIN_LENGTH) {
                return false;
            }
            int bom = w.i32(p + 8);
            if (bom == Integer.reverseBytes(BYTE_ORDER_MAGIC)) {
                swap = true;
            } else if (bom != BYTE_ORDER_MAGIC) {
                return false;
            }
        } else if (!known(type)) {
            return false;
        }
        long len = u32(w.i32(p + 4), swap);
        if (len < minLength(type) || (len & 3) != 0 || len > size - p || len > MAX_RESYNC_BLOCK) {
            return false;
        }
        return u32(w.i32(p + len - 4), swap) == len;
    }

    private static long u32(int v, boolean swap) {
        return (swap ? Integer.reverseBytes(v) : v) & 0xffffffffL;
    }

    private static boolean known(int type) {
        switch (type) {
            case BT_SHB:
            case BT_IDB:
            case BT_PB:
            case BT_SPB:
            case BT_NRB:
            case BT_ISB:
            case BT_EPB:
            case BT_SYSTEMD_JOURNAL:
            case BT_DSB:
            case BT_CB_COPY:
            case BT_CB_NO_COPY:
                return true;
            default:
                return false;
        }
    }

    private static int minLength(int type) {
        switch (type) {
            case BT_SHB:
                return SHB_MIN_LENGTH;
            case BT_IDB:
                return IDB_MIN_LENGTH;
            case BT_EPB:
                return EPB_MIN_LENGTH;
            case BT_PB:
                return PB_MIN_LENGTH;
            case BT_SPB:
                return SPB_MIN_LENGTH;
            case BT_ISB:
                return ISB_MIN_LENGTH;
            default:
                return BLOCK_OVERHEAD;
        }
    }

    private static String blockName(int type) {
        switch (type) {
            case BT_SHB:
                return "SHB";
            case BT_IDB:
                return "IDB";
            case BT_PB:
                return "PB";
            case BT_SPB:
                return "SPB";
            case BT_NRB:
                return "NRB";
            case BT_ISB:
                return "ISB";
            case BT_EPB:
                return "EPB";
            case BT_SYSTEMD_JOURNAL:
                return "systemd journal block";
            case BT_DSB:
                return "DSB";
            case BT_CB_COPY:
            case BT_CB_NO_COPY:
                return "custom block";
            default:
                return "block type 0x" + String.format("%08x", type);
        }
    }
}
