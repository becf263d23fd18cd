package org.jxdp.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jxdp.cli.ReplayCommandTest.json;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxdp.capture.pipeline.ProgramReplacementTest;

/**
 * {@code --watch-prog}: a new version of the object file replaces the running program during a
 * paced replay, from one frame on, with its maps' contents kept; a version that cannot take over
 * is reported and the running one stays.
 */
class ProgramWatcherTest {
    @TempDir
    Path dir;

    @Test
    void aNewObjectFileReplacesTheRunningProgramMidReplay() throws Exception {
        Path v1 = ProgramReplacementTest.version(dir, "v1");
        Path v2 = ProgramReplacementTest.version(dir, "v2", "-DVERDICT=XDP_DROP");
        Path bad = ProgramReplacementTest.version(dir, "bad", "-DVERDICT=XDP_DROP", "-DSEEN_ENTRIES=2");
        Path prog = Files.copy(v1, dir.resolve("running.o"));
        Path in = ReplayMetricsTest.capture(dir);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // 700 frames 1 ms apart, 5 loops at 1x: about 3.5 s
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(() -> Main.execute(new String[] {"replay",
            in.toString(), "--prog", prog.toString(), "--watch-prog", "--workers", "2", "--loop", "5", "--speed", "1",
            "--json", "--metrics=127.0.0.1:0"}, new PrintWriter(out), new PrintWriter(err)));
        int port = ReplayMetricsTest.port(err);
        java.net.URI programs = java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/programs");
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        long before = json(http.send(java.net.http.HttpRequest.newBuilder(programs).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body(), "id");
        Thread.sleep(700);
        // a version whose map differs is refused, then the real next version goes in
        Files.copy(bad, dir.resolve("tmp.o"), StandardCopyOption.REPLACE_EXISTING);
        Files.move(dir.resolve("tmp.o"), prog, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        for (int i = 0; i < 200 && !err.toString().contains("running version stays"); i++) {
            Thread.sleep(25);
        }
        Files.copy(v2, dir.resolve("tmp.o"), StandardCopyOption.REPLACE_EXISTING);
        Files.move(dir.resolve("tmp.o"), prog, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        for (int i = 0; i < 200 && !err.toString().contains("program replaced"); i++) {
            Thread.sleep(25);
        }
        long after = json(http.send(java.net.http.HttpRequest.newBuilder(programs).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body(), "id");
        assertThat(after).as("/api/v1/programs shows the new version").isNotEqualTo(before);
        assertThat(run.get(60, TimeUnit.SECONDS)).as(err.toString()).isZero();

        assertThat(err.toString()).contains("map seen cannot take over the running map of that name: max_entries 1 "
                + "vs 2 (running vs new) (the running version stays)")
                .contains("jxdp: " + prog + ": program replaced by its new version (xdp/versioned, ");
        String j = out.toString();
        long frames = json(j, "frames");
        assertThat(frames).isEqualTo(3500);
        long pass = json(j, "verdicts.PASS");
        long drop = json(j, "verdicts.DROP");
        assertThat(pass + drop).as(j).isEqualTo(frames);
        assertThat(pass).as("version 1 ran first").isPositive();
        assertThat(drop).as("version 2 ran after").isPositive();
    }
}
