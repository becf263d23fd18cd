package org.jxdp.hooks.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.object.BpfProgram;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.hooks.XdpAction;
import org.jxdp.hooks.XdpTestRun;
import org.jxdp.hooks.dos.DosCases;
import org.jxdp.hooks.dos.DosFilter;
import org.jxdp.hooks.dos.DosFrames;
import org.jxdp.hooks.dos.DosMapImage;
import org.jxdp.hooks.dos.DosMaps;
import org.jxdp.hooks.dos.DosReport;
import org.jxdp.hooks.dos.DosRules;
import org.jxdp.hooks.dos.MapEntry;
import org.jxdp.hooks.dos.RuleIds;
import org.jxdp.hooks.dos.RulesFile;

/**
 * The committed DoS filter object in the Linux kernel: it passes the verifier
 * ({@code bpftool prog loadall}), and with the maps filled by {@code bpftool map update} from the
 * same rules it gives every frame of {@link DosCases} the verdict jxdp gives it (and the one the
 * case expects), and counts the same frames per rule id. Skips when not root or without bpftool
 * and clang; with {@code JXDP_REQUIRE_KERNEL=1} it fails instead.
 */
class DosFilterKernelTest {
    @TempDir
    Path work;

    /**
     * Loads the committed filter into the kernel and into jxdp, both with their maps filled from
     * {@code rules}; returns jxdp's.
     */
    BpfObject loadBoth(KernelOracle k, DosRules rules) throws Exception {
        Path obj = Files.write(work.resolve("dos_filter.o"), DosFilter.objectBytes());
        k.loadAll(obj);
        assertThat(k.programs()).contains(DosFilter.PROGRAM);
        // bans count from now in the kernel's clock (CLOCK_MONOTONIC, which System.nanoTime reads)
        List<KernelOracle.Element> elements = new ArrayList<>();
        for (MapEntry e : DosMapImage.entries(rules, System.nanoTime())) {
            elements.add(new KernelOracle.Element(e.map(), e.key(), e.value()));
        }
        k.update(elements);
        BpfObject jx = DosFilter.open(KernelOracle.possibleCpus(), EngineKind.JIT);
        DosMaps.apply(jx, rules, DosFilter.START_NS);
        return jx;
    }

    /** Frames per rule id in the kernel's rule_hits, summed over the CPUs (ids with none left out). */
    static Map<Integer, Long> kernelHits(KernelOracle k) throws Exception {
        Map<Integer, Long> hits = new TreeMap<>();
        for (BpfMapDump.Entry e : k.dump("rule_hits")) {
            long packets = 0;
            for (byte[] v : e.values()) {
                packets += ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
            }
            if (packets > 0) {
                hits.put(ByteBuffer.wrap(e.key()).order(ByteOrder.LITTLE_ENDIAN).getInt(), packets);
            }
        }
        return hits;
    }

    @Test
    void theKernelAgreesWithJxdpOnEveryCase() throws Exception {
        try (KernelOracle k = KernelOracle.open(work)) {
            DosRules rules = RulesFile.parse("cases.yaml", DosCases.RULES);
            BpfObject jx = loadBoth(k, rules);
            BpfProgram prog = jx.program(DosFilter.PROGRAM);

            List<DosCases.Case> cases = DosCases.all();
            List<KernelOracle.Run> runs = k.runAll(DosFilter.PROGRAM, cases.stream().map(DosCases.Case::frame).toList());
            Map<Integer, Long> expected = new TreeMap<>();
            List<String> wrong = new ArrayList<>();
            for (int i = 0; i < cases.size(); i++) {
                DosCases.Case c = cases.get(i);
                long mine = XdpTestRun.run(prog, c.frame(), 1).retval();
                long kernel = runs.get(i).retval();
                if (mine != kernel || kernel != c.verdict()) {
                    wrong.add(c.name() + ": kernel " + kernel + ", jxdp " + mine + ", expected " + c.verdict());
                }
                expected.merge(c.rule(), 1L, Long::sum);
            }
            assertThat(wrong).isEmpty();

            assertThat(kernelHits(k)).as("frames per rule id in the kernel").isEqualTo(expected);
        }
    }

    /**
     * The rules that depend on time — a per-source packet rate that bans, and a per-destination SYN
     * rate above which SYNs are answered with cookies — over frames sent in one burst (well inside
     * one one-second window, which starts at a source's first frame): the kernel and jxdp give
     * every frame the same verdict and count the same frames per rule. (The cookies themselves
     * differ: each side has its own secret.)
     */
    @Test
    void ratesBansAndSynCookieModeAgreeWithTheKernel() throws Exception {
        String rulesText = """
                default: pass
                rate_limit: {packets_per_second: 5, ban: 60s}
                syn_cookies: {syn_per_second: 3}
                """;
        try (KernelOracle k = KernelOracle.open(work)) {
            DosRules rules = RulesFile.parse("rates.yaml", rulesText);
            BpfObject jx = loadBoth(k, rules);
            BpfProgram prog = jx.program(DosFilter.PROGRAM);

            List<byte[]> frames = new ArrayList<>();
            for (int i = 0; i < 9; i++) {   // one source, nine datagrams: five pass, then over the rate, then banned
                frames.add(DosFrames.frame().eth(0x0800).ipv4(5, 36, 0, 64, 17, 0xc6336407L, 0x0a020202L)
                        .udp(4000 + i, 53, 16).pad(60).get());
            }
            for (int i = 0; i < 7; i++) {   // SYNs from seven sources to one server: over three, cookies
                frames.add(DosFrames.frame().eth(0x0800).ipv4(5, 40, 0, 64, 6, 0xc0000a01L + i, 0x0a020203L)
                        .tcp(30000 + i, 80, 1000 + i, 0, 0x02).pad(60).get());
            }
            List<KernelOracle.Run> runs = k.runAll(DosFilter.PROGRAM, frames);
            List<Long> kernel = new ArrayList<>();
            List<Long> mine = new ArrayList<>();
            for (int i = 0; i < frames.size(); i++) {
                kernel.add(runs.get(i).retval());
                mine.add(XdpTestRun.run(prog, frames.get(i), 1).retval());
            }
            long pass = XdpAction.XDP_PASS;
            long drop = XdpAction.XDP_DROP;
            long tx = XdpAction.XDP_TX;
            assertThat(mine).as("jxdp").startsWith(pass, pass, pass, pass, pass, drop, drop, drop, drop)
                    .endsWith(tx);
            assertThat(kernel).as("the kernel, frame by frame").isEqualTo(mine);

            Map<Integer, Long> mineHits = new TreeMap<>();
            for (DosReport.RuleHits h : DosReport.read(jx, rules, 0).hits()) {
                mineHits.put(h.id(), h.packets());
            }
            assertThat(mineHits).as("jxdp").containsKeys(RuleIds.DOS_RULE_RATE, RuleIds.DOS_RULE_BANNED,
                    RuleIds.DOS_RULE_SYNCOOKIE_SENT);
            assertThat(kernelHits(k)).as("frames per rule id in the kernel").isEqualTo(mineHits);
        }
    }
}
