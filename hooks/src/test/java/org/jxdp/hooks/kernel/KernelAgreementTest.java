package org.jxdp.hooks.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.jxdp.engine.elf.ElfException;
import org.jxdp.engine.maps.BpfMap;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.object.BpfProgram;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.hooks.XdpPrograms;
import org.jxdp.hooks.XdpTestRun;

/**
 * C programs built with clang during the test run agree with the Linux kernel: for every program
 * and every test frame, {@code bpftool prog run} (BPF_PROG_TEST_RUN in the kernel) and jxdp's
 * test run give the same return value and the same output bytes, and the maps hold the same
 * contents afterwards. Runs on every engine.
 */
class KernelAgreementTest {
    @TempDir
    Path work;

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (EngineKind e : EngineKind.values()) {
            if (!e.available()) {
                continue;
            }
            for (String obj : List.of("parse", "adjust", "globals", "tailcall", "csum", "redirect", "syncookie")) {
                out.add(Arguments.of(e, obj));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{1} on {0}")
    @MethodSource("cases")
    void programsAgreeWithTheKernel(EngineKind engine, String name) throws IOException, ElfException {
        try (KernelOracle kernel = KernelOracle.open(work)) {
            Path obj = kernel.compile(name);
            kernel.loadAll(obj);
            BpfObject ours = BpfObject.open(obj, XdpPrograms.options(1, engine));
            Map<String, byte[]> frames = TestPackets.all();
            int compared = 0;
            for (BpfProgram p : ours.programs()) {
                assertThat(p.loaded()).as(p + ": " + p.loadError()).isTrue();
                if (!kernel.programs().contains(p.name())) {
                    continue;
                }
                for (Map.Entry<String, byte[]> f : frames.entrySet()) {
                    if (f.getValue().length < 14) {
                        continue;
                    }
                    KernelOracle.Run k = kernel.run(p.name(), f.getValue());
                    XdpTestRun.Result j = XdpTestRun.run(p, f.getValue(), 1);
                    String what = name + ":" + p.name() + " on " + f.getKey();
                    assertThat(j.fault()).as(what + " fault").isNull();
                    assertThat(j.retval()).as(what + " return value").isEqualTo(k.retval());
                    assertThat(HexFormat.of().formatHex(j.dataOut())).as(what + " output bytes")
                            .isEqualTo(HexFormat.of().formatHex(k.dataOut()));
                    compared++;
                }
            }
            assertThat(compared).as("frames compared").isGreaterThan(0);
            for (BpfMap m : ours.maps()) {
                if (m.name().startsWith(".") || m.type().name().endsWith("PROG_ARRAY")) {
                    continue;
                }
                assertThat(contents(m)).as(name + " map " + m.name()).isEqualTo(kernelContents(kernel, m));
            }
        }
    }

    /** Key (hex) to value (hex); per-CPU values summed lane by lane as u64s, since runs may move CPUs. */
    private static Map<String, String> contents(BpfMap m) {
        Map<String, String> out = new TreeMap<>();
        byte[] k = m.nextKey(null);
        while (k != null) {
            byte[] v = m.lookup(k);
            out.put(HexFormat.of().formatHex(k), HexFormat.of().formatHex(m.type().perCpu()
                    ? sumLanes(split(v, m.cpus())) : v));
            k = m.nextKey(k);
        }
        return out;
    }

    private static Map<String, String> kernelContents(KernelOracle kernel, BpfMap m) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (BpfMapDump.Entry e : kernel.dump(m.name())) {
            out.put(HexFormat.of().formatHex(e.key()), HexFormat.of().formatHex(m.type().perCpu()
                    ? sumLanes(e.values()) : e.values().get(0)));
        }
        return out;
    }

    private static List<byte[]> split(byte[] all, int cpus) {
        List<byte[]> out = new ArrayList<>();
        int each = all.length / cpus;
        for (int c = 0; c < cpus; c++) {
            byte[] v = new byte[each];
            System.arraycopy(all, c * each, v, 0, each);
            out.add(v);
        }
        return out;
    }

    private static byte[] sumLanes(List<byte[]> values) {
        int n = values.get(0).length;
        ByteBuffer sum = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        for (int lane = 0; lane + 8 <= n; lane += 8) {
            long s = 0;
            for (byte[] v : values) {
                s += ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN).getLong(lane);
            }
            sum.putLong(lane, s);
        }
        return sum.array();
    }
}
