package org.jxdp.engine.maps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jxdp.engine.testing.Le.u32;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.engine.vm.ExecutionContext;
import org.jxdp.engine.vm.Executable;

/**
 * The program side of every new map type allocates nothing per helper call: thousands of runs
 * that look up, update, push, pop, peek, reserve, submit and output allocate (almost) no bytes
 * on the running thread.
 */
class ProgramSideAllocationTest {
    private static final String ENGINES = "org.jxdp.engine.testing.Engines#all";

    @ParameterizedTest
    @MethodSource(ENGINES)
    void helperCallsDoNotAllocate(EngineKind e) {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean tb
                && tb.isThreadAllocatedMemorySupported(), "per-thread allocation counting is not available");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        BpfRuntime rt = new BpfRuntime(1);
        MapFactory.create(MapDefinition.of("lpm", MapType.BPF_MAP_TYPE_LPM_TRIE, 8, 8, 16, MapFlags.BPF_F_NO_PREALLOC),
                rt);
        MapFactory.create(MapDefinition.of("q", MapType.BPF_MAP_TYPE_QUEUE, 0, 8, 4, 0), rt);
        MapFactory.create(new MapDefinition("bloom", MapType.BPF_MAP_TYPE_BLOOM_FILTER, 0, 7, 64, 0, 0, 3, 0, 0, null),
                rt);
        RingBufMap rb = (RingBufMap) MapFactory.create(MapDefinition.of("rb", MapType.BPF_MAP_TYPE_RINGBUF, 0, 0, 4096,
                0), rt);
        PerfEventArrayMap pe = (PerfEventArrayMap) MapFactory.create(MapDefinition.of("pe",
                MapType.BPF_MAP_TYPE_PERF_EVENT_ARRAY, 4, 4, 0, 0), rt);
        pe.openAll(1);
        BpfMap dev = MapFactory.create(MapDefinition.of("dev", MapType.BPF_MAP_TYPE_DEVMAP_HASH, 4, 4, 4, 0), rt);
        dev.update(u32(0), u32(1), 0);
        MapDefinition tpl = MapDefinition.of("inner", MapType.BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0);
        BpfMap inner = MapFactory.create(tpl, rt);
        BpfMap outer = MapFactory.create(new MapDefinition("hom", MapType.BPF_MAP_TYPE_HASH_OF_MAPS, 4, 4, 2, 0, 0, 0,
                0, 0, tpl), rt);
        outer.update(u32(0), u32(inner.id()), 0);
        Executable exe = MapPrograms.load(e, rt, """
                stdw [%r10-8], 0
                stw [%r10-16], 24
                stw [%r10-12], 0x0002000a
                stdw [%r10-24], 7
                lddw %r1, map(lpm)
                mov %r2, %r10
                add %r2, -16
                mov %r3, %r10
                add %r3, -24
                mov %r4, 0
                call 2
                lddw %r1, map(lpm)
                mov %r2, %r10
                add %r2, -16
                call 1
                lddw %r1, map(lpm)
                mov %r2, %r10
                add %r2, -16
                call 3
                lddw %r1, map(q)
                mov %r2, %r10
                add %r2, -24
                mov %r3, 2
                call 87
                lddw %r1, map(q)
                mov %r2, %r10
                add %r2, -24
                call 89
                lddw %r1, map(q)
                mov %r2, %r10
                add %r2, -24
                call 88
                lddw %r1, map(bloom)
                mov %r2, %r10
                add %r2, -24
                mov %r3, 0
                call 87
                lddw %r1, map(bloom)
                mov %r2, %r10
                add %r2, -24
                call 89
                lddw %r1, map(rb)
                mov %r2, 16
                mov %r3, 0
                call 131
                jeq %r0, 0, skip
                mov %r1, %r0
                mov %r2, 0
                call 132
                skip:
                lddw %r1, map(rb)
                mov %r2, %r10
                add %r2, -24
                mov %r3, 8
                mov %r4, 0
                call 130
                lddw %r1, map(rb)
                mov %r2, 0
                call 134
                mov %r1, 0
                lddw %r2, map(pe)
                lddw %r3, 0xffffffff
                mov %r4, %r10
                add %r4, -24
                mov %r5, 8
                call 25
                lddw %r1, map(dev)
                mov %r2, %r10
                add %r2, -8
                call 1
                lddw %r1, map(hom)
                mov %r2, %r10
                add %r2, -8
                call 1
                mov %r1, %r0
                mov %r2, %r10
                add %r2, -8
                call 1
                mov %r0, 0
                exit
                """);
        ExecutionContext ctx = rt.newContext(0);
        for (int i = 0; i < 2_000; i++) {
            exe.run(ctx, 0, 0);
            rb.consume(x -> { });
            pe.drainAll((cpu, data) -> { });
        }
        assertThat(ctx.fault()).isNull();
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 5_000; i++) {
            exe.run(ctx, 0, 0);
        }
        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertThat(ctx.fault()).isNull();
        assertThat(allocated).as("bytes allocated by 5000 runs of 20 helper calls").isLessThan(64 * 1024);
    }
}
