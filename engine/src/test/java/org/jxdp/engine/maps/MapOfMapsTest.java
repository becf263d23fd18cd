package org.jxdp.engine.maps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jxdp.engine.testing.Le.u32;
import static org.jxdp.engine.testing.Le.u32At;
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

/** Arrays and hashes of maps: inner maps by id from user space, map pointers for programs. */
class MapOfMapsTest {
    private static final String ENGINES = "org.jxdp.engine.testing.Engines#all";

    private static MapDefinition outer(String name, MapType type, int key, int entries, int flags, MapDefinition inner) {
        return new MapDefinition(name, type, key, 4, entries, flags, 0, 0, 0, 0, inner);
    }

    @Test
    void arraysOfMapsStoreCompatibleMapsById() {
        BpfRuntime rt = new BpfRuntime(1);
        MapDefinition tpl = MapDefinition.of("tpl", MapType.BPF_MAP_TYPE_ARRAY, 4, 8, 2, 0);
        BpfMap a = MapFactory.create(tpl.withMaxEntries(2), rt);
        BpfMap bigger = MapFactory.create(tpl.withMaxEntries(3), rt);
        BpfMap hash = MapFactory.create(MapDefinition.of("h", MapType.BPF_MAP_TYPE_HASH, 4, 8, 2, 0), rt);
        BpfMap aom = MapFactory.create(outer("aom", MapType.BPF_MAP_TYPE_ARRAY_OF_MAPS, 4, 3, 0, tpl), rt);
        assertThat(aom.update(u32(0), u32(a.id()), 0)).isZero();
        assertThat(u32At(aom.lookup(u32(0)), 0)).isEqualTo(a.id());
        assertThat(aom.update(u32(1), u32(bigger.id()), 0)).as("array max_entries differs").isEqualTo(-Errno.EINVAL);
        assertThat(aom.update(u32(1), u32(hash.id()), 0)).isEqualTo(-Errno.EINVAL);
        assertThat(aom.update(u32(1), u32(999), 0)).isEqualTo(-Errno.EBADF);
        assertThat(aom.update(u32(1), u32(aom.id()), 0)).as("no nesting").isEqualTo(-Errno.EINVAL);
        assertThat(aom.update(u32(1), u32(a.id()), MapFlags.BPF_NOEXIST)).isEqualTo(-Errno.EINVAL);
        assertThat(aom.update(u32(3), u32(a.id()), 0)).isEqualTo(-Errno.E2BIG);
        assertThat(aom.lookup(u32(1))).isNull();
        assertThat(aom.delete(u32(1))).isEqualTo(-Errno.ENOENT);
        assertThat(aom.delete(u32(3))).isEqualTo(-Errno.E2BIG);
        assertThat(aom.delete(u32(0))).isZero();
        assertThat(aom.nextKey(u32(1))).containsExactly(u32(2));
        // BPF_F_INNER_MAP templates accept arrays of any size (with the same flag)
        MapDefinition flexible = MapDefinition.of("tpl", MapType.BPF_MAP_TYPE_ARRAY, 4, 8, 2, MapFlags.BPF_F_INNER_MAP);
        BpfMap any = MapFactory.create(flexible.withMaxEntries(50), rt);
        BpfMap aomf = MapFactory.create(outer("aomf", MapType.BPF_MAP_TYPE_ARRAY_OF_MAPS, 4, 1, 0, flexible), rt);
        assertThat(aomf.update(u32(0), u32(any.id()), 0)).isZero();
        assertThat(aomf.update(u32(0), u32(a.id()), 0)).as("flags differ").isEqualTo(-Errno.EINVAL);
        assertThatThrownBy(() -> MapFactory.create(outer("x", MapType.BPF_MAP_TYPE_ARRAY_OF_MAPS, 4, 1, 0, null), rt))
                .hasMessageContaining("-EINVAL");
        assertThatThrownBy(() -> MapFactory.create(outer("x", MapType.BPF_MAP_TYPE_ARRAY_OF_MAPS, 4, 1, 0,
                aom.definition()), rt)).hasMessageContaining("-EINVAL");
    }

    @Test
    void hashesOfMapsFollowTheHashFlags() {
        BpfRuntime rt = new BpfRuntime(1);
        MapDefinition tpl = MapDefinition.of("tpl", MapType.BPF_MAP_TYPE_HASH, 4, 8, 4, 0);
        BpfMap small = MapFactory.create(tpl, rt);
        BpfMap large = MapFactory.create(tpl.withMaxEntries(400), rt);
        BpfMap other = MapFactory.create(MapDefinition.of("o", MapType.BPF_MAP_TYPE_HASH, 4, 4, 4, 0), rt);
        BpfMap hom = MapFactory.create(outer("hom", MapType.BPF_MAP_TYPE_HASH_OF_MAPS, 8, 2, 0, tpl), rt);
        assertThat(hom.update(u64(7), u32(small.id()), MapFlags.BPF_EXIST)).isEqualTo(-Errno.ENOENT);
        assertThat(hom.update(u64(7), u32(small.id()), MapFlags.BPF_NOEXIST)).isZero();
        assertThat(hom.update(u64(7), u32(large.id()), MapFlags.BPF_NOEXIST)).isEqualTo(-Errno.EEXIST);
        assertThat(hom.update(u64(7), u32(large.id()), MapFlags.BPF_EXIST)).as("hash sizes may differ").isZero();
        assertThat(hom.update(u64(8), u32(other.id()), 0)).isEqualTo(-Errno.EINVAL);
        assertThat(hom.update(u64(8), u32(12345), 0)).isEqualTo(-Errno.EBADF);
        assertThat(hom.update(u64(8), u32(small.id()), 0)).isZero();
        assertThat(hom.update(u64(9), u32(small.id()), 0)).isEqualTo(-Errno.E2BIG);
        assertThat(u32At(hom.lookup(u64(7)), 0)).isEqualTo(large.id());
        byte[] first = hom.nextKey(null);
        byte[] second = hom.nextKey(first);
        assertThat(hom.nextKey(second)).isNull();
        assertThat(java.util.List.of(u64At(first, 0), u64At(second, 0))).containsExactlyInAnyOrder(7L, 8L);
        assertThat(hom.delete(u64(7))).isZero();
        assertThat(hom.delete(u64(7))).isEqualTo(-Errno.ENOENT);
        assertThat(hom.size()).isEqualTo(1);
        assertThat(hom.update(u64(9), u32(small.id()), 0)).isZero();
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void programsGetAnInnerMapPointerAndUseItWithTheHelpers(EngineKind e) {
        BpfRuntime rt = new BpfRuntime(1);
        MapDefinition tpl = MapDefinition.of("inner", MapType.BPF_MAP_TYPE_HASH, 4, 8, 8, 0);
        BpfMap first = MapFactory.create(tpl, rt);
        BpfMap second = MapFactory.create(tpl, rt);
        BpfMap outer = MapFactory.create(outer("outer", MapType.BPF_MAP_TYPE_ARRAY_OF_MAPS, 4, 2, 0, tpl), rt);
        assertThat(outer.update(u32(0), u32(first.id()), 0)).isZero();
        assertThat(outer.update(u32(1), u32(second.id()), 0)).isZero();
        // inner = outer[r1]; inner[42] = r1 + 100
        Executable exe = RuntimePrograms.load(e, rt, """
                mov %r6, %r1
                stxw [%r10-4], %r1
                lddw %r1, map(outer)
                mov %r2, %r10
                add %r2, -4
                call 1
                jeq %r0, 0, none
                mov %r1, %r0
                stw [%r10-8], 42
                mov %r7, %r6
                add %r7, 100
                stxdw [%r10-16], %r7
                mov %r2, %r10
                add %r2, -8
                mov %r3, %r10
                add %r3, -16
                mov %r4, 0
                call 2
                exit
                none:
                mov %r0, -1
                exit
                """);
        ExecutionContext ctx = rt.newContext(0);
        assertThat(exe.run(ctx, 1, 0)).isZero();
        assertThat(exe.run(ctx, 0, 0)).isZero();
        assertThat(exe.run(ctx, 2, 0)).isEqualTo(-1);
        assertThat(u64At(first.lookup(u32(42)), 0)).isEqualTo(100);
        assertThat(u64At(second.lookup(u32(42)), 0)).isEqualTo(101);
        assertThat(outer.delete(u32(1))).isZero();
        assertThat(exe.run(ctx, 1, 0)).isEqualTo(-1);
    }
}
