package org.jxdp.capture.pcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;

/**
 * A buffered channel writer: one little-endian heap buffer, allocated once and drained to the
 * channel whenever the next piece does not fit. Nothing is allocated per write. (A heap buffer
 * rather than a direct one: a file channel copies it through its thread's cached direct buffer,
 * one memory copy per megabyte, and writers opened and dropped often do not pile up native
 * memory until the next garbage collection.)
 */
final class ChannelOutput {
    /** Size of the buffer: 1 MiB, more than any one record with its header and options. */
    static final int CAPACITY = 1 << 20;

    private final WritableByteChannel channel;
    private final ByteBuffer buf = ByteBuffer.allocate(CAPACITY).order(ByteOrder.LITTLE_ENDIAN);

    ChannelOutput(WritableByteChannel channel) {
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
        while (buf.hasRemaining()) {
            channel.write(buf);
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
