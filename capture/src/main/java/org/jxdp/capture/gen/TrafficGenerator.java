package org.jxdp.capture.gen;

import java.io.IOException;
import org.jxdp.capture.link.LinkType;
import org.jxdp.capture.pcap.CaptureWriter;

/**
 * {@code jxdp gen}: writes a deterministic capture of a {@link Profile}: the same profile, frame
 * count and seed give the same bytes on every machine (SplitMix64, no clock, no hash order).
 *
 * <p>The capture is taken at a server, 198.51.100.10 and 2001:db8::10, behind a router (MACs
 * 02:00:5e:00:00:01 router, 02:00:5e:00:00:10 server). Benign clients are in 203.0.113.0/24 and
 * 2001:db8:1::/64, the resolver is 192.0.2.53 and 2001:db8:53::53; spoofed and reflector
 * addresses are random unicast. Conversations (TCP sessions, DNS, pings, ARP) run interleaved,
 * a few of each class at a time, each direction of a conversation with consistent addresses,
 * ports and sequence numbers. Frames arrive as a Poisson process at the profile's rate from
 * 2024-01-01T00:00:00Z. IPv4, TCP, UDP, ICMP and ICMPv6 checksums are correct (a first
 * fragment's UDP checksum is 0, "none", since its datagram is not all there).
 */
public final class TrafficGenerator {
    /** The first frame's time: 2024-01-01T00:00:00Z. */
    public static final long START_NANOS = 1_704_067_200_000_000_000L;

    static final long MAC_ROUTER = 0x02005e000001L;
    static final long MAC_SERVER = 0x02005e000010L;
    static final long MAC_BROADCAST = 0xffffffffffffL;
    static final int SERVER = 0xc633640a;      // 198.51.100.10
    static final int RESOLVER = 0xc0000235;    // 192.0.2.53
    static final int CLIENTS = 0xcb007100;     // 203.0.113.0/24
    static final byte[] SERVER6 = v6(0x20010db8, 0, 0, 0x10);
    static final byte[] RESOLVER6 = v6(0x20010db8, 0x00530000, 0, 0x53);
    private static final int SLOTS = 4;
    private static final int SMALL_MAX = 128;

    private final Profile profile;
    private final Rng rng;
    private final PacketBuilder b = new PacketBuilder();
    private final double[] cumulative;
    private final Conversation[][] conversations;
    private final long[] classCounts = new long[TrafficClass.values().length];
    private final long[] protocolCounts = new long[ProtocolCounter.values().length];
    private long time = START_NANOS;
    private int ipId;

    private TrafficGenerator(Profile profile, long seed) {
        this.profile = profile;
        this.rng = new Rng(seed);
        this.cumulative = profile.cumulative();
        this.conversations = new Conversation[TrafficClass.values().length][SLOTS];
        for (Conversation[] row : conversations) {
            for (int i = 0; i < SLOTS; i++) {
                row[i] = new Conversation();
            }
        }
    }

    /**
     * Writes {@code packets} frames of {@code profile} generated from {@code seed} to
     * {@code out} (Ethernet), and returns what it wrote.
     */
    public static GeneratedCounts generate(Profile profile, long packets, long seed, CaptureWriter out)
            throws IOException {
        TrafficGenerator g = new TrafficGenerator(profile, seed);
        for (long i = 0; i < packets; i++) {
            int cls = g.pick();
            int n = g.frame(TrafficClass.values()[cls]);
            g.classCounts[cls]++;
            ProtocolCounter.count(g.b.buffer(), n, g.protocolCounts);
            out.write(0, LinkType.LINKTYPE_ETHERNET, g.time, n, g.b.buffer(), 0, n);
            g.advanceTime();
        }
        return new GeneratedCounts(profile, packets, seed, g.classCounts.clone(), g.protocolCounts.clone());
    }

    private int pick() {
        double u = rng.unit();
        double[] c = cumulative;
        for (int i = 0; i < c.length; i++) {
            if (u < c[i]) {
                return i;
            }
        }
        return c.length - 1;
    }

    private void advanceTime() {
        double gap = -Math.log(1 - rng.unit()) / profile.rate();
        time += Math.max(1, (long) (gap * 1e9));
    }

    private int frame(TrafficClass c) {
        return switch (c) {
            case TCP_SESSION, DNS, ICMP_ECHO, IPV6_DNS, IPV6_ICMP_ECHO, ARP -> conversation(c);
            case SYN_FLOOD -> synFlood();
            case UDP_FLOOD -> udpFlood();
            case DNS_AMPLIFICATION -> dnsAmplification();
            case NTP_AMPLIFICATION -> ntpAmplification();
            case MEMCACHED_AMPLIFICATION -> memcachedAmplification();
            case SSDP_AMPLIFICATION -> ssdpAmplification();
            case ICMP_FLOOD -> icmpFlood();
            case FRAGMENT_FLOOD -> fragment();
            case BAD_TCP_FLAGS -> badFlags();
        };
    }

    // ---- benign conversations ----

    /** A conversation in progress: who talks to whom and how far it got. */
    static final class Conversation {
        int step = -1;
        int client;
        int clientPort;
        int serverPort;
        int clientSeq;
        int serverSeq;
        int vlan;
        int id;
        final byte[] client6 = new byte[16];
    }

    private int conversation(TrafficClass c) {
        Conversation v = conversations[c.ordinal()][rng.below(SLOTS)];
        if (v.step < 0) {
            start(v, c);
        }
        int n = switch (c) {
            case TCP_SESSION -> tcpSession(v);
            case DNS -> dns(v, false);
            case IPV6_DNS -> dns(v, true);
            case ICMP_ECHO -> ping(v, false);
            case IPV6_ICMP_ECHO -> ping(v, true);
            default -> arp(v);
        };
        return n;
    }

    private void start(Conversation v, TrafficClass c) {
        v.step = 0;
        v.client = CLIENTS | rng.between(1, 254);
        long iid = rng.next();
        System.arraycopy(v6(0x20010db8, 0x00010000, (int) (iid >>> 32), (int) iid), 0, v.client6, 0, 16);
        v.clientPort = rng.between(32768, 60999);
        v.serverPort = rng.below(2) == 0 ? 80 : 443;
        v.clientSeq = (int) rng.next();
        v.serverSeq = (int) rng.next();
        v.vlan = rng.below(10) == 0 ? 100 : 0;
        v.id = rng.below(65536);
    }

    private int tcpSession(Conversation v) {
        int step = v.step++;
        boolean fromClient = step != 1 && step != 4 && step != 7;
        if (step == 8) {
            v.step = -1;
        }
        if (fromClient) {
            b.ethernet(MAC_SERVER, MAC_ROUTER, v.vlan).ipv4(v.client, SERVER, PacketBuilder.IPPROTO_TCP, 56, nextId(), 0x4000);
        } else {
            b.ethernet(MAC_ROUTER, MAC_SERVER, v.vlan).ipv4(SERVER, v.client, PacketBuilder.IPPROTO_TCP, 64, nextId(), 0x4000);
        }
        int cp = v.clientPort;
        int sp = v.serverPort;
        switch (step) {
            case 0 -> {
                b.tcp(cp, sp, v.clientSeq, 0, PacketBuilder.TCP_SYN, 64240, 1460);
                v.clientSeq++;
            }
            case 1 -> {
                b.tcp(sp, cp, v.serverSeq, v.clientSeq, PacketBuilder.TCP_SYN | PacketBuilder.TCP_ACK, 65160, 1460);
                v.serverSeq++;
            }
            case 2 -> b.tcp(cp, sp, v.clientSeq, v.serverSeq, PacketBuilder.TCP_ACK, 502, 0);
            case 3 -> {
                b.tcp(cp, sp, v.clientSeq, v.serverSeq, PacketBuilder.TCP_PSH | PacketBuilder.TCP_ACK, 502, 0);
                String req = profile.small() ? "GET / HTTP/1.1\r\nHost: a\r\n\r\n"
                        : "GET /index.html HTTP/1.1\r\nHost: www.example.com\r\nAccept: */*\r\n\r\n";
                b.payloadAscii(req);
                v.clientSeq += req.length();
            }
            case 4 -> {
                b.tcp(sp, cp, v.serverSeq, v.clientSeq, PacketBuilder.TCP_PSH | PacketBuilder.TCP_ACK, 509, 0);
                int n = profile.small() ? rng.between(20, SMALL_MAX - 58) : rng.between(100, 1400);
                b.payloadAscii("HTTP/1.1 200 OK\r\n");
                b.payloadRandom(rng, n - 17);
                v.serverSeq += n;
            }
            case 5 -> b.tcp(cp, sp, v.clientSeq, v.serverSeq, PacketBuilder.TCP_ACK, 501, 0);
            case 6 -> {
                b.tcp(cp, sp, v.clientSeq, v.serverSeq, PacketBuilder.TCP_FIN | PacketBuilder.TCP_ACK, 501, 0);
                v.clientSeq++;
            }
            case 7 -> {
                b.tcp(sp, cp, v.serverSeq, v.clientSeq, PacketBuilder.TCP_FIN | PacketBuilder.TCP_ACK, 509, 0);
                v.serverSeq++;
            }
            default -> b.tcp(cp, sp, v.clientSeq, v.serverSeq, PacketBuilder.TCP_ACK, 501, 0);
        }
        return b.finish();
    }

    private int dns(Conversation v, boolean ipv6) {
        boolean query = v.step == 0;
        v.step = query ? 1 : -1;
        int port = v.clientPort;
        if (ipv6) {
            if (query) {
                b.ethernet(MAC_ROUTER, MAC_SERVER, v.vlan).ipv6(SERVER6, RESOLVER6, PacketBuilder.IPPROTO_UDP, 64)
                        .udp(port, 53);
            } else {
                b.ethernet(MAC_SERVER, MAC_ROUTER, v.vlan).ipv6(RESOLVER6, SERVER6, PacketBuilder.IPPROTO_UDP, 60)
                        .udp(53, port);
            }
        } else if (query) {
            b.ethernet(MAC_ROUTER, MAC_SERVER, v.vlan).ipv4(SERVER, RESOLVER, PacketBuilder.IPPROTO_UDP, 64, nextId(), 0)
                    .udp(port, 53);
        } else {
            b.ethernet(MAC_SERVER, MAC_ROUTER, v.vlan).ipv4(RESOLVER, SERVER, PacketBuilder.IPPROTO_UDP, 60, nextId(), 0)
                    .udp(53, port);
        }
        int type = ipv6 ? 28 : 1;
        b.put16(v.id);
        b.put16(query ? 0x0100 : 0x8180);
        b.put16(1);
        b.put16(query ? 0 : 1);
        b.put16(0);
        b.put16(0);
        qname(v.id % 3);
        b.put16(type);
        b.put16(1);
        if (!query) {
            b.put16(0xc00c);
            b.put16(type);
            b.put16(1);
            b.put32(300);
            if (ipv6) {
                b.put16(16);
                b.put32(0x20010db8);
                b.put32(0x00800000);
                b.put32(0);
                b.put32(v.id);
            } else {
                b.put16(4);
                b.put32(0x5db8d822 + (v.id & 0xff));
            }
        }
        return b.finish();
    }

    private void qname(int which) {
        String[] labels = switch (which) {
            case 0 -> new String[] {"www", "example", "com"};
            case 1 -> new String[] {"mail", "example", "org"};
            default -> new String[] {"api", "example", "net"};
        };
        for (String l : labels) {
            b.put(l.length());
            b.payloadAscii(l);
        }
        b.put(0);
    }

    private int ping(Conversation v, boolean ipv6) {
        boolean request = v.step == 0;
        v.step = request ? 1 : -1;
        if (ipv6) {
            if (request) {
                b.ethernet(MAC_SERVER, MAC_ROUTER, v.vlan).ipv6(v.client6, SERVER6, PacketBuilder.IPPROTO_ICMPV6, 58);
            } else {
                b.ethernet(MAC_ROUTER, MAC_SERVER, v.vlan).ipv6(SERVER6, v.client6, PacketBuilder.IPPROTO_ICMPV6, 64);
            }
            b.icmpEcho(request ? 128 : 129, v.id, 1);
        } else {
            if (request) {
                b.ethernet(MAC_SERVER, MAC_ROUTER, v.vlan).ipv4(v.client, SERVER, PacketBuilder.IPPROTO_ICMP, 56, nextId(), 0x4000);
            } else {
                b.ethernet(MAC_ROUTER, MAC_SERVER, v.vlan).ipv4(SERVER, v.client, PacketBuilder.IPPROTO_ICMP, 64, nextId(), 0);
            }
            b.icmpEcho(request ? 8 : 0, v.id, 1);
        }
        // the same 56-byte (small: 32) payload both ways, as ping sends and gets back
        int n = profile.small() ? 32 : 56;
        for (int i = 0; i < n; i++) {
            b.put(0x10 + i);
        }
        return b.finish();
    }

    private int arp(Conversation v) {
        boolean request = v.step == 0;
        v.step = request ? 1 : -1;
        byte[] f = b.buffer();
        long dst = request ? MAC_BROADCAST : MAC_ROUTER;
        long src = request ? MAC_ROUTER : MAC_SERVER;
        b.ethernet(dst, src, 0);
        // ethernet() leaves the ethertype to the L3 writer; ARP is written here by hand
        f[12] = 0x08;
        f[13] = 0x06;
        int[] words = {0x00010800, 0x0604_0000 | (request ? 1 : 2)};
        int p = 14;
        for (int w : words) {
            f[p++] = (byte) (w >>> 24);
            f[p++] = (byte) (w >>> 16);
            f[p++] = (byte) (w >>> 8);
            f[p++] = (byte) w;
        }
        int router = 0xc6336401; // 198.51.100.1
        p = mac(f, p, src);
        p = ip(f, p, request ? router : SERVER);
        p = mac(f, p, request ? 0 : MAC_ROUTER);
        p = ip(f, p, request ? SERVER : router);
        while (p < PacketBuilder.ETH_MIN) {
            f[p++] = 0;
        }
        return p;
    }

    private static int mac(byte[] f, int p, long mac) {
        for (int i = 0; i < 6; i++) {
            f[p++] = (byte) (mac >>> (40 - 8 * i));
        }
        return p;
    }

    private static int ip(byte[] f, int p, int a) {
        f[p++] = (byte) (a >>> 24);
        f[p++] = (byte) (a >>> 16);
        f[p++] = (byte) (a >>> 8);
        f[p++] = (byte) a;
        return p;
    }

    // ---- attacks ----

    private int spoofed() {
        while (true) {
            int a = (int) rng.next();
            int first = a >>> 24;
            if (first >= 1 && first <= 223 && first != 10 && first != 127 && first != 198) {
                return a;
            }
        }
    }

    private int size(int lo, int hi, int smallLo, int smallHi) {
        return profile.small() ? rng.between(smallLo, smallHi) : rng.between(lo, hi);
    }

    private int synFlood() {
        b.ethernet(MAC_SERVER, MAC_ROUTER, 0).ipv4(spoofed(), SERVER, PacketBuilder.IPPROTO_TCP, rng.between(32, 250),
                        rng.below(65536), 0)
                .tcp(rng.between(1024, 65535), 80, (int) rng.next(), 0, PacketBuilder.TCP_SYN, rng.between(512, 65535), 0);
        return b.finish();
    }

    private int udpFlood() {
        b.ethernet(MAC_SERVER, MAC_ROUTER, 0).ipv4(spoofed(), SERVER, PacketBuilder.IPPROTO_UDP, rng.between(32, 250),
                rng.below(65536), 0).udp(rng.between(1024, 65535), rng.between(1, 65535));
        b.payloadRandom(rng, size(16, 512, 18, 80));
        return b.finish();
    }

    private int reflector(int sport) {
        b.ethernet(MAC_SERVER, MAC_ROUTER, 0).ipv4(spoofed(), SERVER, PacketBuilder.IPPROTO_UDP, rng.between(40, 120),
                rng.below(65536), 0).udp(sport, rng.between(1024, 65535));
        return b.position();
    }

    private int dnsAmplification() {
        int start = reflector(53);
        int target = size(700, 1472, 40, 80);
        b.put16(rng.below(65536));
        b.put16(0x8180);
        b.put16(1);
        b.put16(0); // answers: filled below
        b.put16(0);
        b.put16(0);
        b.put(7);
        b.payloadAscii("example");
        b.put(3);
        b.payloadAscii("com");
        b.put(0);
        b.put16(255); // ANY
        b.put16(1);
        int answers = 0;
        while (b.position() - start + 12 + 2 <= target) {
            int room = target - (b.position() - start) - 12 - 1;
            int txt = Math.min(255, room);
            b.put16(0xc00c);
            b.put16(16); // TXT
            b.put16(1);
            b.put32(3600);
            b.put16(txt + 1);
            b.put(txt);
            for (int i = 0; i < txt; i++) {
                b.put('a' + rng.below(26));
            }
            answers++;
        }
        byte[] f = b.buffer();
        f[start + 6] = (byte) (answers >>> 8);
        f[start + 7] = (byte) answers;
        return b.finish();
    }

    private int ntpAmplification() {
        reflector(123);
        b.put(0xd7);    // response, more, version 2, mode 7
        b.put(0x00);
        b.put(0x03);    // implementation XNTPD
        b.put(0x2a);    // MON_GETLIST_1
        int items = profile.small() ? 0 : 6; // small frames: the response header alone
        b.put16(items);
        b.put16(72);
        b.payloadRandom(rng, items * 72);
        return b.finish();
    }

    private int memcachedAmplification() {
        reflector(11211);
        b.put16(rng.below(65536));
        b.put16(0);
        b.put16(1);
        b.put16(0);
        int n = size(1000, 1400, 10, 40);
        b.payloadAscii("VALUE a 0 " + n + "\r\n");
        for (int i = 0; i < n; i++) {
            b.put('A' + rng.below(26));
        }
        b.payloadAscii("\r\nEND\r\n");
        return b.finish();
    }

    private static final String SSDP = "HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nEXT:\r\n"
            + "LOCATION: http://192.168.1.1:1900/rootDesc.xml\r\nSERVER: Linux/3.14 UPnP/1.0 miniupnpd/2.0\r\n"
            + "ST: upnp:rootdevice\r\nUSN: uuid:4d696e69-444c-164e-9d41-b827eb51a2c1::upnp:rootdevice\r\n\r\n";

    private static final String SSDP_SHORT = "HTTP/1.1 200 OK\r\nST: upnp:rootdevice\r\nEXT:\r\n\r\n";

    private int ssdpAmplification() {
        reflector(1900);
        b.payloadAscii(profile.small() ? SSDP_SHORT : SSDP);
        return b.finish();
    }

    private int icmpFlood() {
        b.ethernet(MAC_SERVER, MAC_ROUTER, 0).ipv4(spoofed(), SERVER, PacketBuilder.IPPROTO_ICMP, rng.between(32, 250),
                rng.below(65536), 0).icmpEcho(8, rng.below(65536), rng.below(65536));
        b.payloadRandom(rng, size(56, 1400, 18, 56));
        return b.finish();
    }

    private int fragment() {
        int id = rng.below(65536);
        if (rng.below(4) == 0) {
            int len = size(64, 1472, 24, 72) & ~7;
            b.ethernet(MAC_SERVER, MAC_ROUTER, 0).ipv4(spoofed(), SERVER, PacketBuilder.IPPROTO_UDP, 64, id, 0x2000)
                    .udpNoChecksum(rng.between(1024, 65535), rng.between(1, 65535), len + rng.between(1, 8000));
            b.payloadRandom(rng, len - 8);
        } else {
            boolean more = rng.below(2) == 0;
            int off = rng.between(1, 1000);
            int len = size(8, 1480, 24, 72);
            if (more) {
                len &= ~7;
            }
            b.ethernet(MAC_SERVER, MAC_ROUTER, 0).ipv4(spoofed(), SERVER, PacketBuilder.IPPROTO_UDP, 64, id,
                    (more ? 0x2000 : 0) | off);
            b.payloadRandom(rng, len);
        }
        return b.finish();
    }

    private static final int[] BAD_FLAGS = {0, PacketBuilder.TCP_SYN | PacketBuilder.TCP_FIN,
        PacketBuilder.TCP_SYN | PacketBuilder.TCP_RST, PacketBuilder.TCP_FIN | PacketBuilder.TCP_PSH | PacketBuilder.TCP_URG};
    private static final int[] SCANNED = {22, 80, 443, 3389};

    private int badFlags() {
        b.ethernet(MAC_SERVER, MAC_ROUTER, 0).ipv4(spoofed(), SERVER, PacketBuilder.IPPROTO_TCP, rng.between(32, 250),
                        rng.below(65536), 0)
                .tcp(rng.between(1024, 65535), SCANNED[rng.below(4)], (int) rng.next(), 0, BAD_FLAGS[rng.below(4)], 1024, 0);
        return b.finish();
    }

    private int nextId() {
        return ipId++ & 0xffff;
    }

    private static byte[] v6(int a, int b, int c, int d) {
        byte[] out = new byte[16];
        int[] w = {a, b, c, d};
        for (int i = 0; i < 4; i++) {
            out[4 * i] = (byte) (w[i] >>> 24);
            out[4 * i + 1] = (byte) (w[i] >>> 16);
            out[4 * i + 2] = (byte) (w[i] >>> 8);
            out[4 * i + 3] = (byte) w[i];
        }
        return out;
    }
}
