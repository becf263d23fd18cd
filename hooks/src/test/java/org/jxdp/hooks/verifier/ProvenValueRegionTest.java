package org.jxdp.hooks.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jxdp.hooks.verifier.CountingRuns.map;
import static org.jxdp.hooks.verifier.CountingRuns.verify;

import java.util.Collections;
import org.junit.jupiter.api.Test;
import org.jxdp.engine.isa.Program;
import org.jxdp.engine.jit.Jit;
import org.jxdp.engine.maps.MapDefinition;
import org.jxdp.engine.maps.MapFactory;
import org.jxdp.engine.maps.MapType;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.testing.RuntimePrograms;
import org.jxdp.engine.verifier.Verification;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.engine.vm.Executable;
import org.jxdp.engine.vm.HelperTable;
import org.jxdp.engine.vm.Memory;
import org.jxdp.engine.vm.ProgramEnvironment;
import org.jxdp.hooks.XdpHelpers;

/**
 * A load or store the verifier proved inside the values of one map takes that map's value
 * region by a constant ({@code m.bytes[k]}, which C2 reads once for the accesses between two
 * calls) instead of from the pointer's upper half; a pointer into the values of either of two
 * maps keeps the pointer's region; and a pointer that is not in the region the JIT was given
 * (which only a verifier bug could make) is left to {@code Memory}, so its bytes are still the
 * right map's. Every case counts into the same elements as the interpreter.
 */
class ProvenValueRegionTest {
    /** {@link CountingRuns#COUNT}, in map b for frames starting with 3: the value pointer is a's or b's. */
    private static final String EITHER = CountingRuns.COUNT.replace("""
            lddw %r1, map(a)
            call 1
            """, """
            lddw %r1, map(a)
            jne %r5, 3, look
            lddw %r1, map(b)
            look:
            call 1
            """);

    @Test
    void aValueOfOneMapIsReachedThroughItsRegionByAConstant() throws Exception {
        BpfRuntime rt = runtime();
        ProgramEnvironment env = rt.environment(XdpHelpers.table(rt));
        Program p = RuntimePrograms.assemble(rt, CountingRuns.COUNT);
        Verification v = verify(rt, env, p);
        int a = map(rt, "a").valueRegion();
        assertThat(v.proofs().at(CountingRuns.LOAD).mapId()).isEqualTo(map(rt, "a").id());
        assertThat(v.proofs().at(CountingRuns.STORE).mapId()).isEqualTo(map(rt, "a").id());
        assertThat(Collections.frequency(MemoryUses.constantRegions(Jit.bytecode(p, env, v.proofs()), "f0"), a))
                .as("the load and the store").isEqualTo(2);
        assertThat(MemoryUses.constantRegions(Jit.bytecode(p, env), "f0")).as("without proofs").doesNotContain(a);
        assertThat(counts(CountingRuns.COUNT, EngineKind.JIT, true, false))
                .isEqualTo(counts(CountingRuns.COUNT, EngineKind.INTERP, false, false))
                .startsWith("2 2 2 2 1 1 1 2 2 ");
    }

    @Test
    void aValueOfEitherOfTwoMapsTakesTheRegionFromThePointer() throws Exception {
        BpfRuntime rt = runtime();
        ProgramEnvironment env = rt.environment(XdpHelpers.table(rt));
        Program p = RuntimePrograms.assemble(rt, EITHER);
        Verification v = verify(rt, env, p);
        int load = CountingRuns.LOAD + 3;
        assertThat(v.proofs().at(load).mapId()).as("a's or b's").isEqualTo(-1);
        assertThat(MemoryUses.constantRegions(Jit.bytecode(p, env, v.proofs()), "f0"))
                .doesNotContain(map(rt, "a").valueRegion(), map(rt, "b").valueRegion());
        assertThat(counts(EITHER, EngineKind.JIT, true, false)).isEqualTo(counts(EITHER, EngineKind.INTERP, false, false))
                .endsWith("0100000000000000 0200000000000000 0100000000000000 0000000000000000" // a
                        + " 0000000000000000 0000000000000000 0000000000000000 0200000000000000"); // b: the frames of 3
    }

    @Test
    void aPointerOutsideTheRegionTheJitWasGivenIsLeftToMemory() throws Exception {
        // the JIT is told that a's values lie in the stack's region (always mapped): the test of
        // the pointer's region sends every access to Memory, which finds a's values; without it
        // the counts would go to the stack and a would stay zero
        assertThat(counts(CountingRuns.COUNT, EngineKind.JIT, true, true)).isEqualTo(counts(CountingRuns.COUNT, EngineKind.INTERP, false, false))
                .startsWith("2 2 2 2 1 1 1 2 2 ");
    }

    private static BpfRuntime runtime() {
        BpfRuntime rt = new BpfRuntime(1);
        MapFactory.create(MapDefinition.of("a", MapType.BPF_MAP_TYPE_ARRAY, 4, 8, 4, 0), rt);
        MapFactory.create(MapDefinition.of("b", MapType.BPF_MAP_TYPE_ARRAY, 4, 8, 4, 0), rt);
        return rt;
    }

    /** {@code env}, except that it gives {@code region} as every map's value region. */
    private static ProgramEnvironment misleading(ProgramEnvironment env, int region) {
        return new ProgramEnvironment() {
            @Override
            public HelperTable helpers() {
                return env.helpers();
            }

            @Override
            public boolean mapExists(long id) {
                return env.mapExists(id);
            }

            @Override
            public long mapValueAddress(long id, long offset) {
                return env.mapValueAddress(id, offset);
            }

            @Override
            public int mapValueRegion(long id) {
                return region;
            }
        };
    }

    /** The verdicts of frames starting 0, 1, 2, 3, 4, 200, 9, 1, 3, then map a's and b's contents. */
    private static String counts(String asm, EngineKind engine, boolean proofs, boolean mislead) throws Exception {
        BpfRuntime rt = runtime();
        ProgramEnvironment env = rt.environment(XdpHelpers.table(rt));
        Program p = RuntimePrograms.assemble(rt, asm);
        Executable exe = !proofs ? engine.load(p, env)
                : engine.load(p, mislead ? misleading(env, Memory.REGION_STACK) : env, verify(rt, env, p).proofs());
        return CountingRuns.counts(rt, exe, "a", "b");
    }
}
