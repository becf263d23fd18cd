package org.jxdp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.jxdp.engine.testing.SharedFiles;

/** {@code jxdp replay} and {@code jxdp gen} from the command line. */
class ReplayCommandTest {
    @TempDir
    Path dir;

    record Run(int status, String out, String err) {
    }

    static Run jxdp(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(status, out.toString(), err.toString());
    }

    static Map<String, Long> counts(Path file) throws IOException {
        Map<String, Long> m = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.startsWith("#") && !line.isBlank()) {
                String[] kv = line.split(" ");
                m.put(kv[0], Long.parseLong(kv[1]));
            }
        }
        return m;
    }

    static long json(String json, String path) {
        // "a.b": the number under key b inside object a (keys are unique enough in the summary)
        String[] keys = path.split("\\.");
        int at = 0;
        for (String k : keys) {
            at = json.indexOf("\"" + k + "\":", at);
            assertThat(at).as("key %s in %s", k, json).isNotNegative();
            at += k.length() + 3;
        }
        Matcher m = Pattern.compile("-?\\d+").matcher(json);
        assertThat(m.find(at)).isTrue();
        return Long.parseLong(m.group());
    }

    @Test
    void theBundledCountingProgramCountsTheBundledSample() throws IOException {
        Run r = jxdp("replay", "--prog", "bundled:count");
        assertThat(r.status()).as(r.err()).isZero();
        Map<String, Long> c = counts(Path.of("..", "pcaps", "mix.counts"));
        assertThat(r.out()).startsWith("replay        pcaps/mix.pcap (bundled)\n"
                        + "program       count.o (bundled) xdp/xdp_count, jit, ")
                .contains(String.format("frames        %,14d", c.get("frames")))
                .contains(String.format("  PASS        %,14d  100.0%%", c.get("verdict.PASS")))
                .contains("  not run                  0\n")
                .containsPattern("elapsed +[0-9,.]+ ms  [0-9.]+ Mpps  [0-9.]+ Gbit/s")
                .containsPattern("workers +#0 [0-9,]+");
        StringBuilder counted = new StringBuilder("counted       ");
        for (String k : List.of("frames", "bytes", "vlan", "ipv4", "ipv6", "non_ip", "fragment", "tcp", "udp", "icmp",
                "tcp_syn")) {
            counted.append(counted.length() == 14 ? "" : ", ").append(k).append(' ').append(c.get("counter." + k));
        }
        assertThat(r.out()).contains(counted.toString());
    }

    @TestFactory
    Stream<DynamicTest> everySampleGivesItsExpectedVerdictsAndCounters() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("..", "pcaps"))) {
            return files.filter(p -> p.toString().endsWith(".counts")).sorted().toList().stream()
                    .map(c -> DynamicTest.dynamicTest(c.getFileName().toString(), () -> {
                        Map<String, Long> expected = counts(c);
                        String name = Files.readAllLines(c).get(0).replaceAll(".* -o ", "");
                        Run r = jxdp("replay", c.resolveSibling(name).toString(), "--prog", "bundled:count",
                                "--workers", "2", "--json");
                        assertThat(r.status()).as(r.err()).isZero();
                        String j = r.out();
                        assertThat(json(j, "frames")).isEqualTo(expected.get("frames"));
                        for (String v : List.of("ABORTED", "DROP", "PASS", "TX", "REDIRECT")) {
                            assertThat(json(j, "verdicts." + v)).as(v).isEqualTo(expected.get("verdict." + v));
                        }
                        for (String k : List.of("frames", "bytes", "vlan", "ipv4", "ipv6", "non_ip", "fragment", "tcp",
                                "udp", "icmp", "tcp_syn")) {
                            assertThat(json(j, "counters." + k)).as(k).isEqualTo(expected.get("counter." + k));
                        }
                        assertThat(j).contains("\"accounted\":true").contains("\"workers\":2");
                    }));
        }
    }

    @Test
    void loopsOutputsAndTheVerdictCsv() throws IOException {
        Path in = dir.resolve("in.pcap");
        Run g = jxdp("gen", "--profile", "syn-flood", "--packets", "300", "--seed", "5", "-o", in.toString());
        assertThat(g.status()).as(g.err()).isZero();
        assertThat(g.out()).isEqualTo(in + ": 300 frames of profile syn-flood, seed 5\n");
        Path pass = dir.resolve("pass.pcapng");
        Path csv = dir.resolve("v.csv");
        Path annotate = dir.resolve("a.pcapng");
        Run r = jxdp("replay", in.toString(), "--prog", "bundled:count", "--loop", "3", "--workers", "1", "--engine",
                "interp", "--pass",
                pass.toString(), "--verdicts", csv.toString(), "--annotate", annotate.toString(), "--speed", "max",
                "--clock", "wall");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).contains("(3 loops)").contains(", interp, 1 worker, clock wall")
                .contains(String.format("frames        %,14d", 900)).contains("output        " + pass + ": 900 frames")
                .contains("output        " + annotate + ": 900 frames, annotated")
                .contains("output        " + csv + ": 900 lines");
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(901);
        assertThat(lines.get(0)).isEqualTo("frame,verdict,length");
        assertThat(lines.get(1)).matches("1,PASS,\\d+");
        assertThat(lines.get(900)).startsWith("900,PASS,");
    }

    @Test
    void badUsageIsExitTwoAndFailuresAreOneLineExitOne() throws IOException {
        assertThat(jxdp("replay", "--speed", "fast").status()).isEqualTo(2);
        assertThat(jxdp("replay", "--speed", "0").status()).isEqualTo(2);
        assertThat(jxdp("replay", "--workers", "0").status()).isEqualTo(2);
        assertThat(jxdp("replay", "--loop", "0").status()).isEqualTo(2);
        assertThat(jxdp("replay", "--clock", "tai").status()).isEqualTo(2);
        assertThat(jxdp("replay", "--bogus").status()).isEqualTo(2);
        Run engine = jxdp("replay", "--engine", "foo");
        assertThat(engine.status()).isEqualTo(2);
        assertThat(engine.err()).startsWith("--engine must be jit or interp, not 'foo'\n");
        assertThat(jxdp("replay", "--engine", "all").status()).isEqualTo(2);
        assertThat(jxdp("gen", "--profile", "nope", "--packets", "1", "-o", dir.resolve("x").toString()).status())
                .isEqualTo(2);

        Run missing = jxdp("replay", dir.resolve("absent.pcap").toString());
        assertThat(missing.status()).isEqualTo(1);
        assertThat(missing.err()).isEqualTo("jxdp: " + dir.resolve("absent.pcap") + ": no such file\n");
        Run directory = jxdp("replay", dir.toString());
        assertThat(directory.status()).isEqualTo(1);
        assertThat(directory.err()).isEqualTo("jxdp: " + dir + ": is a directory\n");

        // outputs that cannot be made: the file and the reason, not the file alone
        Path nowhere = dir.resolve("absent-dir").resolve("pass.pcap");
        Run pass = jxdp("replay", "--workers", "1", "--pass", nowhere.toString());
        assertThat(pass.status()).isEqualTo(1);
        assertThat(pass.err()).isEqualTo("jxdp: " + nowhere + ": no such file or directory\n");
        Run verdicts = jxdp("replay", "--workers", "1", "--verdicts", dir.toString());
        assertThat(verdicts.status()).isEqualTo(1);
        assertThat(verdicts.err()).isEqualTo("jxdp: " + dir + ": is a directory\n");
        // a write that fails names its file (/dev/full: every write fails with ENOSPC)
        Run full = jxdp("replay", "--workers", "1", "--pass", "/dev/full");
        assertThat(full.status()).isEqualTo(1);
        assertThat(full.err()).isEqualTo("jxdp: /dev/full: no space left on device\n");
        Run fullCsv = jxdp("replay", "--workers", "1", "--verdicts", "/dev/full");
        assertThat(fullCsv.status()).isEqualTo(1);
        assertThat(fullCsv.err()).isEqualTo("jxdp: /dev/full: no space left on device\n");
        Run gen = jxdp("gen", "--profile", "mix", "--packets", "1", "-o", nowhere.toString());
        assertThat(gen.status()).isEqualTo(1);
        assertThat(gen.err()).isEqualTo("jxdp: " + nowhere + ": cannot write: no such file or directory\n");

        Path junk = Files.write(dir.resolve("junk.pcap"), new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        Run bad = jxdp("replay", junk.toString());
        assertThat(bad.status()).isEqualTo(1);
        assertThat(bad.err()).startsWith("jxdp: " + junk + ": offset 0x0: magic 0x01020304 is neither pcap")
                .doesNotContain("\tat ");

        Run annotate = jxdp("replay", "--annotate", dir.resolve("a.pcap").toString());
        assertThat(annotate.status()).isEqualTo(1);
        assertThat(annotate.err()).contains("give the file a .pcapng name").doesNotContain("\tat ");

        String unsafe = SharedFiles.resolve("samples/build/packet_overflow.o").toString();
        Run refused = jxdp("replay", "--prog", unsafe);
        assertThat(refused.status()).isEqualTo(1);
        assertThat(refused.err()).isEqualTo("jxdp: " + unsafe + ": xdp/read_write_packet_start: refused by the "
                + "verifier: insn 4 (r1 = *(u32 *)(r2 + 0)): packet access out of bounds [packet_overflow.c:12]\n");
        Run anyway = jxdp("replay", "--prog", unsafe, "--no-verify", "--workers", "1");
        assertThat(anyway.status()).as(anyway.err()).isZero();

        Run prog = jxdp("replay", "--prog", dir.resolve("nothing.o") + ":xdp");
        assertThat(prog.status()).isEqualTo(1);
        assertThat(prog.err()).isEqualTo("jxdp: " + dir.resolve("nothing.o") + ":xdp: no such file\n");
    }
}
