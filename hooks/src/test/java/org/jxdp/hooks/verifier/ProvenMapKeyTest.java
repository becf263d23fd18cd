package org.jxdp.hooks.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jxdp.hooks.verifier.CountingRuns.verify;

import org.junit.jupiter.api.Test;
import org.jxdp.engine.isa.Program;
import org.jxdp.engine.jit.Jit;
import org.jxdp.engine.maps.MapDefinition;
import org.jxdp.engine.maps.MapFactory;
import org.jxdp.engine.maps.MapType;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.testing.RuntimePrograms;
import org.jxdp.engine.verifier.MemoryAccessProof;
import org.jxdp.engine.verifier.Verification;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.engine.vm.Executable;
import org.jxdp.engine.vm.ProgramEnvironment;
import org.jxdp.hooks.XdpHelpers;

/**
 * The verifier records where the map key of a helper call lies; an inlined array lookup whose
 * key it proved on the stack reads the key from the stack's array with no test (no
 * {@code Memory.load32} left in the class), and counts into the same elements as the
 * interpreter. A key that is a map value on some path keeps the tested read.
 */
class ProvenMapKeyTest {
    @Test
    void aKeyProvenOnTheStackIsReadFromItDirectly() throws Exception {
        BpfRuntime rt = runtime();
        ProgramEnvironment env = rt.environment(XdpHelpers.table(rt));
        Program p = RuntimePrograms.assemble(rt, CountingRuns.COUNT);
        Verification v = verify(rt, env, p);
        MemoryAccessProof key = v.proofs().at(CountingRuns.CALL);
        assertThat(key).as("the call's key proof").isNotNull();
        assertThat(key.region()).isEqualTo(MemoryAccessProof.Region.STACK);
        assertThat(key.minOffset()).isEqualTo(-4);
        assertThat(key.maxOffset()).isEqualTo(-4);
        assertThat(key.size()).isEqualTo(4);
        assertThat(MemoryUses.of(Jit.bytecode(p, env, v.proofs()))).doesNotContain("load32");
        assertThat(MemoryUses.of(Jit.bytecode(p, env))).as("without proofs").contains("load32");
    }

    @Test
    void aKeyThatIsAMapValueOnSomePathKeepsTheTestedRead() throws Exception {
        // the key is the stack slot, or (first byte 9) the first bytes of element 0's value
        String asm = CountingRuns.COUNT.replace("""
                mov %r2, %r10
                add %r2, -4
                lddw %r1, map(a)
                call 1
                """, """
                mov %r2, %r10
                add %r2, -4
                jne %r5, 9, look
                lddw %r1, map(a)
                call 1
                jeq %r0, 0, none
                mov %r2, %r0
                look:
                lddw %r1, map(a)
                call 1
                """);
        BpfRuntime rt = runtime();
        ProgramEnvironment env = rt.environment(XdpHelpers.table(rt));
        Program p = RuntimePrograms.assemble(rt, asm);
        Verification v = verify(rt, env, p);
        int call = 18;
        assertThat(v.proofs().at(call).regions()).containsExactlyInAnyOrder(MemoryAccessProof.Region.STACK,
                MemoryAccessProof.Region.MAP_VALUE);
        assertThat(MemoryUses.of(Jit.bytecode(p, env, v.proofs()))).contains("load32");
        assertThat(counts(asm, EngineKind.JIT, true)).isEqualTo(counts(asm, EngineKind.INTERP, false));
    }

    @Test
    void everyEngineCountsIntoTheSameElements() throws Exception {
        assertThat(counts(CountingRuns.COUNT, EngineKind.JIT, true))
                .isEqualTo(counts(CountingRuns.COUNT, EngineKind.INTERP, false))
                .startsWith("2 2 2 2 1 1 1 2 2 ");
    }

    private static BpfRuntime runtime() {
        BpfRuntime rt = new BpfRuntime(1);
        MapFactory.create(MapDefinition.of("a", MapType.BPF_MAP_TYPE_ARRAY, 4, 8, 4, 0), rt);
        return rt;
    }

    /** The verdicts of frames starting 0, 1, 2, 3, 4, 200, 9, 1, 3, then the array's contents. */
    private static String counts(String asm, EngineKind engine, boolean proofs) throws Exception {
        BpfRuntime rt = runtime();
        ProgramEnvironment env = rt.environment(XdpHelpers.table(rt));
        Program p = RuntimePrograms.assemble(rt, asm);
        Executable exe = proofs ? engine.load(p, env, verify(rt, env, p).proofs()) : engine.load(p, env);
        return CountingRuns.counts(rt, exe, "a");
    }
}
