package org.jxdp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.jxdp.engine.testing.SharedFiles;

/** {@code jxdp verify} on the sample objects: verdicts, refusals with their place and state, -v. */
class VerifyCommandTest {
    private static MainTest.Run jxdp(String... args) {
        return MainTest.jxdp(args);
    }

    private static String sample(String rel) {
        return SharedFiles.resolve("samples/" + rel).toString();
    }

    @Test
    void aSafeProgramIsVerified() {
        String obj = sample("build/packet_access.o");
        MainTest.Run r = jxdp("verify", obj);
        assertThat(r.status()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).startsWith(obj + ": xdp/test_packet_access: verified (")
                .contains("instructions processed")
                .contains("  warning: insn 27 (exit): the return value may not be an XDP action");
    }

    @Test
    void aRefusalNamesTheInstructionTheSourceLineTheReasonAndTheState() {
        String obj = sample("build/packet_overflow.o");
        MainTest.Run r = jxdp("verify", obj);
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).startsWith(obj + ": xdp/read_write_packet_start: refused (")
                .contains("\n  insn 4 (r1 = *(u32 *)(r2 + 0)): packet access out of bounds [packet_overflow.c:12]\n"
                        + "    4 bytes at offset 0, but only 0 bytes from r2's base are known to be before data_end: "
                        + "compare the pointer with data_end first\n    r2 = pkt(r=0)\n    state: r2=pkt(r=0)");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void everyProgramIsReportedAndOneRefusalFailsTheCommand() {
        MainTest.Run r = jxdp("verify", sample("build/tail_call.o"));
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).contains("xdp_prog/caller: refused").contains("insn 4 (exit): r0 is not set at exit")
                .contains("xdp_prog/0/callee: verified");
        MainTest.Run one = jxdp("verify", "--program", "callee", sample("build/tail_call.o"));
        assertThat(one.status()).isZero();
        assertThat(one.out()).doesNotContain("caller");
    }

    @Test
    void verboseShowsTheStatesBeforeEachInstruction() {
        MainTest.Run r = jxdp("verify", "-v", sample("build/packet_start_ok.o"));
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("    0: r0 = 1\n         r1=ctx() r10=fp0\n")
                .contains("; ");
    }

    @Test
    void missingProgramsAreOneLineFailures() {
        MainTest.Run r = jxdp("verify", "--program", "nope", sample("build/tail_call.o"));
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("jxdp: ").contains("no program named nope").doesNotContain("\tat ");
        MainTest.Run usage = jxdp("verify");
        assertThat(usage.status()).isEqualTo(2);
        assertThat(Path.of(sample("build/tail_call.o"))).exists();
    }
}
