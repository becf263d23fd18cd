package org.jxdp.hooks.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.jxdp.engine.asm.Assembler;
import org.jxdp.engine.isa.Program;
import org.jxdp.engine.jit.Jit;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.verifier.Verification;
import org.jxdp.engine.verifier.Verifier;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.engine.vm.Executable;
import org.jxdp.engine.vm.ProgramEnvironment;
import org.jxdp.hooks.XdpHelpers;
import org.jxdp.hooks.XdpTestRun;

/**
 * Loads of {@code ctx->data}, {@code data_end} and {@code data_meta} that the verifier proved are
 * compiled by the JIT to reads of the packet region's edges (no call into the context), and give
 * what the interpreter's calls into {@code struct xdp_md} give: before and after
 * {@code bpf_xdp_adjust_meta}, {@code _head} and {@code _tail} move each edge.
 */
class ProvenContextLoadTest {
    /**
     * Grows metadata by 8 bytes, moves the head by {@code HEAD} and the tail by {@code TAIL}, and
     * after each move reads the edges again (and checks them against each other); r0 packs the
     * distances between them, one byte each, and the first metadata byte and first packet byte
     * are written so the frame shows them.
     */
    private static final String EDGES = """
            mov %r6, %r1
            ldxw %r2, [%r6+0]
            ldxw %r3, [%r6+4]
            ldxw %r4, [%r6+8]
            mov %r9, %r3
            sub %r9, %r2
            mov %r1, %r6
            mov %r2, -8
            call 54
            jne %r0, 0, fail
            ldxw %r2, [%r6+0]
            ldxw %r4, [%r6+8]
            mov %r3, %r4
            add %r3, 1
            jgt %r3, %r2, fail
            stb [%r4+0], 0xaa
            mov %r5, %r2
            sub %r5, %r4
            lsh %r5, 8
            or %r9, %r5
            mov %r1, %r6
            mov %r2, HEAD
            call 44
            jne %r0, 0, fail
            ldxw %r2, [%r6+0]
            ldxw %r3, [%r6+4]
            ldxw %r4, [%r6+8]
            mov %r5, %r2
            add %r5, 1
            jgt %r5, %r3, fail
            stb [%r2+0], 0xbb
            mov %r5, %r2
            sub %r5, %r4
            lsh %r5, 16
            or %r9, %r5
            mov %r1, %r6
            mov %r2, TAIL
            call 65
            jne %r0, 0, fail
            ldxw %r2, [%r6+0]
            ldxw %r3, [%r6+4]
            mov %r5, %r3
            sub %r5, %r2
            lsh %r5, 24
            or %r9, %r5
            mov %r0, %r9
            exit
            fail:
            mov %r0, -1
            exit
            """;

    private static final int[][] MOVES = {{0, 0}, {-4, -2}, {4, 6}, {-8, -20}, {6, 0}};

    @Test
    void provenLoadsOfThePacketEdgesReadThemWithoutCallingTheContext() throws Exception {
        String asm = EDGES.replace("HEAD", "-4").replace("TAIL", "-2");
        BpfRuntime rt = new BpfRuntime(1);
        ProgramEnvironment env = rt.environment(XdpHelpers.table(rt));
        Program p = Assembler.assemble("edges", asm);
        Verification v = verifier(rt, env).verify(p);
        assertThat(v.accepted()).as(v.toString()).isTrue();
        for (int pc : new int[] {1, 2, 3, 10, 11, 24, 25, 26, 39, 40}) {
            assertThat(v.proofs().contextField(pc)).as("context field at insn %d", pc).isNotNull();
        }
        String withProofs = MemoryUses.of(Jit.bytecode(p, env, v.proofs()));
        assertThat(withProofs).doesNotContain("load32").contains("packetData");
        assertThat(MemoryUses.of(Jit.bytecode(p, env))).as("without proofs").contains("load32").doesNotContain("packetData");
    }

    @Test
    void theEdgesAreTheInterpretersBeforeAndAfterEveryMove() throws Exception {
        for (int[] m : MOVES) {
            String asm = EDGES.replace("HEAD", Integer.toString(m[0])).replace("TAIL", Integer.toString(m[1]));
            String interp = run(asm, EngineKind.INTERP, false);
            String jit = run(asm, EngineKind.JIT, true);
            assertThat(jit).as("head %d tail %d", m[0], m[1]).isEqualTo(interp);
            long r0 = Long.parseLong(interp.substring(0, interp.indexOf(' ')));
            assertThat(r0).as("head %d tail %d ran to the end", m[0], m[1]).isNotEqualTo(-1L);
            // data_end - data at the start, data - data_meta after adjust_meta and after
            // adjust_head (which moves the metadata with the head, as the kernel's does),
            // data_end - data after adjust_tail
            assertThat(r0 & 0xff).isEqualTo(60);
            assertThat(r0 >>> 8 & 0xff).isEqualTo(8);
            assertThat(r0 >>> 16 & 0xff).isEqualTo(8);
            assertThat(r0 >>> 24 & 0xff).isEqualTo(60 - m[0] + m[1]);
        }
    }

    /** {@code r0 frame-hex} of one run on a 60-byte frame, the JIT with the verifier's proofs when asked. */
    private static String run(String asm, EngineKind engine, boolean proofs) throws Exception {
        BpfRuntime rt = new BpfRuntime(1);
        ProgramEnvironment env = rt.environment(XdpHelpers.table(rt));
        Program p = Assembler.assemble("edges", asm);
        Executable exe;
        if (proofs) {
            Verification v = verifier(rt, env).verify(p);
            assertThat(v.accepted()).as(v.toString()).isTrue();
            exe = engine.load(p, env, v.proofs());
        } else {
            exe = engine.load(p, env);
        }
        byte[] frame = new byte[60];
        for (int i = 0; i < frame.length; i++) {
            frame[i] = (byte) i;
        }
        XdpTestRun.Result r = XdpTestRun.run(exe, rt, frame, 1);
        assertThat(r.fault()).as("fault").isNull();
        return r.retval() + " " + HexFormat.of().formatHex(r.dataOut());
    }

    private static Verifier verifier(BpfRuntime rt, ProgramEnvironment env) {
        return Verifier.forXdp(env, id -> rt.map(id) == null ? null : rt.map(id).definition()).license("GPL");
    }
}
