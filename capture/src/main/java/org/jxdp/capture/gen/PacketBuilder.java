package org.jxdp.capture.gen;

/**
 * Builds Ethernet frames in one reusable buffer: Ethernet with an optional 802.1Q tag, IPv4 or
 * IPv6, TCP, UDP, ICMP or ICMPv6, with correct IPv4 header, TCP, UDP, ICMP and ICMPv6
 * checksums (pseudo-headers included). Frames shorter than 60 bytes are padded with zeros to
 * Ethernet's minimum. Allocation-free; one builder per thread.
 * <pre>
 *   b.ethernet(dstMac, srcMac, vlan).ipv4(src, dst, IPPROTO_UDP, ttl, id, 0).udp(sport, dport)
 *    .payload(bytes, 0, n).finish();         // b.buffer()[0, b.length())
 * </pre>
 */
final class PacketBuilder {
    static final int IPPROTO_ICMP = 1;
    static final int IPPROTO_TCP = 6;
    static final int IPPROTO_UDP = 17;
    static final int IPPROTO_ICMPV6 = 58;
    static final int IPPROTO_FRAGMENT = 44;
    static final int TCP_FIN = 0x01;
    static final int TCP_SYN = 0x02;
    static final int TCP_RST = 0x04;
    static final int TCP_PSH = 0x08;
    static final int TCP_ACK = 0x10;
    static final int TCP_URG = 0x20;
    static final int ETH_MIN = 60;

    private final byte[] b = new byte[16384];
    private int l3;
    private int l4;
    private int end;
    private boolean v6;
    private int l4Kind; // 0 none, 1 tcp, 2 udp, 3 icmp, 4 icmpv6
    private final byte[] src6 = new byte[16];
    private final byte[] dst6 = new byte[16];
    private boolean fragment;

    byte[] buffer() {
        return b;
    }

    PacketBuilder ethernet(long dstMac, long srcMac, int vlan) {
        put48(0, dstMac);
        put48(6, srcMac);
        int p = 12;
        if (vlan > 0) {
            put16(p, 0x8100);
            put16(p + 2, vlan & 0x0fff);
            p += 4;
        }
        l3 = p + 2;
        fragment = false;
        l4Kind = 0;
        return this;
    }

    /** IPv4 with no options; {@code fragOff} is the raw flags-and-offset field (MF = 0x2000). */
    PacketBuilder ipv4(int src, int dst, int proto, int ttl, int id, int fragOff) {
        put16(l3 - 2, 0x0800);
        v6 = false;
        b[l3] = 0x45;
        b[l3 + 1] = 0;
        put16(l3 + 4, id);
        put16(l3 + 6, fragOff);
        b[l3 + 8] = (byte) ttl;
        b[l3 + 9] = (byte) proto;
        put32(l3 + 12, src);
        put32(l3 + 16, dst);
        fragment = (fragOff & 0x3fff) != 0;
        l4 = l3 + 20;
        end = l4;
        return this;
    }

    PacketBuilder ipv6(byte[] src, byte[] dst, int next, int hopLimit) {
        put16(l3 - 2, 0x86dd);
        v6 = true;
        put32(l3, 0x60000000);
        b[l3 + 6] = (byte) next;
        b[l3 + 7] = (byte) hopLimit;
        System.arraycopy(src, 0, b, l3 + 8, 16);
        System.arraycopy(dst, 0, b, l3 + 24, 16);
        System.arraycopy(src, 0, src6, 0, 16);
        System.arraycopy(dst, 0, dst6, 0, 16);
        l4 = l3 + 40;
        end = l4;
        return this;
    }

    /** A TCP header (20 bytes, or 24 with an MSS option). */
    PacketBuilder tcp(int sport, int dport, int seq, int ack, int flags, int window, int mss) {
        put16(l4, sport);
        put16(l4 + 2, dport);
        put32(l4 + 4, seq);
        put32(l4 + 8, ack);
        int hl = mss > 0 ? 24 : 20;
        b[l4 + 12] = (byte) ((hl / 4) << 4);
        b[l4 + 13] = (byte) flags;
        put16(l4 + 14, window);
        put16(l4 + 16, 0);
        put16(l4 + 18, 0);
        if (mss > 0) {
            b[l4 + 20] = 2;
            b[l4 + 21] = 4;
            put16(l4 + 22, mss);
        }
        end = l4 + hl;
        l4Kind = 1;
        return this;
    }

    PacketBuilder udp(int sport, int dport) {
        put16(l4, sport);
        put16(l4 + 2, dport);
        put16(l4 + 6, 0);
        end = l4 + 8;
        l4Kind = 2;
        return this;
    }

    /** An ICMP (or ICMPv6) echo header: type, code 0, identifier, sequence. */
    PacketBuilder icmpEcho(int type, int id, int seq) {
        b[l4] = (byte) type;
        b[l4 + 1] = 0;
        put16(l4 + 2, 0);
        put16(l4 + 4, id);
        put16(l4 + 6, seq);
        end = l4 + 8;
        l4Kind = v6 ? 4 : 3;
        return this;
    }

    /** A UDP header whose checksum is left 0 (no checksum, IPv4): first fragments, whose datagram is not all here. */
    PacketBuilder udpNoChecksum(int sport, int dport, int datagramLength) {
        put16(l4, sport);
        put16(l4 + 2, dport);
        put16(l4 + 4, datagramLength);
        put16(l4 + 6, 0);
        end = l4 + 8;
        l4Kind = 0;
        return this;
    }

    PacketBuilder payload(byte[] src, int offset, int length) {
        System.arraycopy(src, offset, b, end, length);
        end += length;
        return this;
    }

    PacketBuilder payloadAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            b[end++] = (byte) s.charAt(i);
        }
        return this;
    }

    PacketBuilder payloadRandom(Rng rng, int length) {
        for (int i = 0; i < length; i++) {
            b[end++] = (byte) rng.next();
        }
        return this;
    }

    /** Bytes written so far (header room for callers that write payloads themselves). */
    int position() {
        return end;
    }

    void put(int value) {
        b[end++] = (byte) value;
    }

    void put16(int value) {
        put16(end, value);
        end += 2;
    }

    void put32(int value) {
        put32(end, value);
        end += 4;
    }

    /** Fills in lengths and checksums and pads to 60 bytes; returns the frame's length. */
    int finish() {
        int l4len = end - l4;
        if (v6) {
            put16(l3 + 4, end - l3 - 40);
        } else {
            put16(l3 + 2, end - l3);
            put16(l3 + 10, 0);
            put16(l3 + 10, ~sum(l3, 20, 0) & 0xffff);
        }
        switch (l4Kind) {
            case 1 -> {
                put16(l4 + 16, 0);
                put16(l4 + 16, checksum(l4, l4len, IPPROTO_TCP));
            }
            case 2 -> {
                put16(l4 + 4, l4len);
                put16(l4 + 6, 0);
                int c = checksum(l4, l4len, IPPROTO_UDP);
                put16(l4 + 6, c == 0 ? 0xffff : c);
            }
            case 3 -> {
                put16(l4 + 2, 0);
                put16(l4 + 2, ~sum(l4, l4len, 0) & 0xffff);
            }
            case 4 -> {
                put16(l4 + 2, 0);
                put16(l4 + 2, checksum(l4, l4len, IPPROTO_ICMPV6));
            }
            default -> {
            }
        }
        int n = end;
        while (n < ETH_MIN) {
            b[n++] = 0;
        }
        return n;
    }

    private int checksum(int from, int length, int proto) {
        int s;
        if (v6) {
            s = sum(l3 + 8, 32, 0);
            s += length >>> 16;
            s += length & 0xffff;
            s += proto;
        } else {
            s = sum(l3 + 12, 8, 0);
            s += proto;
            s += length;
        }
        return ~sum(from, length, s) & 0xffff;
    }

    /** The ones' complement sum of {@code b[from, from + length)} added to {@code initial}, folded to 16 bits. */
    private int sum(int from, int length, int initial) {
        long s = initial;
        int i = from;
        int last = from + length - 1;
        for (; i < last; i += 2) {
            s += (b[i] & 0xff) << 8 | (b[i + 1] & 0xff);
        }
        if (i == last) {
            s += (b[i] & 0xff) << 8;
        }
        while ((s >>> 16) != 0) {
            s = (s & 0xffff) + (s >>> 16);
        }
        return (int) s;
    }

    private void put16(int o, int v) {
        b[o] = (byte) (v >>> 8);
        b[o + 1] = (byte) v;
    }

    private void put32(int o, int v) {
        b[o] = (byte) (v >>> 24);
        b[o + 1] = (byte) (v >>> 16);
        b[o + 2] = (byte) (v >>> 8);
        b[o + 3] = (byte) v;
    }

    private void put48(int o, long v) {
        for (int i = 0; i < 6; i++) {
            b[o + i] = (byte) (v >>> (40 - 8 * i));
        }
    }
}
