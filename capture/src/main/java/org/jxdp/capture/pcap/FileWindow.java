package org.jxdp.capture.pcap;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;

/**
 * A window onto a capture file: the bytes of {@code [base, base + limit)}, read into one reused
 * direct buffer of the window size (256 KiB by default, grown for a longer record) and moved
 * along the file as reading goes, one {@code read} per window, never one per frame.
 * <pre>
 *   file   [.........................................................................]
 *   window             [base ............................ base + limit)
 *   read                       [pos, pos + len)   inside: index = pos - base
 * </pre>
 * Why reads and not a memory mapping (as until 2026-11-26): records are found by following
 * their lengths, a chain of dependent loads, and over a mapping of a file in the page cache
 * each frame's first bytes were a cache miss that the hardware prefetcher did not hide (a fifth
 * of a replay's time went to copying frames out of the mapping). The kernel's copy into a buffer
 * that stays in the cache streams instead, and no mapping count or unmapping is involved.
 *
 * <p>Bytes held in memory are read the same way, through slices of the window size (one slice
 * for them all by default), so that tests and fuzzing exercise the window logic without files.
 * A window's contents change when it moves: a buffer or index handed out earlier is void then.
 */
final class FileWindow {
    /** Default window for files: 256 KiB, half this machine's L2 per core. */
    static final long DEFAULT_WINDOW = 256 * 1024;
    /** Largest window for files (a buffer this size is allocated): 16 MiB. */
    static final long MAX_FILE_WINDOW = 16L << 20;
    /** Default window for bytes in memory: all of them (a slice costs nothing). */
    static final long DEFAULT_MEMORY_WINDOW = 1L << 30;
    /** Smallest window (tests use it to move windows often). */
    static final long MIN_WINDOW = 64;
    /** Windows start on this alignment, so that a window moved for a read also covers a little before it. */
    private static final long ALIGN = 4096;

    private final FileChannel channel;
    private final ByteBuffer memory;
    private final long size;
    private final long window;
    /** For a file: the buffer windows are read into, reused (grown for a longer record). */
    private ByteBuffer readBuffer;
    private ByteBuffer buf;
    private ByteBuffer view;
    private long base;
    private int limit;
    private ByteOrder order = ByteOrder.LITTLE_ENDIAN;

    private FileWindow(FileChannel channel, ByteBuffer memory, long size, long window) {
        this.channel = channel;
        this.memory = memory;
        this.size = size;
        this.window = Math.max(MIN_WINDOW, Math.min(window, channel != null ? MAX_FILE_WINDOW
                : Integer.MAX_VALUE - ALIGN));
    }

    /** A window of {@code window} bytes (clamped to [64, 16 MiB]) onto an open file. */
    static FileWindow read(FileChannel channel, long window) throws IOException {
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
     * @throws UncheckedIOException when reading the next window fails
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

    /** The current window, in the reader's byte order; index it with {@link #at}. */
    ByteBuffer buffer() {
        return buf;
    }

    /** A read-only view of the current window, for callers (same indexes as {@link #buffer()}). */
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
            if (readBuffer == null || readBuffer.capacity() < span) {
                readBuffer = ByteBuffer.allocateDirect((int) Math.min(Math.max(span, window), size));
            }
            buf = readBuffer;
            buf.clear().limit((int) span);
            try {
                while (buf.hasRemaining()) {
                    if (channel.read(buf, newBase + buf.position()) < 0) {
                        throw new IOException("the file ended at " + (newBase + buf.position()) + ", before its "
                                + size + " bytes (did it shrink?)");
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("reading " + span + " bytes at offset 0x" + Long.toHexString(newBase), e);
            }
            buf.clear().limit((int) span);
        }
        buf.order(order);
        view = buf.asReadOnlyBuffer();
        base = newBase;
        limit = (int) span;
        return (int) (pos - newBase);
    }
}
