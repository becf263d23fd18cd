package org.jxdp.hooks.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.jxdp.engine.elf.ElfException;
import org.jxdp.engine.maps.BpfMap;
import org.jxdp.engine.maps.MapFlags;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.object.BpfProgram;
import org.jxdp.engine.object.LoadOptions;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.hooks.XdpHelpers;
import org.jxdp.hooks.XdpPrograms;
import org.jxdp.hooks.XdpTestRun;
import org.jxdp.hooks.fib.RouteTable;

/**
 * C programs built with clang during the test run agree with the Linux kernel: for every program
 * and every test frame ({@link TestPackets}), {@code bpftool prog run} (BPF_PROG_TEST_RUN in the
 * kernel) and jxdp's test run give the same return value and the same output bytes, the maps hold
 * the same contents afterwards, and {@code bpftool map show} describes each map as jxdp does
 * (type, sizes, max_entries, flags). Runs on every engine.
 *
 * <p>What each object covers (the C files are in this package's test resources):
 * <table>
 * <caption>programs</caption>
 * <tr><td>parse, headers</td><td>Ethernet, 802.1Q, QinQ (802.1ad and double 802.1Q, a third tag),
 *     IPv4 with options and fragments, IPv6 with hop-by-hop, routing, destination options and
 *     fragment headers, TCP, UDP, ICMP; ARRAY and HASH counters</td></tr>
 * <tr><td>lpm</td><td>LPM_TRIE with IPv4 and IPv6 keys seeded on both sides; lookups of packet
 *     addresses; inserts, deletes, prefix lengths too short and too long, a full trie</td></tr>
 * <tr><td>hashes</td><td>LRU_HASH, LRU_PERCPU_HASH (also BPF_F_NO_COMMON_LRU), PERCPU_HASH (12-byte
 *     values), PERCPU_ARRAY; full hashes, wrong flags (BPF_F_LOCK), array deletes;
 *     bpf_for_each_map_elem on hashes and per-CPU maps (order-independent results)</td></tr>
 * <tr><td>queues</td><td>QUEUE, STACK, BLOOM_FILTER: bpf_map_push_elem (full, BPF_EXIST),
 *     _pop_elem, _peek_elem (empty), Bloom peeks</td></tr>
 * <tr><td>mapinmap</td><td>ARRAY_OF_MAPS and HASH_OF_MAPS filled by BTF initialisers; inner
 *     lookups and updates</td></tr>
 * <tr><td>redirect, redirect_maps</td><td>bpf_redirect; bpf_redirect_map on DEVMAP (u32 and
 *     bpf_devmap_val values), DEVMAP_HASH, CPUMAP, XSKMAP: present and missing keys, the fallback
 *     action in the flags, BPF_F_BROADCAST and _EXCLUDE_INGRESS, unknown flags, 64-bit keys;
 *     devmap lookups</td></tr>
 * <tr><td>ringbuf</td><td>RINGBUF: output, reserve with submit and discard, bad flags, a record
 *     larger than the ring, query of every field, the ring filling up</td></tr>
 * <tr><td>perf</td><td>PERF_EVENT_ARRAY: bpf_perf_event_output with no perf event open (the test
 *     run opens none): -ENOENT, -E2BIG, -EINVAL, -EFAULT for more packet bytes than the frame</td></tr>
 * <tr><td>misc</td><td>bpf_ktime_get_ns, _boot_ns, _coarse_ns, bpf_jiffies64 (non-zero, monotonic,
 *     ordered), bpf_get_prandom_u32 (draws differ, cover every bit), bpf_get_smp_processor_id (0),
 *     bpf_trace_printk (return values, refusals, and the text itself against the kernel's trace
 *     buffer), bpf_loop and bpf_for_each_map_elem argument checks</td></tr>
 * <tr><td>globals, tailcall</td><td>.data, .rodata, .bss; bpf-to-bpf calls; bpf_loop;
 *     PROG_ARRAY tail calls, an empty slot, and a chain stopped at 33</td></tr>
 * <tr><td>adjust, edges</td><td>bpf_xdp_adjust_head, _meta, _tail to their limits (headroom,
 *     xdp_frame, 255 bytes of metadata, the page's tailroom, 14 bytes), zeroed regrowth,
 *     bpf_xdp_get_buff_len, bpf_xdp_load_bytes and _store_bytes with their error codes</td></tr>
 * <tr><td>csum, syncookie</td><td>bpf_csum_diff; the raw SYN cookie helpers, IPv4 and IPv6</td></tr>
 * <tr><td>fib</td><td>bpf_fib_lookup: the kernel side in a network namespace with veth devices,
 *     routes of every kind and neighbours; jxdp against the same table ({@link RouteTable})</td></tr>
 * </table>
 *
 * <p>How maps are compared:
 * <ul>
 * <li>Every bpftool command runs pinned to CPU 0, and jxdp's runtime has as many workers as the
 *     kernel has possible CPUs and runs on worker 0; so per-CPU values are compared CPU by CPU
 *     (CPU 0 holds what the runs did, the others their initial zeros on both sides), and
 *     {@code bpf_get_smp_processor_id()} is 0 on both.
 * <li>Queues and stacks are popped empty on both sides and the sequences compared.
 * <li>Maps whose contents user space cannot read back element by element (ring buffers, perf
 *     event arrays, Bloom filters, XSK maps, program arrays, maps of maps) are not dumped: the
 *     programs record what they observed through them (helper return values, values read) in
 *     array maps, which are compared.
 * <li>A case may mark a map as {@linkplain Case#bounded bounded}: an LRU map the runs overfill,
 *     whose eviction order is the kernel's implementation detail; only its element count is
 *     checked (at most max_entries on both sides, CPU 0's share with BPF_F_NO_COMMON_LRU).
 * <li>Hash iteration order is the implementation's; programs record only order-independent
 *     results of bpf_for_each_map_elem over hashes.
 * </ul>
 *
 * <p>Needs root, clang, bpftool, taskset, nsenter, unshare and ip; skipped with the reason
 * without them, failed instead under {@code JXDP_REQUIRE_KERNEL=1} (and, for clang,
 * {@code JXDP_REQUIRE_TOOLS=1}). {@code -Djxdp.verbose=true} prints what was compared.
 */
class KernelAgreementTest {
    /** {@code -Djxdp.verbose=true}: print what was compared (return values, map contents). */
    private static final boolean VERBOSE = Boolean.getBoolean("jxdp.verbose");

    @TempDir
    Path work;

    /** One object to compare: elements put in its maps before the runs, maps compared differently. */
    static final class Case {
        final String object;
        final List<KernelOracle.Element> seeds = new ArrayList<>();
        final List<String> bounded = new ArrayList<>();
        final List<String> netns = new ArrayList<>();
        String routes;
        final List<String> traced = new ArrayList<>();

        Case(String object) {
            this.object = object;
        }

        /** Puts key/value into map {@code map} on both sides before the first run. */
        Case seed(String map, byte[] key, byte[] value) {
            seeds.add(new KernelOracle.Element(map, key, value));
            return this;
        }

        /**
         * Compares the lines {@code program}'s bpf_trace_printk calls write: the kernel's, read
         * back from its trace buffer, must be the last of jxdp's (the buffer keeps the newest).
         */
        Case traced(String program) {
            traced.add(program);
            return this;
        }

        /**
         * Runs the kernel side in a network namespace set up by {@code setup} (see
         * {@link KernelOracle#netns}) and jxdp's bpf_fib_lookup against {@code routeTable} (the
         * same table in {@link RouteTable}'s text form).
         */
        Case netns(List<String> setup, String routeTable) {
            netns.addAll(setup);
            routes = routeTable;
            return this;
        }

        /**
         * Compares only the element count of {@code map} (an overfilled LRU map): at least 1, at
         * most max_entries (with BPF_F_NO_COMMON_LRU, CPU 0's share of them).
         */
        Case bounded(String map) {
            bounded.add(map);
            return this;
        }

        @Override
        public String toString() {
            return object;
        }
    }

    static List<Case> objects() {
        return List.of(new Case("parse"), new Case("adjust"), new Case("globals"), new Case("tailcall"),
                new Case("csum"), new Case("redirect"), new Case("syncookie"), new Case("headers"),
                new Case("lpm")
                        .seed("v4_rules", lpm(0, "00000000"), u32(1))
                        .seed("v4_rules", lpm(24, "c0000200"), u32(2))
                        .seed("v4_rules", lpm(32, "c0000201"), u32(3))
                        .seed("v4_rules", lpm(22, "c6336400"), u32(4))
                        .seed("v4_rules", lpm(8, "0a000000"), u32(5))
                        .seed("v4_rules", lpm(16, "0a010000"), u32(6))
                        .seed("v6_rules", lpm(32, "20010db8000000000000000000000000"), u32(7))
                        .seed("v6_rules", lpm(128, "20010db8000000000000000000000002"), u32(8))
                        .seed("v6_rules", lpm(8, "fd000000000000000000000000000000"), u32(9))
                        .seed("v6_rules", lpm(48, "20010db8000100000000000000000000"), u32(10)),
                new Case("hashes").bounded("small_lru").bounded("small_percpu_lru"), new Case("queues"),
                new Case("redirect_maps")
                        .seed("devs", u32(0), u32(1))
                        .seed("devs", u32(1), u32(1))
                        .seed("devs_with_progs", u32(3), new byte[] {1, 0, 0, 0, 0, 0, 0, 0})
                        .seed("dev_hash", u32(7), u32(1))
                        .seed("dev_hash", u32(1000), u32(1))
                        .seed("cpus", u32(0), u32(192))
                        .seed("cpus", u32(1), u32(192)),
                new Case("mapinmap"), new Case("ringbuf"), new Case("perf"), new Case("misc").traced("printk"),
                new Case("edges"),
                new Case("fib").netns(FIB_NETNS, FIB_ROUTES));
    }

    /** Three veth pairs: d0 (10) and d1 (11, MTU 1400) forward, d2 (12) does not; routes of every kind. */
    private static final List<String> FIB_NETNS = List.of(
            "link add d0 index 10 address 02:00:00:00:0a:0a type veth peer name p0 index 20 address 02:00:00:00:14:14",
            "link add d1 index 11 address 02:00:00:00:0b:0b mtu 1400 type veth peer name p1 index 21"
                    + " address 02:00:00:00:15:15 mtu 1400",
            "link add d2 index 12 address 02:00:00:00:0c:0c type veth peer name p2 index 22 address 02:00:00:00:16:16",
            "link set lo up", "link set d0 up", "link set p0 up", "link set d1 up", "link set p1 up", "link set d2 up",
            "link set p2 up",
            "addr add 10.10.0.1/24 dev d0", "addr add 10.11.0.1/24 dev d1", "addr add 10.12.0.1/24 dev d2",
            "addr add 2001:db8:a::1/64 dev d0 nodad", "addr add 2001:db8:b::1/64 dev d1 nodad",
            "sysctl net.ipv4.conf.all.forwarding=1 net.ipv6.conf.all.forwarding=1",
            "sysctl net.ipv4.conf.d2.forwarding=0 net.ipv6.conf.d2.forwarding=0",
            "route add 198.51.100.0/24 via 10.11.0.2 dev d1", "route add 203.0.113.0/24 dev d0",
            "route add blackhole 192.0.2.128/25", "route add unreachable 192.0.2.64/26",
            "route add prohibit 192.0.2.32/27", "-6 route add 2001:db8:100::/48 via 2001:db8:b::2 dev d1",
            "neigh add 10.11.0.2 lladdr 02:00:00:00:0b:02 dev d1 nud permanent",
            "neigh add 203.0.113.7 lladdr 02:00:00:00:0a:07 dev d0 nud permanent",
            "-6 neigh add 2001:db8:b::2 lladdr 02:00:00:00:0b:03 dev d1 nud permanent");

    /** {@link #FIB_NETNS} as jxdp's route table: the kernel's connected routes and metrics spelled out. */
    private static final String FIB_ROUTES = """
            dev 1 mac 00:00:00:00:00:00 mtu 65536 addr 127.0.0.1 addr ::1
            dev 10 mac 02:00:00:00:0a:0a mtu 1500 addr 10.10.0.1 addr 2001:db8:a::1
            dev 11 mac 02:00:00:00:0b:0b mtu 1400 addr 10.11.0.1 addr 2001:db8:b::1
            dev 12 mac 02:00:00:00:0c:0c mtu 1500 addr 10.12.0.1 noforward
            dev 20 mac 02:00:00:00:14:14 mtu 1500
            dev 21 mac 02:00:00:00:15:15 mtu 1400
            dev 22 mac 02:00:00:00:16:16 mtu 1500
            route 10.10.0.0/24 dev 10
            route 10.11.0.0/24 dev 11
            route 10.12.0.0/24 dev 12
            route 198.51.100.0/24 via 10.11.0.2 dev 11
            route 203.0.113.0/24 dev 10
            route blackhole 192.0.2.128/25
            route unreachable 192.0.2.64/26
            route prohibit 192.0.2.32/27
            route 2001:db8:a::/64 dev 10 metric 256
            route 2001:db8:b::/64 dev 11 metric 256
            route 2001:db8:100::/48 via 2001:db8:b::2 dev 11 metric 1024
            neigh 10.11.0.2 lladdr 02:00:00:00:0b:02 dev 11
            neigh 203.0.113.7 lladdr 02:00:00:00:0a:07 dev 10
            neigh 2001:db8:b::2 lladdr 02:00:00:00:0b:03 dev 11
            """;

    /** An LPM trie key: the prefix length (u32, host order) and the address bytes. */
    static byte[] lpm(int prefixlen, String addr) {
        byte[] a = HexFormat.of().parseHex(addr);
        byte[] k = new byte[4 + a.length];
        System.arraycopy(u32(prefixlen), 0, k, 0, 4);
        System.arraycopy(a, 0, k, 4, a.length);
        return k;
    }

    /** A u32 in host (little-endian) order. */
    static byte[] u32(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    static Stream<Case> cases() {
        return objects().stream();
    }

    /** The engines this build has. */
    private static List<EngineKind> engines() {
        return Stream.of(EngineKind.values()).filter(EngineKind::available).toList();
    }

    /** What the kernel did: per program, the runs on every frame and the trace lines kept. */
    private record KernelRuns(Map<String, List<KernelOracle.Run>> runs, Map<String, List<String>> trace) {
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void programsAgreeWithTheKernel(Case c) throws IOException, ElfException {
        SoftAssertions soft = new SoftAssertions();
        try (KernelOracle kernel = KernelOracle.open(work)) {
            Path obj = kernel.compile(c.object);
            kernel.loadAll(obj);
            int cpus = KernelOracle.possibleCpus();
            RouteTable routes = c.routes == null ? null : RouteTable.parse(c.routes);
            if (c.routes != null) {
                kernel.netns(c.netns);
            }
            kernel.update(c.seeds);
            Map<String, byte[]> frames = new LinkedHashMap<>();
            TestPackets.all().forEach((k, v) -> {
                if (v.length >= 14) {
                    frames.put(k, v);
                }
            });
            // The kernel runs once, the programs in the order jxdp lists them (the maps are shared)
            BpfObject first = BpfObject.open(obj,
                    XdpPrograms.options(cpus, EngineKind.INTERP).withoutLoadingPrograms());
            KernelRuns k = new KernelRuns(new LinkedHashMap<>(), new LinkedHashMap<>());
            for (BpfProgram p : first.programs()) {
                if (kernel.programs().contains(p.name())) {
                    k.runs().put(p.name(), kernel.runAll(p.name(), new ArrayList<>(frames.values())));
                    if (c.traced.contains(p.name())) {
                        k.trace().put(p.name(), kernel.traceOfLastRuns());
                    }
                }
            }
            soft.assertThat(k.runs()).as(c.object + ": programs the kernel ran").isNotEmpty();
            KernelMaps kernelMaps = new KernelMaps(kernel);
            for (EngineKind engine : engines()) {
                compare(soft, c, engine, obj, cpus, routes, frames, k, kernelMaps);
            }
        }
        soft.assertAll();
    }

    /** The kernel's maps after the runs, each read once (popping a queue empties it). */
    private static final class KernelMaps {
        private final KernelOracle kernel;
        private final Map<String, Object> cache = new HashMap<>();

        KernelMaps(KernelOracle kernel) {
            this.kernel = kernel;
        }

        String show(String name) throws IOException {
            return (String) cached("show " + name, () -> kernel.show(name));
        }

        @SuppressWarnings("unchecked")
        Map<String, String> contents(BpfMap m) throws IOException {
            return (Map<String, String>) cached("dump " + m.name(), () -> kernelContents(kernel, m));
        }

        @SuppressWarnings("unchecked")
        List<String> drained(String name) throws IOException {
            return (List<String>) cached("drain " + name, () -> hex(kernel.drain(name)));
        }

        private interface Read {
            Object get() throws IOException;
        }

        private Object cached(String key, Read read) throws IOException {
            Object v = cache.get(key);
            if (v == null) {
                v = read.get();
                cache.put(key, v);
            }
            return v;
        }
    }

    /** One engine's runs of the object, compared with the kernel's. */
    private static void compare(SoftAssertions soft, Case c, EngineKind engine, Path obj, int cpus, RouteTable routes,
            Map<String, byte[]> frames, KernelRuns k, KernelMaps kernelMaps) throws IOException, ElfException {
        LoadOptions options = XdpPrograms.options(cpus, engine);
        if (routes != null) {
            options = options.withHelpers(rt -> XdpHelpers.table(rt, routes));
        }
        BpfObject ours = BpfObject.open(obj, options);
        List<String> ourTrace = new ArrayList<>();
        ours.runtime().trace(ourTrace::add);
        for (KernelOracle.Element e : c.seeds) {
            assertThat(ours.map(e.map()).update(e.key(), e.value(), MapFlags.BPF_ANY)).as("seed " + e.map()).isZero();
        }
        String on = " (" + engine + ")";
        for (BpfProgram p : ours.programs()) {
            assertThat(p.loaded()).as(p + ": " + p.loadError() + on).isTrue();
            List<KernelOracle.Run> runs = k.runs().get(p.name());
            if (runs == null) {
                continue;
            }
            ourTrace.clear();
            int i = 0;
            for (Map.Entry<String, byte[]> f : frames.entrySet()) {
                KernelOracle.Run kr = runs.get(i++);
                XdpTestRun.Result j = XdpTestRun.run(p, f.getValue(), 1);
                String what = c.object + ":" + p.name() + " on " + f.getKey() + on;
                if (VERBOSE) {
                    System.out.printf("%s: kernel %#x, jxdp %#x%n", what, kr.retval(), j.retval());
                }
                // the first frame that differs is reported; the maps are still compared, to show why
                soft.assertThat(j.fault()).as(what + " fault").isNull();
                boolean same = soft.wasSuccess();
                soft.assertThat(j.retval()).as(what + " return value").isEqualTo(kr.retval());
                same &= soft.wasSuccess();
                soft.assertThat(HexFormat.of().formatHex(j.dataOut())).as(what + " output bytes")
                        .isEqualTo(HexFormat.of().formatHex(kr.dataOut()));
                same &= soft.wasSuccess();
                if (!same) {
                    break;
                }
            }
            List<String> kernelTrace = k.trace().get(p.name());
            if (kernelTrace != null) {
                List<String> texts = ourTrace.stream().map(t -> t.substring(t.indexOf(": ") + 2)).toList();
                soft.assertThat(kernelTrace).as(p.name() + " trace lines the kernel kept").isNotEmpty();
                soft.assertThat(texts.subList(Math.max(0, texts.size() - kernelTrace.size()), texts.size()))
                        .as(p.name() + " bpf_trace_printk output" + on).isEqualTo(kernelTrace);
                if (VERBOSE && !kernelTrace.isEmpty()) {
                    System.out.println(p.name() + ": " + kernelTrace.size() + " trace lines compared, last "
                            + kernelTrace.get(kernelTrace.size() - 1));
                }
            }
        }
        for (BpfMap m : ours.maps()) {
            String what = c.object + " map " + m.name() + on;
            soft.assertThat("type=" + m.type().bpftoolName() + " bytes_key=" + m.keySize() + " bytes_value="
                    + m.valueSize() + " max_entries=" + m.maxEntries() + " flags=" + m.definition().flags())
                    .as(what + " definition").isEqualTo(kernelMaps.show(m.name()));
            if (c.bounded.contains(m.name())) {
                if (VERBOSE) {
                    System.out.println(what + ": " + contents(m) + ", in the kernel: " + kernelMaps.contents(m));
                }
                // BPF_F_NO_COMMON_LRU: the runs (all on CPU 0) can use CPU 0's share only
                int limit = (m.definition().flags() & MapFlags.BPF_F_NO_COMMON_LRU) != 0
                        ? m.maxEntries() / cpus : m.maxEntries();
                soft.assertThat(contents(m).size()).as(what + " elements").isBetween(1, limit);
                soft.assertThat(kernelMaps.contents(m).size()).as(what + " elements in the kernel").isBetween(1, limit);
                continue;
            }
            switch (m.type()) {
                case BPF_MAP_TYPE_QUEUE, BPF_MAP_TYPE_STACK ->
                        soft.assertThat(drained(m)).as(what).isEqualTo(kernelMaps.drained(m.name()));
                case BPF_MAP_TYPE_PROG_ARRAY, BPF_MAP_TYPE_ARRAY_OF_MAPS, BPF_MAP_TYPE_HASH_OF_MAPS,
                        BPF_MAP_TYPE_RINGBUF, BPF_MAP_TYPE_PERF_EVENT_ARRAY, BPF_MAP_TYPE_BLOOM_FILTER,
                        BPF_MAP_TYPE_XSKMAP -> {
                }
                default -> {
                    if (VERBOSE) {
                        System.out.println(what + " (" + m.type().bpftoolName() + "): " + contents(m));
                    }
                    soft.assertThat(contents(m)).as(what).isEqualTo(kernelMaps.contents(m));
                }
            }
        }
    }

    /**
     * Key (hex) to value (hex); per-CPU values as one hex string per CPU, joined by '|'. Keys
     * without a value (the empty slots of a devmap or cpumap) are left out, as bpftool does.
     */
    private static Map<String, String> contents(BpfMap m) {
        Map<String, String> out = new TreeMap<>();
        for (byte[] k = m.nextKey(null); k != null; k = m.nextKey(k)) {
            byte[] v = m.lookup(k);
            if (v == null) {
                continue;
            }
            out.put(HexFormat.of().formatHex(k), m.type().perCpu()
                    ? String.join("|", hex(split(v, m.cpus(), m.valueSize()))) : HexFormat.of().formatHex(v));
        }
        return out;
    }

    private static Map<String, String> kernelContents(KernelOracle kernel, BpfMap m) throws IOException {
        Map<String, String> out = new TreeMap<>();
        for (BpfMapDump.Entry e : kernel.dump(m.name())) {
            if (e.values().isEmpty()) {
                continue;   // bpftool lists empty devmap and cpumap slots with an error instead of a value
            }
            out.put(HexFormat.of().formatHex(e.key()), m.type().perCpu() ? String.join("|", hex(e.values()))
                    : HexFormat.of().formatHex(e.values().get(0)));
        }
        return out;
    }

    private static List<String> drained(BpfMap m) {
        List<byte[]> out = new ArrayList<>();
        for (byte[] v = m.pop(); v != null; v = m.pop()) {
            out.add(v);
        }
        return hex(out);
    }

    private static List<String> hex(List<byte[]> values) {
        return values.stream().map(HexFormat.of()::formatHex).toList();
    }

    /** The CPUs' values of a per-CPU lookup (each padded to 8 bytes), each cut to the value size. */
    private static List<byte[]> split(byte[] all, int cpus, int valueSize) {
        List<byte[]> out = new ArrayList<>();
        int each = all.length / cpus;
        for (int c = 0; c < cpus; c++) {
            byte[] v = new byte[valueSize];
            System.arraycopy(all, c * each, v, 0, valueSize);
            out.add(v);
        }
        return out;
    }
}
