package org.jxdp.engine.jit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.jxdp.engine.conformance.ConformanceFile;
import org.jxdp.engine.conformance.ConformanceHelpers;
import org.jxdp.engine.conformance.ConformanceRunner;
import org.jxdp.engine.isa.Program;
import org.jxdp.engine.testing.Engines;
import org.jxdp.engine.testing.SharedFiles;
import org.jxdp.engine.verifier.AccessProofs;
import org.jxdp.engine.verifier.ProgramRejectedException;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.engine.vm.ExecutionContext;
import org.jxdp.engine.vm.Executable;
import org.jxdp.engine.vm.HelperTable;
import org.jxdp.engine.vm.Memory;
import org.jxdp.engine.vm.ProgramEnvironment;
import org.jxdp.engine.vm.RawByteAccess;

/**
 * The JIT's two ways to read and write 2, 4 and 8 bytes of an array, raw ({@link RawByteAccess},
 * where the platform allows) and through the byte-array view VarHandles (elsewhere), give the
 * same results, the same memory and the same faults, in and out of bounds.
 */
class ArrayAccessModesTest {
    /**
     * Stores and loads of every width through r10 (direct stack accesses) and r1 (guarded
     * accesses of the input, direct when inside it), at the input's last bytes, then one past
     * its end when the input's first byte is 1.
     */
    private static final String EDGES = """
            mov %r6, %r1
            stdw [%r10-8], 0x11
            lddw %r3, 0x8877665544332211
            stxdw [%r10-16], %r3
            ldxh %r4, [%r10-15]
            ldxw %r5, [%r10-13]
            add %r4, %r5
            ldxdw %r5, [%r10-16]
            add %r4, %r5
            stxh [%r6+14], %r4
            stxw [%r6+10], %r4
            stxdw [%r6+2], %r3
            ldxdw %r0, [%r6+8]
            ldxh %r7, [%r6+14]
            add %r0, %r7
            ldxb %r7, [%r6+0]
            jne %r7, 1, done
            ldxw %r7, [%r6+13]
            add %r0, %r7
            done:
            exit
            """;

    @Test
    void bothModesAgreeAtTheEdgesOfTheStackAndTheInput() throws Exception {
        Program p = Engines.assemble(EDGES);
        for (int first : new int[] {0, 1}) {
            List<String> got = new ArrayList<>();
            for (boolean raw : new boolean[] {true, false}) {
                if (raw && !RawByteAccess.usable()) {
                    continue;
                }
                got.add(run(p, withFirst(first), raw));
            }
            String want = run(withFirst(first), Engines.load(EngineKind.INTERP, p, HelperTable.empty()));
            assertThat(got).as("first byte %d", first).allSatisfy(g -> assertThat(g).isEqualTo(want));
            if (first == 1) {
                assertThat(want).contains("fault at insn 18");
            } else {
                assertThat(want).doesNotContain("fault");
            }
        }
    }

    @Test
    void theConformanceSuiteRunsAlikeInBothModes() throws Exception {
        Path root = SharedFiles.resolve("conformance/bpf_conformance/tests");
        ProgramEnvironment env = ProgramEnvironment.of(ConformanceHelpers.table());
        int compared = 0;
        for (Path f : ConformanceRunner.collect(List.of(root))) {
            ConformanceFile t = ConformanceFile.parse(f);
            if (t.result() == null || t.skipReason() != null) {
                continue;
            }
            Program p;
            if (t.raw() != null && t.raw().length > 0) {
                p = Program.of(f.getFileName().toString(), t.raw());
            } else if (t.asm() != null && !t.asm().isBlank()) {
                p = Engines.assemble(t.asm());
            } else {
                continue;
            }
            Executable varHandles;
            try {
                varHandles = Jit.load(p, env, AccessProofs.EMPTY, false);
            } catch (ProgramRejectedException e) {
                continue; // refused alike in both modes: the structural checker runs before either
            }
            String got = outcome(t.mem(), varHandles);
            assertThat(got).as(f.getFileName().toString()).startsWith("r0 " + Long.toHexString(t.result()) + " ");
            if (RawByteAccess.usable()) {
                assertThat(outcome(t.mem(), Jit.load(p, env, AccessProofs.EMPTY, true)))
                        .as(f.getFileName().toString()).isEqualTo(got);
            }
            compared++;
        }
        assertThat(compared).as("vectors run").isGreaterThan(250);
    }

    /**
     * Where a proof is wrong (here: one made up, that a 4-byte load at the input's last three
     * bytes is inside the packet), the direct access still stops at the array's end, in both
     * modes: the run faults instead of reading past the array.
     */
    @Test
    void aWrongProofStillStopsAtTheArraysEnd() throws Exception {
        Program p = Engines.assemble("""
                ldxw %r0, [%r1+13]
                exit
                """);
        AccessPlan.Proofs lie = pc -> pc == 0 ? AccessPlan.PACKET : AccessPlan.GUARDED;
        for (boolean raw : new boolean[] {true, false}) {
            if (raw && !RawByteAccess.usable()) {
                continue;
            }
            Executable e = Jit.load(p, ProgramEnvironment.of(HelperTable.empty()), lie, raw);
            assertThat(packetRun(new byte[16], e)).as(raw ? "raw" : "VarHandle")
                    .startsWith("fault insn 0 (r0 = *(u32 *)(r1 + 13)): internal error: java.lang.")
                    .contains("IndexOutOfBoundsException");
            byte[] longer = new byte[17];
            longer[16] = 0x5a;
            assertThat(packetRun(longer, e)).as(raw ? "raw" : "VarHandle").isEqualTo("r0 5a000000");
        }
    }

    /** Runs {@code e} with r1 pointing at {@code frame}, bound as the packet region. */
    private static String packetRun(byte[] frame, Executable e) {
        ExecutionContext ctx = new ExecutionContext();
        ctx.memory().mapPacket(frame, 0, 0, frame.length);
        long r0 = e.run(ctx, Memory.address(Memory.REGION_PACKET, 0), 0);
        return ctx.fault() != null ? "fault " + ctx.fault().message() : "r0 " + Long.toHexString(r0);
    }

    private static byte[] withFirst(int first) {
        byte[] m = new byte[16];
        m[0] = (byte) first;
        return m;
    }

    private static String run(Program p, byte[] mem, boolean raw) throws Exception {
        return run(mem, Jit.load(p, ProgramEnvironment.of(HelperTable.empty()), AccessProofs.EMPTY, raw));
    }

    private static String run(byte[] mem, Executable e) {
        ExecutionContext ctx = new ExecutionContext();
        long r0 = e.run(ctx, ctx.mapInput(mem), mem.length);
        return ctx.fault() != null ? "fault at insn " + ctx.fault().pc() + " mem " + hex(mem)
                : "r0 " + Long.toHexString(r0) + " mem " + hex(mem);
    }

    private static String outcome(byte[] input, Executable e) {
        byte[] mem = input == null ? null : input.clone();
        ExecutionContext ctx = new ExecutionContext();
        long r0 = e.run(ctx, ctx.mapInput(mem), mem == null ? 0 : mem.length);
        return ctx.fault() != null ? "fault " + ctx.fault().message() : "r0 " + Long.toHexString(r0) + " mem " + hex(mem);
    }

    private static String hex(byte[] b) {
        if (b == null) {
            return "-";
        }
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x", x & 0xff));
        }
        return s.toString();
    }
}
