package org.jxdp.hooks.dos;

import static org.jxdp.hooks.dos.DosFrames.frame;
import static org.jxdp.hooks.dos.RuleIds.DOS_RULE_ALLOW;
import static org.jxdp.hooks.dos.RuleIds.DOS_RULE_BANNED;
import static org.jxdp.hooks.dos.RuleIds.DOS_RULE_DEFAULT;
import static org.jxdp.hooks.dos.RuleIds.DOS_RULE_DENY;
import static org.jxdp.hooks.dos.RuleIds.DOS_RULE_MALFORMED;
import static org.jxdp.hooks.dos.RuleIds.DOS_RULE_NON_IP;
import static org.jxdp.hooks.dos.RuleIds.DOS_RULE_TCP_FLAGS;
import static org.jxdp.hooks.dos.RuleIds.DOS_RULE_TINY_FRAGMENT;

import java.util.ArrayList;
import java.util.List;

/**
 * Frames for every rule kind and parsing pitfall of the DoS filter that does not depend on time,
 * each with the verdict and rule id the filter must give it under {@link #RULES}: used on jxdp's
 * engines ({@code DosFilterTest}) and, the same frames and rules, in the kernel
 * ({@code DosFilterKernelTest}).
 */
public final class DosCases {
    /** XDP_DROP. */
    public static final int DROP = 1;
    /** XDP_PASS. */
    public static final int PASS = 2;

    /** The rules the cases are judged by (ids: rules 16-24, amplification ntp 25, ssdp 26). */
    public static final String RULES = """
            default: pass
            tcp_flag_sanity: true
            min_fragment_size: 400
            allow: [192.0.2.0/24, "2001:db8:aa::/48"]
            deny: [203.0.113.0/24, "2001:db8:bad::/48"]
            bans: [{source: 198.51.100.99, for: 1h}]
            amplification:
              - {port: 123, name: ntp, max_payload: 100}
              - {port: 1900, name: ssdp, max_payload: 0}
            rules:
              - {name: no-8080, action: drop, proto: tcp, dst_port: 8080}
              - {name: ttl-zero, action: drop, ttl: 0}
              - {name: big-echo, action: drop, proto: icmp, icmp_type: 8, length: 1000-65535}
              - {name: tos-ef, action: drop, tos: 184}
              - {name: v6-big-echo, action: drop, proto: icmpv6, icmp_type: 128, length: 1200-65535}
              - {name: cgnat-to-game-ports, action: drop, proto: udp, src: 100.64.0.0/10, dst_port: 30000-40000}
              - {name: icmp-admin-prohibited, action: drop, proto: icmp, icmp_type: 3, icmp_code: 10-15}
              - {name: syn-ece, action: drop, proto: tcp, tcp_flags: {set: [SYN, ECE], clear: [ACK]}}
              - {name: ntp-from-private, action: pass, proto: udp, src: 10.0.0.0/8, src_port: 123}
            """;

    /**
     * One frame and what the filter must do with it.
     *
     * @param name what the frame is
     * @param frame its bytes
     * @param verdict XDP_PASS or XDP_DROP
     * @param rule the rule id that decides
     */
    public record Case(String name, byte[] frame, int verdict, int rule) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final long A = 0x0a010101L;      // 10.1.1.1
    private static final long B = 0x0a020202L;      // 10.2.2.2
    private static final long NET = 0x08080808L;    // 8.8.8.8

    private DosCases() {
    }

    /** The cases, in a fixed order. */
    public static List<Case> all() {
        List<Case> c = new ArrayList<>();
        c.add(new Case("arp", frame().eth(0x0806).pad(60).get(), PASS, DOS_RULE_NON_IP));
        c.add(new Case("ipv4 ihl 4", frame().eth(0x0800).ipv4(4, 40, 0, 64, 6, A, B).pad(60).get(), DROP,
                DOS_RULE_MALFORMED));
        c.add(new Case("ipv4 total length past the frame", frame().eth(0x0800).ipv4(5, 200, 0, 64, 17, A, B)
                .udp(1, 2, 8).pad(60).get(), DROP, DOS_RULE_MALFORMED));
        c.add(new Case("ipv4 total length shorter than the header", frame().eth(0x0800).ipv4(5, 16, 0, 64, 17, A, B)
                .udp(1, 2, 8).pad(60).get(), DROP, DOS_RULE_MALFORMED));
        c.add(new Case("ipv4 truncated header", frame().eth(0x0800).bytes(0x45, 0, 0, 40, 0, 0).get(), DROP,
                DOS_RULE_MALFORMED));
        c.add(new Case("ipv4 options, tcp to 8080", frame().eth(0x0800).ipv4(7, 48, 0, 64, 6, A, B)
                .tcp(1234, 8080, 0x10).pad(62).get(), DROP, 16));
        c.add(new Case("ipv4 options, tcp to 80", frame().eth(0x0800).ipv4(7, 48, 0, 64, 6, A, B)
                .tcp(1234, 80, 0x10).pad(62).get(), PASS, DOS_RULE_DEFAULT));
        c.add(new Case("qinq ssdp reflection", frame().ethTagged(0x0800, 0x88a8, 100, 0x8100, 200)
                .ipv4(5, 36, 0, 64, 17, NET, B).udp(1900, 5555, 16).pad(70).get(), DROP, 26));
        c.add(new Case("three tags ssdp reflection", frame().ethTagged(0x0800, 0x8100, 1, 0x8100, 2, 0x8100, 3)
                .ipv4(5, 36, 0, 64, 17, NET, B).udp(1900, 5555, 16).pad(70).get(), DROP, 26));
        c.add(new Case("five tags", frame().ethTagged(0x0800, 0x8100, 1, 0x8100, 2, 0x8100, 3, 0x8100, 4, 0x8100, 5)
                .ipv4(5, 36, 0, 64, 17, NET, B).udp(1900, 5555, 16).pad(80).get(), DROP, DOS_RULE_MALFORMED));
        c.add(new Case("non-first udp fragment that looks like ssdp", frame().eth(0x0800)
                .ipv4(5, 36, 100, 64, 17, NET, B).udp(1900, 5555, 16).pad(60).get(), PASS, DOS_RULE_DEFAULT));
        c.add(new Case("non-first tcp fragment that looks like port 8080", frame().eth(0x0800)
                .ipv4(5, 40, 100, 64, 6, A, B).tcp(1234, 8080, 0x10).pad(60).get(), PASS, DOS_RULE_DEFAULT));
        c.add(new Case("short fragment with more to come", frame().eth(0x0800).ipv4(5, 36, 0x2000 | 100, 64, 17, A, B)
                .udp(1900, 5555, 16).pad(60).get(), DROP, DOS_RULE_TINY_FRAGMENT));
        c.add(new Case("short ipv6 fragment with more to come", frame().eth(0x86dd).ipv6(44, 32, 0xa, 1)
                .ipv6Fragment(17, 10, true).udp(1900, 5555, 24).pad(86).get(), DROP, DOS_RULE_TINY_FRAGMENT));
        c.add(new Case("tiny first tcp fragment", frame().eth(0x0800).ipv4(5, 28, 0x2000, 64, 6, A, B)
                .u16(1234).u16(80).u32(1).pad(60).get(), DROP, DOS_RULE_TINY_FRAGMENT));
        c.add(new Case("tcp fragment at offset 8", frame().eth(0x0800).ipv4(5, 40, 1, 64, 6, A, B)
                .tcp(1234, 80, 0x02).pad(60).get(), DROP, DOS_RULE_TINY_FRAGMENT));
        c.add(new Case("first udp fragment of a large ntp monlist", frame().eth(0x0800).ipv4(5, 600, 0x2000, 64, 17,
                NET, B).udp(123, 80, 1000).pad(614).get(), DROP, 25));
        c.add(new Case("ipv6 hbh, dstopts, atomic fragment, ssdp", frame().eth(0x86dd).ipv6(0, 48, 0xa, 1)
                .ipv6Options(60).ipv6Options(44).ipv6Fragment(17, 0, false).udp(1900, 5555, 24).pad(110).get(), DROP,
                26));
        c.add(new Case("ipv6 non-first fragment that looks like ssdp", frame().eth(0x86dd).ipv6(44, 32, 0xa, 1)
                .ipv6Fragment(17, 10, false).udp(1900, 5555, 24).pad(86).get(), PASS, DOS_RULE_DEFAULT));
        DosFrames seven = frame().eth(0x86dd).ipv6(0, 7 * 8 + 8, 0xa, 1);
        for (int i = 0; i < 6; i++) {
            seven.ipv6Options(0);
        }
        c.add(new Case("ipv6 more extension headers than the walk", seven.ipv6Options(17).udp(1, 2, 8).get(), DROP,
                DOS_RULE_MALFORMED));
        c.add(new Case("ipv6 ah, large icmpv6 echo", frame().eth(0x86dd).ipv6(51, 1260, 0xa, 1).ipv6Ah(58)
                .bytes(128, 0, 0, 0, 0, 1, 0, 1).pad(14 + 40 + 1260).get(), DROP, 20));
        c.add(new Case("ipv6 small icmpv6 echo", frame().eth(0x86dd).ipv6(58, 16, 0xa, 1)
                .bytes(128, 0, 0, 0, 0, 1, 0, 1).pad(14 + 40 + 16).get(), PASS, DOS_RULE_DEFAULT));
        c.add(new Case("ipv6 payload length past the frame", frame().eth(0x86dd).ipv6(58, 400, 0xa, 1)
                .bytes(128, 0, 0, 0, 0, 1, 0, 1).pad(14 + 40 + 16).get(), DROP, DOS_RULE_MALFORMED));
        c.add(new Case("allowed source with syn+fin", frame().eth(0x0800).ipv4(5, 40, 0, 64, 6, 0xc0000205L, B)
                .tcp(1, 80, 0x03).pad(60).get(), PASS, DOS_RULE_ALLOW));
        c.add(new Case("allowed ipv6 source", frame().eth(0x86dd).ipv6(6, 20, 0xaa, 1).tcp(1, 80, 0x03).get(), PASS,
                DOS_RULE_ALLOW));
        c.add(new Case("denied source", frame().eth(0x0800).ipv4(5, 40, 0, 64, 6, 0xcb007109L, B)
                .tcp(1, 80, 0x10).pad(60).get(), DROP, DOS_RULE_DENY));
        c.add(new Case("denied ipv6 source", frame().eth(0x86dd).ipv6(6, 20, 0xbad, 1).tcp(1, 80, 0x10).get(), DROP,
                DOS_RULE_DENY));
        c.add(new Case("banned source", frame().eth(0x0800).ipv4(5, 40, 0, 64, 6, 0xc6336463L, B)
                .tcp(1, 80, 0x10).pad(60).get(), DROP, DOS_RULE_BANNED));
        int[][] flags = {{0x00}, {0x03}, {0x06}, {0x29}};
        String[] names = {"null", "syn+fin", "syn+rst", "xmas"};
        for (int i = 0; i < flags.length; i++) {
            c.add(new Case("tcp " + names[i], frame().eth(0x0800).ipv4(5, 40, 0, 64, 6, A, B)
                    .tcp(1, 80, flags[i][0]).pad(60).get(), DROP, DOS_RULE_TCP_FLAGS));
        }
        c.add(new Case("tcp doff 4", frame().eth(0x0800).ipv4(5, 40, 0, 64, 6, A, B).u16(1).u16(80).u32(1).u32(0)
                .bytes(0x40, 0x10).u16(1).u32(0).pad(60).get(), DROP, DOS_RULE_MALFORMED));
        c.add(new Case("ttl 0", frame().eth(0x0800).ipv4(5, 40, 0, 0, 6, A, B).tcp(1, 80, 0x10).pad(60).get(), DROP,
                17));
        c.add(new Case("large icmp echo", frame().eth(0x0800).ipv4(5, 1028, 0, 64, 1, A, B)
                .bytes(8, 0, 0, 0, 0, 1, 0, 1).pad(14 + 1028).get(), DROP, 18));
        c.add(new Case("small icmp echo", frame().eth(0x0800).ipv4(5, 84, 0, 64, 1, A, B)
                .bytes(8, 0, 0, 0, 0, 1, 0, 1).pad(14 + 84).get(), PASS, DOS_RULE_DEFAULT));
        c.add(new Case("tos 0xb8", frame().eth(0x0800).ipv4(5, 40, 0, 64, 0xb8, 6, A, B).tcp(1, 80, 0x10).pad(60)
                .get(), DROP, 19));
        c.add(new Case("cgnat source to a game port", frame().eth(0x0800).ipv4(5, 36, 0, 64, 17, 0x64400101L, B)
                .udp(5000, 35000, 16).pad(60).get(), DROP, 21));
        c.add(new Case("outside the cgnat prefix", frame().eth(0x0800).ipv4(5, 36, 0, 64, 17, 0x64800001L, B)
                .udp(5000, 35000, 16).pad(60).get(), PASS, DOS_RULE_DEFAULT));
        c.add(new Case("icmp admin prohibited", frame().eth(0x0800).ipv4(5, 56, 0, 64, 1, A, B)
                .bytes(3, 13, 0, 0, 0, 0, 0, 0).ipv4(5, 36, 0, 64, 17, NET, B).udp(1900, 5555, 16).pad(70).get(), DROP,
                22));
        c.add(new Case("icmp port unreachable quoting ssdp", frame().eth(0x0800).ipv4(5, 56, 0, 64, 1, A, B)
                .bytes(3, 3, 0, 0, 0, 0, 0, 0).ipv4(5, 36, 0, 64, 17, NET, B).udp(1900, 5555, 16).pad(70).get(), PASS,
                DOS_RULE_DEFAULT));
        c.add(new Case("syn with ece", frame().eth(0x0800).ipv4(5, 40, 0, 64, 6, A, B).tcp(1, 80, 0x42).pad(60).get(),
                DROP, 23));
        c.add(new Case("ntp monlist reflection", frame().eth(0x0800).ipv4(5, 428, 0, 64, 17, NET, B)
                .udp(123, 80, 408).pad(14 + 428).get(), DROP, 25));
        c.add(new Case("ntp server to server", frame().eth(0x0800).ipv4(5, 428, 0, 64, 17, NET, B)
                .udp(123, 123, 408).pad(14 + 428).get(), PASS, DOS_RULE_DEFAULT));
        c.add(new Case("ntp client answer", frame().eth(0x0800).ipv4(5, 76, 0, 64, 17, NET, B)
                .udp(123, 40000, 56).pad(14 + 76).get(), PASS, DOS_RULE_DEFAULT));
        c.add(new Case("large ntp from a private source (pass rule)", frame().eth(0x0800)
                .ipv4(5, 428, 0, 64, 17, 0x0a050505L, B).udp(123, 80, 408).pad(14 + 428).get(), PASS, 24));
        c.add(new Case("udp length below 8", frame().eth(0x0800).ipv4(5, 36, 0, 64, 17, A, B).udp(1, 2, 4).pad(60)
                .get(), DROP, DOS_RULE_MALFORMED));
        c.add(new Case("udp length past the ip packet", frame().eth(0x0800).ipv4(5, 36, 0, 64, 17, A, B)
                .udp(1, 2, 40).pad(60).get(), DROP, DOS_RULE_MALFORMED));
        return c;
    }
}
