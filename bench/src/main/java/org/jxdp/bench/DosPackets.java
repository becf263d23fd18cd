package org.jxdp.bench;

import static org.jxdp.bench.DosFilter.DROP_AMPLIFICATION;
import static org.jxdp.bench.DosFilter.DROP_DENYLIST;
import static org.jxdp.bench.DosFilter.DROP_ICMP_SIZE;
import static org.jxdp.bench.DosFilter.DROP_MALFORMED;
import static org.jxdp.bench.DosFilter.DROP_SYN_RATE;
import static org.jxdp.bench.DosFilter.DROP_TCP_FLAGS;
import static org.jxdp.bench.DosFilter.PASS;
import static org.jxdp.bench.DosFilter.PASS_FRAGMENT;
import static org.jxdp.bench.DosFilter.PASS_NON_IP;
import static org.jxdp.bench.FrameBuilder.ACK;
import static org.jxdp.bench.FrameBuilder.ETH_P_ARP;
import static org.jxdp.bench.FrameBuilder.ETH_P_LLDP;
import static org.jxdp.bench.FrameBuilder.FIN;
import static org.jxdp.bench.FrameBuilder.IPPROTO_DSTOPTS;
import static org.jxdp.bench.FrameBuilder.IPPROTO_HOPOPTS;
import static org.jxdp.bench.FrameBuilder.IPPROTO_ICMP;
import static org.jxdp.bench.FrameBuilder.IPPROTO_ICMPV6;
import static org.jxdp.bench.FrameBuilder.PSH;
import static org.jxdp.bench.FrameBuilder.SYN;
import static org.jxdp.bench.FrameBuilder.URG;
import static org.jxdp.bench.FrameBuilder.eth;
import static org.jxdp.bench.FrameBuilder.mac;
import static org.jxdp.bench.FrameBuilder.pattern;
import static org.jxdp.bench.FrameBuilder.v4;
import static org.jxdp.bench.FrameBuilder.v6;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jxdp.hooks.XdpFrame;

/**
 * The mixed packet set of the DoS filter benchmark: what an Internet-facing server (198.51.100.10,
 * 2001:db8:100::10) receives during a SYN flood and a reflection attack. Deterministic: the same
 * 207 frames in the same order on every call.
 * <pre>
 *   kind   frames  what
 *   tcp      48    established TCP, v4 and v6, 0..1448 bytes of data, IPv4 options, IPv6
 *                  extension headers, 802.1Q and QinQ tags
 *   syn      84    12 SYNs from distinct clients; a SYN flood: 24 SYNs from each of 2 IPv4 sources
 *                  and 1 IPv6 /64 (random interface ids)
 *   udp      24    DNS queries to the server, small DNS/NTP/SNMP replies, QUIC, WireGuard
 *   amp      16    reflected replies: NTP monlist, memcached, SSDP, large DNS (one a first
 *                  fragment), CLDAP, chargen, SNMP, WS-Discovery
 *   deny     12    from deny-listed prefixes, v4 and v6, TCP and UDP
 *   icmp      8    echo requests and replies, unreachables, neighbour solicitation, big echoes
 *   other    15    non-first fragments, malformed and truncated frames, scan flag sets, ARP, LLDP
 * </pre>
 * Each frame carries the reason the filter should give it on a first pass over the set with
 * empty maps and a clock that does not move: the first {@link DosFilter#SYN_BURST} SYNs of a
 * source pass, the rest are over the rate.
 */
final class DosPackets {
    /** The kinds, in the order the table above lists them. */
    static final List<String> KINDS = List.of("tcp", "syn", "udp", "amp", "deny", "icmp", "other");

    static final byte[] SERVER_V4 = v4("198.51.100.10");
    static final byte[] SERVER_V6 = v6("2001:db8:100::10");
    static final byte[] SERVER_MAC = mac(1);
    static final byte[] ROUTER_MAC = mac(0xfe);

    /**
     * One frame of the set.
     *
     * @param kind its kind ({@link #KINDS})
     * @param what a description
     * @param reason the reason the filter gives it on a first pass (enum dos_reason)
     * @param frame the Ethernet frame
     */
    record Packet(String kind, String what, int reason, byte[] frame) {
        int action() {
            return DosFilter.action(reason);
        }

        @Override
        public String toString() {
            return kind + " " + what + " (" + frame.length + " bytes, " + DosFilter.REASONS[reason] + ")";
        }
    }

    private final SplittableRandom r = new SplittableRandom(20240611L);
    private final List<DosFilter.Rule> rules = DosFilter.rules(DosFilter.LARGE_DENYLIST);
    private final List<Pending> out = new ArrayList<>();

    /** A frame whose reason may depend on the SYN buckets ({@code synSource} non-null). */
    private record Pending(String kind, String what, int reason, byte[] frame, String synSource) {
    }

    private DosPackets() {
    }

    /** The set, in its deterministic order. */
    static List<Packet> mixed() {
        return new DosPackets().build();
    }

    /** The frames of the set of one kind, or all of them for "all". */
    static List<Packet> ofKind(String kind) {
        List<Packet> all = mixed();
        if (kind.equals("all")) {
            return all;
        }
        if (!KINDS.contains(kind)) {
            throw new IllegalArgumentException("unknown packet kind " + kind + "; expected all or one of " + KINDS);
        }
        return all.stream().filter(p -> p.kind().equals(kind)).toList();
    }

    /** Each frame of {@code set} loaded into a slot of its own, in order. */
    static XdpFrame[] slots(List<Packet> set) {
        XdpFrame[] frames = new XdpFrame[set.size()];
        for (int i = 0; i < frames.length; i++) {
            byte[] f = set.get(i).frame();
            frames[i] = new XdpFrame();
            frames[i].load(f, 0, f.length);
        }
        return frames;
    }

    private List<Packet> build() {
        tcp();
        syn();
        udp();
        amp();
        deny();
        icmp();
        other();
        // interleave the kinds: a deterministic Fisher-Yates shuffle
        for (int i = out.size() - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            Pending t = out.get(i);
            out.set(i, out.get(j));
            out.set(j, t);
        }
        Map<String, Integer> synsSeen = new HashMap<>();
        List<Packet> packets = new ArrayList<>();
        for (Pending p : out) {
            int reason = p.reason();
            if (p.synSource() != null) {
                int n = synsSeen.merge(p.synSource(), 1, Integer::sum);
                reason = n <= DosFilter.SYN_BURST ? PASS : DROP_SYN_RATE;
            }
            packets.add(new Packet(p.kind(), p.what(), reason, p.frame()));
        }
        return List.copyOf(packets);
    }

    private void add(String kind, String what, int reason, byte[] frame) {
        out.add(new Pending(kind, what, reason, frame, null));
    }

    private void addSyn(String what, byte[] source, byte[] frame) {
        byte[] key = source.length == 4 ? source : java.util.Arrays.copyOf(source, 8);
        out.add(new Pending("syn", what, -1, frame, HexFormat.of().formatHex(key)));
    }

    // ---------------------------------------------------------------- addresses and ports

    /** A client IPv4 address no deny rule covers. */
    private byte[] clientV4() {
        byte[] a;
        do {
            a = DosFilter.randomV4(r);
        } while (DosFilter.denied(rules, a));
        return a;
    }

    /** A client IPv6 address (2000::/3) no deny rule covers. */
    private byte[] clientV6() {
        byte[] a = new byte[16];
        do {
            r.nextBytes(a);
            a[0] = (byte) (0x20 | (a[0] & 0x1f));
        } while (DosFilter.denied(rules, a));
        return a;
    }

    private int ephemeral() {
        return 32768 + r.nextInt(28232);
    }

    private FrameBuilder fromRouter() {
        return eth(SERVER_MAC, ROUTER_MAC);
    }

    private static byte[] with(byte[] base, int at, int value) {
        byte[] a = base.clone();
        a[at] = (byte) value;
        return a;
    }

    // ---------------------------------------------------------------- kinds

    private void tcp() {
        int[] sizes = {0, 0, 0, 0, 1448, 1448, 1448, 517, 31, 0, 1448, 240, 0, 1448, 88, 0, 1200, 0, 64, 1448};
        for (int size : sizes) {
            int flags = size == 0 ? ACK : ACK | PSH;
            add("tcp", "v4 established, " + size + " bytes", PASS,
                    fromRouter().ipv4(clientV4(), SERVER_V4).tcp(ephemeral(), 443, flags, size).build());
        }
        // IPv4 options: router alert (IHL 6), record route with room for 2 hops and NOPs (IHL 8)
        add("tcp", "v4 with router alert option", PASS, fromRouter().ipv4(clientV4(), SERVER_V4)
                .options(new byte[] {(byte) 0x94, 4, 0, 0}).tcp(ephemeral(), 443, ACK, 0).build());
        add("tcp", "v4 with router alert option, data", PASS, fromRouter().ipv4(clientV4(), SERVER_V4)
                .options(new byte[] {(byte) 0x94, 4, 0, 0}).tcp(ephemeral(), 443, ACK | PSH, 700).build());
        add("tcp", "v4 with record route option", PASS, fromRouter().ipv4(clientV4(), SERVER_V4)
                .options(new byte[] {7, 11, 4, 0, 0, 0, 0, 0, 0, 0, 0, 1}).tcp(ephemeral(), 80, ACK, 0).build());
        add("tcp", "v4 with 40 bytes of options", PASS, fromRouter().ipv4(clientV4(), SERVER_V4)
                .options(new byte[] {7, 39, 4}).tcp(ephemeral(), 80, ACK | PSH, 300).build());
        int[] sizes6 = {0, 1428, 0, 1428, 350, 0, 1428, 0, 96, 1428};
        for (int size : sizes6) {
            add("tcp", "v6 established, " + size + " bytes", PASS, fromRouter().ipv6(clientV6(), SERVER_V6)
                    .tcp(ephemeral(), 443, size == 0 ? ACK : ACK | PSH, size).build());
        }
        add("tcp", "v6 with hop-by-hop and destination options", PASS, fromRouter().ipv6(clientV6(), SERVER_V6)
                .extension(IPPROTO_HOPOPTS, 0).extension(IPPROTO_DSTOPTS, 1).tcp(ephemeral(), 443, ACK, 0).build());
        add("tcp", "v6 with destination options, data", PASS, fromRouter().ipv6(clientV6(), SERVER_V6)
                .extension(IPPROTO_DSTOPTS, 0).tcp(ephemeral(), 443, ACK | PSH, 800).build());
        for (int i = 0; i < 6; i++) {
            int size = i % 2 == 0 ? 0 : 1000 + 80 * i;
            add("tcp", "v4 802.1Q vlan " + (100 + i) + ", " + size + " bytes", PASS, fromRouter().vlan(100 + i)
                    .ipv4(clientV4(), SERVER_V4).tcp(ephemeral(), 443, size == 0 ? ACK : ACK | PSH, size).build());
        }
        for (int i = 0; i < 2; i++) {
            add("tcp", "v4 QinQ 300/" + (10 + i), PASS, fromRouter().vlan(300).vlan(10 + i)
                    .ipv4(clientV4(), SERVER_V4).tcp(ephemeral(), 80, ACK | PSH, 200 + 500 * i).build());
        }
        for (int i = 0; i < 4; i++) {
            FrameBuilder f = fromRouter().vlan(200 + i);
            if (i == 3) {
                f.vlan(7);
            }
            add("tcp", "v6 vlan" + (i == 3 ? " QinQ" : "") + ", " + (i * 400) + " bytes", PASS,
                    f.ipv6(clientV6(), SERVER_V6).tcp(ephemeral(), 443, i == 0 ? ACK : ACK | PSH, i * 400).build());
        }
    }

    private void syn() {
        for (int i = 0; i < 8; i++) {
            byte[] src = clientV4();
            FrameBuilder f = fromRouter();
            if (i >= 6) {
                f.vlan(100);
            }
            addSyn("v4 client SYN" + (i >= 6 ? " vlan" : ""), src,
                    f.ipv4(src, SERVER_V4).tcp(ephemeral(), i % 3 == 0 ? 80 : 443, SYN, 0).build());
        }
        for (int i = 0; i < 4; i++) {
            byte[] src = clientV6();
            addSyn("v6 client SYN", src, fromRouter().ipv6(src, SERVER_V6).tcp(ephemeral(), 443, SYN, 0).build());
        }
        byte[][] flooders = {clientV4(), clientV4()};
        for (byte[] src : flooders) {
            for (int i = 0; i < 24; i++) {
                addSyn("v4 SYN flood from " + (src[0] & 0xff) + "." + (src[1] & 0xff) + "..", src,
                        fromRouter().ipv4(src, SERVER_V4).tcp(ephemeral(), 443, SYN, 0).build());
            }
        }
        byte[] prefix = clientV6();
        for (int i = 0; i < 24; i++) {
            byte[] src = prefix.clone();
            for (int b = 8; b < 16; b++) {
                src[b] = (byte) r.nextInt(256);
            }
            addSyn("v6 SYN flood from one /64", src,
                    fromRouter().ipv6(src, SERVER_V6).tcp(ephemeral(), 443, SYN, 0).build());
        }
    }

    private void udp() {
        for (int i = 0; i < 8; i++) {
            byte[] q = pattern(28 + 4 * i, i);
            if (i % 4 == 3) {
                add("udp", "v6 DNS query", PASS,
                        fromRouter().ipv6(clientV6(), SERVER_V6).udp(ephemeral(), 53, q).build());
            } else {
                add("udp", "v4 DNS query", PASS, fromRouter().ipv4(clientV4(), SERVER_V4).udp(ephemeral(), 53, q)
                        .build());
            }
        }
        int[] dnsSizes = {96, 180, 320, 480, 1180, 1232};
        for (int size : dnsSizes) {
            add("udp", "v4 DNS response, " + size + " bytes", PASS,
                    fromRouter().ipv4(clientV4(), SERVER_V4).udp(53, ephemeral(), pattern(size, size)).build());
        }
        for (int i = 0; i < 2; i++) {
            byte[] ntp = pattern(48, i);
            ntp[0] = 0x24;  // LI 0, version 4, mode 4 (server)
            add("udp", "v4 NTP server reply", PASS,
                    fromRouter().ipv4(clientV4(), SERVER_V4).udp(123, 123, ntp).build());
        }
        for (int i = 0; i < 4; i++) {
            int size = 1200 + 50 * i;
            if (i % 2 == 0) {
                add("udp", "v4 QUIC, " + size + " bytes", PASS,
                        fromRouter().ipv4(clientV4(), SERVER_V4).udp(ephemeral(), 443, pattern(size, i)).build());
            } else {
                add("udp", "v6 QUIC, " + size + " bytes", PASS,
                        fromRouter().ipv6(clientV6(), SERVER_V6).udp(ephemeral(), 443, pattern(size, i)).build());
            }
        }
        add("udp", "v4 SNMP response, 200 bytes", PASS,
                fromRouter().ipv4(clientV4(), SERVER_V4).udp(161, ephemeral(), pattern(200, 1)).build());
        add("udp", "v6 SNMP response, 640 bytes", PASS,
                fromRouter().ipv6(clientV6(), SERVER_V6).udp(161, ephemeral(), pattern(640, 2)).build());
        add("udp", "v6 WireGuard handshake", PASS,
                fromRouter().ipv6(clientV6(), SERVER_V6).udp(51820, 51820, pattern(140, 3)).build());
        add("udp", "v4 WireGuard data", PASS,
                fromRouter().ipv4(clientV4(), SERVER_V4).udp(51820, 51820, pattern(1100, 4)).build());
    }

    private void amp() {
        for (int i = 0; i < 3; i++) {
            byte[] monlist = pattern(440, i);
            monlist[0] = (byte) 0xd7;  // response, more, version 2, mode 7 (private)
            add("amp", "v4 NTP monlist reply", DROP_AMPLIFICATION,
                    fromRouter().ipv4(clientV4(), SERVER_V4).udp(123, ephemeral(), monlist).build());
        }
        for (int i = 0; i < 3; i++) {
            add("amp", "v4 memcached reply", DROP_AMPLIFICATION,
                    fromRouter().ipv4(clientV4(), SERVER_V4).udp(11211, ephemeral(), pattern(1400, i)).build());
        }
        add("amp", "v6 memcached reply", DROP_AMPLIFICATION,
                fromRouter().ipv6(clientV6(), SERVER_V6).udp(11211, ephemeral(), pattern(1400, 9)).build());
        for (int i = 0; i < 2; i++) {
            add("amp", "v4 SSDP reply", DROP_AMPLIFICATION,
                    fromRouter().ipv4(clientV4(), SERVER_V4).udp(1900, ephemeral(), pattern(310 + 20 * i, i))
                            .build());
        }
        add("amp", "v4 DNS ANY reply, 1400 bytes", DROP_AMPLIFICATION,
                fromRouter().ipv4(clientV4(), SERVER_V4).udp(53, ephemeral(), pattern(1400, 5)).build());
        add("amp", "v4 DNS reply, 1472 bytes", DROP_AMPLIFICATION,
                fromRouter().ipv4(clientV4(), SERVER_V4).udp(53, ephemeral(), pattern(1472, 6)).build());
        // the first fragment of a 4000-byte DNS reply: its UDP length is the whole datagram's
        add("amp", "v4 DNS reply, first fragment of 4000 bytes", DROP_AMPLIFICATION,
                fromRouter().ipv4(clientV4(), SERVER_V4).fragment(0, true)
                        .udpWithLength(53, ephemeral(), 4000, pattern(1472, 7)).build());
        add("amp", "v4 CLDAP reply", DROP_AMPLIFICATION,
                fromRouter().ipv4(clientV4(), SERVER_V4).udp(389, ephemeral(), pattern(1450, 8)).build());
        add("amp", "v4 chargen reply", DROP_AMPLIFICATION,
                fromRouter().ipv4(clientV4(), SERVER_V4).udp(19, ephemeral(), pattern(1024, 9)).build());
        add("amp", "v4 SNMP GetBulk reply, 1400 bytes", DROP_AMPLIFICATION,
                fromRouter().ipv4(clientV4(), SERVER_V4).udp(161, ephemeral(), pattern(1400, 10)).build());
        add("amp", "v4 WS-Discovery reply", DROP_AMPLIFICATION,
                fromRouter().ipv4(clientV4(), SERVER_V4).udp(3702, ephemeral(), pattern(900, 11)).build());
    }

    private void deny() {
        for (int i = 0; i < 4; i++) {
            byte[] src = with(v4("203.0.113.0"), 3, 1 + r.nextInt(254));
            add("deny", "v4 from 203.0.113.0/24", DROP_DENYLIST, i % 2 == 0
                    ? fromRouter().ipv4(src, SERVER_V4).tcp(ephemeral(), 443, i == 0 ? SYN : ACK, 0).build()
                    : fromRouter().ipv4(src, SERVER_V4).udp(ephemeral(), 53, pattern(40, i)).build());
        }
        for (int i = 0; i < 3; i++) {
            byte[] src = v4("198.19.0.0");
            src[2] = (byte) r.nextInt(256);
            src[3] = (byte) r.nextInt(256);
            add("deny", "v4 from 198.18.0.0/15", DROP_DENYLIST,
                    fromRouter().ipv4(src, SERVER_V4).tcp(ephemeral(), 80, SYN, 0).build());
        }
        add("deny", "v4 from 192.0.2.99/32", DROP_DENYLIST,
                fromRouter().ipv4(v4("192.0.2.99"), SERVER_V4).udp(ephemeral(), 443, pattern(1200, 1)).build());
        for (int i = 0; i < 2; i++) {
            byte[] src = v6("2001:db8:bad::");
            for (int b = 6; b < 16; b++) {
                src[b] = (byte) r.nextInt(256);
            }
            add("deny", "v6 from 2001:db8:bad::/48", DROP_DENYLIST,
                    fromRouter().ipv6(src, SERVER_V6).tcp(ephemeral(), 443, SYN, 0).build());
        }
        add("deny", "v6 from 2001:db8:dead:beef::/64", DROP_DENYLIST,
                fromRouter().ipv6(v6("2001:db8:dead:beef::1234"), SERVER_V6).udp(ephemeral(), 443,
                        pattern(1200, 2)).build());
        add("deny", "v4 from 198.18.0.0/15, UDP", DROP_DENYLIST,
                fromRouter().ipv4(v4("198.18.200.3"), SERVER_V4).udp(ephemeral(), 53, pattern(36, 3)).build());
    }

    private void icmp() {
        add("icmp", "v4 echo request, 64 bytes", PASS,
                fromRouter().ipv4(clientV4(), SERVER_V4).icmp(IPPROTO_ICMP, 8, 0, 56).build());
        add("icmp", "v4 echo request, 32 bytes", PASS,
                fromRouter().ipv4(clientV4(), SERVER_V4).icmp(IPPROTO_ICMP, 8, 0, 24).build());
        add("icmp", "v4 echo reply", PASS,
                fromRouter().ipv4(clientV4(), SERVER_V4).icmp(IPPROTO_ICMP, 0, 0, 56).build());
        add("icmp", "v4 port unreachable", PASS,
                fromRouter().ipv4(clientV4(), SERVER_V4).icmp(IPPROTO_ICMP, 3, 3, 28).build());
        add("icmp", "v4 echo request, 1400 bytes", DROP_ICMP_SIZE,
                fromRouter().ipv4(clientV4(), SERVER_V4).icmp(IPPROTO_ICMP, 8, 0, 1392).build());
        add("icmp", "v6 echo request", PASS,
                fromRouter().ipv6(clientV6(), SERVER_V6).icmp(IPPROTO_ICMPV6, 128, 0, 56).build());
        add("icmp", "v6 neighbour solicitation", PASS,
                fromRouter().ipv6(clientV6(), SERVER_V6).icmp(IPPROTO_ICMPV6, 135, 0, 24).build());
        add("icmp", "v6 echo request, 1400 bytes", DROP_ICMP_SIZE,
                fromRouter().ipv6(clientV6(), SERVER_V6).icmp(IPPROTO_ICMPV6, 128, 0, 1392).build());
    }

    private void other() {
        add("other", "v4 non-first fragment", PASS_FRAGMENT, fromRouter().ipv4(clientV4(), SERVER_V4)
                .fragment(185, false).other(17, pattern(1000, 1)).build());
        add("other", "v6 non-first fragment", PASS_FRAGMENT, fromRouter().ipv6(clientV6(), SERVER_V6)
                .fragment(181, true).other(17, pattern(1232, 2)).build());
        add("other", "v6 first fragment, TCP", PASS, fromRouter().ipv6(clientV6(), SERVER_V6)
                .fragment(0, true).tcp(ephemeral(), 443, ACK | PSH, 1200).build());
        add("other", "v4 runt: 30 bytes, IP header cut", DROP_MALFORMED, fromRouter().truncate(30)
                .ipv4(clientV4(), SERVER_V4).tcp(ephemeral(), 443, ACK, 0).build());
        add("other", "v4 IHL 4", DROP_MALFORMED, fromRouter().ipv4(clientV4(), SERVER_V4).ihl(4)
                .tcp(ephemeral(), 443, ACK, 0).build());
        add("other", "v4 version 5", DROP_MALFORMED, fromRouter().ipv4(clientV4(), SERVER_V4).version(5)
                .tcp(ephemeral(), 443, ACK, 0).build());
        add("other", "v4 total length beyond the frame", DROP_MALFORMED, fromRouter().ipv4(clientV4(), SERVER_V4)
                .totalLength(1500).tcp(ephemeral(), 443, ACK, 100).build());
        add("other", "v4 TCP data offset 3", DROP_MALFORMED, fromRouter().ipv4(clientV4(), SERVER_V4)
                .tcp(ephemeral(), 443, ACK, 0, 3).build());
        add("other", "v4 UDP length 4", DROP_MALFORMED, fromRouter().ipv4(clientV4(), SERVER_V4)
                .udpWithLength(ephemeral(), 53, 4, pattern(20, 3)).build());
        add("other", "truncated VLAN tag", DROP_MALFORMED, fromRouter().vlan(5).truncate(16)
                .raw(FrameBuilder.ETH_P_IP, new byte[0]).build());
        add("other", "v4 null scan", DROP_TCP_FLAGS, fromRouter().ipv4(clientV4(), SERVER_V4)
                .tcp(ephemeral(), 22, 0, 0).build());
        add("other", "v4 SYN+FIN", DROP_TCP_FLAGS, fromRouter().ipv4(clientV4(), SERVER_V4)
                .tcp(ephemeral(), 443, SYN | FIN, 0).build());
        add("other", "v6 Xmas scan", DROP_TCP_FLAGS, fromRouter().ipv6(clientV6(), SERVER_V6)
                .tcp(ephemeral(), 443, FIN | PSH | URG, 0).build());
        add("other", "ARP request", PASS_NON_IP, eth(new byte[] {-1, -1, -1, -1, -1, -1}, ROUTER_MAC)
                .raw(ETH_P_ARP, arp()).build());
        add("other", "LLDP", PASS_NON_IP, eth(new byte[] {1, (byte) 0x80, (byte) 0xc2, 0, 0, 0x0e}, ROUTER_MAC)
                .raw(ETH_P_LLDP, pattern(46, 5)).build());
    }

    private static byte[] arp() {
        byte[] a = new byte[28];
        byte[] head = {0, 1, 8, 0, 6, 4, 0, 1};
        System.arraycopy(head, 0, a, 0, head.length);
        System.arraycopy(ROUTER_MAC, 0, a, 8, 6);
        System.arraycopy(v4("198.51.100.1"), 0, a, 14, 4);
        System.arraycopy(SERVER_V4, 0, a, 24, 4);
        return a;
    }
}
