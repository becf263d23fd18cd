package org.jxdp.engine.jit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.jxdp.engine.maps.MapDefinition;
import org.jxdp.engine.maps.MapFactory;
import org.jxdp.engine.maps.MapType;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.testing.Engines;
import org.jxdp.engine.testing.RuntimePrograms;
import org.jxdp.engine.verifier.ProgramRejectedException;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.engine.vm.ExecutionContext;
import org.jxdp.engine.vm.Executable;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.TraceClassVisitor;

/**
 * {@code bpf_map_lookup_elem} on an array map is written out in the generated code (no helper
 * call), and ends every run as the interpreter's call to {@code ArrayMap.lookupElem} does: keys
 * in and out of range, a key outside the stack (the slow path), a key pointer to nowhere (the same
 * fault at the same instruction), per-CPU arrays.
 */
class InlinedArrayLookupTest {
    /**
     * Input: u32 key at 0, u32 mode at 4 (0: key on the stack, 1: key read in place from the
     * input, 2: a key pointer to nowhere). Returns the element's counter after incrementing it,
     * or -1 when the lookup finds nothing.
     */
    private static final String LOOKUP = """
            mov %r6, %r1
            ldxw %r7, [%r6+4]
            ldxw %r3, [%r6+0]
            stxw [%r10-4], %r3
            mov %r2, %r10
            add %r2, -4
            jeq %r7, 0, go
            mov %r2, %r6
            jeq %r7, 1, go
            mov %r2, 24
            go:
            lddw %r1, map(a)
            call 1
            jeq %r0, 0, none
            ldxdw %r1, [%r0]
            add %r1, 1
            stxdw [%r0], %r1
            mov %r0, %r1
            exit
            none:
            mov %r0, -1
            exit
            """;

    @Test
    void arrayLookupsAreWrittenInPlaceAndHashLookupsStayCalls() throws ProgramRejectedException {
        BpfRuntime rt = new BpfRuntime(1);
        MapFactory.create(MapDefinition.of("a", MapType.BPF_MAP_TYPE_ARRAY, 4, 8, 4, 0), rt);
        MapFactory.create(MapDefinition.of("h", MapType.BPF_MAP_TYPE_HASH, 4, 8, 4, 0), rt);
        assertThat(helperCalls(rt, LOOKUP)).as("helper calls left for an array lookup").isZero();
        assertThat(helperCalls(rt, LOOKUP.replace("map(a)", "map(h)"))).as("helper calls left for a hash lookup")
                .isOne();
    }

    @Test
    void everyEngineEndsArrayLookupsAlike() {
        List<String> got = agreedRuns(MapType.BPF_MAP_TYPE_ARRAY);
        assertThat(got.subList(0, 8)).containsExactly(
                "key 0 mode 0: 1", "key 0 mode 0: 2", "key 3 mode 0: 1", "key 4 mode 0: -1",
                "key -1 mode 0: -1", "key 3 mode 1: 2", "key 4 mode 1: -1", "key 1 mode 1: 1");
        assertThat(got.get(8)).startsWith("key 1 mode 2: fault at insn 12");
    }

    @Test
    void perCpuArraysAreLookedUpInTheRunningCpusCopy() {
        List<String> got = agreedRuns(MapType.BPF_MAP_TYPE_PERCPU_ARRAY);
        assertThat(got.subList(0, 3)).containsExactly("key 0 mode 0: 1", "key 0 mode 0: 2", "key 3 mode 0: 1");
        assertThat(got.subList(9, 11)).containsExactly("cpu 1 key 0: 1", "cpu 0 key 0: 3");
    }

    /** The runs on every engine, which must be the same; the first engine's. */
    private static List<String> agreedRuns(MapType type) {
        List<String> first = null;
        for (EngineKind k : Engines.all().toList()) {
            List<String> got = runs(k, type);
            if (first == null) {
                first = got;
            } else {
                assertThat(got).as(k.cliName()).isEqualTo(first);
            }
        }
        return first;
    }

    /** The runs of {@link #LOOKUP} on a fresh map of {@code type}, as text. */
    private static List<String> runs(EngineKind k, MapType type) {
        BpfRuntime rt = new BpfRuntime(2);
        MapFactory.create(MapDefinition.of("a", type, 4, 8, 4, 0), rt);
        Executable exe = RuntimePrograms.load(k, rt, LOOKUP);
        ExecutionContext cpu0 = rt.newContext(0);
        ExecutionContext cpu1 = rt.newContext(1);
        List<String> out = new ArrayList<>();
        int[][] cases = {{0, 0}, {0, 0}, {3, 0}, {4, 0}, {-1, 0}, {3, 1}, {4, 1}, {1, 1}, {1, 2}};
        for (int[] c : cases) {
            out.add("key " + c[0] + " mode " + c[1] + ": " + run(exe, cpu0, c[0], c[1]));
        }
        out.add("cpu 1 key 0: " + run(exe, cpu1, 0, 0));
        out.add("cpu 0 key 0: " + run(exe, cpu0, 0, 0));
        return out;
    }

    private static String run(Executable exe, ExecutionContext ctx, int key, int mode) {
        byte[] mem = new byte[8];
        for (int i = 0; i < 4; i++) {
            mem[i] = (byte) (key >>> 8 * i);
            mem[4 + i] = (byte) (mode >>> 8 * i);
        }
        long r0 = exe.run(ctx, ctx.mapInput(mem), mem.length);
        return ctx.fault() != null ? "fault at insn " + ctx.fault().pc() + ": " + ctx.fault().message() : Long.toString(r0);
    }

    private static int helperCalls(BpfRuntime rt, String asm) throws ProgramRejectedException {
        byte[] bytes = Jit.bytecode(RuntimePrograms.assemble(rt, asm).withName("lookup"),
                rt.environment(RuntimePrograms.helpers(rt)));
        StringWriter text = new StringWriter();
        new ClassReader(bytes).accept(new TraceClassVisitor(new PrintWriter(text)), 0);
        // in the method of function 0 (its entry copy e0 holds the same code)
        String all = text.toString();
        int from = all.indexOf(" f0(");
        int to = all.indexOf("\n  // access flags", from);
        String f0 = all.substring(from, to < 0 ? all.length() : to);
        return f0.split("INVOKEINTERFACE org/jxdp/engine/vm/Helper.call", -1).length - 1;
    }
}
