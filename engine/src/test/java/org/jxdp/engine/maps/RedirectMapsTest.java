package org.jxdp.engine.maps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jxdp.engine.testing.Le.u32;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.testing.RuntimePrograms;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.engine.vm.ExecutionContext;
import org.jxdp.engine.vm.Executable;
import org.jxdp.engine.vm.FaultKind;

/** Devmaps, devmap hashes and cpumaps: user space, redirect targets, program lookups. */
class RedirectMapsTest {
    private static final String ENGINES = "org.jxdp.engine.testing.Engines#all";

    private static byte[] val(int a, int b) {
        byte[] v = new byte[8];
        System.arraycopy(u32(a), 0, v, 0, 4);
        System.arraycopy(u32(b), 0, v, 4, 4);
        return v;
    }

    @Test
    void devmapsHoldInterfacesAndPrograms() {
        BpfRuntime rt = new BpfRuntime(1);
        Executable prog = RuntimePrograms.load(EngineKind.INTERP, rt, "mov %r0, 2\nexit");
        rt.registerProgram("unused", prog);
        int progId = rt.registerProgram("devmap_prog", prog);
        DevMap m = ((DevMap) MapFactory.create(MapDefinition.of("tx", MapType.BPF_MAP_TYPE_DEVMAP, 4, 8, 4, 0), rt))
                .devices(Set.of(1, 4)::contains);
        assertThat(m.target(0)).isEqualTo(RedirectMap.NO_TARGET);
        assertThat(m.update(u32(0), val(4, -1), 0)).isZero();
        assertThat(m.update(u32(1), val(1, progId), 0)).isZero();
        assertThat(m.update(u32(2), val(7, 0), 0)).as("no interface 7").isEqualTo(-Errno.EINVAL);
        assertThat(m.update(u32(2), val(1, 99), 0)).as("no program 99").isEqualTo(-Errno.EINVAL);
        assertThat(m.update(u32(2), val(0, progId), 0)).isEqualTo(-Errno.EINVAL);
        assertThat(m.update(u32(2), val(1, 0), MapFlags.BPF_NOEXIST)).isEqualTo(-Errno.EEXIST);
        assertThat(m.update(u32(4), val(1, 0), 0)).isEqualTo(-Errno.E2BIG);
        assertThat(m.update(u32(2), val(1, 0), 3)).isEqualTo(-Errno.EINVAL);
        assertThat(m.target(0)).isEqualTo(4);
        assertThat(m.program(0)).isNull();
        assertThat(m.target(1)).isEqualTo(1);
        assertThat(m.program(1)).isSameAs(prog);
        assertThat(m.lookup(u32(1))).containsExactly(val(1, progId));
        assertThat(m.lookup(u32(0))).containsExactly(val(4, 0));
        int[] all = new int[4];
        assertThat(m.targets(all)).isEqualTo(2);
        assertThat(all).startsWith(4, 1);
        // ifindex 0 clears; delete of an empty index is fine, outside the array -EINVAL
        assertThat(m.update(u32(0), val(0, 0), 0)).isZero();
        assertThat(m.target(0)).isEqualTo(RedirectMap.NO_TARGET);
        assertThat(m.lookup(u32(0))).isNull();
        assertThat(m.delete(u32(3))).isZero();
        assertThat(m.delete(u32(4))).isEqualTo(-Errno.EINVAL);
        assertThat(m.nextKey(u32(1))).containsExactly(u32(2));
        assertThat(m.nextKey(u32(3))).isNull();
        assertThat(m.size()).isEqualTo(1);
        assertThatThrownBy(() -> MapFactory.create(MapDefinition.of("d", MapType.BPF_MAP_TYPE_DEVMAP, 4, 4, 4,
                MapFlags.BPF_F_RDONLY_PROG), rt)).hasMessageContaining("-EINVAL");
        // which the kernel then adds itself, and bpftool map show reports (the kernel agreement test)
        assertThat(m.definition().flags()).isEqualTo(MapFlags.BPF_F_RDONLY_PROG);
        assertThat(MapFactory.create(MapDefinition.of("h", MapType.BPF_MAP_TYPE_DEVMAP_HASH, 4, 4, 4,
                MapFlags.BPF_F_NUMA_NODE), rt).definition().flags())
                .isEqualTo(MapFlags.BPF_F_NUMA_NODE | MapFlags.BPF_F_RDONLY_PROG);
    }

    @Test
    void devmapHashesKeepTheKernelsBucketOrder() {
        BpfRuntime rt = new BpfRuntime(1);
        BpfMap m = MapFactory.create(MapDefinition.of("h", MapType.BPF_MAP_TYPE_DEVMAP_HASH, 4, 4, 3, 0), rt);
        // 4 buckets: keys 1 and 5 share bucket 1, 6 is in bucket 2
        assertThat(m.update(u32(5), u32(10), MapFlags.BPF_EXIST)).as("BPF_EXIST does not require the key").isZero();
        assertThat(m.update(u32(1), u32(11), 0)).isZero();
        assertThat(m.update(u32(6), u32(12), 0)).isZero();
        assertThat(m.update(u32(7), u32(13), 0)).isEqualTo(-Errno.E2BIG);
        assertThat(m.update(u32(7), u32(0), 0)).isEqualTo(-Errno.EINVAL);
        assertThat(m.update(u32(1), u32(14), MapFlags.BPF_NOEXIST)).isEqualTo(-Errno.EEXIST);
        List<Long> order = new ArrayList<>();
        for (byte[] k = m.nextKey(null); k != null; k = m.nextKey(k)) {
            order.add(k[0] & 0xffL);
        }
        assertThat(order).containsExactly(1L, 5L, 6L);
        // an update moves the entry to the head of its bucket
        assertThat(m.update(u32(5), u32(15), 0)).isZero();
        assertThat(m.nextKey(null)).containsExactly(u32(5));
        assertThat(m.nextKey(u32(99))).containsExactly(u32(5));
        assertThat(((RedirectMap) m).target(5)).isEqualTo(15);
        assertThat(((RedirectMap) m).target(2)).isEqualTo(RedirectMap.NO_TARGET);
        assertThat(m.delete(u32(5))).isZero();
        assertThat(m.delete(u32(5))).isEqualTo(-Errno.ENOENT);
        assertThat(m.lookup(u32(5))).isNull();
        assertThat(m.update(u32(7), u32(13), 0)).isZero();
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void programsReadDevmapEntriesButCannotWriteThem(EngineKind e) {
        BpfRuntime rt = new BpfRuntime(1);
        BpfMap m = MapFactory.create(MapDefinition.of("tx", MapType.BPF_MAP_TYPE_DEVMAP_HASH, 4, 8, 4, 0), rt);
        assertThat(m.update(u32(3), val(3, 0), 0)).isZero();
        Executable read = RuntimePrograms.load(e, rt, """
                stxw [%r10-4], %r1
                lddw %r1, map(tx)
                mov %r2, %r10
                add %r2, -4
                call 1
                jeq %r0, 0, out
                ldxw %r0, [%r0]
                out:
                exit
                """);
        ExecutionContext ctx = rt.newContext(0);
        assertThat(read.run(ctx, 3, 0)).isEqualTo(3);
        assertThat(read.run(ctx, 4, 0)).isZero();
        Executable write = RuntimePrograms.load(e, rt, """
                stw [%r10-4], 3
                lddw %r1, map(tx)
                mov %r2, %r10
                add %r2, -4
                call 1
                stw [%r0], 9
                exit
                """);
        write.run(ctx, 0, 0);
        assertThat(ctx.fault()).isNotNull();
        assertThat(ctx.fault().kind()).isEqualTo(FaultKind.READ_ONLY);
    }

    @Test
    void cpumapsTakeTheRuntimesCpusAndTheKernelErrors() {
        BpfRuntime rt = new BpfRuntime(2);
        Executable prog = RuntimePrograms.load(EngineKind.INTERP, rt, "mov %r0, 2\nexit");
        rt.registerProgram("unused", prog);
        int progId = rt.registerProgram("cpu_prog", prog);
        CpuMap m = (CpuMap) MapFactory.create(MapDefinition.of("cpus", MapType.BPF_MAP_TYPE_CPUMAP, 4, 8, 4, 0), rt);
        assertThat(m.update(u32(0), val(192, 0), 0)).isZero();
        assertThat(m.update(u32(1), val(64, progId), 0)).isZero();
        assertThat(m.update(u32(2), val(64, 0), 0)).as("no CPU 2").isEqualTo(-Errno.ENODEV);
        assertThat(m.update(u32(4), val(64, 0), 0)).isEqualTo(-Errno.E2BIG);
        assertThat(m.update(u32(1), val(16385, 0), 0)).isEqualTo(-Errno.EOVERFLOW);
        assertThat(m.update(u32(1), val(64, 77), 0)).isEqualTo(-Errno.ENOMEM);
        assertThat(m.update(u32(1), val(64, 0), MapFlags.BPF_NOEXIST)).isEqualTo(-Errno.EEXIST);
        assertThat(m.target(0)).isZero();
        assertThat(m.target(1)).isEqualTo(1);
        assertThat(m.target(3)).isEqualTo(RedirectMap.NO_TARGET);
        assertThat(m.program(1)).isSameAs(prog);
        assertThat(m.qsize(0)).isEqualTo(192);
        assertThat(m.lookup(u32(1))).containsExactly(val(64, progId));
        assertThat(m.update(u32(0), val(0, 0), 0)).as("qsize 0 clears").isZero();
        assertThat(m.target(0)).isEqualTo(RedirectMap.NO_TARGET);
        assertThat(m.delete(u32(1))).isZero();
        assertThat(m.delete(u32(1))).isZero();
        assertThat(m.delete(u32(4))).isEqualTo(-Errno.EINVAL);
        assertThat(m.lookup(u32(1))).isNull();
        assertThatThrownBy(() -> MapFactory.create(MapDefinition.of("c", MapType.BPF_MAP_TYPE_CPUMAP, 4, 4,
                CpuMap.NR_CPUS + 1, 0), rt)).hasMessageContaining("-E2BIG");
        assertThatThrownBy(() -> MapFactory.create(MapDefinition.of("c", MapType.BPF_MAP_TYPE_CPUMAP, 4, 12, 2, 0), rt))
                .hasMessageContaining("-EINVAL");
    }
}
