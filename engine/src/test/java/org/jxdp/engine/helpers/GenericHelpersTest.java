package org.jxdp.engine.helpers;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.jxdp.engine.isa.Opcodes;
import org.jxdp.engine.maps.BpfMap;
import org.jxdp.engine.maps.MapDefinition;
import org.jxdp.engine.maps.MapFactory;
import org.jxdp.engine.maps.MapType;
import org.jxdp.engine.maps.ProgArrayMap;
import org.jxdp.engine.runtime.BpfClock;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.testing.Le;
import org.jxdp.engine.testing.RuntimePrograms;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.engine.vm.ExecutionContext;
import org.jxdp.engine.vm.Executable;
import org.jxdp.engine.vm.FaultKind;

/** The generic helpers through real programs, on every engine. */
class GenericHelpersTest {
    private static final String ENGINES = "org.jxdp.engine.testing.Engines#all";

    @ParameterizedTest
    @MethodSource(ENGINES)
    void timeRandomnessAndProcessorId(EngineKind e) {
        BpfRuntime rt = new BpfRuntime(4).clock(BpfClock.fixed(123_456_789));
        assertThat(RuntimePrograms.load(e, rt, "call 5\nexit").run(rt.newContext(0), 0, 0)).isEqualTo(123_456_789L);
        assertThat(RuntimePrograms.load(e, rt, "call 125\nexit").run(rt.newContext(0), 0, 0)).isEqualTo(123_456_789L);
        assertThat(RuntimePrograms.load(e, rt, "call 8\nexit").run(rt.newContext(3), 0, 0)).isEqualTo(3L);
        Executable rnd = RuntimePrograms.load(e, rt, "call 7\nexit");
        ExecutionContext ctx = rt.newContext(1);
        long a = rnd.run(ctx, 0, 0);
        long b = rnd.run(ctx, 0, 0);
        assertThat(a).isNotEqualTo(b).isBetween(0L, 0xffffffffL);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void tracePrintkFormatsItsArguments(EngineKind e) {
        List<String> lines = new ArrayList<>();
        BpfRuntime rt = new BpfRuntime(1).trace(lines::add);
        // "x=%d y=%x\n" on the stack
        String fmt = "x=%d y=%x";
        StringBuilder asm = new StringBuilder();
        byte[] b = (fmt + "\0").getBytes();
        for (int i = 0; i < b.length; i++) {
            asm.append("stb [%r10-").append(16 - i).append("], ").append(b[i]).append('\n');
        }
        asm.append("mov %r1, %r10\nadd %r1, -16\nmov %r2, ").append(b.length)
                .append("\nmov %r3, -5\nmov %r4, 255\ncall 6\nexit");
        long n = RuntimePrograms.load(e, rt, asm.toString()).run(rt.newContext(0), 0, 0);
        assertThat(lines).containsExactly("test: x=-5 y=ff");
        assertThat(n).isEqualTo("x=-5 y=ff".length());
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void csumDiffMatchesTheOnesComplementSum(EngineKind e) {
        BpfRuntime rt = new BpfRuntime(1);
        String words = "stw [%r10-8], 0x00020001\nstw [%r10-4], 0xffffffff\n";
        // to = words 0x0001 0x0002 0xffff 0xffff: 1 + 2 + 0 + 0 in one's complement
        long push = RuntimePrograms.load(e, rt, words + """
                mov %r1, 0
                mov %r2, 0
                mov %r3, %r10
                add %r3, -8
                mov %r4, 8
                mov %r5, 0
                call 28
                exit
                """).run(rt.newContext(0), 0, 0);
        assertThat(push).isEqualTo(3L);
        // the same bytes on both sides: x - x is the one's complement zero, 0xffff
        long diff = RuntimePrograms.load(e, rt, words + """
                mov %r1, %r10
                add %r1, -8
                mov %r2, 8
                mov %r3, %r1
                mov %r4, 8
                mov %r5, 0
                call 28
                exit
                """).run(rt.newContext(0), 0, 0);
        assertThat(diff).isEqualTo(0xffffL);
        // odd lengths are allowed: the last byte is the low half of its word
        long odd = RuntimePrograms.load(e, rt, words + """
                mov %r1, 0
                mov %r2, 0
                mov %r3, %r10
                add %r3, -8
                mov %r4, 3
                mov %r5, 0x10
                call 28
                exit
                """).run(rt.newContext(0), 0, 0);
        assertThat(odd).isEqualTo(0x10 + 0x0001 + 0x0002);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void bpfLoopCallsBackUntilTheCallbackSaysStop(EngineKind e) {
        BpfRuntime rt = new BpfRuntime(1);
        // sum of i for i in 0..9 into [r10-8] through the callback ctx; stop at i == 6
        String prog = """
                stdw [%r10-8], 0
                mov %r6, 77
                mov %r1, 10
                lddw %r2, FUNC
                mov %r3, %r10
                add %r3, -8
                mov %r4, 0
                call 181
                ldxdw %r1, [%r10-8]
                lsh %r1, 8
                or %r0, %r1
                add %r0, %r6
                sub %r0, 77
                exit
                cb:
                ldxdw %r3, [%r2]
                add %r3, %r1
                stxdw [%r2], %r3
                mov %r6, 0
                mov %r0, 0
                jne %r1, 6, +1
                mov %r0, 1
                exit
                """;
        // replace the lddw with a pseudo-func load of cb (insn 14 + 1 slot for the lddw)
        String asm = prog.replace("lddw %r2, FUNC", String.format(".insn 0x%016x%n.insn 0x0",
                org.jxdp.engine.isa.Insn.encode(0x18, 2, 4, 0, 15 - 4)));
        long r = RuntimePrograms.load(e, rt, asm).run(rt.newContext(0), 0, 0);
        // 7 iterations (0..6), sum 21; r6 preserved across callbacks
        assertThat(r).isEqualTo(7 | (21 << 8));
    }

    /**
     * bpf_loop's edges, as the kernel has them: no round, rounds counted in the low 32 bits of
     * nr_loops only, flags refused (-EINVAL), more rounds than BPF_MAX_LOOPS refused (-E2BIG),
     * and a callback that is not a function (a fault). The program returns the callback's count
     * of rounds in the high half and bpf_loop's result in the low half.
     */
    @ParameterizedTest
    @MethodSource(ENGINES)
    void bpfLoopCountsItsRoundsAndRefusesWhatTheKernelRefuses(EngineKind e) {
        long func = org.jxdp.engine.isa.Insn.encode(0x18, 2, 4, 0, 15 - 3 - 1);
        long notFunc = org.jxdp.engine.isa.Insn.encode(0x18, 2, 0, 0, 5);
        assertThat(loopRun(e, func, 0, 0)).isEqualTo(0L);
        assertThat(loopRun(e, func, 3, 0)).isEqualTo(3L << 32 | 3);
        assertThat(loopRun(e, func, 0x1_0000_0003L, 0)).isEqualTo(3L << 32 | 3);
        assertThat(loopRun(e, func, 3, 1)).isEqualTo(-22L & 0xffffffffL); // -EINVAL
        assertThat(loopRun(e, func, GenericHelpers.BPF_MAX_LOOPS + 1, 0)).isEqualTo(-7L & 0xffffffffL); // -E2BIG
        BpfRuntime rt = new BpfRuntime(1);
        ExecutionContext ctx = rt.newContext(0);
        RuntimePrograms.load(e, rt, loopProgram(notFunc, 3, 0)).run(ctx, 0, 0);
        assertThat(ctx.fault()).isNotNull();
        assertThat(ctx.fault().kind()).isEqualTo(FaultKind.BAD_CALL_TARGET);
    }

    private static long loopRun(EngineKind e, long lddwR2, long rounds, int flags) {
        BpfRuntime rt = new BpfRuntime(1);
        ExecutionContext ctx = rt.newContext(0);
        long r0 = RuntimePrograms.load(e, rt, loopProgram(lddwR2, rounds, flags)).run(ctx, 0, 0);
        assertThat(ctx.fault()).isNull();
        return r0;
    }

    /** bpf_loop(rounds, r2, &count, flags) with {@code lddwR2} as the first slot of r2's lddw. */
    private static String loopProgram(long lddwR2, long rounds, int flags) {
        return String.format("""
                stdw [%%r10-8], 0
                lddw %%r1, %d
                .insn 0x%016x
                .insn 0x0
                mov %%r3, %%r10
                add %%r3, -8
                mov %%r4, %d
                call 181
                ldxdw %%r1, [%%r10-8]
                lsh %%r1, 32
                lsh %%r0, 32
                rsh %%r0, 32
                or %%r0, %%r1
                exit
                cb:
                ldxdw %%r3, [%%r2]
                add %%r3, 1
                stxdw [%%r2], %%r3
                mov %%r0, 0
                exit
                """, rounds, lddwR2, flags);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void tailCallsReplaceTheProgramAndStopAfterThirtyThree(EngineKind e) {
        BpfRuntime rt = new BpfRuntime(1);
        ProgArrayMap jumps = (ProgArrayMap) MapFactory.create(
                MapDefinition.of("jumps", MapType.BPF_MAP_TYPE_PROG_ARRAY, 4, 4, 4, 0), rt);
        BpfMap count = MapFactory.create(MapDefinition.of("count", MapType.BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0), rt);
        // target: count += 1 then tail-call itself (slot 1); when that fails, return 1000 + count
        Executable self = RuntimePrograms.load(e, rt, """
                mov %r6, %r1
                stw [%r10-4], 0
                lddw %r1, map(count)
                mov %r2, %r10
                add %r2, -4
                call 1
                jeq %r0, 0, out
                ldxdw %r7, [%r0]
                add %r7, 1
                stxdw [%r0], %r7
                mov %r1, %r6
                lddw %r2, map(jumps)
                mov %r3, 1
                call 12
                mov %r0, %r7
                add %r0, 1000
                out:
                exit
                """);
        int id = rt.registerProgram("self", self);
        assertThat(jumps.set(1, id)).isZero();
        Executable main = RuntimePrograms.load(e, rt, """
                lddw %r2, map(jumps)
                mov %r3, 1
                call 12
                mov %r0, -1
                exit
                """);
        long r = main.run(rt.newContext(0), 5, 0);
        // main's tail call plus 33 more? the limit is 33 tail calls in all: 33 runs of self
        assertThat(r).isEqualTo(1000 + 33);
        assertThat(Le.u64At(count.lookup(Le.u32(0)), 0)).isEqualTo(33);
        // an empty slot: the call fails and the program goes on, r0 unchanged
        Executable miss = RuntimePrograms.load(e, rt, "mov %r0, 9\nlddw %r2, map(jumps)\nmov %r3, 3\ncall 12\nexit");
        assertThat(miss.run(rt.newContext(0), 0, 0)).isEqualTo(9);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void aTailCallRunsItsTargetInTheCallersFrameFromMainOrFromAFunction(EngineKind e) {
        BpfRuntime rt = new BpfRuntime(1);
        ProgArrayMap jumps = (ProgArrayMap) MapFactory.create(
                MapDefinition.of("jumps", MapType.BPF_MAP_TYPE_PROG_ARRAY, 4, 4, 4, 0), rt);
        // the target returns its frame pointer, after a store and a load through it
        Executable target = RuntimePrograms.load(e, rt, """
                stdw [%r10-8], 7
                ldxdw %r1, [%r10-8]
                mov %r0, %r10
                add %r0, %r1
                exit
                """);
        assertThat(jumps.set(0, rt.registerProgram("target", target))).isZero();
        Executable fromMain = RuntimePrograms.load(e, rt, """
                lddw %r2, map(jumps)
                mov %r3, 0
                call 12
                mov %r0, -1
                exit
                """);
        // main calls a function (one frame down), which makes the tail call
        Executable fromFunction = RuntimePrograms.load(e, rt, """
                call local fn
                exit
                fn:
                lddw %r2, map(jumps)
                mov %r3, 0
                call 12
                mov %r0, -1
                exit
                """);
        long top = ExecutionContext.entryFramePointer();
        assertThat(fromMain.run(rt.newContext(0), 0, 0)).isEqualTo(top + 7);
        assertThat(fromFunction.run(rt.newContext(0), 0, 0)).isEqualTo(top - Opcodes.MAX_BPF_STACK + 7);
        assertThat(target.run(rt.newContext(0), 0, 0)).as("run on its own").isEqualTo(top + 7);
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void forEachMapElemVisitsElementsWithTheirKeys(EngineKind e) {
        BpfRuntime rt = new BpfRuntime(1);
        BpfMap h = MapFactory.create(MapDefinition.of("h", MapType.BPF_MAP_TYPE_HASH, 4, 8, 8, 0), rt);
        for (int i = 1; i <= 3; i++) {
            h.update(Le.u32(i * 10), Le.u64(i), 0);
        }
        // sum key*value into [r10-8]
        String prog = String.format("""
                stdw [%%r10-8], 0
                lddw %%r1, map(h)
                .insn 0x%016x
                .insn 0x0
                mov %%r3, %%r10
                add %%r3, -8
                mov %%r4, 0
                call 164
                ldxdw %%r1, [%%r10-8]
                lsh %%r1, 8
                or %%r0, %%r1
                exit
                cb:
                ldxw %%r6, [%%r2]
                ldxdw %%r7, [%%r3]
                mul %%r6, %%r7
                ldxdw %%r7, [%%r4]
                add %%r7, %%r6
                stxdw [%%r4], %%r7
                mov %%r0, 0
                exit
                """, org.jxdp.engine.isa.Insn.encode(0x18, 2, 4, 0, 13 - 4));
        long r = RuntimePrograms.load(e, rt, prog).run(rt.newContext(0), 0, 0);
        assertThat(r).isEqualTo(3 | ((10 + 40 + 90) << 8));
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void mapHelpersCalledOnAMapConstantBehaveAsOnAnyPointer(EngineKind e) {
        BpfRuntime rt = new BpfRuntime(1);
        BpfMap h = MapFactory.create(MapDefinition.of("h", MapType.BPF_MAP_TYPE_HASH, 4, 8, 8, 0), rt);
        // update key 7 = 42 (r1 a map constant: the JIT binds the call), look it up through a
        // copy of the pointer (not bound), add the value of a bound lookup, delete it (bound),
        // and look again: 42 + 42 + (missing: 0) + (delete returned 0: 0)
        Executable p = RuntimePrograms.load(e, rt, """
                stw [%r10-4], 7
                stdw [%r10-16], 42
                lddw %r1, map(h)
                mov %r2, %r10
                add %r2, -4
                mov %r3, %r10
                add %r3, -16
                mov %r4, 0
                call 2
                lddw %r6, map(h)
                mov %r1, %r6
                mov %r2, %r10
                add %r2, -4
                call 1
                jeq %r0, 0, out
                ldxdw %r7, [%r0]
                lddw %r1, map(h)
                mov %r2, %r10
                add %r2, -4
                call 1
                jeq %r0, 0, out
                ldxdw %r8, [%r0]
                add %r7, %r8
                lddw %r1, map(h)
                mov %r2, %r10
                add %r2, -4
                call 3
                add %r7, %r0
                lddw %r1, map(h)
                mov %r2, %r10
                add %r2, -4
                call 1
                jne %r0, 0, out
                mov %r0, %r7
                exit
                out:
                mov %r0, -1
                exit
                """);
        assertThat(p.run(rt.newContext(0), 0, 0)).isEqualTo(84L);
        assertThat(h.lookup(Le.u32(7))).isNull();
    }

    @org.junit.jupiter.api.Test
    void mapHelpersBindToMapsThatExistAndOnlyToThem() {
        BpfRuntime rt = new BpfRuntime(1);
        BpfMap h = MapFactory.create(MapDefinition.of("h", MapType.BPF_MAP_TYPE_HASH, 4, 8, 8, 0), rt);
        org.jxdp.engine.vm.HelperTable t = GenericHelpers.addTo(org.jxdp.engine.vm.HelperTable.builder(), rt).build();
        long map = org.jxdp.engine.vm.Memory.address(org.jxdp.engine.vm.Memory.REGION_MAP, rt.mapNames().indexOf("h"));
        for (int id : new int[] {1, 2, 3}) {
            org.jxdp.engine.vm.Helper helper = t.get(id);
            assertThat(helper.bind(map)).as("helper %d on map h", id).isNotSameAs(helper);
            assertThat(helper.bind(map + 1)).as("helper %d on no map", id).isSameAs(helper);
            assertThat(helper.bind(5)).as("helper %d on a number", id).isSameAs(helper);
        }
        assertThat(t.get(5).bind(map)).as("bpf_ktime_get_ns takes no map").isSameAs(t.get(5));
        assertThat(h.size()).isZero();
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void aBadMapPointerIsAFault(EngineKind e) {
        BpfRuntime rt = new BpfRuntime(1);
        ExecutionContext ctx = rt.newContext(0);
        RuntimePrograms.load(e, rt, "mov %r1, 5\ncall 1\nexit").run(ctx, 0, 0);
        assertThat(ctx.fault().kind()).isEqualTo(FaultKind.HELPER);
        assertThat(ctx.fault().message()).isEqualTo(
                "insn 1 (call 1): bpf_map_lookup_elem: argument 1 (0x5) is not a map pointer");
    }
}
