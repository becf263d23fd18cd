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
import org.jxdp.hooks.XdpTestRun;
import org.jxdp.hooks.dos.DosCases;
import org.jxdp.hooks.dos.DosFilter;
import org.jxdp.hooks.dos.DosMapImage;
import org.jxdp.hooks.dos.DosMaps;
import org.jxdp.hooks.dos.DosRules;
import org.jxdp.hooks.dos.MapEntry;
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

    @Test
    void theKernelAgreesWithJxdpOnEveryCase() throws Exception {
        try (KernelOracle k = KernelOracle.open(work)) {
            Path obj = Files.write(work.resolve("dos_filter.o"), DosFilter.objectBytes());
            k.loadAll(obj);
            assertThat(k.programs()).contains(DosFilter.PROGRAM);
            DosRules rules = RulesFile.parse("cases.yaml", DosCases.RULES);
            // bans count from now in the kernel's clock (CLOCK_MONOTONIC, which System.nanoTime reads)
            List<KernelOracle.Element> elements = new ArrayList<>();
            for (MapEntry e : DosMapImage.entries(rules, System.nanoTime())) {
                elements.add(new KernelOracle.Element(e.map(), e.key(), e.value()));
            }
            k.update(elements);

            BpfObject jx = DosFilter.open(KernelOracle.possibleCpus(), EngineKind.JIT);
            DosMaps.apply(jx, rules, DosFilter.START_NS);
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

            Map<Integer, Long> kernelHits = new TreeMap<>();
            for (BpfMapDump.Entry e : k.dump("rule_hits")) {
                int id = ByteBuffer.wrap(e.key()).order(ByteOrder.LITTLE_ENDIAN).getInt();
                long packets = 0;
                for (byte[] v : e.values()) {
                    packets += ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
                }
                if (packets > 0) {
                    kernelHits.put(id, packets);
                }
            }
            assertThat(kernelHits).as("frames per rule id in the kernel").isEqualTo(expected);
        }
    }
}
