package org.jxdp.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bundled counting program's object (committed, since a fresh machine has no clang) is what
 * its source builds to: with clang at hand, count.c is rebuilt the way its header says and must
 * give the same bytes, or, with another clang, the same verdicts and counters on every sample.
 */
class BundledProgramTest {
    private static final String DIR = "/org/jxdp/hooks/bundled/";

    @TempDir
    Path dir;

    @Test
    void theCommittedObjectIsWhatCountCBuildsTo() throws Exception {
        Path src = dir.resolve("count.c");
        byte[] committed;
        try (InputStream c = getClass().getResourceAsStream(DIR + "count.c");
             InputStream o = getClass().getResourceAsStream(DIR + "count.o")) {
            Files.write(src, c.readAllBytes());
            committed = o.readAllBytes();
        }
        Path obj = dir.resolve("count.o");
        String arch = System.getProperty("os.arch").equals("aarch64") ? "aarch64" : "x86_64";
        // as count.c's header says: run in the source's directory, with the debug prefix mapped
        Process p;
        try {
            p = new ProcessBuilder("clang", "-O2", "-g", "-target", "bpf", "-I/usr/include/" + arch + "-linux-gnu",
                    "-fdebug-prefix-map=" + dir + "=.", "-c", "count.c", "-o", "count.o").directory(dir.toFile())
                    .redirectErrorStream(true).start();
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
        byte[] rebuilt = Files.readAllBytes(obj);
        if (java.util.Arrays.equals(rebuilt, committed)) {
            return;
        }
        // another clang: the same behaviour is what counts
        Path committedObj = Files.write(dir.resolve("committed.o"), committed);
        try (var files = Files.list(Path.of("..", "pcaps"))) {
            for (Path c : files.filter(f -> f.toString().endsWith(".counts")).toList()) {
                String name = Files.readAllLines(c).get(0).replaceAll(".* -o ", "");
                String capture = c.resolveSibling(name).toString();
                String a = summary(run("replay", capture, "--prog", committedObj.toString(), "--workers", "1", "--json"));
                String b = summary(run("replay", capture, "--prog", obj.toString(), "--workers", "1", "--json"));
                assertThat(b).as("rebuilt count.o on %s", name).isEqualTo(a);
            }
        }
    }

    /** The verdicts and counters part of a --json summary (not the timing). */
    static String summary(String json) {
        return json.replaceAll("\"elapsed_ns\":\\d+,\"mpps\":[0-9.]+,\"gbps\":[0-9.]+,", "")
                .replaceAll("\"program\":\"[^\"]*\",", "");
    }

    static String run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.execute(args, new PrintWriter(out), new PrintWriter(err));
        assertThat(status).as(err.toString()).isZero();
        return out.toString();
    }

    @Test
    void helpListsReplayAndGen() {
        StringWriter out = new StringWriter();
        Main.execute(new String[] {"--help"}, new PrintWriter(out), new PrintWriter(new StringWriter()));
        assertThat(out.toString()).contains("replay").contains("gen");
        StringWriter gen = new StringWriter();
        Main.execute(new String[] {"help", "gen"}, new PrintWriter(gen), new PrintWriter(new StringWriter()));
        assertThat(gen.toString()).contains("Profiles:").contains("syn-flood").contains("(90%)").contains("mix");
    }
}
