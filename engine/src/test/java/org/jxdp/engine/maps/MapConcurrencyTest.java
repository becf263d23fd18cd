package org.jxdp.engine.maps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jxdp.engine.testing.Le.u32;
import static org.jxdp.engine.testing.Le.u32At;
import static org.jxdp.engine.testing.Le.u64At;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.engine.vm.ExecutionContext;
import org.jxdp.engine.vm.Executable;

/**
 * Two workers running programs on the same map while a third thread reads it from user space;
 * each test checks invariants that a lost update, a torn structure or a duplicated record breaks.
 */
class MapConcurrencyTest {
    private static final String ENGINES = "org.jxdp.engine.testing.Engines#all";
    private static final int RUNS = 10_000;

    /** Runs {@code body(cpu)} on two worker threads alongside {@code consumer} until both finish. */
    private static void twoWorkers(Worker body, Runnable consumer, AtomicBoolean done) throws Exception {
        List<Throwable> errors = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int cpu = 0; cpu < 2; cpu++) {
            int c = cpu;
            threads.add(new Thread(() -> {
                try {
                    body.run(c);
                } catch (Throwable t) {
                    synchronized (errors) {
                        errors.add(t);
                    }
                }
            }));
        }
        Thread reader = new Thread(() -> {
            try {
                consumer.run();
            } catch (Throwable t) {
                synchronized (errors) {
                    errors.add(t);
                }
            }
        });
        reader.start();
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(60));
        }
        done.set(true);
        reader.join(TimeUnit.SECONDS.toMillis(60));
        if (!errors.isEmpty()) {
            throw new AssertionError(errors.get(0));
        }
    }

    private interface Worker {
        void run(int cpu) throws Exception;
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void countersBehindAHashOfMapsAddUp(EngineKind e) throws Exception {
        BpfRuntime rt = new BpfRuntime(2);
        MapDefinition tpl = MapDefinition.of("inner", MapType.BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0);
        BpfMap inner = MapFactory.create(tpl, rt);
        BpfMap outer = MapFactory.create(new MapDefinition("outer", MapType.BPF_MAP_TYPE_HASH_OF_MAPS, 4, 4, 4, 0, 0, 0,
                0, 0, tpl), rt);
        assertThat(outer.update(u32(1), u32(inner.id()), 0)).isZero();
        Executable exe = MapPrograms.load(e, rt, """
                stw [%r10-4], 1
                lddw %r1, map(outer)
                mov %r2, %r10
                add %r2, -4
                call 1
                jeq %r0, 0, fail
                mov %r1, %r0
                stw [%r10-8], 0
                mov %r2, %r10
                add %r2, -8
                call 1
                jeq %r0, 0, fail
                mov %r1, 1
                lock add [%r0], %r1
                mov %r0, 0
                exit
                fail:
                mov %r0, 1
                exit
                """);
        AtomicBoolean done = new AtomicBoolean();
        twoWorkers(cpu -> {
            ExecutionContext ctx = rt.newContext(cpu);
            for (int i = 0; i < RUNS; i++) {
                assertThat(exe.run(ctx, 0, 0)).isZero();
            }
        }, () -> {
            long last = 0;
            while (!done.get()) {
                long id = u32At(outer.lookup(u32(1)), 0);
                long now = u64At(rt.map(id).lookup(u32(0)), 0);
                assertThat(now).isGreaterThanOrEqualTo(last);
                last = now;
            }
        }, done);
        assertThat(u64At(inner.lookup(u32(0)), 0)).isEqualTo(2L * RUNS);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void lpmLookupsNeverMissACoveringPrefixWhileOthersChange(EngineKind e) throws Exception {
        BpfRuntime rt = new BpfRuntime(2);
        BpfMap m = MapFactory.create(MapDefinition.of("lpm", MapType.BPF_MAP_TYPE_LPM_TRIE, 8, 4, 64,
                MapFlags.BPF_F_NO_PREALLOC), rt);
        assertThat(m.update(LpmTrieMapTest.v4(8, 10, 0, 0, 0), u32(8), 0)).isZero();
        // r1 = the third address byte; insert 10.r1.r1.0/24 = 24, look up 10.r1.r1.9, delete the /24
        Executable exe = MapPrograms.load(e, rt, """
                mov %r6, %r1
                stw [%r10-8], 24
                stb [%r10-4], 10
                stxb [%r10-3], %r6
                stxb [%r10-2], %r6
                stb [%r10-1], 0
                stw [%r10-12], 24
                lddw %r1, map(lpm)
                mov %r2, %r10
                add %r2, -8
                mov %r3, %r10
                add %r3, -12
                mov %r4, 0
                call 2
                jne %r0, 0, fail
                stw [%r10-8], 32
                stb [%r10-1], 9
                lddw %r1, map(lpm)
                mov %r2, %r10
                add %r2, -8
                call 1
                jeq %r0, 0, fail
                ldxw %r7, [%r0]
                stw [%r10-8], 24
                lddw %r1, map(lpm)
                mov %r2, %r10
                add %r2, -8
                call 3
                jne %r0, 0, fail
                mov %r0, %r7
                exit
                fail:
                mov %r0, -1
                exit
                """);
        Executable probe = MapPrograms.load(e, rt, """
                stw [%r10-8], 32
                stw [%r10-4], 0x0903000a
                lddw %r1, map(lpm)
                mov %r2, %r10
                add %r2, -8
                call 1
                jeq %r0, 0, miss
                ldxw %r0, [%r0]
                exit
                miss:
                mov %r0, -1
                exit
                """);
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong probes = new AtomicLong();
        twoWorkers(cpu -> {
            ExecutionContext ctx = rt.newContext(cpu);
            for (int i = 0; i < RUNS; i++) {
                int octet = 1 + cpu * 100 + i % 50;
                assertThat(exe.run(ctx, octet, 0)).as("own /24 found").isEqualTo(24);
            }
        }, () -> {
            ExecutionContext ctx = rt.newContext(0);
            while (!done.get()) {
                // 10.0.3.9 is only ever covered by the /8
                assertThat(probe.run(ctx, 0, 0)).isEqualTo(8);
                assertThat(m.lookup(LpmTrieMapTest.v4(32, 10, 7, 7, 9))).isNotNull();
                probes.incrementAndGet();
            }
        }, done);
        assertThat(m.size()).isEqualTo(1);
        assertThat(probes.get()).isPositive();
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void everyPushedValueIsPoppedOnceInOrder(EngineKind e) throws Exception {
        BpfRuntime rt = new BpfRuntime(2);
        BpfMap q = MapFactory.create(MapDefinition.of("q", MapType.BPF_MAP_TYPE_QUEUE, 0, 8, 64, 0), rt);
        Executable push = MapPrograms.load(e, rt, """
                stxdw [%r10-8], %r1
                lddw %r1, map(q)
                mov %r2, %r10
                add %r2, -8
                mov %r3, 0
                call 87
                exit
                """);
        AtomicBoolean done = new AtomicBoolean();
        long[] next = new long[2];
        twoWorkers(cpu -> {
            ExecutionContext ctx = rt.newContext(cpu);
            for (long i = 0; i < RUNS; i++) {
                long v = (long) cpu << 32 | i;
                while (push.run(ctx, v, 0) != 0) {
                    Thread.onSpinWait();
                }
            }
        }, () -> {
            while (true) {
                byte[] v = q.pop();
                if (v == null) {
                    if (done.get() && q.size() == 0) {
                        return;
                    }
                    continue;
                }
                long x = u64At(v, 0);
                int cpu = (int) (x >>> 32);
                assertThat(x & 0xffffffffL).as("cpu " + cpu + " in order").isEqualTo(next[cpu]);
                next[cpu]++;
            }
        }, done);
        assertThat(next).containsExactly(RUNS, RUNS);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void ringBufferRecordsArriveOnceInEachProducersOrder(EngineKind e) throws Exception {
        BpfRuntime rt = new BpfRuntime(2);
        RingBufMap rb = (RingBufMap) MapFactory.create(MapDefinition.of("rb", MapType.BPF_MAP_TYPE_RINGBUF, 0, 0, 4096,
                0), rt);
        // reserve 16 bytes, write r1 and r2, submit (discard when r2 is 1); r0 = 1 when the ring was full
        Executable exe = MapPrograms.load(e, rt, """
                mov %r6, %r1
                mov %r7, %r2
                lddw %r1, map(rb)
                mov %r2, 16
                mov %r3, 0
                call 131
                jeq %r0, 0, full
                stxdw [%r0], %r6
                stxdw [%r0+8], %r7
                mov %r1, %r0
                mov %r2, 0
                jeq %r7, 1, drop
                call 132
                mov %r0, 0
                exit
                drop:
                call 133
                mov %r0, 0
                exit
                full:
                mov %r0, 1
                exit
                """);
        AtomicBoolean done = new AtomicBoolean();
        long[] next = new long[2];
        Set<Long> discardedSeen = new HashSet<>();
        twoWorkers(cpu -> {
            ExecutionContext ctx = rt.newContext(cpu);
            for (long i = 0; i < RUNS; i++) {
                long v = (long) cpu << 32 | i;
                while (exe.run(ctx, v, i % 7 == 3 ? 1 : 0) != 0) {
                    Thread.onSpinWait();
                }
            }
        }, () -> {
            while (true) {
                byte[] r = rb.poll();
                if (r == null) {
                    if (done.get() && rb.availableData() == 0) {
                        return;
                    }
                    rb.await(1, TimeUnit.MILLISECONDS);
                    continue;
                }
                long x = u64At(r, 0);
                int cpu = (int) (x >>> 32);
                long seq = x & 0xffffffffL;
                if (u64At(r, 8) == 1) {
                    discardedSeen.add(x);
                }
                while (next[cpu] % 7 == 3) {
                    next[cpu]++; // discarded records are skipped
                }
                assertThat(seq).as("cpu " + cpu + " in order, none lost or repeated").isEqualTo(next[cpu]);
                next[cpu]++;
            }
        }, done);
        assertThat(discardedSeen).isEmpty();
        for (int cpu = 0; cpu < 2; cpu++) {
            while (next[cpu] % 7 == 3 && next[cpu] < RUNS) {
                next[cpu]++;
            }
        }
        assertThat(next).containsExactly(RUNS, RUNS);
        assertThat(rb.consumerPosition()).isEqualTo(rb.producerPosition());
    }
}
