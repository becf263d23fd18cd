package org.jxdp.engine.maps;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxdp.engine.maps.Bpftool.Outcome;
import org.jxdp.engine.runtime.BpfRuntime;

/**
 * The same seeded sequences of user-space operations on a kernel map (through bpftool) and on
 * jxdp's, compared step by step (errno and bytes) and by full dumps. This machine's kernel is
 * the oracle; the test is skipped (with the reason) when it cannot be used, and fails instead
 * with JXDP_REQUIRE_KERNEL=1.
 */
class KernelDifferentialTest {
    private static final long SEED = 0x6a786470L;
    private static final String[] FLAG_WORDS = {"any", "noexist", "exist"};
    private static Bpftool kernel;
    private static int cpus;
    private static Set<Integer> ifindexes;

    @BeforeAll
    static void openKernel() throws IOException {
        kernel = Bpftool.open();
        cpus = possibleCpus();
        ifindexes = new HashSet<>();
        try (Stream<Path> s = Files.list(Path.of("/sys/class/net"))) {
            for (Path p : (Iterable<Path>) s::iterator) {
                ifindexes.add(Integer.parseInt(Files.readString(p.resolve("ifindex")).trim()));
            }
        }
    }

    @AfterAll
    static void closeKernel() {
        if (kernel != null) {
            kernel.close();
        }
    }

    /** How many CPUs the kernel's per-CPU values have: /sys/devices/system/cpu/possible. */
    private static int possibleCpus() throws IOException {
        int n = 0;
        for (String range : Files.readString(Path.of("/sys/devices/system/cpu/possible")).trim().split(",")) {
            String[] ab = range.split("-");
            n += ab.length == 1 ? 1 : Integer.parseInt(ab[1]) - Integer.parseInt(ab[0]) + 1;
        }
        return n;
    }

    // ---------------------------------------------------------------- a map on both sides

    /** A kernel map and jxdp's, created alike, and the operations on both. */
    private static final class Twin {
        final String name;
        final BpfMap mine;
        final BpfRuntime rt;
        /** "op errno" for every outcome the kernel gave, to check the sequence reached them. */
        final Set<String> outcomes = new HashSet<>();
        int step;

        Twin(BpfRuntime rt, String name, MapType type, int key, int value, int entries, int flags, String... extra) {
            this.rt = rt;
            this.name = name;
            Integer refused = kernel.create(name, type.bpftoolName(), key, value, entries, flags, extra);
            assertThat(refused).as("kernel refused to create " + name).isNull();
            this.mine = MapFactory.create(MapDefinition.of(name, type, key, value, entries, flags), rt);
        }

        Twin(BpfRuntime rt, String name, BpfMap mine) {
            this.rt = rt;
            this.name = name;
            this.mine = mine;
        }

        String p() {
            return kernel.path(name);
        }

        String at(String op) {
            return name + " step " + step + " " + op + " (seed " + SEED + ")";
        }

        byte[] userValue(byte[] v) {
            if (!mine.type().perCpu()) {
                return v;
            }
            int stride = (v.length + 7) & ~7;
            byte[] all = new byte[stride * mine.cpus()];
            for (int c = 0; c < mine.cpus(); c++) {
                System.arraycopy(v, 0, all, c * stride, v.length);
            }
            return all;
        }

        void update(byte[] key, byte[] value, int flags) {
            step++;
            Outcome k = kernel.outcome("value", concat(new String[] {"map", "update", "pinned", p()},
                    key == null ? new String[0] : Bpftool.hexArgs("key", key), Bpftool.hexArgs("value", value),
                    new String[] {FLAG_WORDS[flags]}));
            outcomes.add("update " + Errno.name(k.errno()));
            int r = key == null && mine.keySize() == 0 ? mine.update(new byte[0], value, flags)
                    : mine.update(key, userValue(value), flags);
            assertThat(Outcome.error(r)).as(at("update " + hexOrNone(key) + " flags " + flags)).isEqualTo(
                    Outcome.error(k.errno()));
        }

        void updateRaw(byte[] key, String[] valueArgs, byte[] myValue, int flags) {
            step++;
            Outcome k = kernel.outcome("value", concat(new String[] {"map", "update", "pinned", p()},
                    Bpftool.hexArgs("key", key), valueArgs, new String[] {FLAG_WORDS[flags]}));
            outcomes.add("update " + Errno.name(k.errno()));
            int r = mine.update(key, myValue, flags);
            assertThat(Outcome.error(r)).as(at("update " + hexOrNone(key) + " " + String.join(" ", valueArgs)
                    + " flags " + flags)).isEqualTo(Outcome.error(k.errno()));
        }

        Outcome lookup(byte[] key) {
            step++;
            Outcome k = kernel.outcome("value", concat(new String[] {"map", "lookup", "pinned", p()},
                    key == null ? new String[0] : Bpftool.hexArgs("key", key)));
            outcomes.add("lookup " + Errno.name(k.errno()));
            byte[] v = mine.lookup(key == null ? new byte[0] : key);
            Outcome m = v == null ? Outcome.error(mine.lookupErrno()) : Outcome.ok(v);
            assertThat(m).as(at("lookup " + hexOrNone(key))).isEqualTo(k);
            return m;
        }

        void delete(byte[] key) {
            step++;
            Outcome k = kernel.outcome("value", concat(new String[] {"map", "delete", "pinned", p()},
                    Bpftool.hexArgs("key", key)));
            outcomes.add("delete " + Errno.name(k.errno()));
            assertThat(Outcome.error(mine.delete(key))).as(at("delete " + hexOrNone(key))).isEqualTo(k);
        }

        /** Walks get_next_key from the start to the end on both sides, comparing every key. */
        void walk() {
            byte[] key = null;
            for (int i = 0; i <= mine.maxEntries() + 1; i++) {
                next(key);
                key = mine.nextKey(key);
                if (key == null) {
                    return;
                }
            }
        }

        void next(byte[] key) {
            step++;
            Outcome k = kernel.outcome("next_key", concat(new String[] {"map", "getnext", "pinned", p()},
                    key == null ? new String[0] : Bpftool.hexArgs("key", key)));
            outcomes.add("getnext " + Errno.name(k.errno()));
            byte[] n = mine.nextKey(key);
            Outcome m = n == null ? Outcome.error(mine.nextKeyErrno()) : Outcome.ok(n);
            assertThat(m).as(at("getnext " + hexOrNone(key))).isEqualTo(k);
        }

        void push(byte[] value, int flags) {
            step++;
            Outcome k = kernel.outcome("value", concat(new String[] {"map", "push", "pinned", p()},
                    Bpftool.hexArgs("value", value), new String[] {FLAG_WORDS[flags]}));
            outcomes.add("push " + Errno.name(k.errno()));
            assertThat(Outcome.error(mine.update(null, value, flags))).as(at("push flags " + flags))
                    .isEqualTo(Outcome.error(k.errno()));
        }

        void pop() {
            step++;
            Outcome k = kernel.outcome("value", "map", "pop", "pinned", p());
            outcomes.add("pop " + Errno.name(k.errno()));
            byte[] v = mine.pop();
            assertThat(v == null ? Outcome.error(mine.lookupErrno()) : Outcome.ok(v)).as(at("pop")).isEqualTo(k);
        }

        /** Compares the whole content: jxdp's get_next_key walk and lookups against bpftool's dump. */
        /** Fails unless the kernel gave each of {@code expected} ("update EEXIST") at least once. */
        void reached(String... expected) {
            assertThat(outcomes).as(name + ": outcomes the random sequence reached").contains(expected);
        }

        void sameDump() {
            Map<String, String> mineDump = new LinkedHashMap<>();
            byte[] key = null;
            for (int i = 0; i <= 100_000; i++) {
                key = mine.nextKey(key);
                if (key == null) {
                    break;
                }
                byte[] v = mine.lookup(key);
                if (v != null) {
                    mineDump.put(Bpftool.hex(key), Bpftool.hex(v));
                }
            }
            assertThat(mineDump).as(name + " dump after step " + step).isEqualTo(kernel.dump(name));
        }
    }

    private static String hexOrNone(byte[] b) {
        return b == null ? "(none)" : Bpftool.hex(b);
    }

    private static String[] concat(String[]... parts) {
        List<String> all = new ArrayList<>();
        for (String[] p : parts) {
            all.addAll(Arrays.asList(p));
        }
        return all.toArray(new String[0]);
    }

    private static byte[] u32(long v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt((int) v).array();
    }

    private static byte[] random(Random r, int n) {
        byte[] b = new byte[n];
        r.nextBytes(b);
        return b;
    }

    /**
     * {@code ops} random operations on a keyed map: updates with every flag, lookups, deletes and
     * get_next_key (from existing keys, missing keys and none when {@code ordered}), keys from
     * {@code keys}; the dumps are compared every 50 steps and at the end.
     */
    private static void randomOps(Twin t, Random r, int ops, Function<Random, byte[]> keys, boolean ordered) {
        List<byte[]> seen = new ArrayList<>();
        for (int i = 0; i < ops; i++) {
            byte[] key = !seen.isEmpty() && r.nextInt(3) == 0 ? seen.get(r.nextInt(seen.size())) : keys.apply(r);
            int op = r.nextInt(10);
            if (op < 5) {
                t.update(key, random(r, t.mine.valueSize()), r.nextInt(3));
                seen.add(key);
            } else if (op < 7) {
                t.lookup(key);
            } else if (op < 9) {
                t.delete(key);
            } else if (ordered) {
                t.next(r.nextInt(4) == 0 ? null : key);
            }
            if (i % 50 == 49) {
                t.sameDump();
            }
        }
        t.sameDump();
    }

    // ---------------------------------------------------------------- the existing types

    @Test
    void arraysAndPerCpuArrays() {
        Random r = new Random(SEED);
        BpfRuntime rt = new BpfRuntime(cpus);
        Twin array = new Twin(rt, "array", MapType.BPF_MAP_TYPE_ARRAY, 4, 8, 8, 0);
        randomOps(array, r, 150, x -> u32(x.nextInt(11)), true);
        array.reached("update errno 0", "update EEXIST", "update E2BIG", "lookup ENOENT", "delete EINVAL",
                "getnext ENOENT");
        randomOps(new Twin(rt, "pcpu_array", MapType.BPF_MAP_TYPE_PERCPU_ARRAY, 4, 4, 4, 0), r, 100,
                x -> u32(x.nextInt(6)), true);
    }

    @Test
    void hashesAndPerCpuHashes() {
        Random r = new Random(SEED + 1);
        BpfRuntime rt = new BpfRuntime(cpus);
        Twin hash = new Twin(rt, "hash", MapType.BPF_MAP_TYPE_HASH, 4, 8, 8, 0);
        randomOps(hash, r, 200, x -> u32(x.nextInt(16)), false);
        hash.reached("update errno 0", "update EEXIST", "update ENOENT", "update E2BIG", "lookup ENOENT",
                "delete ENOENT", "delete errno 0");
        randomOps(new Twin(rt, "hash_np", MapType.BPF_MAP_TYPE_HASH, 6, 4, 5, MapFlags.BPF_F_NO_PREALLOC), r, 100,
                x -> new byte[] {1, 2, 3, 4, 5, (byte) x.nextInt(9)}, false);
        randomOps(new Twin(rt, "pcpu_hash", MapType.BPF_MAP_TYPE_PERCPU_HASH, 4, 4, 6, 0), r, 120,
                x -> u32(x.nextInt(12)), false);
    }

    /** LRU: 48 keys in 1024 entries, so that nothing is evicted whichever CPU bpftool runs on. */
    @Test
    void lruHashesWithoutEviction() {
        Random r = new Random(SEED + 2);
        BpfRuntime rt = new BpfRuntime(cpus);
        Twin lru = new Twin(rt, "lru", MapType.BPF_MAP_TYPE_LRU_HASH, 4, 8, 1024, 0);
        randomOps(lru, r, 150, x -> u32(x.nextInt(48)), false);
        lru.reached("update EEXIST", "update ENOENT", "delete ENOENT", "lookup ENOENT");
    }

    // ---------------------------------------------------------------- LPM trie

    private static byte[] lpmKey(Random r, int dataSize, int[] bases) {
        byte[] k = new byte[4 + dataSize];
        int bits = dataSize * 8;
        int plen = r.nextInt(20) == 0 ? bits + 1 + r.nextInt(8) : r.nextInt(bits + 1);
        k[0] = (byte) plen;
        int base = bases[r.nextInt(bases.length)];
        for (int i = 0; i < dataSize; i++) {
            k[4 + i] = (byte) (base >>> (8 * (i % 4)));
        }
        int flip = r.nextInt(bits);
        k[4 + flip / 8] ^= (byte) (0x80 >>> (flip % 8));
        if (r.nextBoolean()) {
            k[4 + dataSize - 1] = (byte) r.nextInt(256);
        }
        return k;
    }

    @Test
    void lpmTries() {
        Random r = new Random(SEED + 3);
        BpfRuntime rt = new BpfRuntime(cpus);
        int[] v4 = {0x0001a8c0, 0x0000000a, 0x00fea8c0, 0xffffffff};
        Twin ipv4 = new Twin(rt, "lpm4", MapType.BPF_MAP_TYPE_LPM_TRIE, 8, 4, 12, MapFlags.BPF_F_NO_PREALLOC);
        lpmOps(ipv4, r, 320, 4, v4);
        ipv4.reached("update errno 0", "update EEXIST", "update ENOENT", "update ENOSPC", "update EINVAL",
                "lookup errno 0", "lookup ENOENT", "delete errno 0", "delete ENOENT", "delete EINVAL",
                "getnext errno 0", "getnext ENOENT");
        Twin ipv6 = new Twin(rt, "lpm6", MapType.BPF_MAP_TYPE_LPM_TRIE, 20, 8, 10, MapFlags.BPF_F_NO_PREALLOC);
        lpmOps(ipv6, r, 150, 16, new int[] {0x0db80120, 0, 0x12345678});
        Twin odd = new Twin(rt, "lpm3", MapType.BPF_MAP_TYPE_LPM_TRIE, 7, 3, 6, MapFlags.BPF_F_NO_PREALLOC);
        lpmOps(odd, r, 120, 3, new int[] {0x00a0b0c0, 0x00a0b0c1});
    }

    private static void lpmOps(Twin t, Random r, int ops, int dataSize, int[] bases) {
        List<byte[]> seen = new ArrayList<>();
        for (int i = 0; i < ops; i++) {
            byte[] key = !seen.isEmpty() && r.nextInt(3) == 0 ? seen.get(r.nextInt(seen.size())).clone()
                    : lpmKey(r, dataSize, bases);
            int op = r.nextInt(12);
            if (op < 5) {
                t.update(key, random(r, t.mine.valueSize()), r.nextInt(3));
                seen.add(key);
            } else if (op < 8) {
                if (r.nextBoolean()) {
                    key[0] = (byte) (dataSize * 8);
                }
                t.lookup(key);
            } else if (op < 10) {
                t.delete(key);
            } else {
                t.next(r.nextInt(4) == 0 ? null : key);
            }
            if (i % 40 == 39) {
                t.sameDump();
                t.walk();
            }
        }
        t.sameDump();
        t.walk();
    }

    // ---------------------------------------------------------------- queue, stack, Bloom filter, ring buffer

    @Test
    void queuesAndStacks() {
        Random r = new Random(SEED + 4);
        BpfRuntime rt = new BpfRuntime(cpus);
        for (MapType type : List.of(MapType.BPF_MAP_TYPE_QUEUE, MapType.BPF_MAP_TYPE_STACK)) {
            Twin t = new Twin(rt, type.bpftoolName(), type, 0, 4, 5, 0);
            for (int i = 0; i < 200; i++) {
                int op = r.nextInt(10);
                if (op < 5) {
                    t.push(random(r, 4), r.nextInt(3));
                } else if (op < 7) {
                    t.pop();
                } else if (op < 9) {
                    t.lookup(null);
                } else {
                    t.next(null);
                }
            }
            t.reached("push errno 0", "push E2BIG", "push EINVAL", "pop errno 0", "pop ENOENT", "lookup ENOENT",
                    "getnext EINVAL");
        }
    }

    @Test
    void bloomFiltersAndRingBuffers() {
        Random r = new Random(SEED + 5);
        BpfRuntime rt = new BpfRuntime(cpus);
        Twin bloom = new Twin(rt, "bloom", MapType.BPF_MAP_TYPE_BLOOM_FILTER, 0, 5, 16, MapFlags.BPF_F_ZERO_SEED);
        for (int i = 0; i < 40; i++) {
            bloom.push(random(r, 5), r.nextInt(3));
        }
        bloom.next(null);
        bloom.reached("push errno 0", "push EINVAL", "getnext EOPNOTSUPP");
        Twin ring = new Twin(rt, "ringbuf", MapType.BPF_MAP_TYPE_RINGBUF, 0, 0, 8192, 0);
        ring.lookup(null);
        ring.next(null);
        ring.reached("lookup ENOTSUPP", "getnext ENOTSUPP");
    }

    // ---------------------------------------------------------------- perf event array, devmaps, cpumap

    @Test
    void perfEventArrays() {
        Random r = new Random(SEED + 6);
        BpfRuntime rt = new BpfRuntime(cpus);
        Twin t = new Twin(rt, "perf", MapType.BPF_MAP_TYPE_PERF_EVENT_ARRAY, 4, 4, 4, 0);
        for (int i = 0; i < 60; i++) {
            byte[] key = u32(r.nextInt(7));
            int op = r.nextInt(4);
            if (op == 0) {
                // 0x63: no such fd in bpftool's process; 0: its standard input, not a perf event
                t.update(key, u32(r.nextBoolean() ? 0x63 : 0), r.nextInt(3));
            } else if (op == 1) {
                t.lookup(key);
            } else if (op == 2) {
                t.delete(key);
            } else {
                t.next(r.nextBoolean() ? null : key);
            }
        }
        t.reached("update EBADF", "update E2BIG", "update EINVAL", "lookup ENOTSUPP", "delete ENOENT", "delete E2BIG");
    }

    private byte[] devValue(Random r, int size) {
        int[] choices = {1, 1, 0, 9999};
        List<Integer> real = new ArrayList<>(ifindexes);
        int ifindex = r.nextInt(3) == 0 ? real.get(r.nextInt(real.size())) : choices[r.nextInt(choices.length)];
        ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN).putInt(ifindex);
        if (size == 8) {
            // no program (0 or -1), or an fd that is not a program (bpftool's stdin, a missing fd)
            int[] fds = {0, -1, -1, 0x63};
            b.putInt(fds[r.nextInt(fds.length)]);
        }
        return b.array();
    }

    @Test
    void devmaps() {
        Random r = new Random(SEED + 7);
        BpfRuntime rt = new BpfRuntime(cpus);
        for (int size : new int[] {4, 8}) {
            Twin t = new Twin(rt, "devmap" + size, MapType.BPF_MAP_TYPE_DEVMAP, 4, size, 6, 0);
            ((DevMap) t.mine).devices(ifindexes::contains);
            devOps(t, r, size, 8);
            t.reached("update errno 0", "update EEXIST", "update E2BIG", "update EINVAL", "lookup ENOENT",
                    "delete EINVAL", "getnext ENOENT");
            Twin h = new Twin(rt, "devhash" + size, MapType.BPF_MAP_TYPE_DEVMAP_HASH, 4, size, 5, 0);
            ((DevMapHash) h.mine).devices(ifindexes::contains);
            devOps(h, r, size, 12);
            h.reached("update errno 0", "update EEXIST", "update E2BIG", "update EINVAL", "delete ENOENT",
                    "getnext errno 0");
        }
    }

    private void devOps(Twin t, Random r, int size, int keys) {
        for (int i = 0; i < 100; i++) {
            byte[] key = u32(r.nextInt(keys));
            int op = r.nextInt(10);
            if (op < 5) {
                t.update(key, devValue(r, size), r.nextInt(3));
            } else if (op < 7) {
                t.lookup(key);
            } else if (op < 9) {
                t.delete(key);
            } else {
                t.next(r.nextInt(4) == 0 ? null : key);
            }
        }
        t.sameDump();
        t.walk();
    }

    @Test
    void cpumaps() {
        Random r = new Random(SEED + 8);
        BpfRuntime rt = new BpfRuntime(cpus);
        for (int size : new int[] {4, 8}) {
            Twin t = new Twin(rt, "cpumap" + size, MapType.BPF_MAP_TYPE_CPUMAP, 4, size, cpus + 2, 0);
            for (int i = 0; i < 60; i++) {
                byte[] key = u32(r.nextInt(cpus + 4));
                int op = r.nextInt(10);
                if (op < 5) {
                    int[] qsizes = {0, 1, 64, 16384, 16385, 100000};
                    ByteBuffer b = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN)
                            .putInt(qsizes[r.nextInt(qsizes.length)]);
                    if (size == 8) {
                        b.putInt(new int[] {0, -1, 0x63}[r.nextInt(3)]);
                    }
                    t.update(key, b.array(), r.nextInt(3));
                } else if (op < 7) {
                    t.lookup(key);
                } else if (op < 9) {
                    t.delete(key);
                } else {
                    t.next(r.nextInt(4) == 0 ? null : key);
                }
            }
            t.sameDump();
            t.reached("update errno 0", "update EEXIST", "update E2BIG", "update EOVERFLOW", "update ENODEV",
                    "lookup ENOENT", "delete EINVAL");
            if (size == 8) {
                t.reached("update ENOMEM");
            }
        }
    }

    // ---------------------------------------------------------------- maps of maps

    /** Inner map candidates, created alike on both sides; the value names one by path (kernel) and id (jxdp). */
    private record Inner(String name, BpfMap mine, int kernelId) {
    }

    private static Inner inner(BpfRuntime rt, String name, MapType type, int key, int value, int entries, int flags) {
        assertThat(kernel.create(name, type.bpftoolName(), key, value, entries, flags)).as(name).isNull();
        BpfMap m = MapFactory.create(MapDefinition.of(name, type, key, value, entries, flags), rt);
        return new Inner(name, m, kernel.id(name));
    }

    @Test
    void arraysAndHashesOfMaps() {
        Random r = new Random(SEED + 9);
        BpfRuntime rt = new BpfRuntime(cpus);
        List<Inner> arrays = List.of(inner(rt, "ia1", MapType.BPF_MAP_TYPE_ARRAY, 4, 4, 2, 0),
                inner(rt, "ia2", MapType.BPF_MAP_TYPE_ARRAY, 4, 4, 2, 0),
                inner(rt, "ia3", MapType.BPF_MAP_TYPE_ARRAY, 4, 4, 3, 0),
                inner(rt, "ih1", MapType.BPF_MAP_TYPE_HASH, 4, 4, 2, 0));
        MapDefinition tpl = arrays.get(0).mine().definition();
        outerOps(rt, r, "aom", MapType.BPF_MAP_TYPE_ARRAY_OF_MAPS, tpl, "ia1", arrays, 6);
        List<Inner> flexible = List.of(inner(rt, "if1", MapType.BPF_MAP_TYPE_ARRAY, 4, 4, 2, MapFlags.BPF_F_INNER_MAP),
                inner(rt, "if2", MapType.BPF_MAP_TYPE_ARRAY, 4, 4, 7, MapFlags.BPF_F_INNER_MAP),
                inner(rt, "if3", MapType.BPF_MAP_TYPE_ARRAY, 4, 4, 2, 0));
        outerOps(rt, r, "aomf", MapType.BPF_MAP_TYPE_ARRAY_OF_MAPS, flexible.get(0).mine().definition(), "if1",
                flexible, 4);
        List<Inner> hashes = List.of(inner(rt, "hh1", MapType.BPF_MAP_TYPE_HASH, 4, 4, 4, 0),
                inner(rt, "hh2", MapType.BPF_MAP_TYPE_HASH, 4, 4, 9, 0),
                inner(rt, "hh3", MapType.BPF_MAP_TYPE_HASH, 4, 8, 4, 0),
                inner(rt, "ha1", MapType.BPF_MAP_TYPE_ARRAY, 4, 4, 4, 0));
        outerOps(rt, r, "hom", MapType.BPF_MAP_TYPE_HASH_OF_MAPS, hashes.get(0).mine().definition(), "hh1", hashes, 4);
    }

    private void outerOps(BpfRuntime rt, Random r, String name, MapType type, MapDefinition tpl, String tplName,
            List<Inner> candidates, int entries) {
        assertThat(kernel.create(name, type.bpftoolName(), 4, 4, entries, 0, "inner_map", "pinned",
                kernel.path(tplName))).as(name).isNull();
        MapDefinition def = new MapDefinition(name, type, 4, 4, entries, 0, 0, 0, 0, 0, tpl);
        Twin t = new Twin(rt, name, MapFactory.create(def, rt));
        Map<Integer, Integer> kernelToMine = new java.util.HashMap<>();
        for (Inner c : candidates) {
            kernelToMine.put(c.kernelId(), c.mine().id());
        }
        for (int i = 0; i < 80; i++) {
            byte[] key = u32(r.nextInt(entries + 3));
            int op = r.nextInt(10);
            if (op < 5) {
                // (bpftool only passes maps it resolved itself, so -EBADF is left to the unit tests)
                Inner c = candidates.get(r.nextInt(candidates.size()));
                t.updateRaw(key, new String[] {"value", "pinned", kernel.path(c.name())}, u32(c.mine().id()),
                        r.nextInt(3));
            } else if (op < 8) {
                t.step++;
                Outcome k = kernel.outcome("value", concat(new String[] {"map", "lookup", "pinned", t.p()},
                        Bpftool.hexArgs("key", key)));
                byte[] v = t.mine.lookup(key);
                Outcome m = v == null ? Outcome.error(t.mine.lookupErrno()) : Outcome.ok(v);
                t.outcomes.add("lookup " + Errno.name(k.errno()));
                Outcome translated = k.errno() != 0 ? k
                        : Outcome.ok(u32(kernelToMine.getOrDefault((int) ByteBuffer.wrap(k.bytes())
                                .order(ByteOrder.LITTLE_ENDIAN).getInt(), -1)));
                assertThat(m).as(t.at("lookup " + Bpftool.hex(key))).isEqualTo(translated);
            } else if (op < 9) {
                t.delete(key);
            } else if (type == MapType.BPF_MAP_TYPE_ARRAY_OF_MAPS) {
                t.next(r.nextBoolean() ? null : key);
            }
        }
        Set<String> kernelKeys = kernel.dump(name).keySet();
        Set<String> mineKeys = new HashSet<>();
        for (byte[] k = t.mine.nextKey(null); k != null; k = t.mine.nextKey(k)) {
            if (t.mine.lookup(k) != null) {
                mineKeys.add(Bpftool.hex(k));
            }
        }
        assertThat(mineKeys).as(name + " keys at the end").isEqualTo(kernelKeys);
        t.reached("update errno 0", "update EINVAL", "lookup ENOENT", "delete ENOENT");
    }

    // ---------------------------------------------------------------- creation rules

    private static final Pattern ERRNO = Pattern.compile("\\(-(E[A-Z0-9]+)\\)");

    /** One creation on both sides: same acceptance, same errno. */
    private static void sameCreation(BpfRuntime rt, String type, int key, int value, long entries, int flags) {
        String name = "c" + Math.abs((type + key + value + entries + flags).hashCode() % 100000);
        Integer k = kernel.create(name, type, key, value, entries, flags);
        try {
            Files.deleteIfExists(Path.of(kernel.path(name)));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        String mine;
        try {
            MapType t = MapType.valueOf("BPF_MAP_TYPE_" + type.toUpperCase());
            MapFactory.create(MapDefinition.of(name, t, key, value, (int) entries, flags), rt);
            mine = "ok";
        } catch (IllegalArgumentException e) {
            Matcher m = ERRNO.matcher(e.getMessage());
            mine = m.find() ? m.group(1) : "no errno in: " + e.getMessage();
        }
        assertThat(mine).as(type + " key " + key + " value " + value + " entries " + entries + " flags " + flags)
                .isEqualTo(k == null ? "ok" : Errno.name(k));
    }

    @Test
    void creationRules() {
        BpfRuntime rt = new BpfRuntime(cpus);
        int[] flagChoices = {0, 1, 4, 8, 16, 24, 64, 128, 256, 384, 1024, 2048, 4096};
        for (int f : flagChoices) {
            sameCreation(rt, "lpm_trie", 8, 4, 4, f | 1);
            sameCreation(rt, "queue", 0, 4, 4, f);
            sameCreation(rt, "stack", 0, 4, 4, f);
            sameCreation(rt, "bloom_filter", 0, 4, 4, f);
            sameCreation(rt, "ringbuf", 0, 0, 4096, f);
            sameCreation(rt, "perf_event_array", 4, 4, 4, f);
            sameCreation(rt, "devmap", 4, 4, 4, f);
            sameCreation(rt, "devmap_hash", 4, 8, 4, f);
            sameCreation(rt, "cpumap", 4, 4, 2, f);
        }
        sameCreation(rt, "lpm_trie", 8, 4, 4, 0);
        for (int key : new int[] {4, 5, 6, 20, 260, 261}) {
            sameCreation(rt, "lpm_trie", key, 4, 4, 1);
        }
        for (int value : new int[] {0, 1, LpmTrieMap.LPM_VAL_SIZE_MAX, LpmTrieMap.LPM_VAL_SIZE_MAX + 1}) {
            sameCreation(rt, "lpm_trie", 8, value, 1, 1);
        }
        sameCreation(rt, "lpm_trie", 8, 4, 0, 1);
        for (String qs : new String[] {"queue", "stack", "bloom_filter"}) {
            sameCreation(rt, qs, 4, 4, 4, 0);
            sameCreation(rt, qs, 0, 0, 4, 0);
            sameCreation(rt, qs, 0, 4, 0, 0);
            sameCreation(rt, qs, 0, QueueStackMap.KMALLOC_MAX_SIZE, 1, 0);
            sameCreation(rt, qs, 0, QueueStackMap.KMALLOC_MAX_SIZE + 1, 1, 0);
        }
        for (long entries : new long[] {0, 2048, 4096, 8192, 12288, 65536}) {
            sameCreation(rt, "ringbuf", 0, 0, entries, 0);
        }
        sameCreation(rt, "ringbuf", 4, 0, 4096, 0);
        sameCreation(rt, "ringbuf", 0, 4, 4096, 0);
        for (String dm : new String[] {"devmap", "devmap_hash", "cpumap"}) {
            sameCreation(rt, dm, 4, 12, 4, 0);
            sameCreation(rt, dm, 8, 4, 4, 0);
            sameCreation(rt, dm, 4, 4, 0, 0);
            sameCreation(rt, dm, 4, 8, 1, 0);
        }
        sameCreation(rt, "devmap_hash", 4, 4, 3, 0);
        for (long entries : new long[] {CpuMap.NR_CPUS, CpuMap.NR_CPUS + 1}) {
            sameCreation(rt, "cpumap", 4, 4, entries, 0);
        }
        sameCreation(rt, "perf_event_array", 4, 8, 4, 0);
        sameCreation(rt, "perf_event_array", 8, 4, 4, 0);
    }
}
