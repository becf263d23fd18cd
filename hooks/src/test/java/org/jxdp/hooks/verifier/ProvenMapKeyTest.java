package org.jxdp.hooks.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.jxdp.engine.isa.Program;
import org.jxdp.engine.jit.Jit;
import org.jxdp.engine.maps.BpfMap;
import org.jxdp.engine.maps.MapDefinition;
import org.jxdp.engine.maps.MapFactory;
import org.jxdp.engine.maps.MapType;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.testing.RuntimePrograms;
import org.jxdp.engine.verifier.MemoryAccessProof;
import org.jxdp.engine.verifier.Verification;
import org.jxdp.engine.verifier.Verifier;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.engine.vm.Executable;
import org.jxdp.engine.vm.ProgramEnvironment;
import org.jxdp.hooks.XdpHelpers;
import org.jxdp.hooks.XdpTestRun;

/**
 * The verifier records where the map key of a helper call lies; an inlined array lookup whose
 * key it proved on the stack reads the key from the stack's array with no test (no
 * {@code Memory.load32} left in the class), and counts into the same elements as the
 * interpreter. A key that is a map value on some path keeps the tested read.
 */
class ProvenMapKeyTest {
    /** Counts frames by their first byte in array a (4 elements); 1 when the byte is no index. */
    private static final String COUNT = """
            mov %r6, %r1
            ldxw %r2, [%r6+0]
            ldxw %r3, [%r6+4]
            mov %r4, %r2
            add %r4, 1
            jgt %r4, %r3, out
            ldxb %r5, [%r2+0]
            stxw [%r10-4], %r5
            mov %r2, %r10
            add %r2, -4
            lddw %r1, map(a)
            call 1
            jeq %r0, 0, none
            ldxdw %r1, [%r0+0]
            add %r1, 1
            stxdw [%r0+0], %r1
            mov %r0, 2
            exit
            none:
            mov %r0, 1
            exit
            out:
            mov %r0, 2
            exit
            """;
    private static final int CALL = 12;

    @Test
    void aKeyProvenOnTheStackIsReadFromItDirectly() throws Exception {
        BpfRuntime rt = runtime();
        ProgramEnvironment env = rt.environment(XdpHelpers.table(rt));
        Program p = RuntimePrograms.assemble(rt, COUNT);
        Verification v = verify(rt, env, p);
        MemoryAccessProof key = v.proofs().at(CALL);
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
        String asm = COUNT.replace("""
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
        assertThat(counts(COUNT, EngineKind.JIT, true)).isEqualTo(counts(COUNT, EngineKind.INTERP, false))
                .startsWith("2 2 2 2 1 1 1 2 2 ");
    }

    private static BpfRuntime runtime() {
        BpfRuntime rt = new BpfRuntime(1);
        MapFactory.create(MapDefinition.of("a", MapType.BPF_MAP_TYPE_ARRAY, 4, 8, 4, 0), rt);
        return rt;
    }

    private static Verification verify(BpfRuntime rt, ProgramEnvironment env, Program p) {
        Verification v = Verifier.forXdp(env, id -> rt.map(id) == null ? null : rt.map(id).definition())
                .license("GPL").verify(p);
        assertThat(v.accepted()).as(v.toString()).isTrue();
        return v;
    }

    /** The verdicts of frames starting 0, 1, 2, 3, 4, 200, 9, then the array's contents. */
    private static String counts(String asm, EngineKind engine, boolean proofs) throws Exception {
        BpfRuntime rt = runtime();
        ProgramEnvironment env = rt.environment(XdpHelpers.table(rt));
        Program p = RuntimePrograms.assemble(rt, asm);
        Executable exe = proofs ? engine.load(p, env, verify(rt, env, p).proofs()) : engine.load(p, env);
        List<String> out = new ArrayList<>();
        for (int first : new int[] {0, 1, 2, 3, 4, 200, 9, 1, 3}) {
            byte[] frame = new byte[60];
            frame[0] = (byte) first;
            XdpTestRun.Result r = XdpTestRun.run(exe, rt, frame, 1);
            assertThat(r.fault()).isNull();
            out.add(Long.toString(r.retval()));
        }
        BpfMap a = rt.maps().get(0);
        for (int k = 0; k < 4; k++) {
            out.add(HexFormat.of().formatHex(a.lookup(new byte[] {(byte) k, 0, 0, 0})));
        }
        return String.join(" ", out);
    }
}
