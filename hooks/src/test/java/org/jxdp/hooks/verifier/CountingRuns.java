package org.jxdp.hooks.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jxdp.engine.isa.Program;
import org.jxdp.engine.maps.BpfMap;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.verifier.Verification;
import org.jxdp.engine.verifier.Verifier;
import org.jxdp.engine.vm.Executable;
import org.jxdp.engine.vm.ProgramEnvironment;
import org.jxdp.hooks.XdpTestRun;

/**
 * A program that counts frames in array map {@code a} by their first byte, and what runs of it
 * leave behind: the tests of what the JIT makes of proven map keys and map values share it.
 */
final class CountingRuns {
    /**
     * Counts frames in map a (4 elements of 8 bytes) by their first byte; 1 when the byte is no
     * index. The key is stored at fp-4, the lookup is the call at {@link #CALL}, the count is
     * loaded at {@link #LOAD} and stored at {@link #STORE}.
     */
    static final String COUNT = """
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

    /** The lookup's call in {@link #COUNT}. */
    static final int CALL = 12;
    /** The load of the count in {@link #COUNT}. */
    static final int LOAD = 14;
    /** The store of the count in {@link #COUNT}. */
    static final int STORE = 16;

    private CountingRuns() {
    }

    /** {@code p} verified for XDP in {@code rt}; it must be accepted. */
    static Verification verify(BpfRuntime rt, ProgramEnvironment env, Program p) {
        Verification v = Verifier.forXdp(env, id -> rt.map(id) == null ? null : rt.map(id).definition())
                .license("GPL").verify(p);
        assertThat(v.accepted()).as(v.toString()).isTrue();
        return v;
    }

    /** The map of {@code rt} called {@code name}. */
    static BpfMap map(BpfRuntime rt, String name) {
        return rt.maps().stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
    }

    /**
     * The verdicts of {@code exe} on frames starting 0, 1, 2, 3, 4, 200, 9, 1, 3 (none may fault),
     * then the four elements of each of {@code maps}, in hex.
     */
    static String counts(BpfRuntime rt, Executable exe, String... maps) {
        List<String> out = new ArrayList<>();
        for (int first : new int[] {0, 1, 2, 3, 4, 200, 9, 1, 3}) {
            byte[] frame = new byte[60];
            frame[0] = (byte) first;
            XdpTestRun.Result r = XdpTestRun.run(exe, rt, frame, 1);
            assertThat(r.fault()).isNull();
            out.add(Long.toString(r.retval()));
        }
        for (String name : maps) {
            for (int k = 0; k < 4; k++) {
                out.add(HexFormat.of().formatHex(map(rt, name).lookup(new byte[] {(byte) k, 0, 0, 0})));
            }
        }
        return String.join(" ", out);
    }
}
