package org.jxdp.capture.pcap;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * Writes classic pcap ({@link ClassicPcap}), little endian, with microsecond or nanosecond
 * timestamps: the file header at creation, then a 16-byte record header and the frame for each
 * frame. The snaplen is {@link CaptureRecord#MAX_CAPTURED_LENGTH}.
 */
final class PcapWriter extends CaptureWriter {
    private static final long MAX_SECONDS = 0xffffffffL;

    private final int linkType;
    private final boolean nanos;

    PcapWriter(String name, WritableByteChannel channel, int linkType, boolean nanos) throws IOException {
        super(name, channel);
        if (linkType < 0 || linkType > ClassicPcap.LINKTYPE_MASK) {
            throw new IllegalArgumentException(name + ": link type " + linkType + " does not fit 16 bits");
        }
        this.linkType = linkType;
        this.nanos = nanos;
        ByteBuffer b = out.reserve(ClassicPcap.FILE_HEADER_LENGTH);
        b.putInt(nanos ? ClassicPcap.NSEC_TCPDUMP_MAGIC : ClassicPcap.TCPDUMP_MAGIC);
        b.putShort((short) ClassicPcap.PCAP_VERSION_MAJOR);
        b.putShort((short) ClassicPcap.PCAP_VERSION_MINOR);
        b.putInt(0);
        b.putInt(0);
        b.putInt(CaptureRecord.MAX_CAPTURED_LENGTH);
        b.putInt(linkType);
    }

    @Override
    public CaptureFileFormat format() {
        return nanos ? CaptureFileFormat.PCAP_NSEC : CaptureFileFormat.PCAP;
    }

    @Override
    public boolean keepsComments() {
        return false;
    }

    @Override
    void frame(int interfaceIndex, int linkType, long timestampNanos, long originalLength, byte[] array,
               ByteBuffer buffer, int offset, int length, CharSequence comment, ByteBuffer commentBuffer,
               int commentOffset, int commentLength) throws IOException {
        if (linkType != this.linkType) {
            throw new IllegalArgumentException(name + ": frame " + (written + 1) + " has link type " + describe(linkType)
                    + ", but this pcap file's is " + describe(this.linkType)
                    + "; a classic pcap file holds one link type (write pcapng for several)");
        }
        long sec = seconds(timestampNanos);
        if (sec > MAX_SECONDS) {
            throw new IllegalArgumentException(name + ": frame " + (written + 1) + ": timestamp " + timestampNanos
                    + " ns is after what classic pcap's 32-bit seconds hold (2106)");
        }
        long frac = subsecondNanos(timestampNanos);
        ByteBuffer b = out.reserve(ClassicPcap.RECORD_HEADER_LENGTH);
        b.putInt((int) sec);
        b.putInt((int) (nanos ? frac : frac / 1000));
        b.putInt(length);
        b.putInt((int) originalLength);
        putData(array, buffer, offset, length);
        written++;
    }
}
