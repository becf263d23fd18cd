package org.jxdp.capture.pcap;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import org.jxdp.capture.link.LinkType;

/**
 * Writes frames to a classic pcap or a pcapng file, through one buffer allocated at creation:
 * writing a frame allocates nothing. The file is complete and valid once {@link #close} has
 * returned (it flushes); {@link #flush} makes everything written so far reach the file.
 * <pre>
 *   try (CaptureWriter out = CaptureWriter.create(path, CaptureFileFormat.forOutput(path), linkType)) {
 *       out.write(r);                                             // a record just read, as it is
 *       out.write(0, linkType, nanos, wireLength, slot, 256, n);  // a frame from a slot
 *       out.write(0, linkType, nanos, wireLength, slot, 256, n, "XDP_PASS");  // pcapng: a comment
 *   }
 * </pre>
 *
 * <p>A classic pcap file holds one link type, given at creation; a pcapng file gets an IDB for
 * every interface index the frames bring (with its link type and nanosecond resolution), so
 * frames of several link types can share it. Comments are written as {@code opt_comment} in
 * pcapng (Wireshark shows them as {@code frame.comment}) and dropped in classic pcap, which has
 * no place for them ({@link #keepsComments()}).
 *
 * <p>Not thread-safe: one writer per thread.
 */
public abstract sealed class CaptureWriter implements Closeable permits PcapWriter, PcapngWriter {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    final String name;
    final ChannelOutput out;
    long written;
    private boolean closed;

    CaptureWriter(String name, WritableByteChannel channel) {
        this.name = name;
        this.out = new ChannelOutput(name, channel);
    }

    /**
     * Creates (or truncates) {@code file} and writes its header.
     *
     * @param linkType the link type of a classic pcap file, which every frame must have; a
     *     pcapng file takes its link types from the frames and ignores it
     */
    public static CaptureWriter create(Path file, CaptureFileFormat format, int linkType) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        try {
            return create(ch, file.toString(), format, linkType);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    /** Writes a capture to {@code channel}, which {@link #close} closes; {@code name} is for messages. */
    public static CaptureWriter create(WritableByteChannel channel, String name, CaptureFileFormat format, int linkType)
            throws IOException {
        Objects.requireNonNull(channel, "channel");
        switch (format) {
            case PCAP:
                return new PcapWriter(name, channel, linkType, false);
            case PCAP_NSEC:
                return new PcapWriter(name, channel, linkType, true);
            case PCAPNG:
                return new PcapngWriter(name, channel);
            default:
                throw new IllegalArgumentException("no writer for " + format);
        }
    }

    /** The format written. */
    public abstract CaptureFileFormat format();

    /** True when comments are written (pcapng), false when they are dropped (classic pcap). */
    public abstract boolean keepsComments();

    /**
     * Writes a frame taken from {@code frame[offset, offset + length)}.
     *
     * @param interfaceIndex the frame's interface (pcapng: one IDB per index); 0 when there is one
     * @param linkType the frame's {@code LINKTYPE_} value
     * @param timestampNanos capture time, nanoseconds since the epoch, not negative (classic pcap
     *     with microseconds keeps whole microseconds)
     * @param originalLength the frame's length on the wire, unsigned 32 bits
     * @throws IllegalArgumentException when the frame cannot be written in this format (a second
     *     link type in classic pcap, a frame longer than {@link CaptureRecord#MAX_CAPTURED_LENGTH},
     *     a negative timestamp, ...)
     */
    public final void write(int interfaceIndex, int linkType, long timestampNanos, long originalLength,
                            byte[] frame, int offset, int length) throws IOException {
        write(interfaceIndex, linkType, timestampNanos, originalLength, frame, offset, length, null);
    }

    /**
     * Writes a frame with a comment ({@code null}: none). The comment is encoded as UTF-8 without
     * allocating; pass a reused {@link StringBuilder} or a constant to keep it that way.
     */
    public final void write(int interfaceIndex, int linkType, long timestampNanos, long originalLength,
                            byte[] frame, int offset, int length, CharSequence comment) throws IOException {
        Objects.checkFromIndexSize(offset, length, frame.length);
        check(interfaceIndex, timestampNanos, originalLength, length);
        frame(interfaceIndex, linkType, timestampNanos, originalLength, frame, null, offset, length, comment, null, 0, -1);
    }

    /** Writes a frame just read, as it is, with its comment if it has one and this format keeps them. */
    public final void write(CaptureRecord r) throws IOException {
        check(r.interfaceIndex(), r.timestampNanos(), r.originalLength(), r.capturedLength());
        frame(r.interfaceIndex(), r.linkType(), r.timestampNanos(), r.originalLength(), null, r.buffer(),
                r.dataOffset(), r.capturedLength(), null, r.buffer(), r.commentOffset(), r.commentLength());
    }

    /** Writes a frame just read with {@code comment} ({@code null}: none) in place of its own. */
    public final void write(CaptureRecord r, CharSequence comment) throws IOException {
        check(r.interfaceIndex(), r.timestampNanos(), r.originalLength(), r.capturedLength());
        frame(r.interfaceIndex(), r.linkType(), r.timestampNanos(), r.originalLength(), null, r.buffer(),
                r.dataOffset(), r.capturedLength(), comment, null, 0, -1);
    }

    /** Frames written so far. */
    public long frames() {
        return written;
    }

    /** The file's name as given. */
    public String name() {
        return name;
    }

    /** Hands everything written so far to the file. */
    public void flush() throws IOException {
        ensureOpen();
        out.flush();
    }

    /** Flushes and closes the file; the file is then complete. Closing twice does nothing. */
    @Override
    public void close() throws IOException {
        if (!closed) {
            closed = true;
            out.close();
        }
    }

    /**
     * Writes one frame: the data from {@code array} or else {@code buffer}, the comment from
     * {@code comment} or else from {@code commentBuffer} (raw UTF-8; length -1: none).
     */
    abstract void frame(int interfaceIndex, int linkType, long timestampNanos, long originalLength, byte[] array,
                        ByteBuffer buffer, int offset, int length, CharSequence comment, ByteBuffer commentBuffer,
                        int commentOffset, int commentLength) throws IOException;

    void putData(byte[] array, ByteBuffer buffer, int offset, int length) throws IOException {
        if (array != null) {
            out.put(array, offset, length);
        } else {
            out.put(buffer, offset, length);
        }
    }

    private void check(int interfaceIndex, long timestampNanos, long originalLength, int length) {
        ensureOpen();
        if (interfaceIndex < 0) {
            throw new IllegalArgumentException(name + ": frame " + (written + 1) + ": interface index "
                    + interfaceIndex + " is negative");
        }
        if (length > CaptureRecord.MAX_CAPTURED_LENGTH) {
            throw new IllegalArgumentException(name + ": frame " + (written + 1) + " of " + length
                    + " bytes is longer than the " + CaptureRecord.MAX_CAPTURED_LENGTH + " a capture file holds");
        }
        if (originalLength < 0 || originalLength > 0xffffffffL) {
            throw new IllegalArgumentException(name + ": frame " + (written + 1) + ": original length "
                    + originalLength + " is outside 32 bits");
        }
        if (timestampNanos < 0) {
            throw new IllegalArgumentException(name + ": frame " + (written + 1) + ": timestamp " + timestampNanos
                    + " ns is before 1970");
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException(name + ": the writer is closed");
        }
    }

    static long seconds(long nanos) {
        return nanos / NANOS_PER_SECOND;
    }

    static long subsecondNanos(long nanos) {
        return nanos % NANOS_PER_SECOND;
    }

    static String describe(int linkType) {
        return LinkType.describe(linkType);
    }
}
