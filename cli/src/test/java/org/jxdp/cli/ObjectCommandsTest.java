package org.jxdp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxdp.engine.testing.SharedFiles;

/** {@code prog list}, {@code disasm} and {@code test-run} on the sample objects. */
class ObjectCommandsTest {
    @TempDir
    Path dir;

    record Run(int status, String out, String err) {
    }

    static Run jxdp(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void progListShowsProgramsAndMaps() {
        Path obj = SharedFiles.resolve("samples/prototype-kernel/xdp_ddos01_blacklist_kern.o");
        Run r = jxdp("prog", "list", obj.toString());
        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith(obj + ": license \"GPL\", 1 program, 5 maps\nprograms:\n")
                .contains("xdp_prog                     xdp_program                xdp      118 insns  loaded")
                .contains("blacklist                    percpu_hash      key    4 B  value     8 B  max_entries 100000");
    }

    @Test
    void progListSaysWhyAProgramDidNotLoad() {
        Run r = jxdp("prog", "list", SharedFiles.resolve("samples/build/wronghelper.o").toString());
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("not loaded: insn 7 (call 53): call to unknown helper 53 [wronghelper.c:21]");
    }

    @Test
    void progListGivesTheVerifiersRefusal() {
        Run r = jxdp("prog", "list", SharedFiles.resolve("samples/build/packet_overflow.o").toString());
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("read_write_packet_start    xdp        9 insns  refused by the verifier: insn 4 "
                + "(r1 = *(u32 *)(r2 + 0)): packet access out of bounds [packet_overflow.c:12]\n");
    }

    @Test
    void testRunRefusesAnUnverifiedProgramUnlessToldNotToVerify() throws IOException {
        Path in = Files.write(dir.resolve("in.bin"), new byte[64]);
        String obj = SharedFiles.resolve("samples/build/packet_overflow.o").toString();
        Run r = jxdp("test-run", obj, "--data-in", in.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("jxdp: " + obj + ": xdp/read_write_packet_start: refused by the verifier: insn 4 "
                + "(r1 = *(u32 *)(r2 + 0)): packet access out of bounds [packet_overflow.c:12]\n");
        for (String engine : new String[] {"interp", "jit"}) {
            Run anyway = jxdp("test-run", obj, "--no-verify", "--engine", engine, "--data-in", in.toString());
            assertThat(anyway.status()).as(anyway.err()).isZero();
            assertThat(anyway.out()).startsWith("Return value: ").doesNotContain("fault");
        }
    }

    @Test
    void disasmPrintsSourceLinesAndHelperNames() {
        Run r = jxdp("disasm", SharedFiles.resolve("samples/build/wronghelper.o").toString());
        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("xdp/func:\n; int func(void* ctx) [wronghelper.c:15]\n")
                .contains("call bpf_sock_map_update#53");
        Run one = jxdp("disasm", "--program", "callee", "--no-raw",
                SharedFiles.resolve("samples/build/tail_call.o").toString());
        assertThat(one.out()).contains("xdp_prog/0/callee:").doesNotContain("caller").contains("r0 = 42");
    }

    @Test
    void testRunPrintsTheVerdictAndWritesTheFrame() throws IOException {
        Path in = dir.resolve("in.bin");
        byte[] frame = new byte[64];
        frame[12] = 0x08;
        Files.write(in, frame);
        Path out = dir.resolve("out.bin");
        Run r = jxdp("test-run", SharedFiles.resolve("samples/linux/xdp1_kern.o").toString(), "--data-in",
                in.toString(), "--data-out", out.toString(), "--repeat", "5");
        assertThat(r.status()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("Return value: XDP_DROP (1), duration (average): ");
        assertThat(Files.readAllBytes(out)).hasSize(64);
    }

    @Test
    void ambiguousOrMissingProgramsAreOneLineFailures() throws IOException {
        Path in = Files.write(dir.resolve("in.bin"), new byte[64]);
        Run r = jxdp("test-run", SharedFiles.resolve("samples/build/tail_call.o").toString(), "--data-in",
                in.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).startsWith("jxdp: ").contains("2 programs match").doesNotContain("\tat ");
        Run s = jxdp("test-run", SharedFiles.resolve("samples/build/tail_call.o").toString(), "--program", "nope",
                "--data-in", in.toString());
        assertThat(s.err()).contains("no program named nope");
    }

    @Test
    void malformedObjectsAreRefusedInOneLine() {
        Path bad = SharedFiles.resolve("samples/invalid/806cc077e56f0ec32236c99055714f63649e7a38");
        Run r = jxdp("prog", "list", bad.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("jxdp: " + bad + ": the section header table at offset 0x510 size 1024 "
                + "runs past the end of the file (1748 bytes)\n");
    }
}
