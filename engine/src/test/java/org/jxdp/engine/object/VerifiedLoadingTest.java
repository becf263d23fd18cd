package org.jxdp.engine.object;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxdp.engine.verifier.MemoryAccessProof;
import org.jxdp.engine.verifier.VerificationCache;
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
    void anAcceptanceKeptInTheCacheLoadsTheProgramAgainWithTheSameProofs() throws Exception {
        Path src = java.nio.file.Files.createDirectories(dir.resolve("src"));
        Path obj = VerifierTestPrograms.compile("parse_flow", src);
        LoadOptions cached = LoadOptions.defaults().withEngine(EngineKind.JIT)
                .withVerificationCache(VerificationCache.in(dir.resolve("cache")));
        BpfObject firstObject = BpfObject.open(obj, cached);
        BpfObject againObject = BpfObject.open(obj, cached);
        BpfProgram first = firstObject.program("parse_flow");
        BpfProgram again = againObject.program("parse_flow");
        assertThat(first.verification().cached()).isFalse();
        assertThat(again.verification().cached()).isTrue();
        assertThat(again.loaded()).as(again.loadError()).isTrue();
        assertThat(again.verification().warnings()).isEqualTo(first.verification().warnings());
        // the same proofs, about the second load's own maps (loaded into the same runtime: new ids)
        List<MemoryAccessProof> kept = again.verification().proofs().all();
        List<MemoryAccessProof> found = first.verification().proofs().all();
        assertThat(kept).hasSameSizeAs(found);
        assertThat(found).anyMatch(p -> p.mapId() >= 0);
        for (int i = 0; i < kept.size(); i++) {
            MemoryAccessProof k = kept.get(i);
            MemoryAccessProof f = found.get(i);
            assertThat(new MemoryAccessProof(k.pc(), k.regions(), k.kind(), k.size(), k.minOffset(), k.maxOffset(),
                    f.mapId())).isEqualTo(f);
            if (f.mapId() >= 0) {
                assertThat(againObject.maps()).contains(againObject.runtime().map(k.mapId()));
                assertThat(againObject.runtime().map(k.mapId()).name())
                        .isEqualTo(firstObject.runtime().map(f.mapId()).name());
            }
        }

        Path refused = VerifierTestPrograms.compile("oob_read", src);
        for (int i = 0; i < 2; i++) {
            BpfProgram p = BpfObject.open(refused, cached).program("oob_read");
            assertThat(p.refusedByVerifier()).isTrue();
            assertThat(p.verification().cached()).isFalse();
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
