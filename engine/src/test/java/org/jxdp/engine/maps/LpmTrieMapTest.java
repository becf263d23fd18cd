package org.jxdp.engine.maps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jxdp.engine.testing.Le.u32;
import static org.jxdp.engine.testing.Le.u32At;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.engine.vm.ExecutionContext;
import org.jxdp.engine.vm.Executable;

/** The LPM trie from user space and from programs. */
class LpmTrieMapTest {
    private static final String ENGINES = "org.jxdp.engine.testing.Engines#all";

    /** An IPv4 key: prefixlen, then a.b.c.d in network order. */
    static byte[] v4(int plen, int a, int b, int c, int d) {
        return new byte[] {(byte) plen, 0, 0, 0, (byte) a, (byte) b, (byte) c, (byte) d};
    }

    private static BpfMap trie(BpfRuntime rt, int keySize, int entries) {
        return MapFactory.create(MapDefinition.of("lpm", MapType.BPF_MAP_TYPE_LPM_TRIE, keySize, 4, entries,
                MapFlags.BPF_F_NO_PREALLOC), rt);
    }

    @Test
    void lookupsFindTheLongestStoredPrefix() {
        BpfMap m = trie(new BpfRuntime(1), 8, 16);
        assertThat(m.update(v4(8, 10, 0, 0, 0), u32(8), 0)).isZero();
        assertThat(m.update(v4(16, 10, 1, 0, 0), u32(16), 0)).isZero();
        assertThat(m.update(v4(24, 10, 1, 2, 0), u32(24), 0)).isZero();
        assertThat(m.update(v4(0, 0, 0, 0, 0), u32(0), 0)).isZero();
        assertThat(u32At(m.lookup(v4(32, 10, 1, 2, 3)), 0)).isEqualTo(24);
        assertThat(u32At(m.lookup(v4(32, 10, 1, 3, 3)), 0)).isEqualTo(16);
        assertThat(u32At(m.lookup(v4(32, 10, 9, 9, 9)), 0)).isEqualTo(8);
        assertThat(u32At(m.lookup(v4(32, 11, 0, 0, 1)), 0)).isZero();
        // the lookup key's prefixlen limits the match; one beyond the data matches nothing
        assertThat(u32At(m.lookup(v4(20, 10, 1, 2, 3)), 0)).isEqualTo(16);
        assertThat(m.lookup(v4(33, 10, 1, 2, 3))).isNull();
        assertThat(m.delete(v4(0, 0, 0, 0, 0))).isZero();
        assertThat(m.lookup(v4(32, 11, 0, 0, 1))).isNull();
        assertThat(m.lookupErrno()).isEqualTo(-Errno.ENOENT);
    }

    @Test
    void updatesAndDeletesWorkOnExactPrefixesWithTheKernelErrors() {
        BpfMap m = trie(new BpfRuntime(1), 8, 2);
        assertThat(m.update(v4(24, 192, 168, 0, 0), u32(1), MapFlags.BPF_EXIST)).isEqualTo(-Errno.ENOENT);
        assertThat(m.update(v4(24, 192, 168, 0, 0), u32(1), MapFlags.BPF_NOEXIST)).isZero();
        assertThat(m.update(v4(24, 192, 168, 0, 77), u32(2), MapFlags.BPF_NOEXIST)).isEqualTo(-Errno.EEXIST);
        assertThat(m.update(v4(24, 192, 168, 0, 77), u32(2), MapFlags.BPF_EXIST)).isZero();
        assertThat(u32At(m.lookup(v4(32, 192, 168, 0, 1)), 0)).isEqualTo(2);
        assertThat(m.update(v4(33, 192, 168, 0, 0), u32(1), 0)).isEqualTo(-Errno.EINVAL);
        assertThat(m.update(v4(24, 192, 168, 0, 0), u32(1), 3)).isEqualTo(-Errno.EINVAL);
        assertThat(m.update(v4(16, 192, 168, 0, 0), u32(3), 0)).isZero();
        // full: a new prefix is -ENOSPC, an existing one is still replaced
        assertThat(m.update(v4(8, 192, 0, 0, 0), u32(4), 0)).isEqualTo(-Errno.ENOSPC);
        assertThat(m.update(v4(16, 192, 168, 0, 0), u32(5), 0)).isZero();
        assertThat(m.size()).isEqualTo(2);
        assertThat(m.delete(v4(8, 192, 0, 0, 0))).isEqualTo(-Errno.ENOENT);
        assertThat(m.delete(v4(40, 192, 0, 0, 0))).isEqualTo(-Errno.EINVAL);
        assertThat(m.delete(v4(16, 192, 168, 9, 9))).isZero();
        assertThat(m.delete(v4(16, 192, 168, 9, 9))).isEqualTo(-Errno.ENOENT);
        assertThat(m.update(v4(8, 192, 0, 0, 0), u32(4), 0)).isZero();
    }

    @Test
    void getNextKeyWalksPostOrderMoreSpecificFirst() {
        BpfMap m = trie(new BpfRuntime(1), 8, 8);
        // the example of kernel/bpf/lpm_trie.c
        m.update(v4(16, 192, 168, 0, 0), u32(1), 0);
        m.update(v4(24, 192, 168, 0, 0), u32(2), 0);
        m.update(v4(24, 192, 168, 1, 0), u32(3), 0);
        m.update(v4(24, 192, 168, 128, 0), u32(4), 0);
        List<String> order = new ArrayList<>();
        for (byte[] k = m.nextKey(null); k != null; k = m.nextKey(k)) {
            order.add((k[4] & 0xff) + "." + (k[5] & 0xff) + "." + (k[6] & 0xff) + "." + (k[7] & 0xff) + "/" + k[0]);
        }
        assertThat(order).containsExactly("192.168.0.0/24", "192.168.1.0/24", "192.168.128.0/24", "192.168.0.0/16");
        assertThat(m.nextKey(v4(24, 10, 0, 0, 0))).containsExactly(v4(24, 192, 168, 0, 0));
        assertThat(m.nextKey(v4(99, 10, 0, 0, 0))).containsExactly(v4(24, 192, 168, 0, 0));
        // deleting a node with two children leaves an intermediate node, which is never returned
        assertThat(m.delete(v4(16, 192, 168, 0, 0))).isZero();
        assertThat(m.nextKey(v4(24, 192, 168, 128, 0))).isNull();
        assertThat(m.nextKeyErrno()).isEqualTo(-Errno.ENOENT);
        assertThat(m.lookup(v4(32, 192, 168, 7, 7))).isNull();
    }

    @Test
    void keysOfAnyDataLengthWork() {
        BpfMap one = trie(new BpfRuntime(1), 5, 4);
        assertThat(one.update(new byte[] {4, 0, 0, 0, (byte) 0xa0}, u32(1), 0)).isZero();
        assertThat(u32At(one.lookup(new byte[] {8, 0, 0, 0, (byte) 0xaf}), 0)).isEqualTo(1);
        assertThat(one.lookup(new byte[] {8, 0, 0, 0, (byte) 0xbf})).isNull();
        BpfMap v6 = trie(new BpfRuntime(1), 20, 4);
        byte[] k = new byte[20];
        k[0] = 32;
        k[4] = 0x20;
        k[5] = 0x01;
        k[6] = 0x0d;
        k[7] = (byte) 0xb8;
        assertThat(v6.update(k, u32(6), 0)).isZero();
        byte[] probe = k.clone();
        probe[0] = (byte) 128;
        probe[19] = 1;
        assertThat(u32At(v6.lookup(probe), 0)).isEqualTo(6);
    }

    /**
     * Random prefixes clustered under a few bases (so that they nest and diverge at every depth),
     * inserted, replaced and deleted, against a brute-force longest-prefix match; data sizes on
     * both sides of the one- and two-word lookup rows and beyond them.
     */
    @ParameterizedTest(name = "{0} data bytes")
    @ValueSource(ints = {1, 3, 4, 5, 8, 9, 16, 17, 32})
    void lookupsAgreeWithABruteForceLongestPrefixMatch(int dataSize) {
        agreeWithBruteForce(dataSize, 6, 80, 25, 1500);
    }

    /**
     * The same with a few prefixes at a time, so that the trie holds about as many as
     * {@link LpmTrieMap#SCAN_MAX} and crosses it both ways: up to it, lookups test each stored
     * prefix instead of walking.
     */
    @ParameterizedTest(name = "{0} data bytes")
    @ValueSource(ints = {1, 4, 5, 8, 9, 16, 17})
    void smallTriesAgreeWithABruteForceLongestPrefixMatch(int dataSize) {
        agreeWithBruteForce(dataSize, 40, 7, 6, 300);
    }

    private void agreeWithBruteForce(int dataSize, int rounds, int inserts, int deletes, int probes) {
        int max = dataSize * 8;
        SplittableRandom r = new SplittableRandom(dataSize);
        BpfMap m = trie(new BpfRuntime(1), 4 + dataSize, 400);
        byte[][] bases = new byte[4][dataSize];
        for (byte[] b : bases) {
            r.nextBytes(b);
        }
        Map<String, Integer> stored = new LinkedHashMap<>();
        int next = 1;
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < inserts; i++) {
                byte[] data = bases[r.nextInt(bases.length)].clone();
                int plen = r.nextInt(max + 1);
                for (int bit = plen == 0 ? 0 : r.nextInt(plen); bit < max; bit++) {
                    if (r.nextBoolean()) {
                        data[bit >>> 3] ^= (byte) (0x80 >>> (bit & 7));
                    }
                }
                byte[] key = key(plen, mask(data, plen));
                int value = next++;
                if (m.update(key, u32(value), 0) == 0) {
                    stored.put(Arrays.toString(key), value);
                }
            }
            List<String> keys = new ArrayList<>(stored.keySet());
            for (int i = 0; i < deletes && !keys.isEmpty(); i++) {
                String k = keys.remove(r.nextInt(keys.size()));
                assertThat(m.delete(parse(k))).isZero();
                stored.remove(k);
            }
            for (int i = 0; i < probes; i++) {
                byte[] data = bases[r.nextInt(bases.length)].clone();
                for (int bit = r.nextInt(max + 1); bit < max; bit++) {
                    if (r.nextInt(4) == 0) {
                        data[bit >>> 3] ^= (byte) (0x80 >>> (bit & 7));
                    }
                }
                int plen = r.nextInt(4) == 0 ? r.nextInt(max + 1) : max;
                byte[] probe = key(plen, data);
                Integer want = null;
                int wantLen = -1;
                for (Map.Entry<String, Integer> e : stored.entrySet()) {
                    byte[] k = parse(e.getKey());
                    int len = k[0] & 0xff | (k[1] & 0xff) << 8;
                    if (len <= plen && len > wantLen && Arrays.equals(mask(data, len), Arrays.copyOfRange(k, 4, k.length))) {
                        want = e.getValue();
                        wantLen = len;
                    }
                }
                byte[] got = m.lookup(probe);
                assertThat(got == null ? null : (int) u32At(got, 0)).as("lookup of " + Arrays.toString(probe))
                        .isEqualTo(want);
            }
        }
    }

    private static byte[] key(int plen, byte[] data) {
        byte[] k = new byte[4 + data.length];
        k[0] = (byte) plen;
        k[1] = (byte) (plen >>> 8);
        System.arraycopy(data, 0, k, 4, data.length);
        return k;
    }

    private static byte[] mask(byte[] data, int plen) {
        byte[] m = data.clone();
        for (int bit = plen; bit < m.length * 8; bit++) {
            m[bit >>> 3] &= (byte) ~(0x80 >>> (bit & 7));
        }
        return m;
    }

    private static byte[] parse(String text) {
        String[] p = text.substring(1, text.length() - 1).split(", ");
        byte[] b = new byte[p.length];
        for (int i = 0; i < p.length; i++) {
            b[i] = Byte.parseByte(p[i]);
        }
        return b;
    }

    @Test
    void creationFollowsTheKernelRules() {
        BpfRuntime rt = new BpfRuntime(1);
        assertThatThrownBy(() -> MapFactory.create(MapDefinition.of("x", MapType.BPF_MAP_TYPE_LPM_TRIE, 8, 4, 4, 0),
                rt)).hasMessageContaining("BPF_F_NO_PREALLOC").hasMessageContaining("-EINVAL");
        assertThatThrownBy(() -> trie(rt, 4, 4)).hasMessageContaining("-EINVAL");
        assertThatThrownBy(() -> trie(rt, 261, 4)).hasMessageContaining("-EINVAL");
        assertThatThrownBy(() -> trie(rt, 8, 0)).hasMessageContaining("-EINVAL");
        assertThatThrownBy(() -> MapFactory.create(MapDefinition.of("x", MapType.BPF_MAP_TYPE_LPM_TRIE, 8, 0, 4,
                MapFlags.BPF_F_NO_PREALLOC), rt)).hasMessageContaining("-EINVAL");
        assertThatThrownBy(() -> MapFactory.create(MapDefinition.of("x", MapType.BPF_MAP_TYPE_LPM_TRIE, 8, 4, 4,
                MapFlags.BPF_F_NO_PREALLOC | MapFlags.BPF_F_ZERO_SEED), rt)).hasMessageContaining("-EINVAL");
        assertThat(trie(rt, 260, 1).keySize()).isEqualTo(260);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void programsLookUpUpdateAndDeletePrefixesAndWriteValuesInPlace(EngineKind e) {
        BpfRuntime rt = new BpfRuntime(1);
        BpfMap m = trie(rt, 8, 8);
        assertThat(m.update(v4(16, 10, 1, 0, 0), u32(100), 0)).isZero();
        // key 10.1.2.3/32 on the stack; value += r1; then insert 10.1.2.0/24 = 7 and delete 10.1.0.0/16
        Executable exe = MapPrograms.load(e, rt, """
                mov %r6, %r1
                stw [%r10-8], 32
                stw [%r10-4], 0x03020a0a
                stb [%r10-3], 1
                lddw %r1, map(lpm)
                mov %r2, %r10
                add %r2, -8
                call 1
                jeq %r0, 0, miss
                ldxw %r7, [%r0]
                add %r7, %r6
                stxw [%r0], %r7
                stw [%r10-8], 24
                stw [%r10-16], 7
                lddw %r1, map(lpm)
                mov %r2, %r10
                add %r2, -8
                mov %r3, %r10
                add %r3, -16
                mov %r4, 1
                call 2
                jne %r0, 0, fail
                stw [%r10-8], 16
                lddw %r1, map(lpm)
                mov %r2, %r10
                add %r2, -8
                call 3
                mov %r8, %r0
                lddw %r1, map(lpm)
                mov %r2, %r10
                add %r2, -8
                call 3
                mov %r9, 0
                sub %r9, %r0
                mov %r1, 0
                sub %r1, %r8
                mul %r1, 10
                mul %r7, 100
                add %r7, %r1
                add %r7, %r9
                mov %r0, %r7
                exit
                miss:
                mov %r0, -1
                exit
                fail:
                mov %r0, -2
                exit
                """);
        ExecutionContext ctx = rt.newContext(0);
        long r0 = exe.run(ctx, 5, 0);
        assertThat(ctx.fault()).isNull();
        // value 105 written in place (x100), first delete 0 (x10), second -ENOENT
        assertThat(r0).isEqualTo(105 * 100 + 0 * 10 + Errno.ENOENT);
        assertThat(u32At(m.lookup(v4(32, 10, 1, 2, 3)), 0)).isEqualTo(7);
        assertThat(m.lookup(v4(32, 10, 1, 9, 9))).isNull();
    }
}
