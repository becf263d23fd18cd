package org.jxdp.hooks.dos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.object.BpfProgram;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.hooks.XdpPrograms;
import org.jxdp.hooks.XdpTestRun;

/**
 * The committed dos_filter.o is what hooks/src/main/bpf/dos_filter.c builds to: with clang at
 * hand the source is rebuilt the way its header says and must give the same bytes, or, with
 * another clang, the same verdicts on every case of {@link DosCases}. A stale object fails here.
 */
class DosFilterObjectTest {
    @TempDir
    Path dir;

    @Test
    void theCommittedObjectIsWhatTheSourceBuildsTo() throws Exception {
        Path src = Path.of("src", "main", "bpf", "dos_filter.c");
        assertThat(src).exists();
        Files.copy(src, dir.resolve("dos_filter.c"));
        String arch = System.getProperty("os.arch").equals("aarch64") ? "aarch64" : "x86_64";
        Process p;
        try {
            p = new ProcessBuilder("clang", "-O2", "-g", "-target", "bpf", "-I/usr/include/" + arch + "-linux-gnu",
                    "-fdebug-prefix-map=" + dir + "=.", "-c", "dos_filter.c", "-o", "dos_filter.o")
                    .directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            String why = "clang is not installed (apt-get install clang libbpf-dev)";
            if ("1".equals(System.getenv("JXDP_REQUIRE_TOOLS"))) {
                fail(why);
            }
            Assumptions.abort(why);
            return;
        }
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        byte[] rebuilt = Files.readAllBytes(dir.resolve("dos_filter.o"));
        byte[] committed = DosFilter.objectBytes();
        if (Arrays.equals(rebuilt, committed)) {
            return;
        }
        // another clang: the same behaviour is what counts
        DosRules rules = RulesFile.parse("cases.yaml", DosCases.RULES);
        BpfObject a = DosFilter.open(1, EngineKind.INTERP);
        BpfObject b = BpfObject.open("rebuilt.o", rebuilt, XdpPrograms.options(1, EngineKind.INTERP));
        DosMaps.apply(a, rules, DosFilter.START_NS);
        DosMaps.apply(b, rules, DosFilter.START_NS);
        BpfProgram pa = a.program(DosFilter.PROGRAM);
        BpfProgram pb = b.program(DosFilter.PROGRAM);
        for (DosCases.Case c : DosCases.all()) {
            assertThat(XdpTestRun.run(pb, c.frame(), 1).retval()).as("rebuilt object on %s", c.name())
                    .isEqualTo(XdpTestRun.run(pa, c.frame(), 1).retval());
        }
    }
}
