package org.jxdp.capture.pcap;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One frame read from a capture: a reusable holder that {@link CaptureReader#next} fills in
 * place, so that reading allocates nothing. Allocate one per reading thread and keep it.
 *
 * <p>The frame's bytes stay in the reader's window onto the file; {@link #buffer()},
 * {@link #dataOffset()} and {@link #capturedLength()} are a view of them, valid until the next
 * call of {@code next} on the same reader, and {@link #copyTo(byte[], int)} copies them into a
 * caller's slot:
 * <pre>
 *   CaptureRecord r = new CaptureRecord();
 *   byte[] slot = new byte[256 + 2048 + 256];          // headroom, frame, tailroom
 *   while (reader.next(r)) {
 *       int n = r.copyTo(slot, 256, 2048);             // the frame starts after the headroom
 *       ...
 *   }
 * </pre>
 */
public final class CaptureRecord {
    /**
     * The longest captured length read as a frame: 262144, libpcap's {@code MAXIMUM_SNAPLEN} and
     * Wireshark's standard maximum. A longer one is taken as damage.
     */
    public static final int MAX_CAPTURED_LENGTH = 262_144;

    ByteBuffer buffer;
    int dataOffset;
    int capturedLength;
    long originalLength;
    long timestampNanos;
    int interfaceIndex;
    int linkType;
    long fileOffset;
    long frameNumber;
    int flags;
    int commentOffset;
    int commentLength = -1;

    /** Capture time in nanoseconds since 1970-01-01T00:00:00Z. */
    public long timestampNanos() {
        return timestampNanos;
    }

    /** The interface's index in {@link CaptureReader#interfaces()} (0 for classic pcap). */
    public int interfaceIndex() {
        return interfaceIndex;
    }

    /** The frame's {@code LINKTYPE_} value, its interface's. */
    public int linkType() {
        return linkType;
    }

    /** Bytes of the frame present in the file. */
    public int capturedLength() {
        return capturedLength;
    }

    /** The frame's length on the wire (unsigned 32 bits); above {@link #capturedLength()} when the
     *  capture kept only the start of the frame. */
    public long originalLength() {
        return originalLength;
    }

    /** Where the frame's record (pcap) or block (pcapng) starts in the file. */
    public long fileOffset() {
        return fileOffset;
    }

    /** The frame's number in the file, from 1, as Wireshark numbers frames. */
    public long frameNumber() {
        return frameNumber;
    }

    /** The pcapng {@code epb_flags} (or PB {@code pack_flags}) word; 0 when absent. */
    public int flags() {
        return flags;
    }

    /**
     * The buffer that holds the frame's bytes, at {@link #dataOffset()}. It is read-only and
     * shared with the reader: read it with absolute gets only, and only until the next
     * {@code next}. Its byte order means nothing for the frame (read multi-byte fields yourself).
     */
    public ByteBuffer buffer() {
        return buffer;
    }

    /** Index of the frame's first byte in {@link #buffer()}. */
    public int dataOffset() {
        return dataOffset;
    }

    /** The byte at {@code index} of the frame. */
    public byte byteAt(int index) {
        if (index < 0 || index >= capturedLength) {
            throw new IndexOutOfBoundsException("byte " + index + " of a " + capturedLength + "-byte frame");
        }
        return buffer.get(dataOffset + index);
    }

    /**
     * Copies the whole frame to {@code dst[offset ...]}.
     *
     * @return the number of bytes copied, {@link #capturedLength()}
     * @throws IndexOutOfBoundsException when it does not fit
     */
    public int copyTo(byte[] dst, int offset) {
        buffer.get(dataOffset, dst, offset, capturedLength);
        return capturedLength;
    }

    /**
     * Copies at most {@code max} bytes of the frame to {@code dst[offset ...]}: a slot of fixed
     * size takes the start of a frame longer than it.
     *
     * @return the number of bytes copied
     * @throws IndexOutOfBoundsException when they do not fit
     */
    public int copyTo(byte[] dst, int offset, int max) {
        int n = Math.min(capturedLength, Math.max(max, 0));
        buffer.get(dataOffset, dst, offset, n);
        return n;
    }

    /** True when the record carries an {@code opt_comment} (pcapng). */
    public boolean hasComment() {
        return commentLength >= 0;
    }

    /** Index in {@link #buffer()} of the first {@code opt_comment}'s UTF-8 bytes; see {@link #commentLength()}. */
    public int commentOffset() {
        return commentOffset;
    }

    /** Length in bytes of the first {@code opt_comment}; -1 when there is none. */
    public int commentLength() {
        return commentLength;
    }

    /** The first {@code opt_comment} as a string (allocates), or null. */
    public String comment() {
        if (commentLength < 0) {
            return null;
        }
        byte[] b = new byte[commentLength];
        buffer.get(commentOffset, b, 0, commentLength);
        return new String(b, StandardCharsets.UTF_8);
    }

    /** {@code frame 3 at 0x1a4: 60/60 bytes, LINKTYPE_ETHERNET (1), interface 0, 1617292580.057107000}. */
    @Override
    public String toString() {
        return "frame " + frameNumber + " at 0x" + Long.toHexString(fileOffset) + ": " + capturedLength + "/"
                + originalLength + " bytes, " + org.jxdp.capture.link.LinkType.describe(linkType) + ", interface "
                + interfaceIndex + ", " + Math.floorDiv(timestampNanos, 1_000_000_000L) + "."
                + String.format("%09d", Math.floorMod(timestampNanos, 1_000_000_000L));
    }

    void clearOptions() {
        flags = 0;
        commentOffset = 0;
        commentLength = -1;
    }
}
