package org.jxdp.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jxdp.capture.pcap.CaptureFormatException;
import org.jxdp.capture.pipeline.CaptureFileSource;
import org.jxdp.capture.pipeline.ClockMode;
import org.jxdp.capture.pipeline.Pipeline;
import org.jxdp.capture.pipeline.PipelineConfig;
import org.jxdp.capture.pipeline.PipelineStats;
import org.jxdp.capture.pipeline.VerdictSink;
import org.jxdp.engine.vm.EngineKind;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code jxdp replay}: a capture through an XDP program, its verdicts carried out into files.
 * With no IN, the bundled sample capture; with no --prog, the bundled DoS filter and its rules.
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

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "IN",
            description = "The capture (pcap or pcapng); - reads it from standard input (whole, before the replay).")
    Path input;

    @CommandLine.Mixin
    ProgramOptions program;

    @CommandLine.Mixin
    OutputOptions outputs;

    @Option(names = "--speed", defaultValue = "max", paramLabel = "X|max",
            description = "Pace by the capture's timestamps: 1 real time, 10 ten times faster; max (default) as fast "
                    + "as possible.")
    String speed;

    @Option(names = "--loop", defaultValue = "1", paramLabel = "N", description = "Replay the capture N times.")
    int loop;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @CommandLine.Mixin
    MetricsOption metrics;

    @Option(names = "--clock", defaultValue = "capture", paramLabel = "capture|wall",
            description = "bpf_ktime_get_ns(): the frame's capture timestamp plus a fixed offset (default), or the "
                    + "host's monotonic clock.")
    String clock;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        outputs.checkStandardOutput(spec.commandLine());
        // a capture or CSV on standard output keeps it to itself: the summary goes to standard error
        PrintWriter out = outputs.writesToStandardOutput() ? err : spec.commandLine().getOut();
        int n = program.workers(spec.commandLine());
        if (loop < 1) {
            throw usage("--loop must be at least 1, not " + loop);
        }
        double pace = parseSpeed();
        int sampleEvery = metrics.check(spec.commandLine());
        ClockMode clockMode = switch (clock) {
            case "capture" -> ClockMode.CAPTURE;
            case "wall" -> ClockMode.WALL;
            default -> throw usage("--clock must be capture or wall, not '" + clock + "'");
        };
        EngineKind kind = program.engine(spec.commandLine(), err);

        LoadedProgram loaded = program.load(spec.commandLine(), n, kind, err);
        CaptureFileSource source = openInput();
        List<VerdictSink> sinks = new ArrayList<>();
        PipelineStats stats;
        RunningProgram running = null;
        try {
            running = program.running(loaded, kind, n, sinks, err);
            outputs.open(sinks, source::nanosecondTimestamps, source.linkType(), loaded);
            PipelineConfig config = PipelineConfig.of(loaded.program().executable(), loaded.object().runtime())
                    .workers(n).clock(clockMode).speed(pace).runtimeSampleEvery(sampleEvery);
            Progress progress = System.console() != null && !json ? new Progress(err) : null;
            if (progress != null) {
                config.progress(progress, 250_000_000L);
            }
            Pipeline pipeline = new Pipeline(config);
            program.watch(running, kind, pipeline, err);
            try (MetricsSession m = metrics.start(spec.commandLine(), pipeline, iface(), running, err)) {
                m.running(true);
                stats = pipeline.run(source, sinks);
            }
            if (progress != null) {
                progress.clear();
            }
        } catch (CliFailure e) {
            OutputOptions.closeQuietly(sinks);
            throw e;
        } catch (IllegalArgumentException e) {
            OutputOptions.closeQuietly(sinks);
            throw new CliFailure(e.getMessage());
        } catch (IOException e) {
            OutputOptions.closeQuietly(sinks);
            throw new CliFailure(FileErrors.describe(e));
        } finally {
            if (running != null) {
                running.close();
            }
            try {
                source.close();
            } catch (IOException e) {
                // read-only mapping; nothing to lose
            }
        }
        loaded = running.current();
        PipelineSummary sum = outputs.summary(stats, loaded);
        DosSummary dosSummary = DosSummary.of(loaded);
        if (json) {
            out.println(json(source.name(), loaded, n, kind, sum, dosSummary));
        } else {
            table(out, source.name(), loaded, n, kind, sum);
            if (dosSummary != null) {
                dosSummary.rows(out);
            }
        }
        return 0;
    }

    /** The {@code iface} tag of a replay: the capture's file name. */
    private String iface() {
        return input == null ? "mix.pcap" : StandardInput.names(input) ? "stdin" : String.valueOf(input.getFileName());
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
            if (StandardInput.names(input)) {
                return CaptureFileSource.of("standard input", ByteBuffer.wrap(StandardInput.readAll()), loop);
            }
            String unusable = FileErrors.notAnInputFile(input);
            if (unusable != null) {
                throw new CliFailure(input + ": " + unusable);
            }
            return CaptureFileSource.open(input, loop);
        } catch (CaptureFormatException e) {
            throw new CliFailure(e.getMessage());
        } catch (IOException e) {
            throw new CliFailure(input + ": cannot read: " + FileErrors.reason(e));
        }
    }

    // ---- output ----

    private void table(PrintWriter out, String in, LoadedProgram loaded, int n, EngineKind kind, PipelineSummary sum) {
        out.printf(Locale.ROOT, "%-14s%s%n", "replay", in + (loop > 1 ? " (" + loop + " loops)" : ""));
        out.printf(Locale.ROOT, "%-14s%s, %s, %d worker%s, clock %s%n", "program", loaded.name(), kind.cliName(), n,
                n == 1 ? "" : "s", clock);
        sum.verdictRows(out);
        sum.detailRows(out);
    }

    private String json(String in, LoadedProgram loaded, int n, EngineKind kind, PipelineSummary sum, DosSummary dos) {
        Json j = new Json();
        j.open();
        j.field("input").string(in);
        j.field("loops").number(loop);
        j.field("program").string(loaded.name());
        j.field("engine").string(kind.cliName());
        j.field("workers").number(n);
        j.field("clock").string(clock);
        j.field("clock_offset_ns").number(sum.stats().clockOffsetNanos());
        sum.verdictFields(j);
        sum.detailFields(j);
        if (dos != null) {
            dos.fields(j);
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
