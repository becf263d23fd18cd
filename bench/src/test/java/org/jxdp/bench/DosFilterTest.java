package org.jxdp.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.jxdp.engine.elf.ElfException;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.runtime.BpfClock;
import org.jxdp.engine.runtime.WorkerState;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.engine.vm.Executable;
import org.jxdp.hooks.XdpFrame;
import org.jxdp.hooks.XdpRunner;

/**
 * The DoS filter benchmark's program and packets: the set is what its documentation says, every
 * engine gives every frame its expected verdict, a run allocates nothing, and (as root, with
 * bpftool) the Linux kernel agrees. Needs clang: skipped without it, failed instead when
 * {@code JXDP_REQUIRE_TOOLS=1}; the kernel test likewise with {@code JXDP_REQUIRE_KERNEL=1}.
 */
class DosFilterTest {
    @TempDir
    static Path work;
    static Path object;

    @BeforeAll
    static void build() throws IOException {
        if (!tool("clang", "--version")) {
            skip("JXDP_REQUIRE_TOOLS", "clang is not installed (apt-get install clang libbpf-dev)");
        }
        object = DosFilter.compile(Files.createDirectories(work.resolve("build")));
    }

    static boolean tool(String... cmd) {
        try {
            return new ProcessBuilder(cmd).redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    static void skip(String requiredBy, String why) {
        if ("1".equals(System.getenv(requiredBy))) {
            fail(why + " (" + requiredBy + "=1)");
        }
        Assumptions.abort(why);
    }

    @Test
    void theSetIsDeterministicAndAsDocumented() {
        List<DosPackets.Packet> a = DosPackets.mixed();
        List<DosPackets.Packet> b = DosPackets.mixed();
        assertThat(a).hasSize(207);
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.get(i).frame()).as("frame " + i).isEqualTo(b.get(i).frame());
            assertThat(a.get(i).frame().length).as("frame " + i).isBetween(14, 1514);
        }
        Map<String, Integer> perKind = new LinkedHashMap<>();
        for (DosPackets.Packet p : a) {
            perKind.merge(p.kind(), 1, Integer::sum);
        }
        assertThat(perKind).containsExactlyInAnyOrderEntriesOf(Map.of("tcp", 48, "syn", 84, "udp", 24, "amp", 16,
                "deny", 12, "icmp", 8, "other", 15));
        assertThat(DosCheck.describe(DosCheck.expectedPerReason(a))).isEqualTo("pass 151, pass_non_ip 2, "
                + "pass_fragment 2, drop_malformed 7, drop_denylist 12, drop_tcp_flags 3, drop_syn_rate 12, "
                + "drop_amplification 16, drop_icmp_size 2");
    }

    @Test
    void aShorterDenyListIsAPrefixOfALongerOne() {
        assertThat(DosFilter.rules(DosFilter.LARGE_DENYLIST)).hasSize(DosFilter.LARGE_DENYLIST);
        assertThat(DosFilter.rules(DosFilter.LARGE_DENYLIST).subList(0, 100)).usingRecursiveFieldByFieldElementComparator()
                .isEqualTo(DosFilter.rules(100));
    }

    @ParameterizedTest(name = "{0} deny prefixes")
    @ValueSource(ints = {DosFilter.SMALL_DENYLIST, DosFilter.LARGE_DENYLIST})
    void everyEngineGivesEveryFrameItsExpectedVerdict(int rules) throws IOException, ElfException {
        assertThat(DosCheck.agree(object, rules, DosPackets.mixed())).contains("agrees on every engine");
    }

    @ParameterizedTest
    @EnumSource(EngineKind.class)
    void aRunAllocatesNothing(EngineKind engine) throws IOException, ElfException {
        Assumptions.assumeTrue(engine.available());
        BpfObject o = DosFilter.load(object, engine, DosFilter.LARGE_DENYLIST);
        o.runtime().clock(BpfClock.frameTime(0));
        Executable exe = o.program("dos_filter").executable();
        XdpRunner runner = new XdpRunner(o.runtime(), 0);
        WorkerState worker = WorkerState.of(runner.context());
        List<DosPackets.Packet> set = DosPackets.mixed();
        XdpFrame[] frames = new XdpFrame[set.size()];
        for (int i = 0; i < frames.length; i++) {
            frames[i] = new XdpFrame();
            frames[i].load(set.get(i).frame(), 0, set.get(i).frame().length);
        }
        long[] now = {DosCheck.FROZEN_NS};
        Runnable pass = () -> {
            for (XdpFrame f : frames) {
                worker.frameTimeNs = now[0] += DosFilterBenchmark.PASS_NS / frames.length;
                runner.run(exe, f);
            }
        };
        for (int i = 0; i < 200; i++) {
            pass.run();
        }
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        // one-off allocations (class initialisation, the JVM's compilations) may land in any window;
        // an allocation per run would land in every one
        long[] windows = new long[10];
        for (int w = 0; w < windows.length; w++) {
            long before = mx.getThreadAllocatedBytes(id);
            for (int i = 0; i < 10; i++) {
                pass.run();
            }
            windows[w] = mx.getThreadAllocatedBytes(id) - before;
        }
        assertThat(runner.fault()).isNull();
        assertThat(java.util.Arrays.stream(windows).min().getAsLong())
                .as("bytes allocated by windows of " + 10 * frames.length + " runs on " + engine + ": "
                        + java.util.Arrays.toString(windows)).isZero();
    }

    @Test
    void theKernelAgrees() throws IOException {
        String why = !"root".equals(System.getProperty("user.name")) ? "not running as root (BPF_PROG_TEST_RUN)"
                : !tool("bpftool", "version") ? "bpftool is not installed" : null;
        if (why != null) {
            skip("JXDP_REQUIRE_KERNEL", "kernel check unavailable: " + why);
        }
        Path dir = Files.createDirectories(work.resolve("kernel"));
        Path agreeObj = DosFilter.compile(Files.createDirectories(dir.resolve("agree")),
                "DOS_SYN_INTERVAL_NS=3600000000000ULL");
        Path pins = dir.resolve("bpffs");
        why = DosFilterKernel.mountBpffs(pins);
        if (why != null) {
            skip("JXDP_REQUIRE_KERNEL", why);
        }
        try {
            List<DosPackets.Packet> set = DosPackets.mixed();
            DosFilterKernel.writeFrames(set, dir);
            for (int rules : new int[] {DosFilter.SMALL_DENYLIST, DosFilter.LARGE_DENYLIST}) {
                assertThat(DosFilterKernel.kernelAgrees(set, rules, agreeObj, pins.resolve("r" + rules), dir))
                        .startsWith("the kernel agrees");
            }
        } finally {
            DosFilterKernel.unmountBpffs(pins);
        }
    }
}
