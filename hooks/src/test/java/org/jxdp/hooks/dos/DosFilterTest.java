package org.jxdp.hooks.dos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jxdp.hooks.dos.DosCases.DROP;
import static org.jxdp.hooks.dos.DosCases.PASS;
import static org.jxdp.hooks.dos.DosFrames.frame;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.object.BpfProgram;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.hooks.XdpTestRun;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The bundled DoS filter on jxdp's engines: every rule kind and parsing pitfall of
 * {@link DosCases}, then the rules that depend on time (rate limits, bans and their expiry, the
 * ban action, fragment rates, SYN cookies) on a clock the test moves, and the counters.
 */
class DosFilterTest {
    private static final long S = 1_000_000_000L;
    private static final long B = 0x0a020202L;

    /** A loaded filter with rules applied, on a clock the test sets. */
    static final class Filter {
        final BpfObject obj;
        final BpfProgram prog;
        final DosRules rules;
        long now = DosFilter.START_NS;

        Filter(EngineKind kind, String yaml) throws Exception {
            obj = DosFilter.open(1, kind);
            obj.runtime().clock(w -> now);
            prog = obj.program(DosFilter.PROGRAM);
            rules = RulesFile.parse("test.yaml", yaml);
            DosMaps.apply(obj, rules, DosFilter.START_NS);
        }

        XdpTestRun.Result run(byte[] frame) {
            XdpTestRun.Result r = XdpTestRun.run(prog, frame, 1);
            assertThat(r.fault()).isNull();
            return r;
        }

        int verdict(byte[] frame) {
            return (int) run(frame).retval();
        }

        /** Frames per rule id so far. */
        Map<Integer, Long> hits() {
            Map<Integer, Long> m = new TreeMap<>();
            for (DosReport.RuleHits h : DosReport.read(obj, rules, 100).hits()) {
                m.put(h.id(), h.packets());
            }
            return m;
        }
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void everyCaseGetsItsVerdictAndRule(EngineKind kind) throws Exception {
        Filter f = new Filter(kind, DosCases.RULES);
        f.now = DosFilter.START_NS + S;
        Map<Integer, Long> expected = new TreeMap<>();
        List<String> wrong = new ArrayList<>();
        for (DosCases.Case c : DosCases.all()) {
            Map<Integer, Long> before = f.hits();
            int v = f.verdict(c.frame());
            Map<Integer, Long> after = f.hits();
            int rule = -1;
            for (Map.Entry<Integer, Long> e : after.entrySet()) {
                if (e.getValue() > before.getOrDefault(e.getKey(), 0L)) {
                    rule = e.getKey();
                }
            }
            if (v != c.verdict() || rule != c.rule()) {
                wrong.add(c.name() + ": verdict " + v + " rule " + rule + ", expected verdict " + c.verdict()
                        + " rule " + c.rule());
            }
            expected.merge(c.rule(), 1L, Long::sum);
        }
        assertThat(wrong).isEmpty();
        assertThat(f.hits()).isEqualTo(expected);
        DosReport r = DosReport.read(f.obj, f.rules, 3);
        assertThat(r.talkers()).first().isEqualTo(new DosReport.Talker("10.1.1.1", 16));
        assertThat(r.talkers().get(1)).isEqualTo(new DosReport.Talker("8.8.8.8", 4));
        assertThat(r.hits()).anySatisfy(h -> assertThat(h.name()).isEqualTo("amplification ntp (udp/123)"));
    }

    private static byte[] tcp(long src, int sport, long seq, long ack, int flags) {
        return frame().eth(0x0800).ipv4(5, 40, 0, 64, 6, src, B).tcp(sport, 80, seq, ack, flags).pad(60).get();
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void aSourceOverItsRateIsBannedUntilTheBanEnds(EngineKind kind) throws Exception {
        Filter f = new Filter(kind, "rate_limit: {packets_per_second: 5, ban: 10s}\n");
        byte[] x = tcp(0x0a090909L, 1000, 1, 1, 0x10);
        for (int i = 0; i < 5; i++) {
            f.now = DosFilter.START_NS + i * 100_000_000L;
            assertThat(f.verdict(x)).as("frame %d", i).isEqualTo(PASS);
        }
        f.now += 100_000_000L;
        assertThat(f.verdict(x)).isEqualTo(DROP);
        assertThat(f.hits()).containsEntry(RuleIds.DOS_RULE_RATE, 1L);
        f.now += 5 * S;
        assertThat(f.verdict(x)).isEqualTo(DROP);
        assertThat(f.hits()).containsEntry(RuleIds.DOS_RULE_BANNED, 1L);
        assertThat(f.verdict(tcp(0x0a090908L, 1000, 1, 1, 0x10))).as("another source").isEqualTo(PASS);
        f.now += 6 * S;
        assertThat(f.verdict(x)).as("after the ban").isEqualTo(PASS);
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void aByteRateAndAFragmentRateBan(EngineKind kind) throws Exception {
        Filter f = new Filter(kind, "rate_limit: {bits_per_second: 4000, fragments_per_second: 2, ban: 1s}\n");
        byte[] big = frame().eth(0x0800).ipv4(5, 300, 0, 64, 17, 0x0a090909L, B).udp(5, 6, 280).pad(314).get();
        assertThat(f.verdict(big)).isEqualTo(PASS);           // 2,400 bits
        assertThat(f.verdict(big)).isEqualTo(DROP);           // 4,800 bits
        assertThat(f.hits()).containsEntry(RuleIds.DOS_RULE_RATE, 1L);
        byte[] frag = frame().eth(0x0800).ipv4(5, 36, 100, 64, 17, 0x0a080808L, B).udp(5, 6, 16).pad(60).get();
        assertThat(f.verdict(frag)).isEqualTo(PASS);
        assertThat(f.verdict(frag)).isEqualTo(PASS);
        assertThat(f.verdict(frag)).isEqualTo(DROP);
        assertThat(f.hits()).containsEntry(RuleIds.DOS_RULE_FRAG_RATE, 1L);
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void bansFromTheFileAndTheBanActionExpire(EngineKind kind) throws Exception {
        Filter f = new Filter(kind, """
                bans: [{source: 198.51.100.99, for: 5s}, {source: "2001:db8:5::1", for: 5s}]
                rules:
                  - {name: telnet, action: ban, ban: 30s, proto: tcp, dst_port: 23}
                """);
        byte[] banned = tcp(0xc6336463L, 1, 1, 1, 0x10);
        byte[] v6 = frame().eth(0x86dd).ipv6(6, 20, 5, 0x77).tcp(1, 80, 0x10).get();   // same /64, another host
        f.now = DosFilter.START_NS + S;
        assertThat(f.verdict(banned)).isEqualTo(DROP);
        assertThat(f.verdict(v6)).isEqualTo(DROP);
        f.now = DosFilter.START_NS + 6 * S;
        assertThat(f.verdict(banned)).isEqualTo(PASS);
        assertThat(f.verdict(v6)).isEqualTo(PASS);
        byte[] telnet = frame().eth(0x0800).ipv4(5, 40, 0, 64, 6, 0x0a070707L, B).tcp(1, 23, 0x02).pad(60).get();
        assertThat(f.verdict(telnet)).isEqualTo(DROP);
        assertThat(f.hits()).containsEntry(RuleIds.DOS_RULE_FIRST_USER, 1L);
        assertThat(f.verdict(tcp(0x0a070707L, 1, 1, 1, 0x10))).as("banned by the rule").isEqualTo(DROP);
        f.now += 31 * S;
        assertThat(f.verdict(tcp(0x0a070707L, 1, 1, 1, 0x10))).isEqualTo(PASS);
        assertThat(f.hits()).containsEntry(RuleIds.DOS_RULE_BANNED, 3L);
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void aDestinationOverItsSynRateAnswersWithCookiesAndOnlyValidAcksPass(EngineKind kind) throws Exception {
        Filter f = new Filter(kind, "syn_cookies: {syn_per_second: 3}\n");
        for (int i = 0; i < 3; i++) {
            assertThat(f.verdict(tcp(0x0a000001L + i, 40000, 1000, 0, 0x02))).isEqualTo(PASS);
        }
        byte[] syn = frame().eth(0x0800).ipv4(5, 44, 0x4000, 64, 6, 0x0a000009L, B).tcp(40009, 80, 5000, 0, 0x02)
                .pad(58).get();
        syn[14 + 20 + 12] = 0x60;   // data offset 6: one option, MSS 1460
        System.arraycopy(new byte[] {2, 4, 0x05, (byte) 0xb4}, 0, syn, 54, 4);
        XdpTestRun.Result r = f.run(syn);
        assertThat(r.retval()).isEqualTo(3);   // XDP_TX
        // the test run's output starts at the metadata: the rule id, then the frame
        assertThat(ByteBuffer.wrap(r.dataOut()).order(java.nio.ByteOrder.LITTLE_ENDIAN).getInt(0))
                .isEqualTo(RuleIds.DOS_RULE_SYNCOOKIE_SENT);
        byte[] sent = java.util.Arrays.copyOfRange(r.dataOut(), 4, r.dataOut().length);
        ByteBuffer out = ByteBuffer.wrap(sent);
        assertThat(sent).hasSize(14 + 20 + 24);
        assertThat(out.getInt(14 + 12)).as("source").isEqualTo((int) B);
        assertThat(out.getInt(14 + 16)).as("destination").isEqualTo(0x0a000009);
        assertThat(out.getShort(14 + 20) & 0xffff).isEqualTo(80);
        assertThat(out.getShort(14 + 22) & 0xffff).isEqualTo(40009);
        assertThat(out.getInt(14 + 28)).as("ack = seq + 1").isEqualTo(5001);
        assertThat(out.get(14 + 33)).as("SYN|ACK").isEqualTo((byte) 0x12);
        assertThat(out.getShort(14 + 20 + 20) & 0xffff).as("MSS option kind/len").isEqualTo(0x0204);
        assertThat(checksum(sent, 14, 20)).as("ip checksum").isZero();
        assertThat(tcpChecksum(sent)).as("tcp checksum").isZero();
        long cookie = out.getInt(14 + 24) & 0xffffffffL;
        assertThat(f.verdict(tcp(0x0a000009L, 40009, 5001, cookie + 1, 0x10))).as("valid cookie").isEqualTo(PASS);
        assertThat(f.verdict(tcp(0x0a000009L, 40009, 5001, cookie + 1, 0x18))).as("now a known flow").isEqualTo(PASS);
        assertThat(f.verdict(tcp(0x0a00000aL, 40010, 5001, cookie + 1, 0x10))).as("someone else's cookie")
                .isEqualTo(DROP);
        assertThat(f.verdict(tcp(0x0a000001L, 40000, 1001, 77, 0x10))).as("flow whose SYN passed").isEqualTo(PASS);
        assertThat(f.hits()).containsEntry(RuleIds.DOS_RULE_SYNCOOKIE_SENT, 1L)
                .containsEntry(RuleIds.DOS_RULE_SYNCOOKIE_OK, 1L).containsEntry(RuleIds.DOS_RULE_SYNCOOKIE_BAD, 1L);
        f.now += 3 * S;
        assertThat(f.verdict(tcp(0x0a00000bL, 40011, 1, 1, 0x10))).as("cookie mode over").isEqualTo(PASS);
    }

    private static int checksum(byte[] b, int off, int len) {
        long sum = 0;
        for (int i = 0; i < len; i += 2) {
            sum += ((b[off + i] & 0xff) << 8) | (i + 1 < len ? b[off + i + 1] & 0xff : 0);
        }
        while (sum >> 16 != 0) {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (int) (~sum & 0xffff);
    }

    private static int tcpChecksum(byte[] f) {
        int len = f.length - 34;
        byte[] p = new byte[12 + len];
        System.arraycopy(f, 26, p, 0, 8);
        p[9] = 6;
        p[10] = (byte) (len >> 8);
        p[11] = (byte) len;
        System.arraycopy(f, 34, p, 12, len);
        return checksum(p, 0, p.length);
    }
}
