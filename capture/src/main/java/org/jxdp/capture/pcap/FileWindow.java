package org.jxdp.capture.pcap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * A window onto a capture file: one read-only memory mapping of at most the window size, moved
 * along the file as reading goes. A file up to the window size (1 GiB by default) is one mapping
 * for its whole life; a larger one, up to any size, is read through successive mappings, each
 * made when a read falls outside the current one (one {@code MappedByteBuffer} per window, never
 * one per frame). Old mappings are released by the garbage collector.
 * <pre>
 *   file   [.........................................................................]
 *   window             [base ............................ base + limit)
 *   read                       [pos, pos + len)   inside: index = pos - base
 * </pre>
 * Bytes held in memory are read the same way, through slices of the window size (one slice
 * for them all by default), so that tests and fuzzing exercise the window logic without files.
 *
 * <p>The file must not shrink while it is mapped (the JVM reports a read of a vanished page as
 * an {@link InternalError}).
 */
final class FileWindow {
    /** Default largest mapping: 1 GiB. */
    static final long DEFAULT_WINDOW = 1L << 30;
    /** Smallest window (tests use it to move windows often). */
    static final long MIN_WINDOW = 64;
    /** Mappings start on this alignment, so that a window moved for a read also covers a little before it. */
    private static final long ALIGN = 4096;

    private final FileChannel channel;
    private final ByteBuffer memory;
    private final long size;
    private final long window;
    private ByteBuffer buf;
    private ByteBuffer view;
    private long base;
    private int limit;
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

    private FileWindow(FileChannel channel, ByteBuffer memory, long size, long window) {
        this.channel = channel;
        this.memory = memory;
        this.size = size;
        this.window = Math.max(MIN_WINDOW, Math.min(window, Integer.MAX_VALUE - ALIGN));
    }

    /** A window of at most {@code window} bytes (clamped to [64, 2^31 - 4096]) onto an open file. */
    static FileWindow map(FileChannel channel, long window) throws IOException {
        FileWindow fw = new FileWindow(channel, null, channel.size(), window);
        fw.remap(0, 0);
        return fw;
    }

    /** The bytes between {@code bytes}' position and limit, as a file read through windows of {@code window} bytes. */
    static FileWindow of(ByteBuffer bytes, long window) {
        ByteBuffer b = bytes.slice();
        FileWindow fw = new FileWindow(null, b, b.limit(), window);
        fw.remap(0, 0);
        return fw;
    }

    /** The file's size in bytes. */
    long size() {
        return size;
    }

    /** Reads multi-byte fields in {@code order} from now on. */
    void order(ByteOrder order) {
        this.order = order;
        buf.order(order);
    }

    ByteOrder order() {
        return order;
    }

    /**
     * Makes {@code [pos, pos + len)} readable and returns the index of {@code pos} in
     * {@link #buffer()}; indexes handed out earlier are void when the window moved.
     *
     * @throws IllegalStateException when the range is not inside the file (a reader bug)
     * @throws UncheckedIOException when mapping the next window fails
     */
    int at(long pos, int len) {
        long rel = pos - base;
        if (rel >= 0 && len >= 0 && rel <= limit - len) {
            return (int) rel;
        }
        if (pos < 0 || len < 0 || pos > size - len) {
            throw new IllegalStateException("read of " + len + " bytes at " + pos + " outside a file of " + size);
        }
        return remap(pos, len);
    }

    /** The current mapping, in the reader's byte order; index it with {@link #at}. */
    ByteBuffer buffer() {
        return buf;
    }

    /** A read-only view of the current mapping, for callers (same indexes as {@link #buffer()}). */
    ByteBuffer view() {
        return view;
    }

    /** The signed 32-bit value at {@code pos}. */
    int i32(long pos) {
        int i = at(pos, 4); // first: it may replace buf
        return buf.getInt(i);
    }

    /** The unsigned 32-bit value at {@code pos}. */
    long u32(long pos) {
        int i = at(pos, 4); // first: it may replace buf
        return buf.getInt(i) & 0xffffffffL;
    }

    void close() throws IOException {
        if (channel != null) {
            channel.close();
        }
    }

    private int remap(long pos, int len) {
        long newBase = pos - pos % ALIGN;
        long span = Math.min(Math.max(window, pos - newBase + len), size - newBase);
        if (memory != null) {
            buf = memory.slice((int) newBase, (int) span);
        } else {
            try {
                buf = channel.map(FileChannel.MapMode.READ_ONLY, newBase, span);
            } catch (IOException e) {
                throw new UncheckedIOException("mapping " + span + " bytes at offset 0x" + Long.toHexString(newBase), e);
            }
        }
        buf.order(order);
        view = buf.asReadOnlyBuffer();
        base = newBase;
        limit = (int) span;
        return (int) (pos - newBase);
    }
}
