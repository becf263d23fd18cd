package org.jxdp.capture.pcap;

import static org.jxdp.capture.pcap.Pcapng.BT_EPB;
import static org.jxdp.capture.pcap.Pcapng.BT_IDB;
import static org.jxdp.capture.pcap.Pcapng.BT_SHB;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;

/**
 * Writes pcapng ({@link Pcapng}), little endian: one section (an SHB naming jxdp as the writing
 * application), an IDB the first time each interface index appears (its link type, snaplen
 * {@link CaptureRecord#MAX_CAPTURED_LENGTH}, {@code if_tsresol} 9, so timestamps are exact
 * nanoseconds), and an EPB per frame with its comment, if any, as {@code opt_comment}.
 */
final class PcapngWriter extends CaptureWriter {
    private static final byte[] USERAPPL = {'j', 'x', 'd', 'p'};
    private static final int NANOSECOND_TSRESOL = 9;
    private static final int MAX_OPTION_LENGTH = 0xffff;
    /** Interface indexes this writer keeps apart; a reader's are below the number of IDBs it read. */
    static final int MAX_INTERFACES = 1 << 20;

    /** Per interface index: the IDB's id in the section, or -1 while it has none; and its link type. */
    private int[] ids = new int[0];
    private int[] linkTypes = new int[0];
    private int idbs;

    PcapngWriter(String name, WritableByteChannel channel) throws IOException {
        super(name, channel);
        int len = 24 + 4 + USERAPPL.length + 4 + 4;
        ByteBuffer b = out.reserve(len);
        b.putInt(BT_SHB);
        b.putInt(len);
        b.putInt(Pcapng.BYTE_ORDER_MAGIC);
        b.putShort((short) Pcapng.PCAP_NG_VERSION_MAJOR);
        b.putShort((short) Pcapng.PCAP_NG_VERSION_MINOR);
        b.putLong(-1L);
        b.putShort((short) Pcapng.SHB_USERAPPL);
        b.putShort((short) USERAPPL.length);
        b.put(USERAPPL);
        b.putInt(Pcapng.OPT_ENDOFOPT);
        b.putInt(len);
    }

    @Override
    public CaptureFileFormat format() {
        return CaptureFileFormat.PCAPNG;
    }

    @Override
    public boolean keepsComments() {
        return true;
    }

    @Override
    void frame(int interfaceIndex, int linkType, long timestampNanos, long originalLength, byte[] array,
               ByteBuffer buffer, int offset, int length, CharSequence comment, ByteBuffer commentBuffer,
               int commentOffset, int commentLength) throws IOException {
        int id = interfaceId(interfaceIndex, linkType);
        int clen = comment != null ? utf8Length(comment) : commentLength;
        if (clen > MAX_OPTION_LENGTH) {
            throw new IllegalArgumentException(name + ": frame " + (written + 1) + ": a comment of " + clen
                    + " UTF-8 bytes is longer than the " + MAX_OPTION_LENGTH + " a pcapng option holds");
        }
        int padded = pad(length);
        int options = clen >= 0 ? 4 + pad(clen) + 4 : 0;
        int len = Pcapng.EPB_DATA_OFFSET + padded + options + 4;
        ByteBuffer b = out.reserve(Pcapng.EPB_DATA_OFFSET);
        b.putInt(BT_EPB);
        b.putInt(len);
        b.putInt(id);
        b.putInt((int) (timestampNanos >>> 32));
        b.putInt((int) timestampNanos);
        b.putInt(length);
        b.putInt((int) originalLength);
        putData(array, buffer, offset, length);
        out.zeros(padded - length);
        if (clen >= 0) {
            b = out.reserve(4 + pad(clen) + 4);
            b.putShort((short) Pcapng.OPT_COMMENT);
            b.putShort((short) clen);
            if (comment != null) {
                putUtf8(b, comment);
            } else {
                b.put(b.position(), commentBuffer, commentOffset, clen);
                b.position(b.position() + clen);
            }
            for (int i = clen; i < pad(clen); i++) {
                b.put((byte) 0);
            }
            b.putInt(Pcapng.OPT_ENDOFOPT);
        }
        out.reserve(4).putInt(len);
        written++;
    }

    /** The IDB id of an interface index, writing its IDB the first time. */
    private int interfaceId(int index, int linkType) throws IOException {
        if (index < ids.length && ids[index] >= 0) {
            if (linkTypes[index] != linkType) {
                throw new IllegalArgumentException(name + ": frame " + (written + 1) + " on interface " + index
                        + " has link type " + describe(linkType) + ", but the interface's is " + describe(linkTypes[index]));
            }
            return ids[index];
        }
        if (linkType < 0 || linkType > 0xffff) {
            throw new IllegalArgumentException(name + ": link type " + linkType + " does not fit 16 bits");
        }
        if (index >= MAX_INTERFACES) {
            throw new IllegalArgumentException(name + ": interface index " + index + " is above the "
                    + MAX_INTERFACES + " interfaces a writer keeps apart");
        }
        if (index >= ids.length) {
            int n = Math.max(index + 1, 2 * ids.length);
            int old = ids.length;
            ids = Arrays.copyOf(ids, n);
            linkTypes = Arrays.copyOf(linkTypes, n);
            Arrays.fill(ids, old, n, -1);
        }
        int len = 16 + 8 + 4 + 4;
        ByteBuffer b = out.reserve(len);
        b.putInt(BT_IDB);
        b.putInt(len);
        b.putShort((short) linkType);
        b.putShort((short) 0);
        b.putInt(CaptureRecord.MAX_CAPTURED_LENGTH);
        b.putShort((short) Pcapng.IF_TSRESOL);
        b.putShort((short) 1);
        b.putInt(NANOSECOND_TSRESOL);
        b.putInt(Pcapng.OPT_ENDOFOPT);
        b.putInt(len);
        ids[index] = idbs;
        linkTypes[index] = linkType;
        return idbs++;
    }

    private static int pad(int n) {
        return (n + 3) & ~3;
    }

    /** UTF-8 length of {@code s}, an unpaired surrogate counting as the one byte of '?'. */
    static int utf8Length(CharSequence s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                n += 1;
            } else {
                n += 3;
            }
        }
        return n;
    }

    /** Puts {@code s} as UTF-8, as {@link #utf8Length} counts it. */
    static void putUtf8(ByteBuffer b, CharSequence s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                b.put((byte) c);
            } else if (c < 0x800) {
                b.put((byte) (0xc0 | c >>> 6));
                b.put((byte) (0x80 | c & 0x3f));
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                b.put((byte) (0xf0 | cp >>> 18));
                b.put((byte) (0x80 | cp >>> 12 & 0x3f));
                b.put((byte) (0x80 | cp >>> 6 & 0x3f));
                b.put((byte) (0x80 | cp & 0x3f));
            } else if (Character.isSurrogate(c)) {
                b.put((byte) '?');
            } else {
                b.put((byte) (0xe0 | c >>> 12));
                b.put((byte) (0x80 | c >>> 6 & 0x3f));
                b.put((byte) (0x80 | c & 0x3f));
            }
        }
    }
}
