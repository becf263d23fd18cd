package org.jxdp.bench;

import java.io.ByteArrayOutputStream;

/**
 * Builds Ethernet frames layer by layer, innermost first: the payload, then the L4 header, the
 * IP header(s), the VLAN tags and the Ethernet header. Multi-byte fields are big endian (network
 * order); IPv4 header checksums are computed, TCP/UDP/ICMP checksums are left zero (no filter
 * here looks at them). Frames shorter than the Ethernet minimum (60 bytes without FCS) are
 * padded with zeros after the IP packet, as a NIC delivers them.
 * <pre>
 *   byte[] f = FrameBuilder.eth(mac(1), mac(2)).vlan(100)
 *           .ipv4(v4("192.0.2.1"), v4("198.51.100.7")).tcp(40000, 80, FrameBuilder.SYN, 0).build();
 * </pre>
 */
final class FrameBuilder {
    static final int FIN = 0x01;
    static final int SYN = 0x02;
    static final int RST = 0x04;
    static final int PSH = 0x08;
    static final int ACK = 0x10;
    static final int URG = 0x20;

    static final int ETH_P_IP = 0x0800;
    static final int ETH_P_IPV6 = 0x86dd;
    static final int ETH_P_ARP = 0x0806;
    static final int ETH_P_8021Q = 0x8100;
    static final int ETH_P_8021AD = 0x88a8;
    static final int ETH_P_LLDP = 0x88cc;

    static final int IPPROTO_HOPOPTS = 0;
    static final int IPPROTO_ICMP = 1;
    static final int IPPROTO_TCP = 6;
    static final int IPPROTO_UDP = 17;
    static final int IPPROTO_ROUTING = 43;
    static final int IPPROTO_FRAGMENT = 44;
    static final int IPPROTO_ICMPV6 = 58;
    static final int IPPROTO_DSTOPTS = 60;

    private final byte[] dst;
    private final byte[] src;
    private final int[] tags = new int[2];
    private final int[] tagTypes = new int[2];
    private int tagCount;
    private int etherType;
    private byte[] l3 = new byte[0];
    /** When set, the frame is cut to this many bytes after padding (truncated frames). */
    private int truncate = -1;

    private FrameBuilder(byte[] dst, byte[] src) {
        this.dst = dst;
        this.src = src;
    }

    /** A frame from {@code src} to {@code dst}. */
    static FrameBuilder eth(byte[] dst, byte[] src) {
        return new FrameBuilder(dst, src);
    }

    /** Adds an 802.1Q tag (the outer one first); a second call makes a QinQ frame (outer 802.1ad). */
    FrameBuilder vlan(int vid) {
        tagTypes[tagCount] = ETH_P_8021Q;
        tags[tagCount++] = vid & 0xfff;
        if (tagCount == 2) {
            tagTypes[0] = ETH_P_8021AD;
        }
        return this;
    }

    /** A frame of another ethertype with {@code payload} after the Ethernet header. */
    FrameBuilder raw(int type, byte[] payload) {
        etherType = type;
        l3 = payload;
        return this;
    }

    /** Cuts the finished frame to {@code length} bytes. */
    FrameBuilder truncate(int length) {
        this.truncate = length;
        return this;
    }

    /** Starts an IPv4 packet. */
    Ipv4 ipv4(byte[] s, byte[] d) {
        return new Ipv4(s, d);
    }

    /** Starts an IPv6 packet. */
    Ipv6 ipv6(byte[] s, byte[] d) {
        return new Ipv6(s, d);
    }

    byte[] build() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(dst);
        out.writeBytes(src);
        for (int i = 0; i < tagCount; i++) {
            put16(out, tagTypes[i]);
            put16(out, tags[i]);
        }
        put16(out, etherType);
        out.writeBytes(l3);
        while (out.size() < 60) {
            out.write(0);
        }
        byte[] f = out.toByteArray();
        if (truncate >= 0 && truncate < f.length) {
            byte[] t = new byte[truncate];
            System.arraycopy(f, 0, t, 0, truncate);
            return t;
        }
        return f;
    }

    /** Common to the IP versions: the L4 header and payload. */
    abstract class Ip {
        int proto;
        byte[] l4 = new byte[0];

        abstract FrameBuilder finish();

        /** A TCP segment; SYNs carry the usual options (MSS, SACK permitted, timestamps, window scale). */
        FrameBuilder tcp(int sport, int dport, int flags, int payload) {
            return tcp(sport, dport, flags, payload, (flags & SYN) != 0 ? 10 : 5);
        }

        /** A TCP segment with data offset {@code doff} (words). */
        FrameBuilder tcp(int sport, int dport, int flags, int payload, int doff) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            put16(b, sport);
            put16(b, dport);
            put32(b, 0x1000_0000 + sport * 7919);
            put32(b, (flags & ACK) != 0 ? 0x2000_0000 + dport * 104729 : 0);
            b.write((doff & 0xf) << 4);
            b.write(flags);
            put16(b, 64240);
            put16(b, 0);
            put16(b, 0);
            int optionBytes = Math.max(0, doff - 5) * 4;
            if (optionBytes >= 20) {
                // MSS 1460, SACK permitted, timestamps, NOP, window scale 7
                b.writeBytes(new byte[] {2, 4, 0x05, (byte) 0xb4, 4, 2, 8, 10, 0, 0, 0x12, 0x34, 0, 0, 0, 0, 1, 3,
                    3, 7});
                optionBytes -= 20;
            }
            for (int i = 0; i < optionBytes; i++) {
                b.write(1);
            }
            b.writeBytes(pattern(payload, sport));
            proto = IPPROTO_TCP;
            l4 = b.toByteArray();
            return finish();
        }

        /** A UDP datagram with {@code payload} bytes of data. */
        FrameBuilder udp(int sport, int dport, byte[] payload) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            put16(b, sport);
            put16(b, dport);
            put16(b, 8 + payload.length);
            put16(b, 0);
            b.writeBytes(payload);
            proto = IPPROTO_UDP;
            l4 = b.toByteArray();
            return finish();
        }

        /** A UDP datagram whose length field says {@code udpLength} whatever the payload. */
        FrameBuilder udpWithLength(int sport, int dport, int udpLength, byte[] payload) {
            udp(sport, dport, payload);
            l4[4] = (byte) (udpLength >>> 8);
            l4[5] = (byte) udpLength;
            return finish();
        }

        /** An ICMP (proto 1) or ICMPv6 (proto 58) message of {@code payload} bytes after its 8-byte header. */
        FrameBuilder icmp(int protocol, int type, int code, int payload) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.write(type);
            b.write(code);
            put16(b, 0);
            put16(b, 0x4a58);
            put16(b, 1);
            b.writeBytes(pattern(payload, type));
            proto = protocol;
            l4 = b.toByteArray();
            return finish();
        }

        /** Anything else: {@code protocol} and its bytes. */
        FrameBuilder other(int protocol, byte[] bytes) {
            proto = protocol;
            l4 = bytes;
            return finish();
        }
    }

    final class Ipv4 extends Ip {
        private final byte[] s;
        private final byte[] d;
        private byte[] options = new byte[0];
        private int fragField;
        private int ihlOverride = -1;
        private int totalOverride = -1;
        private int version = 4;

        Ipv4(byte[] s, byte[] d) {
            this.s = s;
            this.d = d;
        }

        /** IP options (padded to 4 bytes with EOL). */
        Ipv4 options(byte[] o) {
            int n = (o.length + 3) & ~3;
            options = new byte[n];
            System.arraycopy(o, 0, options, 0, o.length);
            return this;
        }

        /** A fragment at {@code offset8} (in 8-byte units), with more fragments to come or not. */
        Ipv4 fragment(int offset8, boolean more) {
            fragField = (more ? 0x2000 : 0) | (offset8 & 0x1fff);
            return this;
        }

        /** Writes {@code ihl} instead of the true header length. */
        Ipv4 ihl(int ihl) {
            ihlOverride = ihl;
            return this;
        }

        /** Writes {@code total} instead of the true total length. */
        Ipv4 totalLength(int total) {
            totalOverride = total;
            return this;
        }

        Ipv4 version(int v) {
            version = v;
            return this;
        }

        @Override
        FrameBuilder finish() {
            int hlen = 20 + options.length;
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            b.write(version << 4 | (ihlOverride >= 0 ? ihlOverride : hlen / 4));
            b.write(0);
            put16(b, totalOverride >= 0 ? totalOverride : hlen + l4.length);
            put16(b, 0x1c46 ^ (s[3] & 0xff) << 8 ^ l4.length);
            put16(b, fragField == 0 ? 0x4000 : fragField);
            b.write(64);
            b.write(proto);
            put16(b, 0);
            b.writeBytes(s);
            b.writeBytes(d);
            b.writeBytes(options);
            byte[] h = b.toByteArray();
            int sum = 0;
            for (int i = 0; i < h.length; i += 2) {
                sum += (h[i] & 0xff) << 8 | (h[i + 1] & 0xff);
            }
            while ((sum >>> 16) != 0) {
                sum = (sum & 0xffff) + (sum >>> 16);
            }
            sum = ~sum & 0xffff;
            h[10] = (byte) (sum >>> 8);
            h[11] = (byte) sum;
            etherType = ETH_P_IP;
            l3 = concat(h, l4);
            return FrameBuilder.this;
        }
    }

    final class Ipv6 extends Ip {
        private final byte[] s;
        private final byte[] d;
        private final ByteArrayOutputStream ext = new ByteArrayOutputStream();
        private final java.util.List<Integer> extTypes = new java.util.ArrayList<>();
        private final java.util.List<byte[]> extBodies = new java.util.ArrayList<>();

        Ipv6(byte[] s, byte[] d) {
            this.s = s;
            this.d = d;
        }

        /** Adds an options-style extension header (hop-by-hop, routing, destination) of 8 * (1 + hdrlen) bytes. */
        Ipv6 extension(int type, int hdrlen) {
            extTypes.add(type);
            byte[] body = new byte[8 * (1 + hdrlen)];
            body[1] = (byte) hdrlen;
            body[2] = 1;  // PadN
            body[3] = (byte) (body.length - 4);
            extBodies.add(body);
            return this;
        }

        /** Adds a fragment header for offset {@code offset8} (8-byte units). */
        Ipv6 fragment(int offset8, boolean more) {
            extTypes.add(IPPROTO_FRAGMENT);
            int field = offset8 << 3 | (more ? 1 : 0);
            extBodies.add(new byte[] {0, 0, (byte) (field >>> 8), (byte) field, 0x12, 0x34, 0x56, 0x78});
            return this;
        }

        @Override
        FrameBuilder finish() {
            ext.reset();
            for (int i = 0; i < extTypes.size(); i++) {
                byte[] body = extBodies.get(i).clone();
                body[0] = (byte) (i + 1 < extTypes.size() ? extTypes.get(i + 1) : proto);
                ext.writeBytes(body);
            }
            byte[] e = ext.toByteArray();
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            put32(b, 0x6000_0000 | (s[15] & 0xff) << 4);
            put16(b, e.length + l4.length);
            b.write(extTypes.isEmpty() ? proto : extTypes.get(0));
            b.write(64);
            b.writeBytes(s);
            b.writeBytes(d);
            b.writeBytes(e);
            etherType = ETH_P_IPV6;
            l3 = concat(b.toByteArray(), l4);
            return FrameBuilder.this;
        }
    }

    // ---------------------------------------------------------------- bytes

    static void put16(ByteArrayOutputStream b, int v) {
        b.write(v >>> 8);
        b.write(v);
    }

    static void put32(ByteArrayOutputStream b, int v) {
        put16(b, v >>> 16);
        put16(b, v);
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** {@code n} bytes of a pattern seeded by {@code seed} (payloads). */
    static byte[] pattern(int n, int seed) {
        byte[] p = new byte[n];
        int x = seed * 0x9E3779B1 | 1;
        for (int i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >>> 17;
            x ^= x << 5;
            p[i] = (byte) x;
        }
        return p;
    }

    /** A locally administered MAC address ending in {@code n}. */
    static byte[] mac(int n) {
        return new byte[] {0x02, 0, 0, (byte) (n >>> 16), (byte) (n >>> 8), (byte) n};
    }

    /** Parses dotted-quad IPv4. */
    static byte[] v4(String dotted) {
        String[] p = dotted.split("\\.");
        byte[] a = new byte[4];
        for (int i = 0; i < 4; i++) {
            a[i] = (byte) Integer.parseInt(p[i]);
        }
        return a;
    }

    /** Parses a full or {@code ::}-abbreviated IPv6 address. */
    static byte[] v6(String text) {
        String[] halves = text.split("::", -1);
        String[] head = halves[0].isEmpty() ? new String[0] : halves[0].split(":");
        String[] tail = halves.length > 1 && !halves[1].isEmpty() ? halves[1].split(":") : new String[0];
        byte[] a = new byte[16];
        for (int i = 0; i < head.length; i++) {
            int v = Integer.parseInt(head[i], 16);
            a[2 * i] = (byte) (v >>> 8);
            a[2 * i + 1] = (byte) v;
        }
        for (int i = 0; i < tail.length; i++) {
            int v = Integer.parseInt(tail[i], 16);
            int at = 16 - 2 * (tail.length - i);
            a[at] = (byte) (v >>> 8);
            a[at + 1] = (byte) v;
        }
        return a;
    }
}
