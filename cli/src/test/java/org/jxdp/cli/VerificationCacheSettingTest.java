package org.jxdp.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.jxdp.engine.vm.EngineKind;

/**
 * Where the commands keep the verifier's acceptances: {@code JXDP_VERIFY_CACHE} (a directory or
 * {@code off}), else {@code $XDG_CACHE_HOME/jxdp/verified}, else {@code ~/.cache/jxdp/verified};
 * and a replay of the bundled filter keeps one entry there, which the next replay uses.
 */
class VerificationCacheSettingTest {
    @Test
    void theVariableThenXdgThenHomeDecide() {
        assertThat(VerificationCacheSetting.from(Map.of("JXDP_VERIFY_CACHE", "/tmp/c", "XDG_CACHE_HOME", "/x")::get,
                "/home/u").directory()).isEqualTo(Path.of("/tmp/c"));
        assertThat(VerificationCacheSetting.from(Map.of("JXDP_VERIFY_CACHE", "off")::get, "/home/u")).isNull();
        assertThat(VerificationCacheSetting.from(Map.of("XDG_CACHE_HOME", "/x")::get, "/home/u").directory())
                .isEqualTo(Path.of("/x/jxdp/verified"));
        assertThat(VerificationCacheSetting.from(Map.<String, String>of()::get, "/home/u").directory())
                .isEqualTo(Path.of("/home/u/.cache/jxdp/verified"));
        assertThat(VerificationCacheSetting.from(Map.<String, String>of()::get, "?")).isNull();
        assertThat(VerificationCacheSetting.from(Map.of("JXDP_VERIFY_CACHE", " ")::get, null)).isNull();
    }

    @Test
    void aReplayOfTheBundledFilterKeepsItsAcceptanceForTheNext() throws IOException {
        // the build points JXDP_VERIFY_CACHE at target/verification-cache for tests
        String set = System.getenv(VerificationCacheSetting.VARIABLE);
        assertThat(set).as("JXDP_VERIFY_CACHE set by the build (surefire)").isNotBlank();
        Path dir = Path.of(set);
        // one worker: with two, the workers race on the filter's shared per-source state
        ReplayCommandTest.Run first = ReplayCommandTest.jxdp("replay", "--workers", "1");
        assertThat(first.status()).as(first.err()).isZero();
        long entries;
        try (Stream<Path> s = Files.list(dir)) {
            entries = s.filter(p -> p.toString().endsWith(".verified")).count();
        }
        assertThat(entries).isGreaterThanOrEqualTo(1);
        ReplayCommandTest.Run again = ReplayCommandTest.jxdp("replay", "--workers", "1");
        assertThat(again.status()).as(again.err()).isZero();
        assertThat(verdicts(again.out())).isEqualTo(verdicts(first.out())).contains("PASS", "DROP");
        assertThat(LoadedProgram.load(null, 1, EngineKind.JIT, true, new PrintWriter(Writer.nullWriter())).program()
                .verification().cached()).isTrue();
    }

    /** The summary's lines of counts by verdict. */
    private static String verdicts(String summary) {
        return summary.lines().filter(l -> l.matches("\\s+(PASS|DROP|TX|REDIRECT|ABORTED)\\s.*"))
                .reduce("", (a, b) -> a + b + "\n");
    }
}
