package org.jxdp.hooks.kernel;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The Linux kernel as the oracle: objects are compiled with clang, loaded with
 * {@code bpftool prog loadall} (maps pinned beside them) and run with {@code bpftool prog run}
 * (BPF_PROG_TEST_RUN). Tests skip with the reason when not root or when clang, bpftool or bpf()
 * are missing; with {@code JXDP_REQUIRE_KERNEL=1} (CI) they fail instead.
 */
public final class KernelOracle implements AutoCloseable {
    private static final Pattern RETURN = Pattern.compile("Return value: (\\d+)");
    private static String unavailable;
    private static boolean probed;

    private final Path pins;
    private final Path work;

    private KernelOracle(Path pins, Path work) {
        this.pins = pins;
        this.work = work;
    }

    /** A fresh pin directory and work directory, or a skipped (on CI: failed) test. */
    static KernelOracle open(Path work) {
        String why = probe();
        if (why != null) {
            if ("1".equals(System.getenv("JXDP_REQUIRE_KERNEL"))) {
                fail("the kernel oracle is required (JXDP_REQUIRE_KERNEL=1) but unavailable: " + why);
            }
            Assumptions.abort("kernel oracle unavailable: " + why);
        }
        Path pins = Path.of("/sys/fs/bpf", "jxdp-test-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        return new KernelOracle(pins, work);
    }

    private static synchronized String probe() {
        if (probed) {
            return unavailable;
        }
        probed = true;
        try {
            if (!"root".equals(System.getProperty("user.name"))) {
                return unavailable = "not running as root (BPF_PROG_TEST_RUN needs CAP_BPF)";
            }
            if (exec(List.of("clang", "--version")).status != 0) {
                return unavailable = "clang is not installed";
            }
            if (exec(List.of("bpftool", "version")).status != 0) {
                return unavailable = "bpftool is not installed";
            }
            // stat names the bpf filesystem "bpf_fs"; mounting again when one is there would stack a
            // fresh, empty bpffs over it and hide the pins of every other process using it
            if (!Files.isDirectory(Path.of("/sys/fs/bpf")) || !exec(List.of("stat", "-f", "-c", "%T", "/sys/fs/bpf"))
                    .out.strip().equals("bpf_fs")) {
                Files.createDirectories(Path.of("/sys/fs/bpf"));
                Result m = exec(List.of("mount", "-t", "bpf", "bpf", "/sys/fs/bpf"));
                if (m.status != 0) {
                    return unavailable = "cannot mount bpffs on /sys/fs/bpf: " + m.out.strip();
                }
            }
        } catch (IOException e) {
            return unavailable = e.getMessage();
        }
        return unavailable = null;
    }

    /** A command's exit status and output. */
    public record Result(int status, String out) {
    }

    /** Runs {@code cmd}, returning its status and merged output; status 127 when it cannot start. */
    public static Result exec(List<String> cmd) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(127, e.getMessage());
        }
        try (InputStream in = p.getInputStream()) {
            String out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + cmd);
            }
            return new Result(p.exitValue(), out);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + cmd, e);
        }
    }

    /** Compiles test resource {@code name}.c (with common.h) into an object in the work directory. */
    Path compile(String name) throws IOException {
        return Clang.compile(work, name);
    }

    /** Loads every program of {@code obj} into the kernel, pinning programs and maps. */
    void loadAll(Path obj) throws IOException {
        Files.createDirectories(pins);
        Result r = exec(List.of("bpftool", "prog", "loadall", obj.toString(), pins.resolve("progs").toString(),
                "type", "xdp", "pinmaps", pins.resolve("maps").toString()));
        if (r.status != 0) {
            throw new IOException("bpftool prog loadall " + obj + " failed:\n" + r.out);
        }
    }

    /** The outcome of one BPF_PROG_TEST_RUN. */
    record Run(long retval, byte[] dataOut) {
    }

    /** Runs the pinned program {@code program} on {@code data}. */
    Run run(String program, byte[] data) throws IOException {
        Path in = work.resolve("data_in.bin");
        Path out = work.resolve("data_out.bin");
        Files.write(in, data);
        Files.deleteIfExists(out);
        Result r = exec(List.of("bpftool", "prog", "run", "pinned", pins.resolve("progs").resolve(program).toString(),
                "data_in", in.toString(), "data_out", out.toString()));
        Matcher m = RETURN.matcher(r.out);
        if (r.status != 0 || !m.find()) {
            throw new IOException("bpftool prog run " + program + " failed:\n" + r.out);
        }
        return new Run(Long.parseLong(m.group(1)), Files.exists(out) ? Files.readAllBytes(out) : new byte[0]);
    }

    /** The kernel's map {@code name}: key to value, per-CPU values as one array per CPU. */
    List<BpfMapDump.Entry> dump(String name) throws IOException {
        Result r = exec(List.of("bpftool", "-j", "map", "dump", "pinned", pins.resolve("maps").resolve(name).toString()));
        if (r.status != 0) {
            throw new IOException("bpftool map dump " + name + " failed:\n" + r.out);
        }
        return BpfMapDump.parse(r.out);
    }

    /** The names of the pinned programs. */
    List<String> programs() throws IOException {
        try (Stream<Path> s = Files.list(pins.resolve("progs"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Override
    public void close() throws IOException {
        if (Files.exists(pins)) {
            try (Stream<Path> s = Files.walk(pins)) {
                List<Path> all = new ArrayList<>(s.sorted(Comparator.reverseOrder()).toList());
                for (Path p : all) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
