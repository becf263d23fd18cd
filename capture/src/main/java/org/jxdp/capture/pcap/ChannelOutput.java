package org.jxdp.capture.pcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;

/**
 * A buffered channel writer: one little-endian direct buffer, allocated once and drained to the
 * channel whenever the next piece does not fit. Nothing is allocated per write. Direct, because
 * a file channel copies a heap buffer through its thread's cached direct buffer first (a twentieth
 * of a one-worker replay's time went to that copy); 256 KiB, so that it stays in the cache.
 */
final class ChannelOutput {
    /**
     * Size of the buffer: 256 KiB, more than any one header with its options (a pcapng comment
     * is at most 64 KiB); frame data longer than the room left is written in pieces.
     */
    static final int CAPACITY = 256 * 1024;

    private final String name;
    private final WritableByteChannel channel;
    private final ByteBuffer buf = ByteBuffer.allocateDirect(CAPACITY).order(ByteOrder.LITTLE_ENDIAN);

    /** {@code name}: the file's, for a failed write's message. */
    ChannelOutput(String name, WritableByteChannel channel) {
        this.name = name;
        this.channel = channel;
    }

    /** The buffer, with room for {@code n} more bytes ({@code n} at most {@link #CAPACITY}). */
    ByteBuffer reserve(int n) throws IOException {
        if (buf.remaining() < n) {
            flush();
        }
        return buf;
    }

    void put(byte[] src, int offset, int length) throws IOException {
        while (length > 0) {
            if (!buf.hasRemaining()) {
                flush();
            }
            int n = Math.min(length, buf.remaining());
            buf.put(src, offset, n);
            offset += n;
            length -= n;
        }
    }

    void put(ByteBuffer src, int index, int length) throws IOException {
        while (length > 0) {
            if (!buf.hasRemaining()) {
                flush();
            }
            int n = Math.min(length, buf.remaining());
            buf.put(buf.position(), src, index, n);
            buf.position(buf.position() + n);
            index += n;
            length -= n;
        }
    }

    void zeros(int n) throws IOException {
        ByteBuffer b = reserve(n);
        for (int i = 0; i < n; i++) {
            b.put((byte) 0);
        }
    }

    void flush() throws IOException {
        buf.flip();
        try {
            while (buf.hasRemaining()) {
                channel.write(buf);
            }
        } catch (IOException e) {
            // the channel says what ("No space left on device", "Broken pipe") but not where
            throw WriteFailure.of(name, e);
        }
        buf.clear();
    }

    void close() throws IOException {
        try {
            flush();
        } finally {
            channel.close();
        }
    }
}
