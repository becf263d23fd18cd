package org.jxdp.engine.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxdp.engine.conformance.ConformanceRunner.Status;
import org.jxdp.engine.vm.EngineKind;

/** Parsing and running single vectors, including the forms the shared suite does not use. */
class ConformanceFileTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void parsesSectionsCommentsAndCrlf() throws IOException {
        ConformanceFile t = ConformanceFile.parse(write("a.data",
                "# c\r\n-- asm\r\nldxb %r0, [%r1+1] # x\r\nexit\r\n-- mem\r\n0a 0B\r\n-- result\r\n0xB\r\n"));
        assertThat(t.asm()).contains("ldxb %r0, [%r1+1]");
        assertThat(t.mem()).containsExactly(0x0a, 0x0b);
        assertThat(t.result()).isEqualTo(11L);
        assertThat(t.skipReason()).isNull();
        assertThat(ConformanceRunner.run(t, EngineKind.INTERP).status()).isEqualTo(Status.PASS);
    }

    @Test
    void rawSectionsInBothEncodings() throws IOException {
        ConformanceFile words = ConformanceFile.parse(write("w.data", "-- raw\n0x00000007000000b7\n0x0000000000000095\n-- result\n7\n"));
        ConformanceFile bytes = ConformanceFile.parse(write("b.data", "-- raw\nb7 00 00 00 07 00 00 00\n95 00 00 00 00 00 00 00\n-- result\n7\n"));
        assertThat(words.raw()).containsExactly(bytes.raw());
        assertThat(ConformanceRunner.run(bytes, EngineKind.INTERP).status()).isEqualTo(Status.PASS);
    }

    @Test
    void sectionsMayComeFromLinkedFilesAndHexdumps() throws IOException {
        write("prog.asm", "ldxh %r0, [%r1+2]\nexit\n");
        write("pkt.hex", "0x0000:  0001 0203\n");
        ConformanceFile t = ConformanceFile.parse(write("l.data", "-- asm @ prog.asm\n-- mem @ pkt.hex\n-- result\n0x302\n"));
        assertThat(t.mem()).containsExactly(0, 1, 2, 3);
        assertThat(ConformanceRunner.run(t, EngineKind.INTERP).status()).isEqualTo(Status.PASS);
    }

    @Test
    void ubpfOnlyAndUnknownDirectivesAreSkippedWithTheReason() throws IOException {
        assertThat(ConformanceFile.parse(write("p.data", "-- pyelf\nx = 1\n-- result\n0\n")).skipReason())
                .isEqualTo("uses the uBPF-only directive '-- pyelf'");
        assertThat(ConformanceFile.parse(write("u.data", "-- asm\nexit\n-- frobnicate\n-- result\n0\n")).skipReason())
                .isEqualTo("unknown directive '-- frobnicate'");
    }

    @Test
    void malformedSectionsNameTheLine() throws IOException {
        Path p = write("m.data", "-- asm\nexit\n-- mem\n0g\n");
        assertThatThrownBy(() -> ConformanceFile.parse(p)).hasMessageContaining("m.data:4: bad memory byte '0g'");
        Path q = write("r.data", "-- asm\nexit\n-- asm\nexit\n");
        assertThatThrownBy(() -> ConformanceFile.parse(q)).hasMessageContaining("section '-- asm' repeated");
        assertThat(ConformanceRunner.run(q, EngineKind.INTERP).status()).isEqualTo(Status.FAIL);
    }

    @Test
    void anExpectedErrorPassesOnlyWhenTheProgramIsRefusedOrFaults() throws IOException {
        assertThat(ConformanceRunner.run(write("e1.data", "-- asm\nmov %r10, 1\nexit\n-- error\nx\n"), EngineKind.INTERP)
                .status()).isEqualTo(Status.PASS);
        assertThat(ConformanceRunner.run(write("e2.data", "-- asm\nldxb %r0, [%r1]\nexit\n-- error pattern\nout of bounds\n"),
                EngineKind.INTERP).status()).isEqualTo(Status.PASS);
        assertThat(ConformanceRunner.run(write("e3.data", "-- asm\nmov %r0, 0\nexit\n-- error\n"), EngineKind.INTERP)
                .status()).isEqualTo(Status.FAIL);
    }

    @Test
    void asmAndRawWithoutAResultAreAnAssemblerTest() throws IOException {
        assertThat(ConformanceRunner.run(write("x.data", "-- asm\nexit\n-- raw\n0x95\n"), EngineKind.INTERP).status())
                .isEqualTo(Status.PASS);
        assertThat(ConformanceRunner.run(write("y.data", "-- asm\nexit\n-- raw\n0x96\n"), EngineKind.INTERP).status())
                .isEqualTo(Status.FAIL);
    }

    @Test
    void theHelpersMatchTheirReferenceBehaviour() {
        assertThat(ConformanceHelpers.isqrt(1764)).isEqualTo(42);
        assertThat(ConformanceHelpers.isqrt(0)).isZero();
        assertThat(ConformanceHelpers.isqrt(15)).isEqualTo(3);
        assertThat(ConformanceHelpers.isqrt(-1L)).isEqualTo(0xffffffffL);
        assertThat(ConformanceHelpers.isqrt(Long.MAX_VALUE)).isEqualTo(3037000499L);
    }
}
