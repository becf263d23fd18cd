package org.jxdp.hooks.dos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading rules files: the schema's every field, and each mistake named with its line. */
class RulesFileTest {

    private static List<String> errors(String yaml) {
        try {
            RulesFile.parse("r.yaml", yaml);
        } catch (RulesException e) {
            return e.errors().stream().map(RuleError::toString).toList();
        }
        throw new AssertionError("no error in:\n" + yaml);
    }

    @Test
    void theBundledDefaultsRead() {
        DosRules d = RulesFile.defaults();
        assertThat(d.defaultDrop()).isFalse();
        assertThat(d.tcpFlagSanity()).isTrue();
        assertThat(d.synPps()).isEqualTo(100);
        assertThat(d.minFragmentSize()).isEqualTo(400);
        assertThat(d.amplification()).extracting(AmplificationPort::port).contains(19, 53, 123, 161, 389, 1900, 11211,
                37810);
        assertThat(d.rules()).extracting(MatchRule::id).startsWith(RuleIds.DOS_RULE_FIRST_USER);
        assertThat(d.ruleName(d.amplification().get(0).id())).isEqualTo("amplification qotd (udp/17)");
        assertThat(d.ruleName(RuleIds.DOS_RULE_TCP_FLAGS)).isEqualTo("TCP flags");
    }

    @Test
    void everyFieldIsRead() throws Exception {
        DosRules r = RulesFile.parse("r.yaml", """
                default: drop
                tcp_flag_sanity: false
                rate_limit: {packets_per_second: 10, bits_per_second: 8000, fragments_per_second: 3, ban: 500ms}
                syn_cookies: {syn_per_second: 7}
                allow: [192.0.2.0/24]
                deny: ["2001:db8::/32", 203.0.113.7]
                bans: [{source: 198.51.100.1, for: 2h}]
                amplification: [{port: 19, max_payload: 0}]
                rules:
                  - name: r1
                    action: ban
                    ban: 1d
                    proto: tcp
                    src: 10.0.0.0/8
                    dst: 10.1.0.0/16
                    src_port: 1-1023
                    dst_port: 80
                    length: 40-60
                    ttl: 0-1
                    tos: 4
                    tcp_flags: {set: [syn], clear: [ACK, FIN]}
                """);
        assertThat(r.defaultDrop()).isTrue();
        assertThat(r.tcpFlagSanity()).isFalse();
        assertThat(r.srcPps()).isEqualTo(10);
        assertThat(r.srcBps()).isEqualTo(8000);
        assertThat(r.fragPps()).isEqualTo(3);
        assertThat(r.banNs()).isEqualTo(500_000_000L);
        assertThat(r.synPps()).isEqualTo(7);
        assertThat(r.deny()).extracting(Cidr::toString).containsExactly("2001:db8:0:0:0:0:0:0/32", "203.0.113.7/32");
        assertThat(r.bans().get(0).durationNs()).isEqualTo(7_200_000_000_000L);
        assertThat(r.amplification().get(0).id()).isEqualTo(17);
        MatchRule m = r.rules().get(0);
        assertThat(m.id()).isEqualTo(16);
        assertThat(m.line()).isEqualTo(10);
        assertThat(m.action()).isEqualTo(MatchRule.Action.BAN);
        assertThat(m.banNs()).isEqualTo(86_400_000_000_000L);
        assertThat(m.proto()).isEqualTo(6);
        assertThat(m.family()).isEqualTo(4);
        assertThat(m.srcPort()).isEqualTo(new Range(1, 1023));
        assertThat(m.dstPort()).isEqualTo(new Range(80, 80));
        assertThat(m.ttl()).isEqualTo(new Range(0, 1));
        assertThat(m.icmpType()).isEqualTo(Range.any(255));
        assertThat(m.tcpMask()).isEqualTo(0x13);
        assertThat(m.tcpValue()).isEqualTo(0x02);
        assertThat(m.needsL4()).isTrue();
        byte[] v = DosMapImage.rule(m);
        assertThat(v).hasSize(DosMapImage.RULE_SIZE);
        assertThat(v[4]).isEqualTo((byte) 3);
        assertThat(v[32 + 10]).as("::ffff:10.0.0.0").isEqualTo((byte) 0xff);
        assertThat(v[48 + 12]).as("/8 mask").isEqualTo((byte) 0xff);
        assertThat(v[48 + 13]).isZero();
    }

    @Test
    void eachMistakeIsNamedWithItsLine() {
        assertThat(errors("""
                default: maybe
                rate_limit:
                  packets_per_second: lots
                  ban: 5 minutes
                deny: [10.0.0.300/8, 10.1.2.3/8, "2001:db8::/129"]
                bans: [{source: 10.0.0.0/24, for: 1m}]
                amplification:
                  - {port: 123, max_payload: 100}
                  - {port: 123, max_payload: 100}
                  - {port: 1-5, max_payload: 1}
                rules:
                  - name: a
                    action: drop
                    dst_port: 80
                  - name: a
                    action: ban
                    protocol: udp
                  - name: c
                    action: pass
                    proto: tcp
                    ttl: 300
                    tcp_flags: {set: [SYN, BOGUS], clear: [SYN]}
                  - name: d
                    action: drop
                    proto: icmp
                    src: 10.0.0.0/8
                    dst: "2001:db8::/32"
                    icmp_type: 9-3
                colour: blue
                """)).containsExactly(
                "r.yaml:1: default must be pass or drop",
                "r.yaml:3: expected a whole number, not 'lots'",
                "r.yaml:4: expected a duration such as 500ms, 30s, 10m, 1h or 1d, not '5 minutes'",
                "r.yaml:5: '10.0.0.300/8' is not an IP address or prefix",
                "r.yaml:5: '10.1.2.3/8' has host bits set; the network is 10.0.0.0/8",
                "r.yaml:5: '2001:db8::/129': prefix length must be 0..128",
                "r.yaml:6: a ban is of one address, not a prefix (use deny)",
                "r.yaml:9: port 123 is listed twice",
                "r.yaml:10: an amplification port is one port, not a range",
                "r.yaml:12: ports need proto: tcp or udp",
                "r.yaml:15: rule name 'a' is used twice",
                "r.yaml:16: action ban needs a ban duration (ban: 10m)",
                "r.yaml:17: unknown key 'protocol' in a rule (known: action, ban, dst, dst_port, family, icmp_code, "
                        + "icmp_type, length, name, proto, src, src_port, tcp_flags, tos, ttl)",
                "r.yaml:21: '300' must be within 0-255, low end first",
                "r.yaml:22: 'BOGUS' is not a TCP flag (FIN, SYN, RST, PSH, ACK, URG, ECE, CWR)",
                "r.yaml:22: a flag cannot be both set and clear",
                "r.yaml:23: the rule's prefixes and family disagree",
                "r.yaml:28: '9-3' must be within 0-255, low end first",
                "r.yaml:29: unknown key 'colour' in the rules file (known: allow, amplification, bans, default, deny, "
                        + "min_fragment_size, rate_limit, rules, syn_cookies, tcp_flag_sanity)");
    }

    @Test
    void brokenYamlIsOneErrorWithItsLine() {
        assertThat(errors("rules:\n  - name: a\n    action: [drop\n")).hasSize(1).first().asString()
                .startsWith("r.yaml:4: not valid YAML: ");
        assertThat(errors("- just\n- a list\n")).containsExactly(
                "r.yaml:1: the rules file must be a mapping of keys to values");
        assertThat(errors("deny: [a]\ndeny: [b]\n")).contains("r.yaml:2: key 'deny' appears twice");
    }

    @Test
    void anEmptyFilePassesEverything() throws Exception {
        DosRules r = RulesFile.parse("e.yaml", "# nothing\n");
        assertThat(r.defaultDrop()).isFalse();
        assertThat(r.rules()).isEmpty();
    }

    @Test
    void tooManyRulesAreRefused() {
        StringBuilder b = new StringBuilder("rules:\n");
        for (int i = 0; i < 65; i++) {
            b.append("  - {name: r").append(i).append(", action: drop}\n");
        }
        assertThatThrownBy(() -> RulesFile.parse("m.yaml", b.toString())).isInstanceOf(RulesException.class)
                .hasMessage("m.yaml:1: at most 64 rules, not 65");
    }
}
