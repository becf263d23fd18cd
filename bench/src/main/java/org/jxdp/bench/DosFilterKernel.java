package org.jxdp.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jxdp.engine.elf.ElfException;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.runtime.BpfClock;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.engine.vm.Executable;
import org.jxdp.hooks.XdpFrame;
import org.jxdp.hooks.XdpRunner;

/**
 * The DoS filter in the Linux kernel, beside jxdp: loads {@code dos_filter.c} with
 * {@code bpftool prog load}, fills the same deny lists, checks that the kernel gives every frame
 * of the packet set the verdict jxdp's engines give it (and the same packets per reason), then
 * times each frame with {@code bpftool prog run ... repeat N} (BPF_PROG_TEST_RUN: the program
 * run N times on one frame, the kernel's average printed) and, the same way, on jxdp's engines
 * (each frame run N times in a loop, after a warm-up over the whole set). Needs root, clang,
 * bpftool and bpffs. jxdp's times are thread CPU time; the kernel's figure likewise leaves out
 * the time its test loop was scheduled out. The column {@code jit-unproven} is the JIT loaded
 * without verification: without the verifier's proofs it checks every packet access at run time.
 * <pre>
 *   java -cp bench/target/benchmarks.jar org.jxdp.bench.DosFilterKernel [--repeat N] [--rounds R] [--denylist N,M]
 *        [--no-jxdp] [--no-kernel] [--engines jit,interp] [--no-unproven] [--per-packet]
 * </pre>
 * {@code --rounds R} times the set R times over, each round the kernel's pass and then each jxdp
 * engine's, and reports each frame's median over the rounds: a machine whose speed swings for
 * seconds at a time (a busy host under a VM) then slows every column alike, and the last line,
 * the median over the frames of jxdp's time over the kernel's, compares them frame by frame.
 * {@code --no-kernel} times jxdp alone (no root, bpftool or bpffs needed), after the same check of
 * every frame's verdict by jxdp's engines.
 * The agreement build sets {@code syn_interval_ns} to an hour, so that the time bpftool takes
 * between runs refills no bucket; the timing build is the benchmark's (10 ms).
 */
public final class DosFilterKernel {
    private static final String USAGE = "usage: DosFilterKernel [--repeat N] [--rounds R] [--denylist N,M] [--no-jxdp]"
            + " [--no-kernel] [--engines jit,interp] [--no-unproven] [--per-packet]";
    private static final Pattern RETURN = Pattern.compile("Return value: (\\d+), duration(?: \\(average\\))?: (\\d+)ns");

    private DosFilterKernel() {
    }

    public static void main(String[] args) throws Exception {
        int repeat = 1_000_000;
        boolean jxdp = true;
        boolean kernel = true;
        boolean unproven = true;
        List<EngineKind> engines = new ArrayList<>(List.of(EngineKind.values()));
        boolean perPacket = false;
        int rounds = 1;
        int[] denylists = {DosFilter.LARGE_DENYLIST, DosFilter.SMALL_DENYLIST};
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--repeat" -> repeat = Integer.parseInt(args[++i]);
                case "--no-jxdp" -> jxdp = false;
                case "--no-kernel" -> kernel = false;
                case "--no-unproven" -> unproven = false;
                case "--engines" -> engines = Arrays.stream(args[++i].split(",")).map(EngineKind::fromCliName)
                        .toList();
                case "--per-packet" -> perPacket = true;
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--denylist" -> denylists = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt)
                        .toArray();
                default -> {
                    System.err.println(USAGE);
                    System.exit(2);
                }
            }
        }
        if (rounds < 1) {
            System.err.println(USAGE + "\n--rounds must be at least 1");
            System.exit(2);
        }
        if (!kernel) {
            Path dir = Files.createTempDirectory("jxdp-dos-times");
            try {
                Path timeObj = DosFilter.compile(dir);
                List<DosPackets.Packet> set = DosPackets.mixed();
                for (int rules : denylists) {
                    System.out.printf(Locale.ROOT, "%n== %d deny-list prefixes%n", rules);
                    System.out.println(DosCheck.agree(timeObj, rules, set));
                    Map<String, Pass> passes = new LinkedHashMap<>();
                    for (JxdpTimer t : timers(timeObj, rules, set, repeat, engines, unproven)) {
                        passes.put(t.name, t::pass);
                    }
                    report(set, inRounds(rounds, passes), repeat, rounds, perPacket);
                }
            } finally {
                delete(dir);
            }
            return;
        }
        if (!"root".equals(System.getProperty("user.name"))) {
            System.err.println("DosFilterKernel: needs root (BPF_PROG_TEST_RUN)");
            System.exit(1);
        }
        Path dir = Files.createTempDirectory("jxdp-dos-kernel");
        // a private bpffs: pins under /sys/fs/bpf vanish when another process mounts a bpffs over it
        Path pins = dir.resolve("bpffs");
        String why = mountBpffs(pins);
        if (why != null) {
            System.err.println("DosFilterKernel: " + why);
            System.exit(1);
        }
        List<DosPackets.Packet> set = DosPackets.mixed();
        try {
            Files.createDirectories(dir.resolve("agree"));
            Files.createDirectories(dir.resolve("time"));
            Path agreeObj = DosFilter.compile(dir.resolve("agree"), "DOS_SYN_INTERVAL_NS=3600000000000ULL");
            Path timeObj = DosFilter.compile(dir.resolve("time"));
            writeFrames(set, dir);

            for (int rules : denylists) {
                System.out.printf(Locale.ROOT, "%n== %d deny-list prefixes%n", rules);
                measure(set, rules, agreeObj, timeObj, pins.resolve("r" + rules), dir, repeat, rounds, jxdp, perPacket,
                        engines, unproven);
            }
        } finally {
            unmountBpffs(pins);
            delete(dir);
        }
    }

    /**
     * Agreement, then timing, for one deny-list size; pins go under {@code pins}. The timing goes
     * in {@code rounds} rounds, each the kernel's pass over the set and then each jxdp engine's,
     * so that every column meets the machine's slow and quick spells alike; a frame's figure is
     * its median over the rounds.
     */
    private static void measure(List<DosPackets.Packet> set, int rules, Path agreeObj, Path timeObj, Path pins,
            Path dir, int repeat, int rounds, boolean jxdp, boolean perPacket, List<EngineKind> engines,
            boolean unproven) throws IOException, ElfException {
        System.out.println(DosCheck.agree(timeObj, rules, set));
        System.out.println(kernelAgrees(set, rules, agreeObj, pins.resolve("agree"), dir));

        load(timeObj, rules, pins.resolve("time"), dir);
        Map<String, Pass> passes = new LinkedHashMap<>();
        passes.put("kernel", () -> {
            List<long[]> timed = runAll(pins.resolve("time"), dir, set.size(), repeat);
            double[] kernelNs = new double[set.size()];
            for (int i = 0; i < set.size(); i++) {
                kernelNs[i] = timed.get(i)[1];
            }
            return kernelNs;
        });
        if (jxdp) {
            for (JxdpTimer t : timers(timeObj, rules, set, repeat, engines, unproven)) {
                passes.put(t.name, t::pass);
            }
        }
        report(set, inRounds(rounds, passes), repeat, rounds, perPacket);
    }

    /** One column's timing of the whole set: ns per frame (jxdp's, one more element: cycling). */
    private interface Pass {
        double[] run() throws IOException;
    }

    /** jxdp's timers: each available engine of {@code engines}, then the JIT without proofs; each warmed up. */
    private static List<JxdpTimer> timers(Path timeObj, int rules, List<DosPackets.Packet> set, int repeat,
            List<EngineKind> engines, boolean unproven) throws IOException, ElfException {
        List<JxdpTimer> timers = new ArrayList<>();
        for (EngineKind e : engines) {
            if (e.available()) {
                int n = e == EngineKind.INTERP ? Math.max(1, repeat / 10) : repeat;
                timers.add(new JxdpTimer(e.cliName(), timeObj, e, rules, set, n, true));
            }
        }
        if (unproven && engines.contains(EngineKind.JIT)) {
            // the JIT without the verifier's proofs: every packet access checked at run time
            timers.add(new JxdpTimer("jit-unproven", timeObj, EngineKind.JIT, rules, set, repeat, false));
        }
        return timers;
    }

    /**
     * Runs every pass {@code rounds} times, each round every column in order; each column's
     * per-element median over the rounds.
     */
    private static Map<String, double[]> inRounds(int rounds, Map<String, Pass> passes) throws IOException {
        Map<String, List<double[]>> rows = new LinkedHashMap<>();
        for (int r = 0; r < rounds; r++) {
            for (Map.Entry<String, Pass> p : passes.entrySet()) {
                rows.computeIfAbsent(p.getKey(), k -> new ArrayList<>()).add(p.getValue().run());
            }
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, List<double[]>> c : rows.entrySet()) {
            double[] m = new double[c.getValue().get(0).length];
            for (int i = 0; i < m.length; i++) {
                final int at = i;
                m[i] = median(c.getValue().stream().mapToDouble(row -> row[at]).sorted().toArray());
            }
            out.put(c.getKey(), m);
        }
        return out;
    }

    /** The median of sorted values. */
    private static double median(double[] v) {
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /**
     * Loads {@code agreeObj} into the kernel with {@code rules} deny prefixes (pinned under
     * {@code pin}), runs every frame of {@code set} once ({@code dir} holds the frames as
     * frame{i}.bin) and checks each verdict and the packets per reason against the set's
     * expectations. Returns a summary, or throws with every disagreement.
     */
    static String kernelAgrees(List<DosPackets.Packet> set, int rules, Path agreeObj, Path pin, Path dir)
            throws IOException {
        load(agreeObj, rules, pin, dir);
        List<long[]> runs = runAll(pin, dir, set.size(), 1);
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < set.size(); i++) {
            if (runs.get(i)[0] != set.get(i).action()) {
                problems.add("frame " + i + " " + set.get(i) + ": the kernel says " + runs.get(i)[0]);
            }
        }
        long[] kernelStats = kernelStats(pin);
        long[] expected = DosCheck.expectedPerReason(set);
        if (!Arrays.equals(kernelStats, expected)) {
            problems.add("packets per reason: kernel " + Arrays.toString(kernelStats) + ", expected "
                    + Arrays.toString(expected));
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("the kernel disagrees with the packet set's expectations:\n  "
                    + String.join("\n  ", problems));
        }
        return "the kernel agrees (" + rules + " deny prefixes): " + set.size() + " frames, "
                + DosCheck.describe(kernelStats);
    }

    /** Writes the frames of {@code set} as {@code dir}/frame{i}.bin for bpftool. */
    static void writeFrames(List<DosPackets.Packet> set, Path dir) throws IOException {
        for (int i = 0; i < set.size(); i++) {
            Files.write(dir.resolve("frame" + i + ".bin"), set.get(i).frame());
        }
    }

    /** Mounts a private bpffs on {@code dir}; null when it worked, else why not. */
    static String mountBpffs(Path dir) throws IOException {
        Files.createDirectories(dir);
        String out = DosFilter.run(List.of("mount", "-t", "bpf", "bpf", dir.toString()));
        return DosFilter.run(List.of("stat", "-f", "-c", "%T", dir.toString())).strip().equals("bpf_fs") ? null
                : "cannot mount a bpffs on " + dir + ": " + out.strip();
    }

    /** Unpins everything under {@code pins} but the bpffs's own files, and unmounts it. */
    static void unmountBpffs(Path pins) throws IOException {
        try (Stream<Path> s = Files.list(pins)) {
            for (Path p : s.toList()) {
                if (Files.isDirectory(p)) {
                    delete(p);
                }
            }
        }
        DosFilter.run(List.of("umount", pins.toString()));
    }

    /** bpftool prog load (maps pinned beside the program) and the deny lists. */
    private static void load(Path obj, int rules, Path pin, Path dir) throws IOException {
        Files.createDirectories(pin);
        String out = DosFilter.run(List.of("bpftool", "prog", "load", obj.toString(), pin.resolve("prog").toString(),
                "type", "xdp", "pinmaps", pin.resolve("maps").toString()));
        if (!Files.exists(pin.resolve("prog"))) {
            throw new IllegalStateException("bpftool prog load failed:\n" + out);
        }
        StringBuilder batch = new StringBuilder();
        HexFormat hex = HexFormat.ofDelimiter(" ");
        for (DosFilter.Rule r : DosFilter.rules(rules)) {
            batch.append("map update pinned ").append(pin.resolve("maps").resolve(r.v6() ? "deny_v6" : "deny_v4"))
                    .append(" key hex ").append(hex.formatHex(r.key())).append(" value hex ")
                    .append(hex.formatHex(r.value())).append('\n');
        }
        Path file = dir.resolve("rules.batch");
        Files.writeString(file, batch);
        out = DosFilter.run(List.of("bpftool", "batch", "file", file.toString()));
        if (!out.contains("processed " + rules + " commands")) {
            throw new IllegalStateException("filling the deny lists failed:\n" + out);
        }
    }

    /** Runs every frame {@code repeat} times in one bpftool batch: [retval, average ns] per frame. */
    private static List<long[]> runAll(Path pin, Path dir, int frames, int repeat) throws IOException {
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < frames; i++) {
            batch.append("prog run pinned ").append(pin.resolve("prog")).append(" data_in ")
                    .append(dir.resolve("frame" + i + ".bin")).append(" repeat ").append(repeat).append('\n');
        }
        Path file = dir.resolve("runs.batch");
        Files.writeString(file, batch);
        String out = DosFilter.run(List.of("bpftool", "batch", "file", file.toString()));
        Matcher m = RETURN.matcher(out);
        List<long[]> res = new ArrayList<>();
        while (m.find()) {
            res.add(new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))});
        }
        if (res.size() != frames) {
            throw new IllegalStateException("bpftool prog run gave " + res.size() + " results for " + frames
                    + " frames:\n" + out);
        }
        return res;
    }

    /** Packets per reason in the kernel's stats map, summed over the CPUs. */
    private static long[] kernelStats(Path pin) throws IOException {
        String out = DosFilter.run(List.of("bpftool", "-j", "map", "dump", "pinned",
                pin.resolve("maps").resolve("stats").toString()));
        long[] per = new long[DosFilter.REASONS.length];
        // [{"key":0,"values":[{"cpu":0,"value":{"packets":N,"bytes":B}},...]},...]
        Matcher entry = Pattern.compile("\"key\":(\\d+),\"values\":\\[(.*?)\\]\\}").matcher(out.replaceAll("\\s", ""));
        while (entry.find()) {
            int key = Integer.parseInt(entry.group(1));
            Matcher p = Pattern.compile("\"packets\":(\\d+)").matcher(entry.group(2));
            while (p.find()) {
                per[key] += Long.parseLong(p.group(1));
            }
        }
        return per;
    }

    /**
     * jxdp's figure per frame, the kernel's way: warmed up on the whole set at creation, then
     * each {@link #pass} runs each frame n times in a row, and the whole set cycled through, frame
     * after frame, as the JMH benchmark does. Times are the thread's CPU time, as the kernel's
     * exclude the time the test run is scheduled out, so that other load on the machine distorts
     * the comparison less.
     */
    private static final class JxdpTimer {
        final String name;
        private final Executable exe;
        private final XdpRunner runner;
        private final XdpFrame[] frames;
        private final int n;
        private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        private long sink;

        JxdpTimer(String name, Path obj, EngineKind engine, int rules, List<DosPackets.Packet> set, int n,
                boolean verify) throws IOException, ElfException {
            this.name = name;
            this.n = n;
            BpfObject o = DosFilter.load(obj, engine, rules, verify);
            long[] clock = {DosCheck.FROZEN_NS};
            o.runtime().clock(w -> clock[0] += DosFilterBenchmark.PASS_NS / set.size());
            exe = o.program("dos_filter").executable();
            runner = new XdpRunner(o.runtime(), 0);
            frames = DosPackets.slots(set);
            long until = System.nanoTime() + 5_000_000_000L;
            while (System.nanoTime() < until) {
                for (XdpFrame f : frames) {
                    sink += runner.run(exe, f);
                }
            }
        }

        /** ns per frame, then one more element: ns per frame cycling through the set. */
        double[] pass() {
            double[] ns = new double[frames.length + 1];
            for (int i = 0; i < frames.length; i++) {
                long t0 = mx.getCurrentThreadCpuTime();
                for (int k = 0; k < n; k++) {
                    sink += runner.run(exe, frames[i]);
                }
                ns[i] = (mx.getCurrentThreadCpuTime() - t0) / (double) n;
            }
            int passes = Math.max(1, n / 10);
            long t0 = mx.getCurrentThreadCpuTime();
            for (int p = 0; p < passes; p++) {
                for (XdpFrame f : frames) {
                    sink += runner.run(exe, f);
                }
            }
            ns[frames.length] = (mx.getCurrentThreadCpuTime() - t0) / ((double) passes * frames.length);
            if (sink == 42) {
                System.out.print("");
            }
            return ns;
        }
    }

    private static void report(List<DosPackets.Packet> set, Map<String, double[]> columns, int repeat, int rounds,
            boolean perPacket) {
        System.out.printf(Locale.ROOT, "%nns per frame, each frame run %d times in a row (jxdp interp: %d)%s%n", repeat,
                Math.max(1, repeat / 10), rounds == 1 ? ""
                        : String.format(Locale.ROOT, "; median of %d rounds, every column in each round", rounds));
        if (perPacket) {
            System.out.printf(Locale.ROOT, "%4s %-6s %-20s %5s", "#", "kind", "reason", "bytes");
            columns.keySet().forEach(k -> System.out.printf(Locale.ROOT, " %9s", k));
            System.out.printf(Locale.ROOT, "  %s%n", "what");
            for (int i = 0; i < set.size(); i++) {
                DosPackets.Packet p = set.get(i);
                System.out.printf(Locale.ROOT, "%4d %-6s %-20s %5d", i, p.kind(), DosFilter.REASONS[p.reason()],
                        p.frame().length);
                for (double[] c : columns.values()) {
                    System.out.printf(Locale.ROOT, " %9.1f", c[i]);
                }
                System.out.printf(Locale.ROOT, "  %s%n", p.what());
            }
        }
        System.out.printf(Locale.ROOT, "%-8s %6s", "kind", "frames");
        columns.keySet().forEach(k -> System.out.printf(Locale.ROOT, " %11s %11s", k + " mean", k + " median"));
        System.out.println();
        List<String> kinds = new ArrayList<>(DosPackets.KINDS);
        kinds.add("all");
        for (String kind : kinds) {
            List<Integer> idx = new ArrayList<>();
            for (int i = 0; i < set.size(); i++) {
                if (kind.equals("all") || set.get(i).kind().equals(kind)) {
                    idx.add(i);
                }
            }
            System.out.printf(Locale.ROOT, "%-8s %6d", kind, idx.size());
            for (double[] c : columns.values()) {
                double[] v = idx.stream().mapToDouble(i -> c[i]).sorted().toArray();
                double mean = Arrays.stream(v).average().orElse(0);
                double median = median(v);
                System.out.printf(Locale.ROOT, " %11.1f %11.1f", mean, median);
            }
            System.out.println();
        }
        StringBuilder cycling = new StringBuilder();
        for (Map.Entry<String, double[]> c : columns.entrySet()) {
            if (c.getValue().length > set.size()) {
                cycling.append(String.format(Locale.ROOT, "  %s %.1f", c.getKey(), c.getValue()[set.size()]));
            }
        }
        if (cycling.length() > 0) {
            System.out.println("ns per frame cycling through the whole set (thread CPU time):" + cycling);
        }
        double[] kernel = columns.get("kernel");
        if (kernel != null && columns.size() > 1) {
            StringBuilder ratios = new StringBuilder();
            for (Map.Entry<String, double[]> c : columns.entrySet()) {
                if (c.getValue() != kernel) {
                    double[] r = new double[set.size()];
                    for (int i = 0; i < r.length; i++) {
                        r[i] = c.getValue()[i] / Math.max(1, kernel[i]);
                    }
                    Arrays.sort(r);
                    ratios.append(String.format(Locale.ROOT, "  %s %.2f", c.getKey(), median(r)));
                }
            }
            System.out.println("median over the frames of jxdp's time / the kernel's:" + ratios);
        }
    }

    private static void delete(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
