package org.jxdp.engine.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.object.BpfProgram;
import org.jxdp.engine.object.LoadOptions;
import org.jxdp.engine.object.ProgramType;

/**
 * The verifier's C test programs, compiled with clang, get the verdict their first line
 * expects, refusals with the reason and the source line.
 */
class VerifierCProgramsTest {
    @TempDir
    Path dir;

    static List<String> programs() throws Exception {
        return VerifierTestPrograms.names();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("programs")
    void verdictsAreTheExpectedOnes(String name) throws Exception {
        VerifierTestPrograms.Expectation want = VerifierTestPrograms.expectation(name);
        Path obj = VerifierTestPrograms.compile(name, dir);
        XdpVerifierFixture fx = new XdpVerifierFixture();
        BpfObject o = BpfObject.open(obj, LoadOptions.defaults().withRuntime(fx.rt).withoutLoadingPrograms());
        Verifier v = fx.verifierFor(o);
        int checked = 0;
        for (BpfProgram p : o.programs()) {
            if (p.type() != ProgramType.XDP) {
                continue;
            }
            Verification r = v.verify(p.code(), p.lines()::location);
            checked++;
            if (want.accept()) {
                assertThat(r.accepted()).as(() -> r.rejection().get().report()).isTrue();
            } else {
                assertThat(r.accepted()).as(name + " refused").isFalse();
                Verification.Rejection rej = r.rejection().get();
                assertThat(rej.reason()).as(rej.report()).isEqualTo(want.reason());
                assertThat(rej.message()).startsWith("insn " + rej.pc() + " (").contains("): " + want.reason());
                if (!want.reason().equals("comparison of pointers to different regions")) {
                    assertThat(rej.source()).as(rej.report()).startsWith(name + ".c:");
                }
            }
        }
        assertThat(checked).isEqualTo(1);
    }
}
