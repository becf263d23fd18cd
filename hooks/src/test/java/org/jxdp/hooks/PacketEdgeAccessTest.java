package org.jxdp.hooks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.jxdp.engine.asm.Assembler;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.engine.vm.Executable;

/**
 * Packet loads and stores at and beyond the frame's edges, before and after the helpers that
 * move them, end the same on every engine: in bounds they read and write the frame, outside it
 * they fault at the instruction. The JIT compiles these accesses as direct array accesses behind
 * an inline bounds test whose bounds it keeps in locals and reloads after calls, so this is where
 * a stale or off-by-one bound would show.
 */
class PacketEdgeAccessTest {
    private static final int LEN = 60;
    private static final String[] SIZES = {"b", "h", "w", "dw"};
    private static final int[] BYTES = {1, 2, 4, 8};

    /** One run on one engine: what came back, the frame after it, and the fault if any. */
    private record Outcome(long retval, String frame, String fault) {
    }

    private static Outcome run(EngineKind engine, String asm) throws Exception {
        BpfRuntime rt = new BpfRuntime(1);
        Executable exe = engine.load(Assembler.assemble("edge", asm), rt.environment(XdpHelpers.table(rt)));
        byte[] frame = new byte[LEN];
        for (int i = 0; i < LEN; i++) {
            frame[i] = (byte) (i * 7 + 1);
        }
        XdpTestRun.Result r = XdpTestRun.run(exe, rt, frame, 1);
        return new Outcome(r.retval(), java.util.HexFormat.of().formatHex(r.dataOut()),
                r.fault() == null ? null : r.fault().message());
    }

    /** Runs {@code asm} on every engine this build has; all outcomes must be equal. Returns the interpreter's. */
    private static Outcome everyEngine(String asm) throws Exception {
        Outcome interp = run(EngineKind.INTERP, asm);
        for (EngineKind e : EngineKind.values()) {
            if (e.available() && e != EngineKind.INTERP) {
                assertThat(run(e, asm)).as("%s on\n%s", e, asm).isEqualTo(interp);
            }
        }
        return interp;
    }

    private static String prologue() {
        return "ldxw %r6, [%r1+0]\nldxw %r7, [%r1+4]\nmov %r8, %r1\n";
    }

    @Test
    void loadsAtEveryOffsetAroundTheFrame() throws Exception {
        List<String> faults = new ArrayList<>();
        for (int s = 0; s < SIZES.length; s++) {
            for (int off = -10; off <= LEN + 2; off++) {
                String asm = prologue() + "ldx" + SIZES[s] + " %r0, [%r6" + (off < 0 ? "" : "+") + off + "]\n"
                        + "and %r0, 0xff\nexit\n";
                Outcome o = everyEngine(asm);
                boolean inside = off >= 0 && off + BYTES[s] <= LEN;
                assertThat(o.fault() == null).as("size %d at %d", BYTES[s], off).isEqualTo(inside);
                if (inside) {
                    assertThat(o.retval()).isEqualTo((off * 7 + 1) & 0xff);
                } else {
                    faults.add(o.fault());
                }
            }
        }
        assertThat(faults).allMatch(f -> f.startsWith("insn 3 ("));
    }

    @Test
    void storesAtEveryOffsetAroundTheFrame() throws Exception {
        for (int s = 0; s < SIZES.length; s++) {
            for (int off = -10; off <= LEN + 2; off++) {
                String o1 = off < 0 ? "" + off : "+" + off;
                Outcome reg = everyEngine(prologue() + "lddw %r2, 0x1122334455667788\nstx" + SIZES[s] + " [%r6" + o1
                        + "], %r2\nmov %r0, 2\nexit\n");
                Outcome imm = everyEngine(prologue() + "st" + SIZES[s] + " [%r6" + o1 + "], 0x55\nmov %r0, 2\nexit\n");
                boolean inside = off >= 0 && off + BYTES[s] <= LEN;
                assertThat(reg.fault() == null).as("stx size %d at %d", BYTES[s], off).isEqualTo(inside);
                assertThat(imm.fault() == null).as("st size %d at %d", BYTES[s], off).isEqualTo(inside);
                if (inside) {
                    assertThat(reg.frame().substring(2 * off, 2 * off + 2)).isEqualTo("88");
                    assertThat(imm.frame().substring(2 * off, 2 * off + 2)).isEqualTo("55");
                }
            }
        }
    }

    @Test
    void boundsFollowAdjustHeadAndTail() throws Exception {
        // shrink the head by 14: the old first byte is gone; data and data_end read again
        String head = prologue() + "mov %r1, %r8\nmov %r2, 14\ncall 44\n"
                + "ldxw %r6, [%r8+0]\nldxb %r0, [%r6-1]\nexit\n";
        assertThat(everyEngine(head).fault()).contains("insn 7 (");
        // a pointer kept from before the call: the bytes it points at are outside the packet now
        String stale = prologue() + "mov %r1, %r8\nmov %r2, 14\ncall 44\nldxb %r0, [%r6+0]\nexit\n";
        assertThat(everyEngine(stale).fault()).contains("insn 6 (");
        // grow the head by 16: the new first bytes are readable and writable
        String grow = prologue() + "mov %r1, %r8\nmov %r2, -16\ncall 44\n"
                + "ldxw %r6, [%r8+0]\nstb [%r6+0], 9\nldxb %r0, [%r6+0]\nexit\n";
        Outcome g = everyEngine(grow);
        assertThat(g.fault()).isNull();
        assertThat(g.retval()).isEqualTo(9);
        // shrink the tail by 4: the old last byte is gone
        String tail = prologue() + "mov %r1, %r8\nmov %r2, -4\ncall 65\nldxb %r0, [%r7-1]\nexit\n";
        assertThat(everyEngine(tail).fault()).contains("insn 6 (");
        String tailInside = prologue() + "mov %r1, %r8\nmov %r2, -4\ncall 65\nldxb %r0, [%r7-5]\nexit\n";
        assertThat(everyEngine(tailInside).retval()).isEqualTo(((LEN - 5) * 7 + 1) & 0xff);
    }
}
