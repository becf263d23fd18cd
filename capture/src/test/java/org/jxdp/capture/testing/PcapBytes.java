package org.jxdp.capture.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jxdp.capture.pcap.ClassicPcap;

/** Builds classic pcap files byte by byte for edge-case tests, in either byte order. */
public final class PcapBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteOrder order;

    private PcapBytes(ByteOrder order) {
        this.order = order;
    }

    /** A file header with {@code magic}, version 2.4, {@code snaplen} and {@code linkType}. */
    public static PcapBytes of(ByteOrder order, int magic, long snaplen, int linkType) {
        PcapBytes p = new PcapBytes(order);
        ByteBuffer b = ByteBuffer.allocate(ClassicPcap.FILE_HEADER_LENGTH).order(order);
        b.putInt(magic).putShort((short) 2).putShort((short) 4).putInt(0).putInt(0).putInt((int) snaplen).putInt(linkType);
        p.out.writeBytes(b.array());
        return p;
    }

    /** Where the next record will start. */
    public long offset() {
        return out.size();
    }

    /** A record carrying {@code data}. */
    public PcapBytes record(long seconds, long fraction, byte[] data, long originalLength) {
        return record(seconds, fraction, data.length, originalLength, data);
    }

    /** A record whose header says {@code capturedLength}, followed by {@code data} whatever its size. */
    public PcapBytes record(long seconds, long fraction, long capturedLength, long originalLength, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(ClassicPcap.RECORD_HEADER_LENGTH).order(order);
        b.putInt((int) seconds).putInt((int) fraction).putInt((int) capturedLength).putInt((int) originalLength);
        out.writeBytes(b.array());
        out.writeBytes(data);
        return this;
    }

    /** Bytes as they are. */
    public PcapBytes raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    /** The file so far. */
    public byte[] bytes() {
        return out.toByteArray();
    }

    /** Writes the file so far to {@code file}. */
    public Path writeTo(Path file) throws IOException {
        return Files.write(file, bytes());
    }
}
