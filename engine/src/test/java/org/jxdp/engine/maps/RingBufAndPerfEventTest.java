package org.jxdp.engine.maps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jxdp.engine.testing.Le.u32;
import static org.jxdp.engine.testing.Le.u32At;
import static org.jxdp.engine.testing.Le.u64At;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.engine.vm.ExecutionContext;
import org.jxdp.engine.vm.Executable;
import org.jxdp.engine.vm.FaultKind;
import org.jxdp.engine.vm.Memory;

/** Ring buffers and perf event arrays: records, positions, consumers, programs. */
class RingBufAndPerfEventTest {
    private static final String ENGINES = "org.jxdp.engine.testing.Engines#all";

    private static RingBufMap ring(BpfRuntime rt, int size) {
        return (RingBufMap) MapFactory.create(MapDefinition.of("rb", MapType.BPF_MAP_TYPE_RINGBUF, 0, 0, size, 0), rt);
    }

    /** Reserves from Java the way the helper does, and writes {@code fill} into the sample. */
    private static long reserve(RingBufMap rb, ExecutionContext ctx, int size, int fill) {
        long sample = rb.reserve(ctx, size, 0);
        if (sample != 0) {
            byte[] b = new byte[size];
            Arrays.fill(b, (byte) fill);
            ctx.memory().write(sample, b, 0, size);
        }
        return sample;
    }

    @Test
    void recordsHaveTheKernelHeaderAndEightByteAlignment() {
        BpfRuntime rt = new BpfRuntime(1);
        RingBufMap rb = ring(rt, 4096);
        ExecutionContext ctx = rt.newContext(0);
        long a = reserve(rb, ctx, 10, 0xaa);
        assertThat(Memory.regionOf(a)).isEqualTo(rb.valueRegion());
        assertThat(Memory.offsetOf(a)).isEqualTo(RingBufMap.BPF_RINGBUF_HDR_SZ);
        byte[] data = rb.valueStorage(0);
        assertThat(u32At(data, 0)).isEqualTo(10L | 0x80000000L);
        assertThat(u32At(data, 4)).isEqualTo(3); // page offset from struct bpf_ringbuf: 3 pages before the data
        assertThat(rb.query(RingBufMap.BPF_RB_PROD_POS)).isEqualTo(24);
        assertThat(rb.query(RingBufMap.BPF_RB_AVAIL_DATA)).isEqualTo(24);
        assertThat(rb.query(RingBufMap.BPF_RB_CONS_POS)).isZero();
        assertThat(rb.query(RingBufMap.BPF_RB_RING_SIZE)).isEqualTo(4096);
        assertThat(rb.query(9)).isZero();
        assertThat(rb.poll()).as("a busy record is not delivered").isNull();
        rb.submit(ctx, a, 0);
        assertThat(u32At(data, 0)).isEqualTo(10);
        long b = reserve(rb, ctx, 3, 0xbb);
        assertThat(Memory.offsetOf(b)).isEqualTo(24 + 8);
        rb.discard(ctx, b, 0);
        assertThat(u32At(data, 24)).isEqualTo(3L | RingBufMap.BPF_RINGBUF_DISCARD_BIT);
        List<byte[]> got = new ArrayList<>();
        assertThat(rb.consume(got::add)).isEqualTo(1);
        assertThat(got.get(0)).hasSize(10).containsOnly((byte) 0xaa);
        assertThat(rb.query(RingBufMap.BPF_RB_CONS_POS)).isEqualTo(24 + 16);
        assertThat(rb.availableData()).isZero();
    }

    @Test
    void theConsumerStopsAtABusyRecordAndRecordsCommittedOutOfOrderComeOutInOrder() {
        BpfRuntime rt = new BpfRuntime(1);
        RingBufMap rb = ring(rt, 4096);
        ExecutionContext ctx = rt.newContext(0);
        long first = reserve(rb, ctx, 8, 1);
        long second = reserve(rb, ctx, 8, 2);
        rb.submit(ctx, second, 0);
        assertThat(rb.poll()).isNull();
        rb.submit(ctx, first, 0);
        assertThat(rb.poll()).containsOnly(1);
        assertThat(rb.poll()).containsOnly(2);
        assertThat(rb.poll()).isNull();
    }

    @Test
    void aFullRingRefusesReservationsUntilTheConsumerCatchesUp() {
        BpfRuntime rt = new BpfRuntime(1);
        RingBufMap rb = ring(rt, 4096);
        ExecutionContext ctx = rt.newContext(0);
        assertThat(rb.reserve(ctx, 4096, 0)).as("larger than the ring with its header").isZero();
        assertThat(rb.reserve(ctx, 8, 1)).as("flags must be 0").isZero();
        assertThat(rb.reserve(ctx, -1, 0)).isZero();
        List<Long> samples = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            samples.add(reserve(rb, ctx, 1016, i));
        }
        // 3 x 1024 bytes reserved; 1024 more would put the producer size bytes ahead of the consumer
        assertThat(reserve(rb, ctx, 1016, 9)).isZero();
        assertThat(reserve(rb, ctx, 1008, 9)).isNotZero();
        for (long s : samples) {
            rb.submit(ctx, s, 0);
        }
        assertThat(rb.poll()).hasSize(1016);
        // the oldest record is still busy: the ring may not run more than size - 1 past it
        long busy = reserve(rb, ctx, 8, 7);
        assertThat(reserve(rb, ctx, 1000, 7)).isNotZero();
        assertThat(rb.reserve(ctx, 2040, 0)).isZero();
        assertThat(busy).isNotZero();
    }

    @Test
    void aRecordThatWrapsPastTheEndStaysContiguous() {
        BpfRuntime rt = new BpfRuntime(1);
        RingBufMap rb = ring(rt, 4096);
        ExecutionContext ctx = rt.newContext(0);
        rb.submit(ctx, reserve(rb, ctx, 4000, 1), 0);
        assertThat(rb.poll()).hasSize(4000);
        long wrap = reserve(rb, ctx, 200, 5);
        assertThat(Memory.offsetOf(wrap)).isEqualTo(4008 + 8);
        byte[] pattern = new byte[200];
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = (byte) i;
        }
        ctx.memory().write(wrap, pattern, 0, pattern.length);
        rb.submit(ctx, wrap, 0);
        assertThat(rb.poll()).containsExactly(pattern);
        long next = reserve(rb, ctx, 8, 6);
        assertThat(Memory.offsetOf(next)).isEqualTo((4008 + 208) % 4096 + 8);
    }

    @Test
    void wakeupsFollowTheCommitFlags() throws Exception {
        BpfRuntime rt = new BpfRuntime(1);
        RingBufMap rb = ring(rt, 4096);
        ExecutionContext ctx = rt.newContext(0);
        rb.submit(ctx, reserve(rb, ctx, 8, 1), RingBufMap.BPF_RB_NO_WAKEUP);
        assertThat(rb.wakeups()).isZero();
        rb.submit(ctx, reserve(rb, ctx, 8, 1), 0);
        assertThat(rb.wakeups()).as("the consumer is not waiting for this record").isZero();
        rb.submit(ctx, reserve(rb, ctx, 8, 1), RingBufMap.BPF_RB_FORCE_WAKEUP);
        assertThat(rb.wakeups()).isEqualTo(1);
        rb.consume(x -> { });
        Thread producer = new Thread(() -> {
            ExecutionContext c = rt.newContext(0);
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                return;
            }
            rb.submit(c, reserve(rb, c, 8, 2), 0);
        });
        producer.start();
        assertThat(rb.await(10, TimeUnit.SECONDS)).isTrue();
        producer.join();
        assertThat(rb.wakeups()).isEqualTo(2);
        assertThat(rb.poll()).containsOnly(2);
        assertThat(rb.await(1, TimeUnit.MILLISECONDS)).isFalse();
    }

    @Test
    void userSpaceOperationsAndBadCreationsAreRefusedAsByTheKernel() {
        BpfRuntime rt = new BpfRuntime(1);
        RingBufMap rb = ring(rt, 8192);
        assertThat(rb.lookup(new byte[0])).isNull();
        assertThat(rb.lookupErrno()).isEqualTo(-Errno.ENOTSUPP);
        assertThat(rb.update(new byte[0], new byte[0], 0)).isEqualTo(-Errno.ENOTSUPP);
        assertThat(rb.delete(new byte[0])).isEqualTo(-Errno.ENOTSUPP);
        assertThat(rb.nextKeyErrno()).isEqualTo(-Errno.ENOTSUPP);
        for (int size : new int[] {0, 2048, 12288}) {
            assertThatThrownBy(() -> ring(rt, size)).hasMessageContaining("-EINVAL");
        }
        assertThatThrownBy(() -> MapFactory.create(MapDefinition.of("r", MapType.BPF_MAP_TYPE_RINGBUF, 0, 0, 4096,
                MapFlags.BPF_F_NO_PREALLOC), rt)).hasMessageContaining("-EINVAL");
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void programsReserveWriteInPlaceSubmitDiscardOutputAndQuery(EngineKind e) {
        BpfRuntime rt = new BpfRuntime(1);
        RingBufMap rb = ring(rt, 4096);
        // reserve 8 bytes, store r1 in place, submit; reserve 4 and discard; output r1 + 1 from the
        // stack; return the available data
        Executable exe = MapPrograms.load(e, rt, """
                mov %r6, %r1
                lddw %r1, map(rb)
                mov %r2, 8
                mov %r3, 0
                call 131
                jeq %r0, 0, fail
                stxdw [%r0], %r6
                mov %r1, %r0
                mov %r2, 0
                call 132
                lddw %r1, map(rb)
                mov %r2, 4
                mov %r3, 0
                call 131
                jeq %r0, 0, fail
                mov %r1, %r0
                mov %r2, 0
                call 133
                add %r6, 1
                stxdw [%r10-8], %r6
                lddw %r1, map(rb)
                mov %r2, %r10
                add %r2, -8
                mov %r3, 8
                mov %r4, 0
                call 130
                jne %r0, 0, fail
                lddw %r1, map(rb)
                mov %r2, 0
                call 134
                exit
                fail:
                mov %r0, -1
                exit
                """);
        ExecutionContext ctx = rt.newContext(0);
        assertThat(exe.run(ctx, 41, 0)).isEqualTo(16 + 16 + 16);
        List<byte[]> got = new ArrayList<>();
        rb.consume(got::add);
        assertThat(got).hasSize(2);
        assertThat(u64At(got.get(0), 0)).isEqualTo(41);
        assertThat(u64At(got.get(1), 0)).isEqualTo(42);
        Executable badFlags = MapPrograms.load(e, rt, """
                lddw %r1, map(rb)
                mov %r2, %r10
                add %r2, -8
                stdw [%r10-8], 0
                mov %r3, 8
                mov %r4, 4
                call 130
                exit
                """);
        assertThat(badFlags.run(ctx, 0, 0)).isEqualTo(-Errno.EINVAL);
        Executable tooBig = MapPrograms.load(e, rt, """
                lddw %r1, map(rb)
                mov %r2, %r10
                add %r2, -8
                mov %r3, 5000
                mov %r4, 0
                call 130
                exit
                """);
        assertThat(tooBig.run(ctx, 0, 0)).isEqualTo(-Errno.EAGAIN);
        Executable submitStack = MapPrograms.load(e, rt, """
                mov %r1, %r10
                add %r1, -8
                mov %r2, 0
                call 132
                exit
                """);
        submitStack.run(ctx, 0, 0);
        assertThat(ctx.fault()).isNotNull();
        assertThat(ctx.fault().kind()).isEqualTo(FaultKind.HELPER);
    }

    // ---------------------------------------------------------------- perf event arrays

    private record Event(int cpu, byte[] data, long lost) {
    }

    private static List<Event> drain(PerfEventArrayMap pe) {
        List<Event> out = new ArrayList<>();
        pe.drainAll(new PerfSampleHandler() {
            @Override
            public void sample(int cpu, byte[] data) {
                out.add(new Event(cpu, data, 0));
            }

            @Override
            public void lost(int cpu, long count) {
                out.add(new Event(cpu, null, count));
            }
        });
        return out;
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void programsOutputToTheirOwnCpusRing(EngineKind e) {
        BpfRuntime rt = new BpfRuntime(2);
        PerfEventArrayMap pe = (PerfEventArrayMap) MapFactory.create(MapDefinition.of("events",
                MapType.BPF_MAP_TYPE_PERF_EVENT_ARRAY, 4, 4, 0, 0), rt);
        assertThat(pe.maxEntries()).as("0 means one per CPU").isEqualTo(2);
        // bpf_perf_event_output(ctx, events, r1 flags, 5 bytes of stack, 5)
        Executable exe = MapPrograms.load(e, rt, """
                mov %r3, %r1
                stw [%r10-8], 0x44434241
                stb [%r10-4], 0x45
                mov %r1, 0
                lddw %r2, map(events)
                mov %r4, %r10
                add %r4, -8
                mov %r5, 5
                call 25
                exit
                """);
        ExecutionContext cpu1 = rt.newContext(1);
        assertThat(exe.run(cpu1, PerfEventArrayMap.BPF_F_CURRENT_CPU, 0)).isEqualTo(-Errno.ENOENT);
        pe.openAll(1);
        assertThat(exe.run(cpu1, PerfEventArrayMap.BPF_F_CURRENT_CPU, 0)).isZero();
        assertThat(exe.run(cpu1, 1, 0)).isZero();
        assertThat(exe.run(cpu1, 0, 0)).as("ring 0 is CPU 0's").isEqualTo(-Errno.EOPNOTSUPP);
        assertThat(exe.run(cpu1, 2, 0)).isEqualTo(-Errno.E2BIG);
        assertThat(exe.run(cpu1, 1L << 60 | PerfEventArrayMap.BPF_F_CURRENT_CPU, 0)).isEqualTo(-Errno.EINVAL);
        assertThat(exe.run(rt.newContext(0), PerfEventArrayMap.BPF_F_CURRENT_CPU, 0)).isZero();
        List<Event> events = drain(pe);
        assertThat(events).extracting(Event::cpu).containsExactly(0, 1, 1);
        // 4 bytes of size plus the sample, padded to 8: 12 bytes for 5
        assertThat(events.get(1).data()).containsExactly('A', 'B', 'C', 'D', 'E', 0, 0, 0, 0, 0, 0, 0);
        assertThat(drain(pe)).isEmpty();
    }

    @Test
    void aFullRingCountsLostSamplesAndReportsThemBeforeTheNextOne() {
        BpfRuntime rt = new BpfRuntime(1);
        PerfEventArrayMap pe = (PerfEventArrayMap) MapFactory.create(MapDefinition.of("events",
                MapType.BPF_MAP_TYPE_PERF_EVENT_ARRAY, 4, 4, 1, 0), rt);
        pe.openRing(0, 0, 1);
        ExecutionContext ctx = rt.newContext(0);
        byte[] big = new byte[1000];
        long data = ctx.mapInput(big);
        int ok = 0;
        int lost = 0;
        for (int i = 0; i < 6; i++) {
            long r = pe.output(ctx, PerfEventArrayMap.BPF_F_CURRENT_CPU, data, 1000, 0, 0);
            if (r == 0) {
                ok++;
            } else {
                assertThat(r).isEqualTo(-Errno.ENOSPC);
                lost++;
            }
        }
        assertThat(ok).isEqualTo(4); // 4 x 1016 bytes in 4096
        assertThat(pe.ring(0).lost()).isEqualTo(lost).isEqualTo(2);
        assertThat(drain(pe)).hasSize(4);
        // the next sample carries the lost count ahead of it; packet bytes are appended to the sample
        byte[] packet = {9, 8, 7};
        long pkt = Memory.address(Memory.REGION_INPUT, 0);
        ctx.mapInput(packet);
        assertThat(pe.output(ctx, 0, pkt, 1, pkt + 1, 2)).isZero();
        List<Event> events = drain(pe);
        assertThat(events).hasSize(2);
        assertThat(events.get(0).lost()).isEqualTo(2);
        assertThat(events.get(1).data()).startsWith(9, 8, 7).hasSize(4);
    }

    @Test
    void userSpaceCannotStoreEventsButCanCloseRings() {
        BpfRuntime rt = new BpfRuntime(2);
        BpfMap pe = MapFactory.create(MapDefinition.of("events", MapType.BPF_MAP_TYPE_PERF_EVENT_ARRAY, 4, 4, 2, 0), rt);
        assertThat(pe.update(u32(0), u32(5), MapFlags.BPF_ANY)).isEqualTo(-Errno.EBADF);
        assertThat(pe.update(u32(0), u32(5), MapFlags.BPF_NOEXIST)).isEqualTo(-Errno.EINVAL);
        assertThat(pe.update(u32(2), u32(5), MapFlags.BPF_ANY)).isEqualTo(-Errno.E2BIG);
        assertThat(pe.lookup(u32(0))).isNull();
        assertThat(pe.lookupErrno()).isEqualTo(-Errno.ENOTSUPP);
        assertThat(pe.delete(u32(0))).isEqualTo(-Errno.ENOENT);
        ((PerfEventArrayMap) pe).openAll(1);
        assertThat(pe.size()).isEqualTo(2);
        assertThat(pe.delete(u32(0))).isZero();
        assertThat(pe.delete(u32(7))).isEqualTo(-Errno.E2BIG);
        assertThat(pe.nextKey(u32(0))).containsExactly(u32(1));
        assertThat(pe.nextKey(u32(1))).isNull();
        assertThatThrownBy(() -> ((PerfEventArrayMap) pe).openRing(0, 0, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MapFactory.create(MapDefinition.of("e", MapType.BPF_MAP_TYPE_PERF_EVENT_ARRAY, 4, 8, 2,
                0), rt)).hasMessageContaining("-EINVAL");
    }
}
