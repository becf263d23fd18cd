package org.jxdp.hooks.kernel;

import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/** Frames that exercise parsers: every header the test programs read, and broken ones. */
final class TestPackets {
    private TestPackets() {
    }

    private static final byte[] MACS = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1};

    static final class Frame {
        private final ByteArrayOutputStream b = new ByteArrayOutputStream();

        Frame bytes(int... v) {
            for (int x : v) {
                b.write(x);
            }
            return this;
        }

        Frame u16(int v) {
            return bytes(v >>> 8, v & 0xff);
        }

        Frame u32(long v) {
            return u16((int) (v >>> 16) & 0xffff).u16((int) v & 0xffff);
        }

        Frame eth(int type) {
            b.writeBytes(MACS);
            return u16(type);
        }

        Frame vlan(int tpid, int vid, int type) {
            b.writeBytes(MACS);
            return u16(tpid).u16(vid).u16(type);
        }

        Frame ipv4(int ihl, int totalLen, int flagsFrag, int ttl, int proto, long src, long dst) {
            bytes(0x40 | ihl, 0).u16(totalLen).u16(0x1234).u16(flagsFrag).bytes(ttl, proto).u16(0).u32(src).u32(dst);
            for (int i = 5; i < ihl; i++) {
                u32(0x01010101L);
            }
            return this;
        }

        Frame ipv6(int next, int payload) {
            return u32(0x60000000L).u16(payload).bytes(next, 64).u32(0x20010db8L).u32(0).u32(0).u32(1)
                    .u32(0x20010db8L).u32(0).u32(0).u32(2);
        }

        /** An IPv6 header from {@code src} to {@code dst} (each as four 32-bit words). */
        Frame ipv6(int next, int payload, long[] src, long[] dst) {
            u32(0x60000000L).u16(payload).bytes(next, 64);
            for (long w : src) {
                u32(w);
            }
            for (long w : dst) {
                u32(w);
            }
            return this;
        }

        /** An IPv6 hop-by-hop or destination options header of 8 bytes (a PadN option). */
        Frame ipv6Options(int next) {
            return bytes(next, 0, 1, 4, 0, 0, 0, 0);
        }

        /** An IPv6 routing header (type 0, one address) of 24 bytes. */
        Frame ipv6Routing(int next) {
            return bytes(next, 2, 0, 1).u32(0).u32(0x20010db8L).u32(0).u32(0).u32(9);
        }

        /** An IPv6 fragment header: offset in 8-byte units, more-fragments flag. */
        Frame ipv6Fragment(int next, int offset, boolean more) {
            return bytes(next, 0).u16(offset << 3 | (more ? 1 : 0)).u32(0xabcd1234L);
        }

        Frame tcp(int sport, int dport, int flags) {
            return u16(sport).u16(dport).u32(1).u32(0).bytes(0x50, flags).u16(0xffff).u16(0).u16(0);
        }

        Frame udp(int sport, int dport, int len) {
            return u16(sport).u16(dport).u16(len).u16(0);
        }

        Frame pad(int total) {
            while (b.size() < total) {
                b.write(0);
            }
            return this;
        }

        byte[] get() {
            return b.toByteArray();
        }
    }

    static Frame frame() {
        return new Frame();
    }

    /** The frames, by a name that says what they are, in a fixed order. */
    static Map<String, byte[]> all() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        long a = 0xc0000201L;
        long b = 0xc6336407L;
        m.put("tcp-syn-80", frame().eth(0x0800).ipv4(5, 40, 0x4000, 64, 6, a, b).tcp(40000, 80, 0x02).pad(60).get());
        m.put("tcp-telnet", frame().eth(0x0800).ipv4(5, 40, 0, 64, 6, a, b).tcp(40001, 23, 0x18).pad(60).get());
        m.put("tcp-syn-fin", frame().eth(0x0800).ipv4(5, 40, 0, 64, 6, b, a).tcp(1234, 443, 0x03).pad(60).get());
        m.put("udp-chargen", frame().eth(0x0800).ipv4(5, 36, 0, 60, 17, b, a).udp(19, 5555, 16).bytes(1, 2, 3, 4, 5, 6, 7, 8).get());
        m.put("udp-ssdp", frame().eth(0x0800).ipv4(5, 36, 0, 60, 17, b, a).udp(1900, 5555, 16).pad(64).get());
        m.put("udp-dns", frame().eth(0x0800).ipv4(5, 40, 0, 64, 17, a, b).udp(5353, 53, 20).pad(70).get());
        m.put("icmp-echo", frame().eth(0x0800).ipv4(5, 28, 0, 64, 1, a, b).bytes(8, 0, 0, 0, 0, 1, 0, 1).pad(60).get());
        m.put("ipv4-options", frame().eth(0x0800).ipv4(7, 48, 0, 64, 6, a, b).tcp(1, 23, 0x02).pad(62).get());
        m.put("ipv4-ihl4", frame().eth(0x0800).ipv4(4, 40, 0, 64, 6, a, b).pad(60).get());
        m.put("ipv4-fragment", frame().eth(0x0800).ipv4(5, 40, 0x00b9, 64, 6, a, b).bytes(0, 23, 0, 23).pad(60).get());
        m.put("vlan-udp", frame().vlan(0x8100, 42, 0x0800).ipv4(5, 36, 0, 64, 17, a, b).udp(7, 19, 16).pad(64).get());
        m.put("qinq-tcp", frame().vlan(0x88a8, 100, 0x8100).u16(200).u16(0x0800).ipv4(5, 40, 0, 64, 6, b, a)
                .tcp(2222, 23, 0x02).pad(68).get());
        m.put("ipv6-udp-dns", frame().eth(0x86dd).ipv6(17, 8).udp(1000, 53, 8).pad(62).get());
        m.put("ipv6-udp-other", frame().eth(0x86dd).ipv6(17, 8).udp(1000, 123, 8).pad(62).get());
        m.put("ipv6-tcp", frame().eth(0x86dd).ipv6(6, 20).tcp(1, 2, 0x10).get());
        m.put("arp", frame().eth(0x0806).u16(1).u16(0x0800).bytes(6, 4).u16(1).pad(60).get());
        m.put("ethernet-only", frame().eth(0x0800).get());
        m.put("ipv4-truncated", frame().eth(0x0800).bytes(0x45, 0, 0, 40, 0, 0).get());
        m.put("ttl-1", frame().eth(0x0800).ipv4(5, 40, 0, 1, 6, a, b).tcp(1, 2, 0x02).pad(60).get());
        m.put("udp-jumbo", frame().eth(0x0800).ipv4(5, 1486, 0, 64, 17, a, b).udp(4000, 4001, 1466).pad(1500).get());
        m.put("syn-mss-1460", frame().eth(0x0800).ipv4(5, 64, 0x4000, 64, 6, a, b).u16(40002).u16(443).u32(7).u32(0)
                .bytes(0x90, 0x02).u16(0xffff).u16(0).u16(0).bytes(2, 4).u16(1460).bytes(1, 1, 4, 2)
                .bytes(8, 10).u32(1).u32(0).bytes(1, 1, 1, 3, 3, 7).pad(80).get());
        m.put("syn-mss-1400", frame().eth(0x0800).ipv4(5, 44, 0x4000, 64, 6, a, b).u16(40003).u16(443).u32(9).u32(0)
                .bytes(0x60, 0x02).u16(0xffff).u16(0).u16(0).bytes(2, 4).u16(1400).pad(80).get());
        m.put("ack-random", frame().eth(0x0800).ipv4(5, 40, 0x4000, 64, 6, a, b).tcp(40004, 443, 0x10).pad(80).get());
        long c = 0x0a010203L;
        long[] doc1 = {0x20010db8L, 0, 0, 1};
        long[] ula = {0xfd000000L, 0, 0, 5};
        long[] doc9 = {0x20010db8L, 0x00010000L, 0, 9};
        m.put("udp-from-10", frame().eth(0x0800).ipv4(5, 28, 0, 64, 17, c, a).udp(4444, 53, 8).pad(60).get());
        m.put("vlan-ipv6-udp", frame().vlan(0x8100, 7, 0x86dd).ipv6(17, 8).udp(999, 53, 8).pad(66).get());
        m.put("qinq-ipv6-tcp", frame().vlan(0x88a8, 300, 0x8100).u16(0x2005).u16(0x86dd).ipv6(6, 20)
                .tcp(3333, 80, 0x02).get());
        m.put("qinq-8100-8100", frame().vlan(0x8100, 11, 0x8100).u16(12).u16(0x0800).ipv4(5, 28, 0, 64, 17, a, b)
                .udp(5, 6, 8).pad(64).get());
        m.put("vlan-arp", frame().vlan(0x8100, 4011, 0x0806).u16(1).u16(0x0800).bytes(6, 4).u16(1).pad(64).get());
        m.put("three-tags", frame().vlan(0x88a8, 1, 0x8100).u16(2).u16(0x8100).u16(3).u16(0x0800)
                .ipv4(5, 28, 0, 64, 17, a, b).udp(5, 6, 8).pad(64).get());
        m.put("vlan-truncated", frame().eth(0x8100).u16(5).get());
        m.put("ipv6-hbh-udp", frame().eth(0x86dd).ipv6(0, 16, ula, doc9).ipv6Options(17).udp(2000, 53, 8).get());
        m.put("ipv6-frag-tcp", frame().eth(0x86dd).ipv6(44, 28, doc1, doc9).ipv6Fragment(6, 0, true)
                .tcp(4000, 22, 0x02).get());
        m.put("ipv6-frag-later", frame().eth(0x86dd).ipv6(44, 16, doc1, doc9).ipv6Fragment(17, 185, false)
                .u32(0x01020304L).u32(0x05060708L).get());
        m.put("ipv6-rt-dst-udp", frame().eth(0x86dd).ipv6(43, 40, ula, doc1).ipv6Routing(60).ipv6Options(17)
                .udp(7000, 7001, 8).get());
        m.put("ipv6-icmp-echo", frame().eth(0x86dd).ipv6(58, 8, doc9, doc1).bytes(128, 0, 0, 0, 0, 1, 0, 1).get());
        m.put("ipv6-ext-truncated", frame().eth(0x86dd).ipv6(0, 8, ula, doc9).bytes(17, 3).get());
        m.put("ipv6-syn-mss-1220", frame().eth(0x86dd).ipv6(6, 64, doc1, doc9).u16(40005).u16(443).u32(11).u32(0)
                .bytes(0x60, 0x02).u16(0xffff).u16(0).u16(0).bytes(2, 4).u16(1220).pad(54 + 64).get());
        m.put("ipv6-ack-random", frame().eth(0x86dd).ipv6(6, 64, doc1, doc9).u16(40006).u16(443).u32(12).u32(99)
                .bytes(0x50, 0x10).u16(0xffff).u16(0).u16(0).pad(54 + 64).get());
        byte[] noise = new byte[60];
        new SplittableRandom(42).nextBytes(noise);
        m.put("noise", noise);
        return m;
    }
}
