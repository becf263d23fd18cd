package org.jxdp.capture.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jxdp.capture.link.EthernetHeader.ETH_HLEN;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.jxdp.capture.pcap.CaptureFileFormat;
import org.jxdp.capture.pcap.CaptureReader;
import org.jxdp.capture.pcap.CaptureRecord;
import org.jxdp.capture.pcap.CaptureWriter;
import org.jxdp.capture.testing.SharedCaptures;
import org.jxdp.capture.testing.Tshark;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Link-layer translation on the captures of {@code ../shared/pcaps} of each link type it
 * handles (MANIFEST.md section F), checked by tshark: the translated frames, written as an
 * Ethernet capture, decode to the same network layer as the originals, with the right
 * ethertype and addresses; and translating back gives the original bytes.
 */
class LinkLayerTest {
    private static final int HEADROOM = 256;

    /** Translatable captures of ../shared/pcaps, by link type. */
    private static final Map<String, Integer> TRANSLATED = Map.ofEntries(
            Map.entry("tcpdump__tcp-handshake-nano.pcap", LinkType.LINKTYPE_LINUX_SLL),
            Map.entry("tcpdump__mptcp-v1.pcap", LinkType.LINKTYPE_LINUX_SLL),
            Map.entry("zeek__linuxsll-arp.pcap", LinkType.LINKTYPE_LINUX_SLL),
            Map.entry("suricata__decode-sll2-01.pcap", LinkType.LINKTYPE_LINUX_SLL2),
            Map.entry("lwerdna__simple_http_sll2.pcap", LinkType.LINKTYPE_LINUX_SLL2),
            Map.entry("zeek__payload-syn.pcap", LinkType.LINKTYPE_RAW),
            Map.entry("suricata__tcp-fastopen-syn-data.pcap", LinkType.LINKTYPE_RAW),
            Map.entry("tcpdump__LINKTYPE_RAW_ipv4.pcap", LinkType.LINKTYPE_RAW),
            Map.entry("tcpdump__gquic.pcap", LinkType.LINKTYPE_RAW),
            Map.entry("tcpdump__LINKTYPE_IPV4.pcap", LinkType.LINKTYPE_IPV4),
            Map.entry("tcpdump__LINKTYPE_IPV6.pcap", LinkType.LINKTYPE_IPV6),
            Map.entry("suricata__frag-ip-tcp-rawip6.pcap", LinkType.LINKTYPE_IPV6),
            Map.entry("tcpdump__quic_handshake.pcap", LinkType.LINKTYPE_NULL));

    /** Captures of ../shared/pcaps whose link type has no translation. */
    private static final List<String> UNSUPPORTED = List.of("suricata__frag-ppp-ip-tcp-syn.pcap",
            "tcpdump__ppp_ip_udp_dns.pcap", "tcpdump__nflog.pcap", "zeek__nflog-http.pcap", "tcpdump__e1000g.pcap",
            "zeek__radiotap.pcap", "tcpdump__hdlc_slarp.pcapng");

    private static final String[] NETWORK_FIELDS = {"ip.src", "ip.dst", "ip.ttl", "ipv6.src", "ipv6.dst",
        "arp.src.proto_ipv4", "tcp.srcport", "tcp.dstport", "udp.srcport", "udp.dstport"};

    @TempDir
    Path tmp;

    @TestFactory
    Stream<DynamicTest> sharedCapturesDecodeTheSameBehindTheSyntheticHeader() {
        Tshark.require("tshark");
        return TRANSLATED.keySet().stream().sorted().map(name -> DynamicTest.dynamicTest(name, () -> {
            Path f = SharedCaptures.capture(name);
            Path out = tmp.resolve(name + ".eth.pcap");
            int frames = 0;
            try (CaptureReader in = CaptureReader.open(f);
                 CaptureWriter w = CaptureWriter.create(out, CaptureFileFormat.PCAP_NSEC, LinkType.LINKTYPE_ETHERNET)) {
                assertThat(in.interfaces().get(0).linkType()).isEqualTo(TRANSLATED.get(name));
                CaptureRecord r = new CaptureRecord();
                LinkFrame lf = new LinkFrame();
                while (in.next(r)) {
                    LinkLayer layer = LinkLayer.of(r.linkType());
                    byte[] slot = new byte[HEADROOM + ETH_HLEN + r.capturedLength() + HEADROOM];
                    int at = layer.copyOffset(HEADROOM);
                    int n = r.copyTo(slot, at);
                    byte[] original = Arrays.copyOfRange(slot, at, at + n);
                    lf.set(slot, at, n, r.linkType());
                    assertThat(lf.toEthernet()).as("frame %d", r.frameNumber()).isEqualTo(Translation.TRANSLATED);
                    assertThat(lf.offset()).as("the Ethernet header starts at the headroom").isEqualTo(HEADROOM);
                    assertThat(lf.length()).isEqualTo(n - layer.headerLength() + ETH_HLEN);
                    assertThat(Arrays.copyOfRange(slot, HEADROOM + ETH_HLEN, HEADROOM + lf.length()))
                            .as("the payload is untouched").isEqualTo(Arrays.copyOfRange(original, layer.headerLength(), n));
                    w.write(0, LinkType.LINKTYPE_ETHERNET, r.timestampNanos(), r.originalLength() - n + lf.length(),
                            slot, lf.offset(), lf.length());
                    assertThat(lf.fromEthernet()).isEqualTo(Translation.TRANSLATED);
                    assertThat(lf.offset()).isEqualTo(at);
                    assertThat(Arrays.copyOfRange(slot, lf.offset(), lf.offset() + lf.length()))
                            .as("frame %d back in its own form", r.frameNumber()).isEqualTo(original);
                    frames++;
                }
            }
            List<String[]> before = Tshark.fields(f, concat(new String[] {"frame.protocols", "sll.etype", "sll.src.eth",
                "sll.pkttype"}, NETWORK_FIELDS));
            List<String[]> after = Tshark.fields(out, concat(new String[] {"frame.protocols", "eth.type", "eth.src",
                "eth.dst"}, NETWORK_FIELDS));
            assertThat(after).hasSize(frames).hasSameSizeAs(before);
            for (int i = 0; i < frames; i++) {
                String[] b = before.get(i);
                String[] a = after.get(i);
                String at = name + " frame " + (i + 1);
                assertThat(network(a[0])).as(at + " frame.protocols").isEqualTo(network(b[0]));
                assertThat(Arrays.copyOfRange(a, 4, a.length)).as(at + " network fields")
                        .isEqualTo(Arrays.copyOfRange(b, 4, b.length));
                String ethertype = !b[1].isEmpty() ? b[1] : network(b[0]).startsWith("ipv6") ? "0x86dd" : "0x0800";
                assertThat(a[1]).as(at + " eth.type").isEqualTo(ethertype);
                assertThat(a[2]).as(at + " eth.src").isEqualTo(b[2].isEmpty() ? "00:00:00:00:00:00" : b[2]);
                assertThat(a[3]).as(at + " eth.dst").isEqualTo("1".equals(b[3]) ? "ff:ff:ff:ff:ff:ff" : "00:00:00:00:00:00");
            }
        }));
    }

    /** Everything above the link layer, from {@code frame.protocols}. */
    private static String network(String protocols) {
        for (String prefix : new String[] {"eth:ethertype:", "sll:ethertype:", "null:", "raw:"}) {
            if (protocols.startsWith(prefix)) {
                return protocols.substring(prefix.length());
            }
        }
        return protocols;
    }

    private static String[] concat(String[] a, String[] b) {
        String[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    @TestFactory
    Stream<DynamicTest> otherLinkTypesPassUntouchedAndAreReported() {
        return UNSUPPORTED.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            try (CaptureReader in = CaptureReader.open(SharedCaptures.capture(name))) {
                CaptureRecord r = new CaptureRecord();
                LinkFrame lf = new LinkFrame();
                int frames = 0;
                while (in.next(r)) {
                    byte[] slot = new byte[HEADROOM + r.capturedLength()];
                    assertThat(LinkLayer.of(r.linkType())).isEqualTo(LinkLayer.OTHER);
                    assertThat(LinkLayer.OTHER.copyOffset(HEADROOM)).isEqualTo(HEADROOM);
                    int n = r.copyTo(slot, HEADROOM);
                    byte[] before = slot.clone();
                    lf.set(slot, HEADROOM, n, r.linkType());
                    assertThat(lf.toEthernet()).isEqualTo(Translation.UNSUPPORTED_LINK_TYPE);
                    assertThat(lf.toEthernet().ok()).isFalse();
                    assertThat(lf.fromEthernet()).isEqualTo(Translation.UNSUPPORTED_LINK_TYPE);
                    assertThat(slot).isEqualTo(before);
                    assertThat(lf.offset()).isEqualTo(HEADROOM);
                    assertThat(lf.length()).isEqualTo(n);
                    frames++;
                }
                assertThat(frames).isPositive();
            }
        }));
    }

    @Test
    void ethernetPassesAsItIs() throws IOException {
        try (CaptureReader in = CaptureReader.open(SharedCaptures.capture("zeek__http_get.pcap"))) {
            CaptureRecord r = new CaptureRecord();
            assertThat(in.next(r)).isTrue();
            byte[] slot = new byte[HEADROOM + r.capturedLength()];
            int n = r.copyTo(slot, LinkLayer.ETHERNET.copyOffset(HEADROOM));
            byte[] before = slot.clone();
            LinkFrame lf = new LinkFrame().set(slot, HEADROOM, n, r.linkType());
            assertThat(lf.toEthernet()).isEqualTo(Translation.ETHERNET);
            assertThat(lf.fromEthernet()).isEqualTo(Translation.ETHERNET);
            assertThat(lf.fromEthernet().ok()).isTrue();
            assertThat(slot).isEqualTo(before);
            assertThat(lf.offset()).isEqualTo(HEADROOM);
        }
    }

    // ---------------------------------------------------------------- hand-made frames

    /** An IPv4 header (20 bytes) and 8 bytes of payload. */
    private static byte[] ipv4() {
        byte[] ip = new byte[28];
        ip[0] = 0x45;
        ip[3] = 28;
        ip[8] = 64; // TTL
        ip[9] = 17;
        ip[12] = 10;
        ip[15] = 1;
        ip[16] = 10;
        ip[19] = 2;
        return ip;
    }

    private static byte[] sll(int packetType, int addressLength, int protocol, byte[] payload) {
        byte[] h = new byte[16 + payload.length];
        h[1] = (byte) packetType;
        h[3] = 1; // ARPHRD_ETHER
        h[5] = (byte) addressLength;
        for (int i = 0; i < 8; i++) {
            h[6 + i] = (byte) (0xa0 + i);
        }
        h[14] = (byte) (protocol >>> 8);
        h[15] = (byte) protocol;
        System.arraycopy(payload, 0, h, 16, payload.length);
        return h;
    }

    private static LinkFrame inSlot(byte[] frame, int linkType, int headroom) {
        byte[] slot = new byte[headroom + frame.length + 14];
        System.arraycopy(frame, 0, slot, headroom, frame.length);
        return new LinkFrame().set(slot, headroom, frame.length, linkType);
    }

    private static byte[] bytes(LinkFrame f) {
        return Arrays.copyOfRange(f.slot(), f.offset(), f.offset() + f.length());
    }

    @Test
    void sllGetsItsAddressAndABroadcastDestination() {
        LinkFrame f = inSlot(sll(LinuxCookedHeader.PACKET_BROADCAST, 6, EthernetHeader.ETH_P_IP, ipv4()),
                LinkType.LINKTYPE_LINUX_SLL, 64);
        assertThat(f.toEthernet()).isEqualTo(Translation.TRANSLATED);
        byte[] eth = bytes(f);
        assertThat(Arrays.copyOfRange(eth, 0, 6)).containsOnly((byte) 0xff);
        assertThat(Arrays.copyOfRange(eth, 6, 12)).containsExactly(0xa0, 0xa1, 0xa2, 0xa3, 0xa4, 0xa5);
        assertThat(Arrays.copyOfRange(eth, 12, 14)).containsExactly(0x08, 0x00);
        assertThat(Arrays.copyOfRange(eth, 14, eth.length)).isEqualTo(ipv4());
    }

    @Test
    void sllAddressesOfOtherLengthsAreNotUsed() {
        LinkFrame f = inSlot(sll(LinuxCookedHeader.PACKET_HOST, 8, EthernetHeader.ETH_P_IP, ipv4()),
                LinkType.LINKTYPE_LINUX_SLL, 64);
        assertThat(f.toEthernet()).isEqualTo(Translation.TRANSLATED);
        assertThat(Arrays.copyOfRange(bytes(f), 0, 12)).containsOnly(0);
    }

    @Test
    void programChangesBehindTheHeaderAreKeptAndAChangedEthertypeFollowsIntoSll() {
        byte[] original = sll(LinuxCookedHeader.PACKET_OUTGOING, 6, EthernetHeader.ETH_P_IP, ipv4());
        LinkFrame f = inSlot(original, LinkType.LINKTYPE_LINUX_SLL, 64);
        assertThat(f.toEthernet()).isEqualTo(Translation.TRANSLATED);
        f.slot()[f.offset() + 14 + 8] = 63; // the program decrements the TTL
        f.slot()[f.offset()] = 0x42; // and writes a destination address, which SLL has no place for
        f.slot()[f.offset() + 12] = (byte) 0x86; // and claims IPv6
        f.slot()[f.offset() + 13] = (byte) 0xdd;
        assertThat(f.fromEthernet()).isEqualTo(Translation.TRANSLATED);
        byte[] expected = original.clone();
        expected[16 + 8] = 63;
        expected[14] = (byte) 0x86;
        expected[15] = (byte) 0xdd;
        assertThat(bytes(f)).isEqualTo(expected);
    }

    @Test
    void sll2TranslatesBothWays() {
        byte[] ip = ipv4();
        byte[] h = new byte[20 + ip.length];
        h[0] = 0x08; // protocol IPv4
        h[7] = 3; // ifindex
        h[9] = 1; // ARPHRD_ETHER
        h[10] = LinuxCookedHeader.PACKET_HOST;
        h[11] = 6;
        for (int i = 0; i < 6; i++) {
            h[12 + i] = (byte) (0x10 + i);
        }
        System.arraycopy(ip, 0, h, 20, ip.length);
        LinkFrame f = inSlot(h, LinkType.LINKTYPE_LINUX_SLL2, 0); // SLL2 needs no headroom: its header is longer
        assertThat(f.toEthernet()).isEqualTo(Translation.TRANSLATED);
        assertThat(f.offset()).isEqualTo(6);
        assertThat(Arrays.copyOfRange(bytes(f), 0, 14)).containsExactly(0, 0, 0, 0, 0, 0, 0x10, 0x11, 0x12, 0x13, 0x14,
                0x15, 0x08, 0x00);
        assertThat(f.fromEthernet()).isEqualTo(Translation.TRANSLATED);
        assertThat(bytes(f)).isEqualTo(h);
    }

    @Test
    void loopbackFamiliesInEitherByteOrder() {
        byte[] ip = ipv4();
        for (int[] c : new int[][] {{LinkType.LINKTYPE_NULL, 2, 0, 0, 0, 0x0800}, {LinkType.LINKTYPE_NULL, 0, 0, 0, 2, 0x0800},
            {LinkType.LINKTYPE_NULL, 30, 0, 0, 0, 0x86dd}, {LinkType.LINKTYPE_NULL, 0, 0, 0, 28, 0x86dd},
            {LinkType.LINKTYPE_NULL, 24, 0, 0, 0, 0x86dd}, {LinkType.LINKTYPE_LOOP, 0, 0, 0, 2, 0x0800},
            {LinkType.LINKTYPE_LOOP, 0, 0, 0, 24, 0x86dd}}) {
            byte[] frame = new byte[4 + ip.length];
            for (int i = 0; i < 4; i++) {
                frame[i] = (byte) c[1 + i];
            }
            System.arraycopy(ip, 0, frame, 4, ip.length);
            LinkFrame f = inSlot(frame, c[0], 16);
            assertThat(f.toEthernet()).as(Arrays.toString(c)).isEqualTo(Translation.TRANSLATED);
            assertThat(f.offset()).isEqualTo(16 + 4 - 14);
            byte[] eth = bytes(f);
            assertThat((eth[12] & 0xff) << 8 | eth[13] & 0xff).as(Arrays.toString(c)).isEqualTo(c[5]);
            assertThat(f.fromEthernet()).isEqualTo(Translation.TRANSLATED);
            assertThat(bytes(f)).isEqualTo(frame);
        }
    }

    @Test
    void aLoopbackFamilyFollowsAnEthertypeChangedBetweenIpVersions() {
        byte[] frame = new byte[4 + 28];
        frame[3] = 2; // AF_INET, big endian
        LinkFrame f = inSlot(frame, LinkType.LINKTYPE_NULL, 16);
        assertThat(f.toEthernet()).isEqualTo(Translation.TRANSLATED);
        f.slot()[f.offset() + 12] = (byte) 0x86;
        f.slot()[f.offset() + 13] = (byte) 0xdd;
        assertThat(f.fromEthernet()).isEqualTo(Translation.TRANSLATED);
        assertThat(Arrays.copyOfRange(bytes(f), 0, 4)).containsExactly(0, 0, 0, NullHeader.BSD_AFNUM_INET6_BSD);
    }

    @Test
    void rawIpIsToldByItsVersion() {
        byte[] v6 = new byte[40];
        v6[0] = 0x60;
        LinkFrame f = inSlot(v6, LinkType.LINKTYPE_RAW, 14);
        assertThat(f.toEthernet()).isEqualTo(Translation.TRANSLATED);
        assertThat(f.offset()).isZero();
        assertThat(Arrays.copyOfRange(bytes(f), 0, 14)).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x86, 0xdd);
        byte[] v5 = new byte[40];
        v5[0] = 0x50;
        LinkFrame g = inSlot(v5, LinkType.LINKTYPE_RAW, 14);
        assertThat(g.toEthernet()).isEqualTo(Translation.UNKNOWN_PROTOCOL);
        // LINKTYPE_IPV4 says IPv4 whatever the nibble
        assertThat(inSlot(v5, LinkType.LINKTYPE_IPV4, 14).toEthernet()).isEqualTo(Translation.TRANSLATED);
    }

    @Test
    void framesThatCannotBeTranslatedAreLeftUntouched() {
        byte[] llc = sll(0, 6, 0x0004, new byte[20]); // 802.2 LLC: no ethertype
        List<Object[]> cases = List.of(
                new Object[] {llc, LinkType.LINKTYPE_LINUX_SLL, 64, Translation.UNKNOWN_PROTOCOL},
                new Object[] {new byte[10], LinkType.LINKTYPE_LINUX_SLL, 64, Translation.TOO_SHORT},
                new Object[] {new byte[19], LinkType.LINKTYPE_LINUX_SLL2, 64, Translation.TOO_SHORT},
                new Object[] {new byte[0], LinkType.LINKTYPE_RAW, 64, Translation.TOO_SHORT},
                new Object[] {new byte[] {0, 0, 0, 7, 1}, LinkType.LINKTYPE_NULL, 64, Translation.UNKNOWN_PROTOCOL},
                new Object[] {ipv4(), LinkType.LINKTYPE_RAW, 13, Translation.NO_HEADROOM},
                new Object[] {ipv4(), 147, 64, Translation.UNSUPPORTED_LINK_TYPE});
        for (Object[] c : cases) {
            LinkFrame f = inSlot((byte[]) c[0], (int) c[1], (int) c[2]);
            byte[] before = f.slot().clone();
            assertThat(f.toEthernet()).as("%s", LinkType.describe((int) c[1])).isEqualTo(c[3]);
            assertThat(f.slot()).isEqualTo(before);
            assertThat(f.offset()).isEqualTo((int) c[2]);
            assertThat(f.translated()).isFalse();
        }
    }

    @Test
    void goingBackNeedsRoomAndAnEthernetHeader() {
        LinkFrame f = inSlot(sll(0, 6, EthernetHeader.ETH_P_IP, ipv4()), LinkType.LINKTYPE_LINUX_SLL, 64);
        assertThat(f.fromEthernet()).isEqualTo(Translation.NOT_TRANSLATED);
        assertThat(f.toEthernet()).isEqualTo(Translation.TRANSLATED);
        int start = f.offset();
        f.setBounds(start, 13); // a program cut the frame below an Ethernet header
        assertThat(f.fromEthernet()).isEqualTo(Translation.TOO_SHORT);
        f.setBounds(0, 20); // a program moved the head to the slot's very start: no room for SLL's 2 extra bytes
        assertThat(f.fromEthernet()).isEqualTo(Translation.NO_HEADROOM);
        assertThatThrownBy(() -> f.setBounds(0, f.slot().length + 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void linkTypesAreNamedAsTcpdumpOrgNamesThem() {
        assertThat(LinkType.describe(276)).isEqualTo("LINKTYPE_LINUX_SLL2 (276)");
        assertThat(LinkType.describe(147)).isEqualTo("147 (unnamed link type)");
        assertThat(Stream.of(LinkLayer.values()).filter(LinkLayer::supported).map(LinkLayer::linkType).toList())
                .containsExactly(1, 113, 276, 101, 228, 229, 0, 108);
        for (LinkLayer l : LinkLayer.values()) {
            if (l.supported()) {
                assertThat(LinkLayer.of(l.linkType())).isEqualTo(l);
            }
        }
    }
}
