package org.jxdp.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jxdp.cli.ReplayCommandTest.jxdp;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.jxdp.cli.ReplayCommandTest.Run;

/**
 * {@code jxdp replay} with the bundled DoS filter: the default with no --prog, the summary's
 * rule hits and top talkers, --rules, {@code jxdp rules check}; each attack profile of
 * {@code jxdp gen} loses its attack frames and keeps its benign ones; the real captures of
 * {@code ../shared/pcaps} (skipped with the reason when absent) lose exactly their attack frames,
 * and the benign ones pass whole.
 */
class DosReplayTest {
    @TempDir
    Path dir;

    /** The frames a rule decided, from a --json summary (0 when it decided none). */
    static long hits(String json, String rule) {
        Matcher m = Pattern.compile("\\{\"id\":\\d+,\"name\":\"" + Pattern.quote(rule) + "\",\"frames\":(\\d+)")
                .matcher(json);
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    static long verdict(String json, String v) {
        Matcher m = Pattern.compile("\"" + v + "\":(\\d+)").matcher(json);
        assertThat(m.find()).as(v + " in " + json).isTrue();
        return Long.parseLong(m.group(1));
    }

    static String replay(String... args) {
        String[] all = Stream.concat(Stream.of("replay"), Stream.concat(Stream.of(args),
                Stream.of("--workers", "1", "--json"))).toArray(String[]::new);
        Run r = jxdp(all);
        assertThat(r.status()).as(r.err()).isZero();
        return r.out();
    }

    @Test
    void withNoArgumentsTheSampleGoesThroughTheDosFilterWithTheDefaultRules() throws IOException {
        Run r = jxdp("replay", "--workers", "1");
        assertThat(r.status()).as(r.err()).isZero();
        Map<String, Long> c = ReplayCommandTest.counts(Path.of("..", "pcaps", "mix.counts"));
        assertThat(r.out()).startsWith("replay        pcaps/mix.pcap (bundled)\n"
                        + "program       dos_filter.o (bundled) xdp/dos_filter, jit, 1 worker")
                .contains("rules         dos_rules.yaml (bundled): 5 rules, 10 amplification ports")
                .contains("rule hits             frames           bytes\n")
                .containsPattern("  9 +" + c.get("class.bad_tcp_flags") + " +[0-9,]+  TCP flags\n")
                .containsPattern(" +" + c.get("class.ssdp_amplification") + " +[0-9,]+  amplification ssdp \\(udp/1900\\)")
                .containsPattern(" +" + c.get("class.memcached_amplification")
                        + " +[0-9,]+  amplification memcached \\(udp/11211\\)")
                .contains("top talkers   (dropped frames)\n");
        assertThat(r.out()).containsPattern("  0 +[0-9,]+ +[0-9,]+  default policy\n")
                .containsPattern("  1 +" + c.get("class.arp") + " +[0-9,]+  non-IP\n");
    }

    /** Generates {@code profile} and replays it with the default rules (or {@code rules}). */
    private String gen(String profile, int packets, String... rules) throws IOException {
        Path pcap = dir.resolve(profile + ".pcap");
        Path counts = dir.resolve(profile + ".counts");
        Run g = jxdp("gen", "--profile", profile, "--packets", Integer.toString(packets), "--seed", "7", "-o",
                pcap.toString(), "--counts", counts.toString());
        assertThat(g.status()).as(g.err()).isZero();
        String[] args = Stream.concat(Stream.of(pcap.toString()), Stream.of(rules)).toArray(String[]::new);
        return replay(args);
    }

    private Map<String, Long> profileCounts(String profile) throws IOException {
        return ReplayCommandTest.counts(dir.resolve(profile + ".counts"));
    }

    private static long benign(Map<String, Long> c) {
        return Stream.of("tcp_session", "dns", "icmp_echo", "ipv6_dns", "ipv6_icmp_echo", "arp")
                .mapToLong(k -> c.getOrDefault("class." + k, 0L)).sum();
    }

    @Test
    void eachReflectionProfileLosesItsReflectedFramesAndNothingElse() throws IOException {
        for (String[] p : List.of(new String[] {"ntp-amp", "ntp_amplification", "amplification ntp (udp/123)"},
                new String[] {"ssdp-amp", "ssdp_amplification", "amplification ssdp (udp/1900)"},
                new String[] {"memcached-amp", "memcached_amplification", "amplification memcached (udp/11211)"})) {
            String j = gen(p[0], 3000);
            Map<String, Long> c = profileCounts(p[0]);
            long attack = c.get("class." + p[1]);
            assertThat(attack).as(p[0]).isGreaterThan(2000);
            assertThat(hits(j, p[2])).as(p[0]).isEqualTo(attack);
            assertThat(verdict(j, "DROP")).as(p[0]).isEqualTo(attack);
            assertThat(verdict(j, "PASS")).as(p[0]).isEqualTo(benign(c));
        }
    }

    @Test
    void dnsAmplificationNeedsATighterLimitThanTheDefault() throws IOException {
        String j = gen("dns-amp", 3000);
        Map<String, Long> c = profileCounts("dns-amp");
        assertThat(verdict(j, "DROP")).as("the default 4096-byte limit lets 700-1472-byte answers through").isZero();
        Path rules = Files.writeString(dir.resolve("dns.yaml"), """
                amplification:
                  - {port: 53, name: dns, max_payload: 512}
                """);
        j = replay(dir.resolve("dns-amp.pcap").toString(), "--rules", rules.toString());
        assertThat(hits(j, "amplification dns (udp/53)")).isEqualTo(c.get("class.dns_amplification"));
        assertThat(verdict(j, "PASS")).isEqualTo(benign(c));
    }

    @Test
    void badTcpFlagsAreDroppedAndTheSessionsPass() throws IOException {
        String j = gen("bad-tcp-flags", 3000);
        Map<String, Long> c = profileCounts("bad-tcp-flags");
        assertThat(hits(j, "TCP flags")).isEqualTo(c.get("class.bad_tcp_flags"));
        assertThat(verdict(j, "PASS")).isEqualTo(benign(c));
    }

    @Test
    void aSynFloodIsAnsweredWithCookies() throws IOException {
        Path tx = dir.resolve("tx.pcap");
        String j = gen("syn-flood", 3000, "--tx", tx.toString());
        Map<String, Long> c = profileCounts("syn-flood");
        long syn = c.get("class.syn_flood");
        long sent = hits(j, "SYN cookie sent");
        assertThat(verdict(j, "TX")).isEqualTo(sent);
        assertThat(sent).as("all but the first 100 SYNs of each second").isGreaterThan(syn * 9 / 10)
                .isLessThanOrEqualTo(syn + c.get("class.tcp_session"));
        assertThat(j).contains("\"" + tx + "\":" + sent);
        assertThat(verdict(j, "ABORTED")).isZero();
    }

    @Test
    void rulesFromAFileFillTheMapsAndMistakesAreOneLineEach() throws IOException {
        Path pcap = dir.resolve("b.pcap");
        assertThat(jxdp("gen", "--profile", "benign", "--packets", "500", "--seed", "3", "-o", pcap.toString())
                .status()).isZero();
        Path deny = Files.writeString(dir.resolve("deny.yaml"), "default: drop\nrules:\n"
                + "  - {name: arp-and-all, action: pass, family: ipv6}\n");
        String j = replay(pcap.toString(), "--rules", deny.toString());
        assertThat(verdict(j, "PASS")).isEqualTo(hits(j, "arp-and-all") + hits(j, "non-IP"));
        assertThat(hits(j, "default policy")).isEqualTo(verdict(j, "DROP")).isPositive();
        assertThat(j).contains("\"rules\":\"" + deny + "\"");

        Path bad = Files.writeString(dir.resolve("bad.yaml"), "default: pass\nrules:\n  - {name: x, action: nope}\n"
                + "deny: [1.2.3.4/33]\n");
        Run r = jxdp("replay", pcap.toString(), "--rules", bad.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("jxdp: " + bad + ":3: action must be pass, drop or ban, not 'nope'\n"
                + "jxdp: " + bad + ":4: '1.2.3.4/33': prefix length must be 0..32\n");
        Run check = jxdp("rules", "check", bad.toString());
        assertThat(check.status()).isEqualTo(1);
        assertThat(check.err()).isEqualTo(r.err());
        Run ok = jxdp("rules", "check", deny.toString());
        assertThat(ok.status()).isZero();
        assertThat(ok.out()).isEqualTo(deny + ": ok: 1 rules, 0 amplification ports, 0 allowed and 0 denied "
                + "prefixes, 0 bans, default drop\n");
        Run count = jxdp("replay", pcap.toString(), "--prog", "bundled:count", "--rules", deny.toString());
        assertThat(count.status()).isEqualTo(1);
        assertThat(count.err()).contains("--rules needs the DoS filter");
    }

    /**
     * Two workers that read the capture for themselves hand every frame's rule (the XDP metadata
     * the filter leaves) and bytes over to the outputs exactly as one worker writes them. The
     * bundled rules pass this profile by stateless rules, so the verdicts cannot depend on the
     * workers.
     */
    @Test
    void twoWorkersAnnotateAndPassWhatOneWorkerDoes() throws Exception {
        Path pcap = dir.resolve("amp2.pcap");
        assertThat(jxdp("gen", "--profile", "dns-amp", "--packets", "3000", "--seed", "4", "-o", pcap.toString())
                .status()).isZero();
        byte[][] outs = new byte[6][];
        for (int w = 1; w <= 2; w++) {
            Path notes = dir.resolve("notes" + w + ".pcapng");
            Path csv = dir.resolve("v" + w + ".csv");
            Path pass = dir.resolve("pass" + w + ".pcap");
            Run r = jxdp("replay", pcap.toString(), "--annotate", notes.toString(), "--verdicts", csv.toString(),
                    "--pass", pass.toString(), "--workers", String.valueOf(w), "--json");
            assertThat(r.status()).as(r.err()).isZero();
            outs[(w - 1) * 3] = Files.readAllBytes(notes);
            outs[(w - 1) * 3 + 1] = Files.readAllBytes(csv);
            outs[(w - 1) * 3 + 2] = Files.readAllBytes(pass);
        }
        assertThat(new String(outs[0], java.nio.charset.StandardCharsets.ISO_8859_1)).contains("XDP_PASS rule 0 default policy")
                .contains("XDP_PASS rule 1 non-IP");
        assertThat(outs[3]).as("annotations").isEqualTo(outs[0]);
        assertThat(outs[4]).as("verdict CSV").isEqualTo(outs[1]);
        assertThat(outs[5]).as("pass file").isEqualTo(outs[2]);
    }

    @Test
    void theAnnotatedCopyNamesTheRuleOfEveryFrame() throws Exception {
        Path pcap = dir.resolve("amp.pcap");
        assertThat(jxdp("gen", "--profile", "ssdp-amp", "--packets", "300", "--seed", "2", "-o", pcap.toString())
                .status()).isZero();
        Path notes = dir.resolve("notes.pcapng");
        Path csv = dir.resolve("v.csv");
        String j = replay(pcap.toString(), "--annotate", notes.toString(), "--verdicts", csv.toString());
        Path tsv = dir.resolve("comments.txt");
        Process p;
        try {
            p = new ProcessBuilder("tshark", "-r", notes.toString(), "-T", "fields", "-e", "frame.comment")
                    .redirectOutput(tsv.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            String why = "tshark is not installed (apt-get install tshark)";
            if ("1".equals(System.getenv("JXDP_REQUIRE_TOOLS"))) {
                org.junit.jupiter.api.Assertions.fail(why);
            }
            org.junit.jupiter.api.Assumptions.abort(why);
            return;
        }
        assertThat(p.waitFor()).isZero();
        List<String> verdicts = Files.readAllLines(csv).subList(1, 301);
        List<String> comments = Files.readAllLines(tsv);
        assertThat(comments).hasSize(300);
        long ssdp = comments.stream().filter(c -> c.equals("XDP_DROP rule 27 amplification ssdp (udp/1900)")).count();
        assertThat(ssdp).isEqualTo(hits(j, "amplification ssdp (udp/1900)")).isPositive();
        for (int i = 0; i < 300; i++) {
            assertThat(comments.get(i)).as("frame %d", i + 1)
                    .startsWith("XDP_" + verdicts.get(i).split(",")[1] + " rule ");
        }
    }

    /** A real capture with the default rules: frames dropped and sent back, and by which rules. */
    private record Expect(String file, long drop, long tx, Map<String, Long> rules) {
    }

    @TestFactory
    Stream<DynamicTest> realAttacksLoseTheirAttackFramesOnly() {
        return Stream.of(
                new Expect("stopddos__amp.UDP.snmp.src161.pcapng", 4079, 0, Map.of("amplification snmp (udp/161)", 4079L)),
                new Expect("ndpi__NTPv2.pcap", 1, 0, Map.of("amplification ntp (udp/123)", 1L)),
                new Expect("suricata__ssdp.pcap", 0, 0, Map.of()),   // a NOTIFY to the group: nothing reflected
                new Expect("stopddos__pkt.TCP.DOMINATE.syn.ecn.cwr.pcapng", 9639, 0,
                        Map.of("syn-ecn-without-options", 9639L)),
                new Expect("suricata__syn-flood-drop-precedence.pcap", 0, 100, Map.of("SYN cookie sent", 100L)),
                new Expect("tcpdump__ntp-mode7.pcap", 1, 0, Map.of("amplification ntp (udp/123)", 1L)),
                new Expect("zeek__fragmented-syn.pcap", 1, 0, Map.of("tiny fragment", 1L)),
                // 1,248 overlapping 36-byte fragments with more to come; the 4 last fragments pass
                new Expect("ndpi__ip_fragmented_garbage.pcap", 1248, 0, Map.of("tiny fragment", 1248L)),
                new Expect("zeek__ip-bogus-header-len.pcap", 1, 0, Map.of("malformed", 1L)),
                new Expect("tcpdump__ipv4_invalid_hdr_length.pcap", 1, 0, Map.of("malformed", 1L)),
                new Expect("zeek__ip4-trunc.pcap", 1, 0, Map.of("malformed", 1L)),
                new Expect("tcpdump__tcp_eight_lowest_weight_flags_set.pcap", 1, 0, Map.of("TCP flags", 1L)),
                new Expect("ndpi__malformed_icmp.pcap", 1, 0, Map.of("icmp-unassigned-type", 1L)),
                new Expect("ndpi__badpackets.pcap", 93, 0, Map.of("malformed", 93L)))   // IP length 1500, frames cut
                .map(e -> DynamicTest.dynamicTest(e.file(), () -> {
                    String j = replay(SharedPcaps.capture(e.file()).toString());
                    assertThat(verdict(j, "DROP")).as("dropped").isEqualTo(e.drop());
                    assertThat(verdict(j, "TX")).as("answered").isEqualTo(e.tx());
                    assertThat(verdict(j, "ABORTED")).isZero();
                    e.rules().forEach((rule, n) -> assertThat(hits(j, rule)).as(rule).isEqualTo(n));
                }));
    }

    @TestFactory
    Stream<DynamicTest> benignCapturesPassWhole() {
        return Stream.of("tcpreplay__test.pcap", "zeek__http_get.pcap", "zeek__bro.org.pcap",
                "scapy__http_content_length.pcap", "tcpdump__dns_udp.pcap", "tcpdump__dns_tcp.pcap",
                "suricata__tcpdns.pcap", "zeek__dns53.pcap", "zeek__dnssec_rrsig.pcap", "zeek__tls1.2.pcap",
                "scapy__tls_nss_example.pcap", "suricata__ja4-tls.pcap", "scapy__ssh_ed25519.pcap",
                "ndpi__http_ipv6.pcap", "zeek__communityid_ipv6.pcap", "zeek__icmp6-ping.pcap", "zeek__5-pings.pcap",
                "zeek__ntp.pcap", "suricata__snmp-v2c-get.pcap", "scapy__ikev2_nat_t.pcapng",
                "zeek__ipv6-fragmented-dns.pcap", "suricata__ipv4frags.pcap", "tcpdump__quic_handshake.pcap",
                "tcpdump__gquic.pcap", "zeek__http-vlan-0.pcap", "zeek__http-qinq-0.pcap", "zeek__q-in-q.pcap",
                "zeek__icmp_dot1q.pcap", "suricata__detect-vlan-id.pcap", "tcpdump__802.1ad_QinQ.pcap",
                "zeek__vlan-pcp-dei.pcapng", "zeek__mpls-in-vlan.pcap", "zeek__pppoe.pcap", "zeek__vxlan.pcap",
                "zeek__gre-sample.pcap", "zeek__4in4.pcap", "zeek__6in4.pcap", "tcpdump__mptcp-v1.pcap",
                "tcpdump__pptp.pcap", "zeek__ldap_modify-request.pcapng", "lwerdna__200722_tcp_anon.pcapng")
                .map(f -> DynamicTest.dynamicTest(f, () -> {
                    String j = replay(SharedPcaps.capture(f).toString());
                    assertThat(verdict(j, "frames")).isPositive();
                    assertThat(verdict(j, "PASS") + verdict(j, "total")).as("passed and not run")
                            .isEqualTo(verdict(j, "frames"));
                }));
    }

    @Test
    void aRulesFileChangedDuringAReplayIsReloadedWithoutLosingAFrame() throws Exception {
        Path pcap = dir.resolve("benign.pcap");
        assertThat(jxdp("gen", "--profile", "benign", "--packets", "2000", "--seed", "4", "-o", pcap.toString())
                .status()).isZero();
        Path rules = Files.writeString(dir.resolve("live.yaml"), "default: pass\n");
        Thread edit = new Thread(() -> {
            try {
                Thread.sleep(2500);   // the replay takes 5 s once loaded
                Files.writeString(rules, "default: drop\n");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        edit.start();
        // 2,000 frames at 20,000 a second take 0.1 s of capture time: 5 s at --speed 0.02
        Run r = jxdp("replay", pcap.toString(), "--rules", rules.toString(), "--watch-rules", "--speed", "0.02",
                "--workers", "1", "--json");
        edit.join();
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.err()).as(r.out()).contains("jxdp: " + rules + ": rules reloaded (0 rules, 0 amplification ports)");
        String j = r.out();
        long pass = verdict(j, "PASS");
        long drop = verdict(j, "DROP");
        assertThat(pass).as("before the reload").isPositive();
        assertThat(drop).as("after the reload").isPositive();
        assertThat(pass + drop).isEqualTo(2000);
        assertThat(hits(j, "default policy") + hits(j, "non-IP")).isEqualTo(2000);
        assertThat(jxdp("replay", pcap.toString(), "--watch-rules").status()).isEqualTo(2);
    }
}
