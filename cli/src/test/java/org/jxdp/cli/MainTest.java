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

/** The command line: output, one-line failures and exit statuses (0, 1 failure, 2 usage). */
class MainTest {
    @TempDir
    Path dir;

    record Run(int status, String out, String err) {
        String lastLine() {
            String[] lines = out.strip().split("\n");
            return lines[lines.length - 1];
        }
    }

    static Run jxdp(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        return new Run(status, out.toString(), err.toString());
    }

    @Test
    void conformanceSuitePassesOnTheInterpreter() {
        Path tests = SharedFiles.resolve("conformance/bpf_conformance/tests");
        Run r = jxdp("conformance", "--engine", "interp", tests.toString());
        assertThat(r.status()).isZero();
        assertThat(r.out().strip()).isEqualTo("313 passed, 0 failed");
    }

    @Test
    void failuresAndSkipsAreListedWithTheirReasonsAndSetTheExitStatus() {
        Path negative = SharedFiles.resolve("conformance/bpf_conformance/negative");
        Run r = jxdp("conformance", "--engine", "interp", negative.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.lastLine()).isEqualTo("48 passed, 9 failed, 3 skipped");
        assertThat(r.out()).contains("FAIL " + negative.resolve("incorrect_return_value_high_bits.data")
                + " [interp]: returned 0x8877665544332211, expected 0x8977665544332211");
        assertThat(r.out()).contains("SKIP " + negative.resolve("empty.data") + " [interp]: no instructions");
    }

    @Test
    void conformanceSuitePassesOnTheJit() {
        Path tests = SharedFiles.resolve("conformance/bpf_conformance/tests");
        Run r = jxdp("conformance", "--engine", "jit", tests.toString());
        assertThat(r.status()).isZero();
        assertThat(r.out().strip()).isEqualTo("313 passed, 0 failed");
    }

    @Test
    void conformanceRunsEveryEngineByDefault() throws IOException {
        Path f = Files.writeString(dir.resolve("t.data"), "-- asm\nmov %r0, 7\nexit\n-- result\n0x6\n");
        Run r = jxdp("conformance", f.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.out()).contains("FAIL " + f + " [interp]: returned 0x7, expected 0x6")
                .contains("FAIL " + f + " [jit]: returned 0x7, expected 0x6");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void aProgramTheJitCannotCompileRunsOnTheInterpreterWithAWarning() throws IOException {
        // r0 ^= c for 40,000 distinct 64-bit constants: more than a JVM class's constant pool holds
        java.nio.ByteBuffer code = java.nio.ByteBuffer.allocate((40_000 * 3 + 1) * 8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        long expected = 0;
        for (int i = 0; i < 40_000; i++) {
            long c = 0x1234_5678_0000_0000L + i * 0x1_0000_0001L;
            expected ^= c;
            code.putLong(0x18 | 1 << 8 | (c & 0xffff_ffffL) << 32).putLong(c & 0xffff_ffff_0000_0000L)
                    .putLong(0xaf | 1 << 12);
        }
        code.putLong(0x95);
        Path f = Files.write(dir.resolve("constants.bin"), code.array());
        Run r = jxdp("run", f.toString());
        assertThat(r.status()).isZero();
        assertThat(r.err()).startsWith("warning: " + f + ": the JIT cannot compile ")
                .contains("constant pool").endsWith("; running it on the interpreter\n");
        assertThat(r.out()).startsWith(String.format("r0 = 0x%x (%d)%n", expected, expected));
    }

    @Test
    void aCommandLineNamingASubcommandFirstBuildsOnlyThatOneAndAnyOtherBuildsThemAll() {
        for (var e : Main.SUBCOMMANDS.entrySet()) {
            picocli.CommandLine.Command c = e.getValue().get().getClass().getAnnotation(picocli.CommandLine.Command.class);
            assertThat(c.name()).as("the name the table gives %s", e.getValue().get().getClass()).isEqualTo(e.getKey());
        }
        assertThat(Main.commandLine(new String[] {"replay", "x.pcap"}).getSubcommands()).containsOnlyKeys("replay");
        assertThat(Main.commandLine(new String[] {"--debug", "replay"}).getSubcommands().keySet())
                .containsExactlyElementsOf(Main.SUBCOMMANDS.keySet());
        assertThat(Main.commandLine(new String[] {"help", "replay"}).getSubcommands()).hasSize(Main.SUBCOMMANDS.size());
        assertThat(Main.commandLine(new String[0]).getSubcommands()).hasSize(Main.SUBCOMMANDS.size());
        Run help = jxdp("--help");
        assertThat(help.status()).isZero();
        assertThat(help.out()).contains("replay", "test-run", "conformance", "rules", "gen");
        Run typo = jxdp("replya");
        assertThat(typo.status()).isEqualTo(2);
        assertThat(typo.err()).contains("replay");
    }

    @Test
    void badUsageExitsWithTwo() {
        assertThat(jxdp("conformance").status()).isEqualTo(2);
        assertThat(jxdp("--no-such-option").status()).isEqualTo(2);
        assertThat(jxdp("frobnicate").status()).isEqualTo(2);
    }

    @Test
    void missingFilesAreOneLineFailures() {
        Run r = jxdp("conformance", "--engine", "interp", dir.resolve("nope").toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("jxdp: " + dir.resolve("nope") + ": no such file or directory\n");
    }

    @Test
    void disassemblesInBothSyntaxes() throws IOException {
        Path f = Files.writeString(dir.resolve("p.asm"), "lddw %r1, 0x1122334455667788\nldxw %r0, [%r1+4]\nexit\n");
        Run llvm = jxdp("disasm", f.toString());
        assertThat(llvm.status()).isZero();
        assertThat(llvm.out()).isEqualTo(
                "       0:\t18 01 00 00 88 77 66 55 00 00 00 00 44 33 22 11\tr1 = 1234605616436508552 ll\n"
                        + "       2:\t61 10 04 00 00 00 00 00\tr0 = *(u32 *)(r1 + 4)\n"
                        + "       3:\t95 00 00 00 00 00 00 00\texit\n");
        Run conf = jxdp("disasm", "--syntax", "conformance", f.toString());
        assertThat(conf.out()).isEqualTo("lddw %r1, 0x1122334455667788\nldxw %r0, [%r1+4]\nexit\n");
    }

    @Test
    void runsABareProgram() throws IOException {
        Path f = Files.writeString(dir.resolve("p.asm"), "ldxb %r0, [%r1+1]\nadd %r0, %r2\nexit\n");
        Run r = jxdp("run", "--mem", "00 28", f.toString());
        assertThat(r.status()).isZero();
        assertThat(r.out()).isEqualTo("r0 = 0x2a (42)\n3 instructions executed\n");
    }

    @Test
    void faultsAndRefusalsAreOneLineWithoutAStackTrace() throws IOException {
        Path fault = Files.writeString(dir.resolve("f.asm"), "ldxb %r0, [%r1+1]\nexit\n");
        Run r = jxdp("run", fault.toString());
        assertThat(r.status()).isEqualTo(1);
        assertThat(r.err()).isEqualTo("jxdp: " + fault + ": insn 0 (r0 = *(u8 *)(r1 + 1)): load of 1 byte at 0x1 "
                + "is a null or non-pointer address\n");
        Path refused = Files.writeString(dir.resolve("r.asm"), "mov %r10, 0\nexit\n");
        Run s = jxdp("run", refused.toString());
        assertThat(s.status()).isEqualTo(1);
        assertThat(s.err()).isEqualTo("jxdp: " + refused + ": refused: insn 0 (r10 = 0): writes r10, the read-only "
                + "frame pointer\n");
        Path bad = Files.writeString(dir.resolve("b.asm"), "mov %r0, 1\nfrob %r1\n");
        assertThat(jxdp("disasm", bad.toString()).err()).isEqualTo("jxdp: " + bad + ": line 2: Invalid mnemonic: frob\n");
        Path odd = Files.write(dir.resolve("o.bin"), new byte[5]);
        assertThat(jxdp("disasm", odd.toString()).err())
                .isEqualTo("jxdp: " + odd + ": program length 5 bytes is not a multiple of 8 (the size of one instruction)\n");
    }
}
