package org.jxdp.capture.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jxdp.capture.pcap.Pcapng;

/**
 * Builds pcapng files byte by byte for edge-case tests, in either byte order, with blocks that
 * may be made wrong on purpose (lengths, trailers, garbage between blocks).
 */
public final class PcapngBytes {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private ByteOrder order;

    private PcapngBytes(ByteOrder order) {
        this.order = order;
    }

    /** An empty file whose sections will be in {@code order} (until an SHB says otherwise). */
    public static PcapngBytes of(ByteOrder order) {
        return new PcapngBytes(order);
    }

    /** Where the next block will start. */
    public long offset() {
        return out.size();
    }

    /** A version 1.0 section header with section length -1, in the current byte order. */
    public PcapngBytes shb() {
        return shb(order, 1, 0);
    }

    /** A section header that switches to {@code order}. */
    public PcapngBytes shb(ByteOrder order, int major, int minor) {
        this.order = order;
        ByteBuffer b = body(16);
        b.putInt(Pcapng.BYTE_ORDER_MAGIC).putShort((short) major).putShort((short) minor).putLong(-1L);
        return block(Pcapng.BT_SHB, b.array());
    }

    /** An IDB with options (each from {@link #option}). */
    public PcapngBytes idb(int linkType, long snaplen, byte[]... options) {
        ByteBuffer b = body(8 + length(options));
        b.putShort((short) linkType).putShort((short) 0).putInt((int) snaplen);
        put(b, options);
        return block(Pcapng.BT_IDB, b.array());
    }

    /** An EPB carrying {@code data}. */
    public PcapngBytes epb(int ifId, long ticks, byte[] data, long originalLength, byte[]... options) {
        return block(Pcapng.BT_EPB, packetBody(true, ifId, ticks, data, originalLength, options));
    }

    /** An obsolete PB carrying {@code data}. */
    public PcapngBytes pb(int ifId, int drops, long ticks, byte[] data, long originalLength, byte[]... options) {
        byte[] body = packetBody(false, ifId, ticks, data, originalLength, options);
        ByteBuffer.wrap(body).order(order).putShort(2, (short) drops);
        return block(Pcapng.BT_PB, body);
    }

    /** An SPB whose block holds {@code stored} (padded) and says the frame had {@code originalLength}. */
    public PcapngBytes spb(long originalLength, byte[] stored) {
        ByteBuffer b = body(4 + pad(stored.length));
        b.putInt((int) originalLength).put(stored);
        return block(Pcapng.BT_SPB, b.array());
    }

    /** A block of any type with its body padded and its lengths right. */
    public PcapngBytes block(int type, byte[] body) {
        int len = 12 + pad(body.length);
        return block(type, body, len, len);
    }

    /** A block with the given length field and trailer, whatever its real size. */
    public PcapngBytes block(int type, byte[] body, long length, long trailer) {
        ByteBuffer b = ByteBuffer.allocate(12 + pad(body.length)).order(order);
        b.putInt(type).putInt((int) length).put(body);
        b.position(8 + pad(body.length));
        b.putInt((int) trailer);
        return raw(b.array());
    }

    /** Bytes as they are (garbage, or a cut block). */
    public PcapngBytes raw(byte[] bytes) {
        out.writeBytes(bytes);
        return this;
    }

    /** An option with its value padded to 32 bits, in the current byte order. */
    public byte[] option(int code, byte[] value) {
        ByteBuffer b = ByteBuffer.allocate(4 + pad(value.length)).order(order);
        b.putShort((short) code).putShort((short) value.length).put(value);
        return b.array();
    }

    /** {@code if_tsresol}. */
    public byte[] tsresol(int value) {
        return option(Pcapng.IF_TSRESOL, new byte[] {(byte) value});
    }

    /** {@code if_tsoffset}. */
    public byte[] tsoffset(long seconds) {
        return option(Pcapng.IF_TSOFFSET, ByteBuffer.allocate(8).order(order).putLong(seconds).array());
    }

    /** {@code if_name}. */
    public byte[] ifName(String name) {
        return option(Pcapng.IF_NAME, name.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code opt_comment}. */
    public byte[] comment(String text) {
        return option(Pcapng.OPT_COMMENT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code epb_flags}. */
    public byte[] epbFlags(int flags) {
        return option(Pcapng.EPB_FLAGS, ByteBuffer.allocate(4).order(order).putInt(flags).array());
    }

    /** {@code opt_endofopt}. */
    public byte[] endOfOptions() {
        return new byte[4];
    }

    /** The file so far. */
    public byte[] bytes() {
        return out.toByteArray();
    }

    /** Writes the file so far to {@code file}. */
    public Path writeTo(Path file) throws IOException {
        return Files.write(file, bytes());
    }

    private byte[] packetBody(boolean enhanced, int ifId, long ticks, byte[] data, long originalLength, byte[][] options) {
        ByteBuffer b = body(20 + pad(data.length) + length(options));
        if (enhanced) {
            b.putInt(ifId);
        } else {
            b.putShort((short) ifId).putShort((short) 0);
        }
        b.putInt((int) (ticks >>> 32)).putInt((int) ticks).putInt(data.length).putInt((int) originalLength).put(data);
        b.position(20 + pad(data.length));
        put(b, options);
        return b.array();
    }

    private ByteBuffer body(int n) {
        return ByteBuffer.allocate(n).order(order);
    }

    private static int length(byte[][] options) {
        int n = 0;
        for (byte[] o : options) {
            n += o.length;
        }
        return n;
    }

    private static void put(ByteBuffer b, byte[][] options) {
        for (byte[] o : options) {
            b.put(o);
        }
    }

    private static int pad(int n) {
        return (n + 3) & ~3;
    }
}
