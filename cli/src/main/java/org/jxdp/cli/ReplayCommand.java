package org.jxdp.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jxdp.capture.gen.ProtocolCounter;
import org.jxdp.capture.pcap.CaptureFormatException;
import org.jxdp.capture.pipeline.AnnotateSink;
import org.jxdp.capture.pipeline.CaptureFileSinks;
import org.jxdp.capture.pipeline.CaptureFileSource;
import org.jxdp.capture.pipeline.ClockMode;
import org.jxdp.capture.pipeline.NotRun;
import org.jxdp.capture.pipeline.Pipeline;
import org.jxdp.capture.pipeline.PipelineConfig;
import org.jxdp.capture.pipeline.PipelineStats;
import org.jxdp.capture.pipeline.VerdictCsvSink;
import org.jxdp.capture.pipeline.VerdictSink;
import org.jxdp.engine.elf.ElfException;
import org.jxdp.engine.maps.BpfMap;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.object.BpfProgram;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.hooks.XdpAction;
import org.jxdp.hooks.XdpPrograms;
import org.jxdp.hooks.dos.DosFilter;
import org.jxdp.hooks.dos.DosMaps;
import org.jxdp.hooks.dos.DosReport;
import org.jxdp.hooks.dos.DosRules;
import org.jxdp.hooks.dos.RulesException;
import org.jxdp.hooks.dos.RulesFile;
import org.jxdp.hooks.dos.RulesWatcher;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jxdp replay}: a capture through an XDP program, its verdicts carried out into files.
 * With no IN, the bundled sample capture; with no --prog, the bundled counting program.
 */
@Command(name = "replay",
        description = {"Run an XDP program on every frame of a pcap or pcapng capture and carry out its verdicts: "
                + "PASS, DROP, TX and REDIRECT frames go to their output files (as the program left them, in input "
                + "order), ABORTED frames are counted with their fault.",
            "With no IN, replays the bundled sample capture (pcaps/mix.pcap); with no --prog, runs the bundled "
                + "DoS filter with its default rules (or --rules FILE) and prints each rule's hits and the top "
                + "talkers; --prog bundled:count runs the bundled counting program. Output files are classic pcap "
                + "unless the name ends in .pcapng."})
final class ReplayCommand implements Callable<Integer> {
    static final String BUNDLED_CAPTURE = "/org/jxdp/cli/pcaps/mix.pcap";
    static final String BUNDLED_PROGRAM = "/org/jxdp/hooks/bundled/count.o";
    /** --prog value that picks the bundled counting program. */
    static final String BUNDLED_COUNT = "bundled:count";
    /** --prog value that picks the bundled DoS filter (also the default). */
    static final String BUNDLED_DOS = "bundled:dos_filter";
    /** Top talkers shown in the summary. */
    static final int TOP_TALKERS = 10;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "IN", description = "The capture (pcap or pcapng).")
    Path input;

    @Option(names = "--prog", paramLabel = "OBJ[:SECTION]",
            description = "The XDP object, and the program's section or function name when it has several; "
                    + "bundled:dos_filter (the default) or bundled:count for a bundled program.")
    String prog;

    @Option(names = "--rules", paramLabel = "FILE",
            description = "DoS filter rules (YAML) to fill the filter's maps with; default: the bundled rules.")
    Path rules;

    @Option(names = "--watch-rules",
            description = "Reload the --rules file into the running filter whenever it changes (checked every "
                    + "200 ms); a file with mistakes is reported and the rules in force stay.")
    boolean watchRules;

    @Option(names = "--workers", paramLabel = "N",
            description = "Workers (per-CPU contexts), default: the available processors.")
    Integer workers;

    @Option(names = "--engine", defaultValue = "jit", paramLabel = "jit|interp",
            description = "Engine (default: ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = "--pass", paramLabel = "F", description = "Write PASS frames (and frames not run) here.")
    Path pass;

    @Option(names = "--drop", paramLabel = "F", description = "Write DROP and ABORTED frames here.")
    Path drop;

    @Option(names = "--tx", paramLabel = "F", description = "Write TX frames here, with the program's changes.")
    Path tx;

    @Option(names = "--redirect", paramLabel = "F",
            description = "Write REDIRECT frames here; with {target} in the name, one file per target "
                    + "(ifindex, cpuN, xskN or broadcast).")
    Path redirect;

    @Option(names = "--annotate", paramLabel = "F.pcapng",
            description = "Write every frame with its verdict as a packet comment (frame.comment).")
    Path annotate;

    @Option(names = "--verdicts", paramLabel = "F.csv",
            description = "Write frame,verdict,length for every frame, in input order.")
    Path verdicts;

    @Option(names = "--speed", defaultValue = "max", paramLabel = "X|max",
            description = "Pace by the capture's timestamps: 1 real time, 10 ten times faster; max (default) as fast "
                    + "as possible.")
    String speed;

    @Option(names = "--loop", defaultValue = "1", paramLabel = "N", description = "Replay the capture N times.")
    int loop;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @Option(names = "--clock", defaultValue = "capture", paramLabel = "capture|wall",
            description = "bpf_ktime_get_ns(): the frame's capture timestamp plus a fixed offset (default), or the "
                    + "host's monotonic clock.")
    String clock;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int n = workers != null ? workers : Runtime.getRuntime().availableProcessors();
        if (n < 1 || n > 1024) {
            throw usage("--workers must be 1..1024, not " + n);
        }
        if (loop < 1) {
            throw usage("--loop must be at least 1, not " + loop);
        }
        double pace = parseSpeed();
        ClockMode clockMode = switch (clock) {
            case "capture" -> ClockMode.CAPTURE;
            case "wall" -> ClockMode.WALL;
            default -> throw usage("--clock must be capture or wall, not '" + clock + "'");
        };
        EngineKind kind = EngineOption.resolve(engine, err).get(0);
        if (engine.equals("all")) {
            throw usage("--engine must be jit or interp");
        }

        if (watchRules && rules == null) {
            throw usage("--watch-rules needs --rules FILE");
        }
        Loaded loaded = loadProgram(n, kind, err);
        CaptureFileSource source = openInput();
        List<VerdictSink> sinks = new ArrayList<>();
        CaptureFileSinks files = null;
        PipelineStats stats;
        RulesWatcher watcher = null;
        try {
            if (watchRules) {
                FilterClockSink clockSink = new FilterClockSink(DosFilter.START_NS);
                sinks.add(clockSink);
                watcher = new RulesWatcher(loaded.object, rules, loaded.dos, clockSink::clockNs,
                        line -> {
                            synchronized (err) {
                                err.println("jxdp: " + line);
                                err.flush();
                            }
                        }).start(200);
            }
            files = new CaptureFileSinks(pass, drop, tx, redirect, source::nanosecondTimestamps, source.linkType());
            sinks.add(files);
            if (annotate != null) {
                BpfProgram p = loaded.program;
                DosRules dos = loaded.dos;
                sinks.add(new AnnotateSink(annotate, pc -> p.lines().location(pc), dos == null ? null : (slot, c) -> {
                    long id = slot.xdpMetaU32();
                    if (id >= 0) {
                        c.append(" rule ").append(id).append(' ').append(dos.ruleName((int) id));
                    }
                }));
            }
            if (verdicts != null) {
                sinks.add(new VerdictCsvSink(verdicts));
            }
            PipelineConfig config = PipelineConfig.of(loaded.program.executable(), loaded.object.runtime())
                    .workers(n).clock(clockMode).speed(pace);
            Progress progress = System.console() != null && !json ? new Progress(err) : null;
            if (progress != null) {
                config.progress(progress, 250_000_000L);
            }
            stats = new Pipeline(config).run(source, sinks);
            if (progress != null) {
                progress.clear();
            }
        } catch (IllegalArgumentException e) {
            closeQuietly(sinks);
            throw new CliFailure(e.getMessage());
        } catch (IOException e) {
            closeQuietly(sinks);
            throw new CliFailure(e.getMessage());
        } finally {
            if (watcher != null) {
                watcher.close();
            }
            try {
                source.close();
            } catch (IOException e) {
                // read-only mapping; nothing to lose
            }
        }
        if (watcher != null) {
            loaded = new Loaded(loaded.object, loaded.program, loaded.name, false, watcher.rules(), loaded.rulesName);
        }
        long[] counters = loaded.bundled ? counters(loaded.object) : null;
        DosReport report = loaded.dos != null ? DosReport.read(loaded.object, loaded.dos, TOP_TALKERS) : null;
        if (json) {
            out.println(json(source.name(), loaded, n, kind, stats, files, counters, report));
        } else {
            table(out, source.name(), loaded, n, kind, stats, files, counters);
            if (report != null) {
                dosTable(out, loaded, report);
            }
        }
        return 0;
    }

    private double parseSpeed() {
        if (speed.equals("max")) {
            return 0;
        }
        try {
            double v = Double.parseDouble(speed);
            if (v > 0 && !Double.isInfinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw usage("--speed must be a positive number or max, not '" + speed + "'");
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** The program run; bundled: the counting program (its counters are printed); dos: the filter's rules. */
    record Loaded(BpfObject object, BpfProgram program, String name, boolean bundled, DosRules dos, String rulesName) {
    }

    private Loaded loadProgram(int cpus, EngineKind kind, PrintWriter err) {
        Loaded l = loadObject(cpus, kind, err);
        boolean isDos = l.object.maps().stream().anyMatch(m -> m.name().equals("rule_hits"))
                && l.object.maps().stream().anyMatch(m -> m.name().equals("rules"));
        if (rules != null && !isDos) {
            throw new CliFailure(l.name + ": --rules needs the DoS filter (dos_filter.o), which has the rule maps");
        }
        if (!isDos) {
            return l;
        }
        DosRules r;
        String rulesName;
        if (rules == null) {
            r = RulesFile.defaults();
            rulesName = "dos_rules.yaml (bundled)";
        } else {
            try {
                r = RulesFile.read(rules);
            } catch (RulesException e) {
                throw new CliFailure(e.getMessage().replace("\n", "\njxdp: "));
            } catch (IOException e) {
                throw new CliFailure(rules + ": cannot read: " + e.getMessage());
            }
            rulesName = rules.toString();
        }
        try {
            DosMaps.apply(l.object, r, DosFilter.START_NS);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new CliFailure(l.name + ": " + e.getMessage());
        }
        return new Loaded(l.object, l.program, l.name, false, r, rulesName);
    }

    private Loaded loadObject(int cpus, EngineKind kind, PrintWriter err) {
        BpfObject obj;
        String section = null;
        boolean bundled = BUNDLED_COUNT.equals(prog);
        String name;
        if (prog == null || BUNDLED_DOS.equals(prog)) {
            try {
                obj = DosFilter.open(cpus, kind);
            } catch (ElfException e) {
                throw new CliFailure(e.getMessage());
            } catch (IOException e) {
                throw new CliFailure(e.getMessage());
            }
            name = "dos_filter.o (bundled)";
        } else if (bundled) {
            byte[] bytes;
            try (InputStream in = ReplayCommand.class.getResourceAsStream(BUNDLED_PROGRAM)) {
                if (in == null) {
                    throw new CliFailure("the bundled counting program is missing from this build");
                }
                bytes = in.readAllBytes();
            } catch (IOException e) {
                throw new CliFailure("cannot read the bundled counting program: " + e.getMessage());
            }
            name = "count.o (bundled)";
            try {
                obj = BpfObject.open("count.o", bytes, XdpPrograms.options(cpus, kind));
            } catch (ElfException e) {
                throw new CliFailure(e.getMessage());
            }
        } else {
            Path file = Path.of(prog);
            if (!Files.isRegularFile(file)) {
                int colon = prog.lastIndexOf(':');
                while (colon > 0 && !Files.isRegularFile(Path.of(prog.substring(0, colon)))) {
                    colon = prog.lastIndexOf(':', colon - 1);
                }
                if (colon <= 0) {
                    throw new CliFailure(prog + ": no such file");
                }
                file = Path.of(prog.substring(0, colon));
                section = prog.substring(colon + 1);
            }
            name = file.toString();
            try {
                obj = BpfObject.open(file, XdpPrograms.options(cpus, kind));
            } catch (ElfException e) {
                throw new CliFailure(e.getMessage());
            } catch (IOException e) {
                throw new CliFailure(file + ": cannot read: " + e.getMessage());
            }
        }
        BpfProgram p;
        if (section != null) {
            String s = section;
            List<BpfProgram> bySection = obj.programs().stream().filter(x -> x.section().equals(s)).toList();
            List<BpfProgram> byName = obj.programs().stream().filter(x -> x.name().equals(s)).toList();
            if (bySection.size() == 1) {
                p = bySection.get(0);
            } else if (bySection.isEmpty() && byName.size() == 1) {
                p = byName.get(0);
            } else {
                p = ObjectFiles.one(obj, section, null);
            }
        } else {
            p = ObjectFiles.one(obj, null, null);
        }
        if (p.warning() != null) {
            err.println("warning: " + obj.name() + ": " + p.section() + "/" + p.name() + ": " + p.warning());
        }
        if (!p.loaded()) {
            throw new CliFailure(obj.name() + ": " + p.section() + "/" + p.name() + " is not loaded: " + p.loadError());
        }
        return new Loaded(obj, p, name + " " + p.section() + "/" + p.name(), bundled, null, null);
    }

    private CaptureFileSource openInput() {
        try {
            if (input == null) {
                try (InputStream in = ReplayCommand.class.getResourceAsStream(BUNDLED_CAPTURE)) {
                    if (in == null) {
                        throw new CliFailure("the bundled sample capture is missing from this build");
                    }
                    return CaptureFileSource.of("pcaps/mix.pcap (bundled)", ByteBuffer.wrap(in.readAllBytes()), loop);
                }
            }
            if (!Files.isRegularFile(input)) {
                throw new CliFailure(input + ": no such file");
            }
            return CaptureFileSource.open(input, loop);
        } catch (CaptureFormatException e) {
            throw new CliFailure(e.getMessage());
        } catch (IOException e) {
            throw new CliFailure(input + ": cannot read: " + e.getMessage());
        }
    }

    private static void closeQuietly(List<VerdictSink> sinks) {
        for (VerdictSink s : sinks) {
            try {
                s.close();
            } catch (IOException | RuntimeException e) {
                // already failing; the first error is the one reported
            }
        }
    }

    /** The bundled program's counters, summed over the workers. */
    private static long[] counters(BpfObject obj) {
        BpfMap m = obj.map("counters");
        long[] sums = new long[ProtocolCounter.values().length];
        for (int k = 0; k < sums.length; k++) {
            byte[] key = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(k).array();
            byte[] v = m.lookup(key);
            if (v == null) {
                continue;
            }
            ByteBuffer b = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i + 8 <= v.length; i += 8) {
                sums[k] += b.getLong(i);
            }
        }
        return sums;
    }

    // ---- output ----

    private static final XdpAction[] ORDER = {XdpAction.PASS, XdpAction.DROP, XdpAction.TX, XdpAction.REDIRECT,
        XdpAction.ABORTED};

    private void table(PrintWriter out, String in, Loaded loaded, int n, EngineKind kind, PipelineStats s,
                       CaptureFileSinks files, long[] counters) {
        out.printf(Locale.ROOT, "%-14s%s%n", "replay", in + (loop > 1 ? " (" + loop + " loops)" : ""));
        out.printf(Locale.ROOT, "%-14s%s, %s, %d worker%s, clock %s%n", "program", loaded.name, kind.cliName(), n,
                n == 1 ? "" : "s", clock);
        out.printf(Locale.ROOT, "%-14s%,14d  %,d bytes%n", "frames", s.frames(), s.bytes());
        for (XdpAction a : ORDER) {
            out.printf(Locale.ROOT, "%-14s%,14d  %5.1f%%%n", "  " + a.name(), s.count(a), percent(s.count(a), s.frames()));
        }
        out.printf(Locale.ROOT, "%-14s%,14d%n", "  ring drops", s.ringDrops());
        out.printf(Locale.ROOT, "%-14s%,14d%s%n", "  not run", s.notRun(), notRunDetail(s));
        out.printf(Locale.ROOT, "%-14s%,14.1f ms  %.2f Mpps  %.2f Gbit/s%s%n", "elapsed", s.elapsedNanos() / 1e6,
                s.mpps(), s.gbps(), s.steadyMpps() > 0
                        ? String.format(Locale.ROOT, "  (steady state %.2f Mpps)", s.steadyMpps()) : "");
        long[] w = s.workerFrames();
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < w.length; i++) {
            b.append(String.format(Locale.ROOT, "%s#%d %,d", i == 0 ? "" : "  ", i, w[i]));
        }
        out.printf(Locale.ROOT, "%-14s%s%n", "workers", b);
        for (Map.Entry<Path, Long> e : files.written().entrySet()) {
            out.printf(Locale.ROOT, "%-14s%s: %,d frames%n", "output", e.getKey(), e.getValue());
        }
        if (annotate != null) {
            out.printf(Locale.ROOT, "%-14s%s: %,d frames, annotated%n", "output", annotate, s.frames() - s.ringDrops());
        }
        if (verdicts != null) {
            out.printf(Locale.ROOT, "%-14s%s: %,d lines%n", "output", verdicts, s.frames() - s.ringDrops());
        }
        for (PipelineStats.Abort a : s.aborts()) {
            out.printf("aborted frame %d: %s%s%n", a.frameNumber(), a.reason(), where(loaded.program, a));
        }
        if (s.problemCount() > 0) {
            out.printf(Locale.ROOT, "capture problems: %,d%n", s.problemCount());
            s.problems().stream().limit(5).forEach(p -> out.println("  " + p));
        }
        if (counters != null) {
            StringBuilder c = new StringBuilder();
            for (ProtocolCounter pc : ProtocolCounter.values()) {
                c.append(c.length() == 0 ? "" : ", ").append(pc.key()).append(' ').append(counters[pc.ordinal()]);
            }
            out.printf(Locale.ROOT, "%-14s%s%n", "counted", c);
        }
        if (!s.accounted()) {
            out.println("warning: the verdicts do not add up to the frames read");
        }
    }

    private static void dosTable(PrintWriter out, Loaded loaded, DosReport report) {
        DosRules r = loaded.dos;
        out.printf(Locale.ROOT, "%-14s%s: %d rules, %d amplification ports, %d allowed and %d denied prefixes, "
                + "%d bans%n", "rules", loaded.rulesName, r.rules().size(), r.amplification().size(), r.allow().size(),
                r.deny().size(), r.bans().size());
        out.printf(Locale.ROOT, "%-14s%14s  %14s%n", "rule hits", "frames", "bytes");
        for (DosReport.RuleHits h : report.hits()) {
            out.printf(Locale.ROOT, "  %-4d%,18d  %,14d  %s%n", h.id(), h.packets(), h.bytes(), h.name());
        }
        out.printf(Locale.ROOT, "%-14s%s%n", "top talkers", report.talkers().isEmpty() ? "none (nothing dropped)"
                : "(dropped frames)");
        for (DosReport.Talker t : report.talkers()) {
            out.printf(Locale.ROOT, "  %-40s%,10d%n", t.source(), t.drops());
        }
    }

    private static String notRunDetail(PipelineStats s) {
        StringBuilder b = new StringBuilder();
        for (NotRun r : NotRun.values()) {
            if (s.notRun(r) > 0) {
                b.append(b.length() == 0 ? "  (" : ", ").append(String.format(Locale.ROOT, "%,d %s", s.notRun(r),
                        r.description()));
            }
        }
        return b.length() == 0 ? "" : b.append("; passed untouched)").toString();
    }

    private static String where(BpfProgram p, PipelineStats.Abort a) {
        if (a.fault() == null || a.fault().pc() < 0) {
            return "";
        }
        String at = p.lines().location(a.fault().pc());
        return at == null ? "" : " [" + at + "]";
    }

    private static double percent(long a, long b) {
        return b == 0 ? 0 : 100.0 * a / b;
    }

    private String json(String in, Loaded loaded, int n, EngineKind kind, PipelineStats s, CaptureFileSinks files,
                        long[] counters, DosReport report) {
        Json j = new Json();
        j.open();
        j.field("input").string(in);
        j.field("loops").number(loop);
        j.field("program").string(loaded.name);
        j.field("engine").string(kind.cliName());
        j.field("workers").number(n);
        j.field("clock").string(clock);
        j.field("clock_offset_ns").number(s.clockOffsetNanos());
        j.field("frames").number(s.frames());
        j.field("bytes").number(s.bytes());
        j.field("verdicts").open();
        for (XdpAction a : XdpAction.values()) {
            j.field(a.name()).number(s.count(a));
        }
        j.close();
        j.field("ring_drops").number(s.ringDrops());
        j.field("not_run").open();
        j.field("total").number(s.notRun());
        for (NotRun r : NotRun.values()) {
            j.field(r.key()).number(s.notRun(r));
        }
        j.close();
        j.field("elapsed_ns").number(s.elapsedNanos());
        j.field("mpps").decimal(s.mpps());
        j.field("steady_mpps").decimal(s.steadyMpps());
        j.field("gbps").decimal(s.gbps());
        j.field("per_worker").array(s.workerFrames());
        j.field("accounted").bool(s.accounted());
        j.field("aborts").openArray();
        for (PipelineStats.Abort a : s.aborts()) {
            j.open();
            j.field("frame").number(a.frameNumber());
            j.field("reason").string(a.reason());
            String at = where(loaded.program, a);
            if (!at.isEmpty()) {
                j.field("source").string(at.substring(2, at.length() - 1));
            }
            j.close();
        }
        j.closeArray();
        j.field("capture_problems").open();
        j.field("count").number(s.problemCount());
        j.field("first").openArray();
        s.problems().stream().limit(20).forEach(p -> j.string(p));
        j.closeArray();
        j.close();
        j.field("outputs").open();
        for (Map.Entry<Path, Long> e : files.written().entrySet()) {
            j.field(e.getKey().toString()).number(e.getValue());
        }
        j.close();
        if (counters != null) {
            j.field("counters").open();
            for (ProtocolCounter pc : ProtocolCounter.values()) {
                j.field(pc.key()).number(counters[pc.ordinal()]);
            }
            j.close();
        }
        if (report != null) {
            j.field("rules").string(loaded.rulesName);
            j.field("rule_hits").openArray();
            for (DosReport.RuleHits h : report.hits()) {
                j.open();
                j.field("id").number(h.id());
                j.field("name").string(h.name());
                j.field("frames").number(h.packets());
                j.field("bytes").number(h.bytes());
                j.close();
            }
            j.closeArray();
            j.field("top_talkers").openArray();
            for (DosReport.Talker t : report.talkers()) {
                j.open();
                j.field("source").string(t.source());
                j.field("dropped").number(t.drops());
                j.close();
            }
            j.closeArray();
        }
        j.close();
        return j.toString();
    }

    /** The progress line on a terminal: rewritten in place on standard error. */
    static final class Progress implements org.jxdp.capture.pipeline.ProgressListener {
        private final PrintWriter err;
        private long lastFrames;
        private long lastNanos;

        Progress(PrintWriter err) {
            this.err = err;
        }

        /** Frames so far, the rate since the last line, and the time. */
        @Override
        public void progress(long frames, long bytes, long elapsedNanos) {
            double now = (frames - lastFrames) * 1e3 / Math.max(1, elapsedNanos - lastNanos);
            lastFrames = frames;
            lastNanos = elapsedNanos;
            err.printf(Locale.ROOT, "\r%,d frames  %.2f Mpps now  %.2f Gbit/s overall  %.1f s ", frames, now,
                    bytes * 8.0 / elapsedNanos, elapsedNanos / 1e9);
            err.flush();
        }

        void clear() {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
