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
    /** The network namespace the programs run in (bpf_fib_lookup consults its tables), or null. */
    private String netns;
    private long lastBatchPid = -1;

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
            if (exec(List.of("taskset", "-c", "0", "true")).status != 0) {
                return unavailable = "taskset (util-linux) cannot pin to CPU 0";
            }
            if (exec(List.of("nsenter", "--version")).status != 0 || exec(List.of("unshare", "--version")).status != 0
                    || exec(List.of("ip", "-V")).status != 0) {
                return unavailable = "nsenter or unshare (util-linux), or ip (iproute2), is missing";
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

    /** A command's exit status and output, and the process id it ran as. */
    public record Result(int status, String out, long pid) {
    }

    /** Runs {@code cmd}, returning its status and merged output; status 127 when it cannot start. */
    public static Result exec(List<String> cmd) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(127, e.getMessage(), -1);
        }
        try (InputStream in = p.getInputStream()) {
            String out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + cmd);
            }
            return new Result(p.exitValue(), out, p.pid());
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
        return runAll(program, List.of(data)).get(0);
    }

    /**
     * Runs the pinned program {@code program} on each frame in turn, in one {@code bpftool batch}
     * pinned to CPU 0 (so that per-CPU values land in CPU 0's slot and
     * {@code bpf_get_smp_processor_id()} is 0, as on jxdp's worker 0).
     */
    List<Run> runAll(String program, List<byte[]> frames) throws IOException {
        StringBuilder batch = new StringBuilder();
        String pinned = pins.resolve("progs").resolve(program).toString();
        for (int i = 0; i < frames.size(); i++) {
            Path in = work.resolve("data_in." + i);
            Files.write(in, frames.get(i));
            Files.deleteIfExists(work.resolve("data_out." + i));
            batch.append("prog run pinned ").append(pinned).append(" data_in ").append(in).append(" data_out ")
                    .append(work.resolve("data_out." + i)).append('\n');
        }
        Result r = batch(batch.toString());
        Matcher m = RETURN.matcher(r.out);
        List<Run> out = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            if (!m.find()) {
                throw new IOException("bpftool prog run " + program + " failed on frame " + i + ":\n" + r.out);
            }
            Path o = work.resolve("data_out." + i);
            out.add(new Run(Long.parseLong(m.group(1)), Files.exists(o) ? Files.readAllBytes(o) : new byte[0]));
        }
        if (r.status != 0) {
            throw new IOException("bpftool batch failed:\n" + r.out);
        }
        return out;
    }

    /** Sets elements of pinned maps: (map, key, value) each, in one batch on CPU 0. */
    void update(List<Element> elements) throws IOException {
        if (elements.isEmpty()) {
            return;
        }
        StringBuilder batch = new StringBuilder();
        for (Element e : elements) {
            batch.append("map update pinned ").append(mapPin(e.map())).append(" key hex")
                    .append(hex(e.key())).append(" value hex").append(hex(e.value())).append('\n');
        }
        Result r = batch(batch.toString());
        if (r.status != 0) {
            throw new IOException("bpftool map update failed:\n" + batch + r.out);
        }
    }

    /** One element to put in a map: key and value bytes. */
    record Element(String map, byte[] key, byte[] value) {
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(' ').append(String.format("%02x", x & 0xff));
        }
        return sb.toString();
    }

    private Result batch(String commands) throws IOException {
        Path file = work.resolve("batch.txt");
        Files.writeString(file, commands);
        List<String> cmd = new ArrayList<>();
        if (netns != null) {
            cmd.addAll(List.of("nsenter", "--net=/run/netns/" + netns));
        }
        cmd.addAll(List.of("taskset", "-c", "0", "bpftool", "batch", "file", file.toString()));
        Result r = exec(cmd);   // nsenter and taskset exec bpftool: the pid is bpftool's
        lastBatchPid = r.pid;
        return r;
    }

    private static final Pattern TRACE = Pattern.compile("^\\s*bpftool-(\\d+)\\s+\\[\\d+].*? bpf_trace_printk: (.*)$");

    /**
     * The bpf_trace_printk lines the last batch of runs wrote, oldest first, as far as the trace
     * buffer still holds them (it keeps the newest few kilobytes per CPU). Read in a private mount
     * namespace that mounts tracefs, so the host's mounts are left as they are.
     */
    List<String> traceOfLastRuns() throws IOException {
        Result r = exec(List.of("unshare", "-m", "sh", "-c", "mountpoint -q /sys/kernel/tracing || mount -t tracefs "
                + "nodev /sys/kernel/tracing && cat /sys/kernel/tracing/trace"));
        if (r.status != 0) {
            throw new IOException("cannot read the trace buffer:\n" + r.out);
        }
        List<String> out = new ArrayList<>();
        for (String line : r.out.split("\n")) {
            Matcher m = TRACE.matcher(line);
            if (m.find() && Long.parseLong(m.group(1)) == lastBatchPid) {
                out.add(m.group(2));
            }
        }
        return out;
    }

    /**
     * Makes a network namespace for the runs (BPF_PROG_TEST_RUN runs XDP programs on the
     * namespace's loopback device, so bpf_fib_lookup consults the namespace's tables) and sets it
     * up: each line is the arguments of {@code ip -n NS}, or {@code sysctl NAME=VALUE}. Removed on
     * close.
     */
    void netns(List<String> setup) throws IOException {
        String name = "jxdp-" + ProcessHandle.current().pid() + "-" + (System.nanoTime() % 1_000_000);
        Result add = exec(List.of("ip", "netns", "add", name));
        if (add.status != 0) {
            throw new IOException("ip netns add " + name + " failed:\n" + add.out);
        }
        netns = name;
        for (String line : setup) {
            List<String> cmd = new ArrayList<>();
            if (line.startsWith("sysctl ")) {
                cmd.addAll(List.of("nsenter", "--net=/run/netns/" + name, "sysctl", "-q", "-w"));
                cmd.addAll(List.of(line.substring(7).trim().split("\\s+")));
            } else {
                cmd.addAll(List.of("ip", "-n", name));
                cmd.addAll(List.of(line.trim().split("\\s+")));
            }
            Result r = exec(cmd);
            if (r.status != 0) {
                throw new IOException(String.join(" ", cmd) + " failed:\n" + r.out);
            }
        }
    }

    /** Pops a pinned queue or stack until it is empty: the values in the order they came out. */
    List<byte[]> drain(String name) throws IOException {
        List<byte[]> out = new ArrayList<>();
        String pinned = mapPin(name).toString();
        while (true) {
            Result r = exec(List.of("bpftool", "-j", "map", "pop", "pinned", pinned));
            if (r.status != 0) {
                return out;
            }
            List<BpfMapDump.Entry> e = BpfMapDump.parse("[" + r.out + "]");
            if (e.isEmpty()) {
                throw new IOException("bpftool map pop " + name + ": unexpected answer " + r.out);
            }
            out.add(e.get(0).values().get(0));
        }
    }

    /** The CPUs the kernel keeps per-CPU values for (/sys/devices/system/cpu/possible). */
    static int possibleCpus() throws IOException {
        int n = 0;
        for (String range : Files.readString(Path.of("/sys/devices/system/cpu/possible")).trim().split(",")) {
            String[] ab = range.split("-");
            n += ab.length == 1 ? 1 : Integer.parseInt(ab[1]) - Integer.parseInt(ab[0]) + 1;
        }
        return n;
    }

    /**
     * The pin of map {@code name}: libbpf pins global data maps (jxdp's {@code .bss},
     * {@code .data}, {@code .rodata}) under the kernel's name for them, the object's name and the
     * section with '.' made '_' ({@code globals_bss}).
     */
    Path mapPin(String name) throws IOException {
        Path dir = pins.resolve("maps");
        if (!name.startsWith(".")) {
            return dir.resolve(name);
        }
        String suffix = name.replace('.', '_');
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> found = s.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
            if (found.size() != 1) {
                throw new IOException("no single pinned map for " + name + " in " + dir + ": " + found);
            }
            return found.get(0);
        }
    }

    /** The kernel's map {@code name}: key to value, per-CPU values as one array per CPU. */
    List<BpfMapDump.Entry> dump(String name) throws IOException {
        Result r = exec(List.of("bpftool", "-j", "map", "dump", "pinned", mapPin(name).toString()));
        if (r.status != 0) {
            throw new IOException("bpftool map dump " + name + " failed:\n" + r.out);
        }
        return BpfMapDump.parse(r.out);
    }

    /** What {@code bpftool map show} says of a map: type, sizes, max_entries and flags. */
    String show(String name) throws IOException {
        Result r = exec(List.of("bpftool", "-j", "map", "show", "pinned", mapPin(name).toString()));
        if (r.status != 0) {
            throw new IOException("bpftool map show " + name + " failed:\n" + r.out);
        }
        StringBuilder sb = new StringBuilder();
        for (String field : List.of("type", "bytes_key", "bytes_value", "max_entries", "flags")) {
            Matcher m = Pattern.compile("\"" + field + "\":\"?([^,\"}]*)").matcher(r.out);
            sb.append(field).append('=').append(m.find() ? m.group(1) : "?").append(' ');
        }
        return sb.toString().strip();
    }

    /** The names of the pinned programs. */
    List<String> programs() throws IOException {
        try (Stream<Path> s = Files.list(pins.resolve("progs"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Override
    public void close() throws IOException {
        if (netns != null) {
            exec(List.of("ip", "netns", "del", netns));
            netns = null;
        }
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
