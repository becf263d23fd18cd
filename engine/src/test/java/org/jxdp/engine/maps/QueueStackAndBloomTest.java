package org.jxdp.engine.maps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jxdp.engine.testing.Le.u32;
import static org.jxdp.engine.testing.Le.u32At;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.engine.vm.ExecutionContext;
import org.jxdp.engine.vm.Executable;

/** Queues, stacks and Bloom filters from user space and from programs. */
class QueueStackAndBloomTest {
    private static final String ENGINES = "org.jxdp.engine.testing.Engines#all";

    private static BpfMap make(BpfRuntime rt, MapType type, int value, int entries, int flags, long extra) {
        return MapFactory.create(new MapDefinition(type.bpftoolName(), type, 0, value, entries, flags, 0, extra, 0, 0,
                null), rt);
    }

    @Test
    void queuesAreFifoAndStacksLifo() {
        BpfRuntime rt = new BpfRuntime(1);
        BpfMap q = make(rt, MapType.BPF_MAP_TYPE_QUEUE, 4, 3, 0, 0);
        BpfMap s = make(rt, MapType.BPF_MAP_TYPE_STACK, 4, 3, 0, 0);
        for (BpfMap m : new BpfMap[] {q, s}) {
            assertThat(m.lookup(null)).isNull();
            assertThat(m.pop()).isNull();
            assertThat(m.lookupErrno()).isEqualTo(-Errno.ENOENT);
            for (int i = 1; i <= 3; i++) {
                assertThat(m.update(null, u32(i), MapFlags.BPF_ANY)).isZero();
            }
            assertThat(m.update(null, u32(4), MapFlags.BPF_ANY)).isEqualTo(-Errno.E2BIG);
            assertThat(m.update(null, u32(4), MapFlags.BPF_NOEXIST)).isEqualTo(-Errno.EINVAL);
            assertThat(m.update(null, u32(4), 3)).isEqualTo(-Errno.EINVAL);
            // BPF_EXIST on a full map drops the oldest element, for a stack too
            assertThat(m.update(null, u32(4), MapFlags.BPF_EXIST)).isZero();
            assertThat(m.size()).isEqualTo(3);
            assertThat(m.delete(new byte[0])).isEqualTo(-Errno.EINVAL);
            assertThat(m.nextKey(null)).isNull();
            assertThat(m.nextKeyErrno()).isEqualTo(-Errno.EINVAL);
        }
        assertThat(u32At(q.lookup(null), 0)).isEqualTo(2);
        assertThat(new long[] {u32At(q.pop(), 0), u32At(q.pop(), 0), u32At(q.pop(), 0)}).containsExactly(2, 3, 4);
        assertThat(u32At(s.lookup(null), 0)).isEqualTo(4);
        assertThat(new long[] {u32At(s.pop(), 0), u32At(s.pop(), 0), u32At(s.pop(), 0)}).containsExactly(4, 3, 2);
        assertThat(q.pop()).isNull();
        assertThatThrownBy(() -> q.update(u32(1), u32(1), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> make(rt, MapType.BPF_MAP_TYPE_QUEUE, 0, 3, 0, 0)).hasMessageContaining("-EINVAL");
        assertThatThrownBy(() -> make(rt, MapType.BPF_MAP_TYPE_STACK, 4, 0, 0, 0)).hasMessageContaining("-EINVAL");
        assertThatThrownBy(() -> make(rt, MapType.BPF_MAP_TYPE_STACK, 4, 1, MapFlags.BPF_F_NO_PREALLOC, 0))
                .hasMessageContaining("-EINVAL");
        assertThatThrownBy(() -> make(rt, MapType.BPF_MAP_TYPE_QUEUE, (4 << 20) + 1, 1, 0, 0))
                .hasMessageContaining("-E2BIG");
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void programsPushPopAndPeekThroughTheirStack(EngineKind e) {
        BpfRuntime rt = new BpfRuntime(1);
        BpfMap q = make(rt, MapType.BPF_MAP_TYPE_QUEUE, 8, 2, 0, 0);
        // push r1 twice (the second with BPF_EXIST), peek, pop: r0 = peeked * 1000 + popped + errors
        Executable exe = MapPrograms.load(e, rt, """
                stxdw [%r10-8], %r1
                lddw %r1, map(queue)
                mov %r2, %r10
                add %r2, -8
                mov %r3, 0
                call 87
                mov %r6, %r0
                ldxdw %r1, [%r10-8]
                add %r1, 1
                stxdw [%r10-8], %r1
                lddw %r1, map(queue)
                mov %r2, %r10
                add %r2, -8
                mov %r3, 2
                call 87
                or %r6, %r0
                lddw %r1, map(queue)
                mov %r2, %r10
                add %r2, -16
                call 89
                or %r6, %r0
                lddw %r1, map(queue)
                mov %r2, %r10
                add %r2, -24
                call 88
                or %r6, %r0
                ldxdw %r0, [%r10-16]
                mul %r0, 1000
                ldxdw %r1, [%r10-24]
                add %r0, %r1
                jeq %r6, 0, out
                mov %r0, %r6
                out:
                exit
                """);
        ExecutionContext ctx = rt.newContext(0);
        assertThat(exe.run(ctx, 5, 0)).isEqualTo(5005L);
        // the queue now holds 6; full with (6, 7), it drops 6 on the BPF_EXIST push of 8
        assertThat(exe.run(ctx, 7, 0)).isEqualTo(7007L);
        assertThat(q.size()).isEqualTo(1);
        assertThat(u32At(q.pop(), 0)).isEqualTo(8);
        // pop and peek of an empty queue: -ENOENT, and the buffer zeroed (as the kernel does)
        Executable empty = MapPrograms.load(e, rt, """
                stdw [%r10-8], -1
                lddw %r1, map(queue)
                mov %r2, %r10
                add %r2, -8
                call 88
                ldxdw %r1, [%r10-8]
                jne %r1, 0, dirty
                stdw [%r10-8], -1
                lddw %r1, map(queue)
                mov %r2, %r10
                add %r2, -8
                call 89
                ldxdw %r1, [%r10-8]
                jne %r1, 0, dirty
                exit
                dirty:
                mov %r0, 1
                exit
                """);
        assertThat(empty.run(ctx, 0, 0)).isEqualTo(-Errno.ENOENT);
    }

    /** Bob Jenkins' lookup3 test vectors (hashlittle on a little-endian host is the kernel's jhash). */
    @Test
    void jhashMatchesLookup3() {
        assertThat(BloomFilterMap.jhash(new byte[0], 0, 0, 0)).isEqualTo(0xdeadbeef);
        assertThat(BloomFilterMap.jhash(new byte[0], 0, 0, 0xdeadbeef)).isEqualTo(0xbd5b7dde);
        byte[] text = "Four score and seven years ago".getBytes(StandardCharsets.US_ASCII);
        assertThat(BloomFilterMap.jhash(text, 0, 30, 0)).isEqualTo(0x17770551);
        assertThat(BloomFilterMap.jhash(text, 0, 30, 1)).isEqualTo(0xcd628161);
        // jhash2 over words equals jhash over the same little-endian bytes
        byte[] words = new byte[20];
        new Random(3).nextBytes(words);
        for (int n = 0; n <= 5; n++) {
            assertThat(BloomFilterMap.jhash2(words, 0, n, 77)).as(n + " words")
                    .isEqualTo(BloomFilterMap.jhash(words, 0, 4 * n, 77));
        }
    }

    @Test
    void bloomFiltersNeverForgetAValueAndRejectOthersMostly() {
        BpfRuntime rt = new BpfRuntime(1);
        BloomFilterMap b = (BloomFilterMap) make(rt, MapType.BPF_MAP_TYPE_BLOOM_FILTER, 6, 1000, 0, 3);
        assertThat(b.hashFunctions()).isEqualTo(3);
        assertThat(b.bits()).isEqualTo(8192); // roundup_pow_of_two(1000 * 3 / 5 * 7 = 4200)
        Random r = new Random(1);
        byte[][] added = new byte[1000][6];
        for (byte[] v : added) {
            r.nextBytes(v);
            assertThat(b.update(null, v, MapFlags.BPF_ANY)).isZero();
        }
        for (byte[] v : added) {
            assertThat(b.test(v)).isZero();
            assertThat(b.lookup(v)).containsExactly(v);
        }
        int falsePositives = 0;
        for (int i = 0; i < 1000; i++) {
            byte[] v = new byte[6];
            r.nextBytes(v);
            falsePositives += b.test(v) == 0 ? 1 : 0;
        }
        assertThat(falsePositives).isLessThan(300);
        assertThat(b.update(null, added[0], MapFlags.BPF_NOEXIST)).isEqualTo(-Errno.EINVAL);
        assertThat(b.update(null, added[0], MapFlags.BPF_EXIST)).isEqualTo(-Errno.EINVAL);
        assertThat(b.delete(new byte[0])).isEqualTo(-Errno.EOPNOTSUPP);
        assertThat(b.nextKeyErrno()).isEqualTo(-Errno.EOPNOTSUPP);
        BloomFilterMap small = (BloomFilterMap) make(rt, MapType.BPF_MAP_TYPE_BLOOM_FILTER, 4, 1, 0, 0);
        assertThat(small.hashFunctions()).isEqualTo(BloomFilterMap.DEFAULT_NR_HASH_FUNCS);
        assertThat(small.bits()).isEqualTo(64);
        assertThat(small.test(u32(9))).isEqualTo(-Errno.ENOENT);
        assertThatThrownBy(() -> make(rt, MapType.BPF_MAP_TYPE_BLOOM_FILTER, 4, 1, 0, 16)).hasMessageContaining("-EINVAL");
        assertThatThrownBy(() -> make(rt, MapType.BPF_MAP_TYPE_BLOOM_FILTER, 0, 1, 0, 0)).hasMessageContaining("-EINVAL");
    }

    @Test
    void zeroSeedFiltersSetTheSameBitsEveryTime() {
        BpfRuntime rt = new BpfRuntime(1);
        BloomFilterMap a = (BloomFilterMap) make(rt, MapType.BPF_MAP_TYPE_BLOOM_FILTER, 4, 8, MapFlags.BPF_F_ZERO_SEED, 0);
        BloomFilterMap b = (BloomFilterMap) make(rt, MapType.BPF_MAP_TYPE_BLOOM_FILTER, 4, 8, MapFlags.BPF_F_ZERO_SEED, 0);
        Random r = new Random(2);
        for (int i = 0; i < 5; i++) {
            byte[] v = new byte[4];
            r.nextBytes(v);
            a.update(null, v, 0);
            b.update(null, v, 0);
        }
        for (int i = 0; i < 200; i++) {
            byte[] v = new byte[4];
            r.nextBytes(v);
            assertThat(a.test(v)).isEqualTo(b.test(v));
        }
        assertThat(a.size()).isEqualTo(b.size()).isPositive();
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void programsPushIntoABloomFilterAndPeekAtIt(EngineKind e) {
        BpfRuntime rt = new BpfRuntime(1);
        BpfMap b = make(rt, MapType.BPF_MAP_TYPE_BLOOM_FILTER, 4, 64, 0, 0);
        // r1 = value; r2 = 1: push it, else peek it
        Executable exe = MapPrograms.load(e, rt, """
                stxw [%r10-4], %r1
                lddw %r1, map(bloom_filter)
                mov %r6, %r2
                mov %r2, %r10
                add %r2, -4
                jeq %r6, 1, push
                call 89
                exit
                push:
                mov %r3, 0
                call 87
                exit
                """);
        ExecutionContext ctx = rt.newContext(0);
        assertThat(exe.run(ctx, 42, 0)).isEqualTo(-Errno.ENOENT);
        assertThat(exe.run(ctx, 42, 1)).isZero();
        assertThat(exe.run(ctx, 42, 0)).isZero();
        assertThat(((BloomFilterMap) b).test(u32(42))).isZero();
    }
}
