package org.jxdp.capture.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Wireshark's command-line tools as the peer the readers and writers are checked against:
 * {@code tshark} for per-frame fields and {@code capinfos} for counts (Debian package
 * {@code tshark}, which brings both). A test that needs them is skipped with the reason when
 * they are absent, and fails instead when {@code JXDP_REQUIRE_TOOLS=1}.
 */
public final class Tshark {
    private static final Map<String, Boolean> PRESENT = new ConcurrentHashMap<>();
    private static final Map<Path, CompletableFuture<Frames>> ORIGINALS = new ConcurrentHashMap<>();
    /** tshark is single-threaded and slow to start: runs go to a pool as wide as the machine. */
    private static final ExecutorService POOL = Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()), r -> {
                Thread t = new Thread(r, "tshark");
                t.setDaemon(true);
                return t;
            });
    private static final Pattern PACKETS = Pattern.compile("Number of packets:\\s+(\\d+)");

    private Tshark() {
    }

    /**
     * The frames tshark reads from a file: length, captured length, time in nanoseconds since the
     * epoch, MD5 of the captured bytes, and the comment (or "") of each, and what it said on
     * standard error when it could not read the whole file.
     */
    public record Frames(List<Frame> frames, int exitCode, String errors) {
    }

    /** One frame as tshark sees it; {@link #NO_TIME} when it has no timestamp (an SPB). */
    public record Frame(long length, long capturedLength, long timeNanos, String md5, String comment) {
    }

    /** The {@code timeNanos} of a frame that has no timestamp. */
    public static final long NO_TIME = Long.MIN_VALUE;

    /** The frames of {@code file}, run once per file for files that never change (../shared). */
    public static Frames framesOfOriginal(Path file) {
        require("tshark");
        return await(ORIGINALS.computeIfAbsent(file, Tshark::framesLater));
    }

    /** The result of a background run, its failure rethrown as it was. */
    public static Frames await(CompletableFuture<Frames> later) {
        try {
            return later.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** Starts reading the frames of files that never change, for {@link #framesOfOriginal} to find. */
    public static void prefetchOriginals(List<Path> files) {
        require("tshark");
        for (Path f : files) {
            ORIGINALS.computeIfAbsent(f, Tshark::framesLater);
        }
    }

    /** The frames of {@code file}, read by tshark in the background. */
    public static CompletableFuture<Frames> framesLater(Path file) {
        require("tshark");
        return CompletableFuture.supplyAsync(() -> frames(file), POOL);
    }

    /** The frames of {@code file}. */
    public static Frames frames(Path file) {
        Result r = run("tshark", "-n", "--disable-protocol", "ALL", "-o", "frame.generate_md5_hash:TRUE", "-r", file.toString(), "-T", "fields",
                "-E", "separator=/t", "-E", "occurrence=f", "-e", "frame.len", "-e", "frame.cap_len",
                "-e", "frame.time_epoch", "-e", "frame.md5_hash", "-e", "frame.comment");
        List<Frame> frames = new ArrayList<>();
        for (String line : r.out.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            frames.add(new Frame(Long.parseLong(f[0]), Long.parseLong(f[1]), epochNanos(f[2]), f[3],
                    f.length > 4 ? f[4] : ""));
        }
        return new Frames(frames, r.exitCode, r.errors);
    }

    /** Any tshark fields of every frame, tab-separated, first occurrence of each. */
    public static List<String[]> fields(Path file, String... fields) {
        return fields(file, List.of(), fields);
    }

    /** Any tshark fields of every frame, with preferences ({@code -o ip.defragment:FALSE}, ...) given first. */
    public static List<String[]> fields(Path file, List<String> options, String... fields) {
        List<String> cmd = new ArrayList<>(List.of("tshark", "-n"));
        cmd.addAll(options);
        cmd.addAll(List.of("-r", file.toString(), "-T", "fields", "-E", "separator=/t", "-E", "occurrence=f"));
        for (String f : fields) {
            cmd.add("-e");
            cmd.add(f);
        }
        Result r = run(cmd.toArray(String[]::new));
        if (r.exitCode != 0) {
            fail("tshark failed on " + file + ": " + r.errors);
        }
        List<String[]> rows = new ArrayList<>();
        String[] lines = r.out.split("\n", -1);
        // one line per frame, empty when every field is; the text ends with a newline
        for (int i = 0; i < lines.length - 1; i++) {
            rows.add(lines[i].split("\t", -1));
        }
        return rows;
    }

    /** The packet count {@code capinfos -c -M} gives. */
    public static long capinfosCount(Path file) {
        Result r = run("capinfos", "-c", "-M", file.toString());
        Matcher m = PACKETS.matcher(r.out);
        if (!m.find()) {
            fail("capinfos printed no packet count for " + file + ": " + r.out + r.errors);
        }
        return Long.parseLong(m.group(1));
    }

    /** {@code 1418145369.924505488} (any number of decimals) as nanoseconds. */
    public static long epochNanos(String s) {
        if (s.isEmpty()) {
            return NO_TIME;
        }
        int dot = s.indexOf('.');
        if (dot < 0) {
            return Long.parseLong(s) * 1_000_000_000L;
        }
        String frac = (s.substring(dot + 1) + "000000000").substring(0, 9);
        long sec = Long.parseLong(s.substring(0, dot));
        return s.startsWith("-") ? sec * 1_000_000_000L - Long.parseLong(frac) : sec * 1_000_000_000L + Long.parseLong(frac);
    }

    /** Skips (or, with JXDP_REQUIRE_TOOLS=1, fails) the test when {@code tool} is not installed. */
    public static void require(String tool) {
        boolean present = PRESENT.computeIfAbsent(tool, t -> {
            try {
                Process p = new ProcessBuilder(t, "-v").redirectErrorStream(true).start();
                p.getInputStream().readAllBytes();
                return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        if (!present) {
            String reason = tool + " is not installed (apt-get install tshark)";
            if ("1".equals(System.getenv("JXDP_REQUIRE_TOOLS"))) {
                fail(reason + ", and JXDP_REQUIRE_TOOLS=1 says it must be");
            }
            Assumptions.abort(reason);
        }
    }

    private record Result(String out, String errors, int exitCode) {
    }

    private static Result run(String... cmd) {
        require(cmd[0]);
        try {
            Path err = Files.createTempFile("jxdp-tshark", ".err");
            try {
                Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
                p.getOutputStream().close();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    fail(String.join(" ", cmd) + " did not finish in 120 s");
                }
                String errors = Files.readString(err).lines()
                        .filter(l -> !l.startsWith("Running as user") && !l.isBlank())
                        .reduce("", (a, b) -> a.isEmpty() ? b : a + "\n" + b);
                return new Result(out, errors, p.exitValue());
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError(String.join(" ", cmd) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
