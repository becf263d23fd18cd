package org.jxdp.engine.object;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxdp.engine.verifier.VerifierTestPrograms;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.engine.vm.HelperTable;

/**
 * Loading verifies XDP programs first: a program the verifier refuses is not loaded and keeps
 * the one-line refusal; without verification it loads, and only the engines' run-time checks
 * stand between it and a bad access.
 */
class VerifiedLoadingTest {
    @TempDir
    Path dir;

    @Test
    void aRefusedProgramIsNotLoadedAndSaysWhy() throws Exception {
        Path obj = VerifierTestPrograms.compile("oob_read", dir);
        for (EngineKind engine : EngineKind.values()) {
            BpfProgram p = BpfObject.open(obj, LoadOptions.defaults().withEngine(engine)).program("oob_read");
            assertThat(p.loaded()).isFalse();
            assertThat(p.refusedByVerifier()).isTrue();
            assertThat(p.id()).isEqualTo(-1);
            assertThat(p.loadError()).isEqualTo("insn 5 (r1 = *(u16 *)(r2 + 0)): packet access out of bounds "
                    + "[oob_read.c:11]");
            assertThat(p.loadError()).doesNotContain("\n");
        }
    }

    @Test
    void withoutVerificationItLoadsAndTheRunTimeChecksRemain() throws Exception {
        Path obj = VerifierTestPrograms.compile("oob_read", dir);
        BpfProgram p = BpfObject.open(obj, LoadOptions.defaults().withoutVerifying()).program("oob_read");
        assertThat(p.loaded()).as(p.loadError()).isTrue();
        assertThat(p.verification()).isNull();
        assertThat(p.refusedByVerifier()).isFalse();
    }

    @Test
    void anAcceptedProgramLoadsWithItsVerification() throws Exception {
        Path obj = VerifierTestPrograms.compile("parse_flow", dir);
        BpfObject o = BpfObject.open(obj, LoadOptions.defaults());
        for (BpfProgram p : o.programs()) {
            if (p.type() == ProgramType.XDP) {
                assertThat(p.loaded()).as(p.loadError()).isTrue();
                assertThat(p.verification().accepted()).isTrue();
                assertThat(p.id()).isNotNegative();
            }
        }
    }

    @Test
    void structuralRefusalsAreLoadErrorsWithOrWithoutTheVerifier() throws Exception {
        Path obj = VerifierTestPrograms.compile("parse_flow", dir);
        LoadOptions noHelpers = LoadOptions.defaults().withHelpers(rt -> HelperTable.empty());
        for (LoadOptions o : new LoadOptions[] {noHelpers, noHelpers.withoutVerifying()}) {
            BpfProgram p = BpfObject.open(obj, o).program("parse_flow");
            assertThat(p.loaded()).isFalse();
            assertThat(p.refusedByVerifier()).isFalse();
            assertThat(p.loadError()).matches("insn \\d+ \\(call 1\\): call to unknown helper 1 \\[parse_flow\\.c:\\d+\\]");
        }
    }
}
