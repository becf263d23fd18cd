package org.jxdp.hooks.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.jxdp.engine.asm.Assembler;
import org.jxdp.engine.isa.Program;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.verifier.AccessProofs;
import org.jxdp.engine.verifier.Verification;
import org.jxdp.engine.verifier.Verifier;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.engine.vm.ExecutionContext;
import org.jxdp.engine.vm.Executable;
import org.jxdp.engine.vm.FaultKind;
import org.jxdp.engine.vm.ProgramEnvironment;
import org.jxdp.hooks.XdpFrame;
import org.jxdp.hooks.XdpHelpers;
import org.jxdp.hooks.XdpRunner;

/**
 * A program a verifier accepted has bounded runs, so both engines charge its budget one unit per
 * round of a loop and per subprogram call, not per instruction (the kernel has no budget at all;
 * ours only guards against a verifier bug): the same units, and the same exhaustion at the same
 * loop header, on both. Without the verifier's acceptance every instruction is charged, as before.
 */
class BoundedRunBudgetTest {
    /** Five rounds of a loop (header at 2), then a subprogram call: 23 instructions run. */
    private static final String LOOP = """
            mov %r6, 5
            mov %r7, 0
            loop: add %r7, 1
            sub %r6, 1
            jne %r6, 0, loop
            mov %r1, %r7
            call local f
            mov %r0, 2
            exit
            f: mov %r0, %r1
            exit
            """;

    @Test
    void verifiedRunsAreChargedPerLoopRoundAndCallOnEveryEngine() throws Exception {
        for (EngineKind e : engines()) {
            assertThat(run(e, true, 1000)).as("%s, verified", e).isEqualTo("2 after 6 units");
            assertThat(run(e, false, 1000)).as("%s, not verified", e).isEqualTo("2 after 23 units");
        }
    }

    @Test
    void aVerifiedRunOutOfBudgetEndsAtTheSameLoopHeaderOnEveryEngine() throws Exception {
        for (EngineKind e : engines()) {
            assertThat(run(e, true, 3)).as("%s, verified", e).isEqualTo("BUDGET_EXHAUSTED at insn 2 after 3 units");
            assertThat(run(e, false, 3)).as("%s, not verified", e)
                    .isEqualTo("BUDGET_EXHAUSTED at insn 2 after 3 units");
        }
    }

    private static List<EngineKind> engines() {
        List<EngineKind> out = new ArrayList<>();
        for (EngineKind e : EngineKind.values()) {
            if (e.available()) {
                out.add(e);
            }
        }
        return out;
    }

    private static String run(EngineKind engine, boolean verified, long budget) throws Exception {
        BpfRuntime rt = new BpfRuntime(1);
        ProgramEnvironment env = rt.environment(XdpHelpers.table(rt));
        Program p = Assembler.assemble("loop", LOOP);
        AccessProofs proofs = AccessProofs.EMPTY;
        if (verified) {
            Verification v = Verifier.forXdp(env, id -> null).license("GPL").verify(p);
            assertThat(v.accepted()).as(v.toString()).isTrue();
            proofs = v.proofs();
        }
        Executable exe = engine.load(p, env, proofs);
        XdpRunner runner = new XdpRunner(rt, 0);
        ExecutionContext ctx = runner.context().budget(budget);
        XdpFrame f = new XdpFrame();
        f.load(new byte[60], 0, 60);
        long r = runner.run(exe, f);
        String units = " after " + ctx.executed() + " units";
        return ctx.fault() != null ? ctx.fault().kind() + " at insn " + ctx.fault().pc() + units : r + units;
    }
}
