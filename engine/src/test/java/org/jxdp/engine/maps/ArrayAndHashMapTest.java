package org.jxdp.engine.maps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jxdp.engine.testing.Le.u32;
import static org.jxdp.engine.testing.Le.u64;
import static org.jxdp.engine.testing.Le.u64At;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.testing.RuntimePrograms;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.engine.vm.ExecutionContext;
import org.jxdp.engine.vm.Executable;

/** Arrays and hash tables from both sides: the bpf() syscall semantics and the helpers. */
class ArrayAndHashMapTest {
    private static final String ENGINES = "org.jxdp.engine.testing.Engines#all";

    @Test
    void arraysHaveEveryElementFromTheStart() {
        BpfRuntime rt = new BpfRuntime(2);
        BpfMap a = MapFactory.create(MapDefinition.of("a", MapType.BPF_MAP_TYPE_ARRAY, 4, 8, 4, 0), rt);
        assertThat(a.lookup(u32(3))).containsExactly(new byte[8]);
        assertThat(a.lookup(u32(4))).isNull();
        assertThat(a.update(u32(1), u64(7), MapFlags.BPF_ANY)).isZero();
        assertThat(u64At(a.lookup(u32(1)), 0)).isEqualTo(7);
        assertThat(a.update(u32(1), u64(7), MapFlags.BPF_NOEXIST)).isEqualTo(-Errno.EEXIST);
        assertThat(a.update(u32(9), u64(7), MapFlags.BPF_ANY)).isEqualTo(-Errno.E2BIG);
        assertThat(a.update(u32(1), u64(7), 8)).isEqualTo(-Errno.EINVAL);
        assertThat(a.delete(u32(1))).isEqualTo(-Errno.EINVAL);
        assertThat(a.nextKey(null)).containsExactly(u32(0));
        assertThat(a.nextKey(u32(2))).containsExactly(u32(3));
        assertThat(a.nextKey(u32(3))).isNull();
        assertThat(a.nextKey(u32(77))).containsExactly(u32(0));
    }

    @Test
    void perCpuArraysKeepOneValuePerCpuPaddedToEightBytes() {
        BpfRuntime rt = new BpfRuntime(3);
        BpfMap a = MapFactory.create(MapDefinition.of("p", MapType.BPF_MAP_TYPE_PERCPU_ARRAY, 4, 4, 2, 0), rt);
        assertThat(a.userValueSize()).isEqualTo(24);
        byte[] v = new byte[24];
        v[0] = 1;
        v[8] = 2;
        v[16] = 3;
        assertThat(a.update(u32(0), v, 0)).isZero();
        assertThat(a.lookup(u32(0))).containsExactly(v);
    }

    @Test
    void hashMapsFollowTheUpdateFlags() {
        BpfRuntime rt = new BpfRuntime(1);
        BpfMap h = MapFactory.create(MapDefinition.of("h", MapType.BPF_MAP_TYPE_HASH, 4, 8, 2, 0), rt);
        assertThat(h.lookup(u32(5))).isNull();
        assertThat(h.update(u32(5), u64(50), MapFlags.BPF_EXIST)).isEqualTo(-Errno.ENOENT);
        assertThat(h.update(u32(5), u64(50), MapFlags.BPF_NOEXIST)).isZero();
        assertThat(h.update(u32(5), u64(51), MapFlags.BPF_NOEXIST)).isEqualTo(-Errno.EEXIST);
        assertThat(h.update(u32(5), u64(52), MapFlags.BPF_EXIST)).isZero();
        assertThat(u64At(h.lookup(u32(5)), 0)).isEqualTo(52);
        assertThat(h.update(u32(6), u64(60), MapFlags.BPF_ANY)).isZero();
        assertThat(h.update(u32(7), u64(70), MapFlags.BPF_ANY)).isEqualTo(-Errno.E2BIG);
        assertThat(h.size()).isEqualTo(2);
        assertThat(h.delete(u32(5))).isZero();
        assertThat(h.delete(u32(5))).isEqualTo(-Errno.ENOENT);
        assertThat(h.update(u32(7), u64(70), MapFlags.BPF_ANY)).isZero();
        byte[] first = h.nextKey(null);
        byte[] second = h.nextKey(first);
        assertThat(h.nextKey(second)).isNull();
        assertThat(java.util.List.of(first[0], second[0])).containsExactlyInAnyOrder((byte) 6, (byte) 7);
        assertThat(h.nextKey(u32(99))).isNotNull();
    }

    /** BPF_F_LOCK needs a bpf_spin_lock in the value (the kernel agreement test found it accepted). */
    @Test
    void lockedUpdatesNeedASpinLockInTheValue() {
        BpfRuntime rt = new BpfRuntime(1);
        BpfMap h = MapFactory.create(MapDefinition.of("h", MapType.BPF_MAP_TYPE_HASH, 4, 8, 4, 0), rt);
        BpfMap a = MapFactory.create(MapDefinition.of("a", MapType.BPF_MAP_TYPE_ARRAY, 4, 8, 4, 0), rt);
        assertThat(h.update(u32(1), u64(1), MapFlags.BPF_F_LOCK)).isEqualTo(-Errno.EINVAL);
        assertThat(a.update(u32(1), u64(1), MapFlags.BPF_F_LOCK | MapFlags.BPF_EXIST)).isEqualTo(-Errno.EINVAL);
        h.valueHasSpinLock(true);
        assertThat(h.update(u32(1), u64(1), MapFlags.BPF_F_LOCK)).isZero();
        assertThat(h.update(u32(1), u64(1), MapFlags.BPF_F_LOCK | 8)).isEqualTo(-Errno.EINVAL);
    }

    @Test
    void lruMapsEvictInsteadOfFillingUp() {
        BpfRuntime rt = new BpfRuntime(1);
        BpfMap h = MapFactory.create(MapDefinition.of("l", MapType.BPF_MAP_TYPE_LRU_HASH, 4, 8, 4, 0), rt);
        for (int i = 0; i < 100; i++) {
            assertThat(h.update(u32(i), u64(i), MapFlags.BPF_ANY)).isZero();
        }
        assertThat(h.size()).isEqualTo(4);
        assertThat(h.lookup(u32(99))).isNotNull();
    }

    /**
     * BPF_F_NO_COMMON_LRU: max_entries rounded up to the CPUs, each CPU evicting from its own share
     * (the kernel agreement test found jxdp holding 6 where the kernel's CPU 0 held at most 3).
     */
    @ParameterizedTest
    @MethodSource(ENGINES)
    void perCpuLruListsEvictWithinTheirCpusShare(EngineKind e) {
        BpfRuntime rt = new BpfRuntime(2);
        BpfMap h = MapFactory.create(MapDefinition.of("l", MapType.BPF_MAP_TYPE_LRU_HASH, 4, 8, 5,
                MapFlags.BPF_F_NO_COMMON_LRU), rt);
        assertThat(h.maxEntries()).isEqualTo(6);
        Executable exe = RuntimePrograms.load(e, rt, """
                stxw [%r10-4], %r1
                stdw [%r10-16], 1
                lddw %r1, map(l)
                mov %r2, %r10
                add %r2, -4
                mov %r3, %r10
                add %r3, -16
                mov %r4, 0
                call 2
                exit
                """);
        ExecutionContext cpu1 = rt.newContext(1);
        for (int i = 0; i < 10; i++) {
            assertThat(exe.run(cpu1, 100 + i, 0)).isZero();
        }
        assertThat(h.size()).as("CPU 1 holds its 3").isEqualTo(3);
        assertThat(h.lookup(u32(109))).isNotNull();
        for (int i = 0; i < 10; i++) {
            assertThat(h.update(u32(i), u64(i), MapFlags.BPF_ANY)).isZero();
        }
        assertThat(h.size()).as("and user space fills CPU 0's 3").isEqualTo(6);
        assertThat(h.lookup(u32(9))).isNotNull();
        assertThat(h.lookup(u32(109))).isNotNull();
        assertThat(h.delete(u32(109))).isZero();
        assertThat(h.update(u32(10), u64(10), MapFlags.BPF_ANY)).isZero();
        assertThat(h.size()).as("a free element of CPU 1 is not CPU 0's").isEqualTo(5);
        assertThatThrownBy(() -> MapFactory.create(MapDefinition.of("h", MapType.BPF_MAP_TYPE_HASH, 4, 8, 4,
                MapFlags.BPF_F_NO_COMMON_LRU), rt)).hasMessageContaining("-EINVAL");
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void programsCountIntoAHashMapAndUserSpaceReadsIt(EngineKind e) {
        BpfRuntime rt = new BpfRuntime(1);
        MapFactory.create(MapDefinition.of("counts", MapType.BPF_MAP_TYPE_HASH, 4, 8, 16, 0), rt);
        // key = r1 (a u32 passed in), value += 1, creating it at 1
        Executable exe = RuntimePrograms.load(e, rt, """
                stxw [%r10-4], %r1
                lddw %r1, map(counts)
                mov %r2, %r10
                add %r2, -4
                call 1
                jeq %r0, 0, create
                mov %r1, 1
                lock add [%r0], %r1
                ldxdw %r0, [%r0]
                exit
                create:
                stdw [%r10-16], 1
                lddw %r1, map(counts)
                mov %r2, %r10
                add %r2, -4
                mov %r3, %r10
                add %r3, -16
                mov %r4, 1
                call 2
                mov %r0, 1
                exit
                """);
        ExecutionContext ctx = rt.newContext(0);
        for (int i = 0; i < 5; i++) {
            exe.run(ctx, 42, 0);
            assertThat(ctx.fault()).isNull();
        }
        assertThat(exe.run(ctx, 7, 0)).isEqualTo(1);
        assertThat(u64At(rt.maps().get(0).lookup(u32(42)), 0)).isEqualTo(5);
        assertThat(u64At(rt.maps().get(0).lookup(u32(7)), 0)).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void eachWorkerSeesItsOwnPerCpuValue(EngineKind e) {
        BpfRuntime rt = new BpfRuntime(2);
        BpfMap m = MapFactory.create(MapDefinition.of("pc", MapType.BPF_MAP_TYPE_PERCPU_ARRAY, 4, 8, 1, 0), rt);
        Executable exe = RuntimePrograms.load(e, rt, """
                stw [%r10-4], 0
                lddw %r1, map(pc)
                mov %r2, %r10
                add %r2, -4
                call 1
                jeq %r0, 0, out
                ldxdw %r1, [%r0]
                add %r1, 1
                stxdw [%r0], %r1
                mov %r0, %r1
                out:
                exit
                """);
        ExecutionContext cpu0 = rt.newContext(0);
        ExecutionContext cpu1 = rt.newContext(1);
        exe.run(cpu0, 0, 0);
        exe.run(cpu0, 0, 0);
        assertThat(exe.run(cpu1, 0, 0)).isEqualTo(1);
        byte[] all = m.lookup(u32(0));
        assertThat(u64At(all, 0)).isEqualTo(2);
        assertThat(u64At(all, 8)).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void globalDataIsAddressedDirectly(EngineKind e) {
        BpfRuntime rt = new BpfRuntime(1);
        BpfMap data = rt.register(ArrayMap.globalData(".data", u64(41), false));
        String lddwValue = String.format(".insn 0x%016x%n.insn 0x%016x%n",
                org.jxdp.engine.isa.Insn.encode(0x18, 1, 2, 0, data.id()), org.jxdp.engine.isa.Insn.encode(0, 0, 0, 0, 0));
        Executable exe;
        try {
            exe = e.load(org.jxdp.engine.testing.Engines.assemble(lddwValue
                    + "ldxdw %r0, [%r1]\nadd %r0, 1\nstxdw [%r1], %r0\nexit"), rt.environment(RuntimePrograms.helpers(rt)));
        } catch (org.jxdp.engine.verifier.ProgramRejectedException ex) {
            throw new AssertionError(ex);
        }
        assertThat(exe.run(rt.newContext(0), 0, 0)).isEqualTo(42);
        assertThat(u64At(data.lookup(u32(0)), 0)).isEqualTo(42);
    }
}
