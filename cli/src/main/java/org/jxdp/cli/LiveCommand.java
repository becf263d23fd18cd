package org.jxdp.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.jxdp.capture.live.CaptureSettings;
import org.jxdp.capture.live.InterfaceStats;
import org.jxdp.capture.live.LiveInterface;
import org.jxdp.capture.live.LiveSource;
import org.jxdp.capture.live.TransmitSink;
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
import picocli.CommandLine.Spec;

/**
 * {@code jxdp live}: an XDP program on the frames arriving at one interface (monitor) or
 * between two (inline), its verdicts carried out on the wire, until SIGINT, SIGTERM or
 * {@code --duration}.
 */
@Command(name = "live",
        description = {"Run an XDP program on the frames arriving at a network interface and carry out its verdicts "
                + "on the wire, until Ctrl-C, SIGTERM or --duration; then print the summary.",
            "Monitor mode (--iface only): the kernel has already delivered each frame, so PASS and DROP are counted; "
                + "TX frames are sent back out of the interface and REDIRECT frames out of their target interface, "
                + "with the program's changes.",
            "Inline mode (--iface A --egress B): jxdp is the only path between A and B: PASS frames from A go out of "
                + "B and PASS frames from B out of A; TX goes back where it came from; DROP stops the frame. Each "
                + "side runs with its own ingress ifindex."})
final class LiveCommand implements Callable<Integer> {
    /** How long the source waits for a frame before letting the pipeline flush (ms). */
    static final int POLL_MILLIS = 1;

    @Spec
    CommandSpec spec;

    @Option(names = "--iface", required = true, paramLabel = "IF", description = "The interface to capture on.")
    String iface;

    @Option(names = "--egress", paramLabel = "IF2",
            description = "Inline mode: the other interface; PASS crosses between the two, both ways.")
    String egress;

    @CommandLine.Mixin
    ProgramOptions program;

    @Option(names = "--snaplen", defaultValue = "65535", paramLabel = "N",
            description = "Bytes kept of each frame (default: ${DEFAULT-VALUE}).")
    int snaplen;

    @Option(names = "--promisc", description = "Capture in promiscuous mode (inline mode on a real NIC needs it).")
    boolean promisc;

    @Option(names = "--prefilter", paramLabel = "EXPR",
            description = "A libpcap filter (tcpdump syntax) run in the kernel first: frames it rejects are neither "
                    + "run nor transmitted.")
    String prefilter;

    @Option(names = "--duration", paramLabel = "S", description = "Stop after S seconds.")
    Double duration;

    @CommandLine.Mixin
    OutputOptions outputs;

    @Option(names = "--json", description = "Print the summary as JSON.")
    boolean json;

    @CommandLine.Mixin
    MetricsOption metrics;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        outputs.checkStandardOutput(spec.commandLine());
        // a capture or CSV on standard output keeps it to itself: the summary goes to standard error
        PrintWriter out = outputs.writesToStandardOutput() ? err : spec.commandLine().getOut();
        CommandLine cl = spec.commandLine();
        int n = program.workers(cl);
        if (duration != null && !(duration > 0 && duration < 1e9)) {
            throw new CommandLine.ParameterException(cl, "--duration must be a positive number of seconds");
        }
        if (iface.equals(egress)) {
            throw new CommandLine.ParameterException(cl, "--egress must be another interface than --iface");
        }
        CaptureSettings settings;
        try {
            settings = new CaptureSettings(snaplen, promisc, prefilter, CaptureSettings.DEFAULT.bufferBytes());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cl, e.getMessage());
        }
        int sampleEvery = metrics.check(cl);
        EngineKind kind = program.engine(cl, err);
        LoadedProgram loaded = program.load(cl, n, kind, err);
        boolean inline = egress != null;

        List<LiveInterface> opened = new ArrayList<>();
        LiveSource source;
        try {
            opened.add(LiveInterface.open(iface, settings));
            if (inline) {
                opened.add(LiveInterface.open(egress, settings));
            }
            source = new LiveSource(opened, POLL_MILLIS);
        } catch (IOException e) {
            opened.forEach(LiveInterface::close);
            throw new CliFailure(FileErrors.describe(e));
        }
        TransmitSink wire = new TransmitSink(opened, inline ? TransmitSink.Mode.INLINE : TransmitSink.Mode.MONITOR);
        List<VerdictSink> sinks = new ArrayList<>();
        sinks.add(wire);
        PipelineStats stats;
        List<InterfaceStats> interfaces = new ArrayList<>();
        RunningProgram running = null;
        try (StopSignals signals = new StopSignals(source::stop)) {
            running = program.running(loaded, kind, n, sinks, err);
            outputs.open(sinks, () -> false, source.linkType(), loaded);
            PipelineConfig config = PipelineConfig.of(loaded.program().executable(), loaded.object().runtime())
                    .workers(n).clock(ClockMode.WALL).runtimeSampleEvery(sampleEvery);
            Pipeline pipeline = new Pipeline(config);
            program.watch(running, kind, pipeline, err);
            try (MetricsSession m = metrics.start(cl, pipeline, iface, running, err)) {
                for (LiveInterface i : opened) {
                    m.captureStatistics(i);
                }
                Thread timer = duration == null ? null : timer(source, duration);
                err.printf(Locale.ROOT, "jxdp live: %s, %s; stop with Ctrl-C%s%n", describe(opened),
                        inline ? "inline" : "monitor", duration == null ? "" : " or after " + duration + " s");
                err.flush();
                m.running(true);
                stats = pipeline.run(source, sinks);
                m.running(false);
                if (timer != null) {
                    timer.interrupt();
                }
            }
            for (LiveInterface i : opened) {
                interfaces.add(i.stats());
            }
            interfaces.addAll(wire.redirectInterfaces());
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
            source.close();
        }
        loaded = running.current();
        PipelineSummary sum = outputs.summary(stats, loaded);
        DosSummary dosSummary = DosSummary.of(loaded);
        if (json) {
            out.println(json(source, loaded, n, kind, inline, sum, wire, interfaces, dosSummary));
        } else {
            table(out, source, loaded, n, kind, inline, sum, wire, interfaces);
            if (dosSummary != null) {
                dosSummary.rows(out);
            }
        }
        return 0;
    }

    private static Thread timer(LiveSource source, double seconds) {
        Thread t = new Thread(() -> {
            try {
                Thread.sleep((long) (seconds * 1000));
                source.stop();
            } catch (InterruptedException e) {
                // the session ended first
            }
        }, "jxdp-live-duration");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static String describe(List<LiveInterface> interfaces) {
        return interfaces.size() == 1 ? interfaces.get(0).toString()
                : interfaces.get(0) + " <-> " + interfaces.get(1);
    }

    // ---- output ----

    private void table(PrintWriter out, LiveSource source, LoadedProgram loaded, int n, EngineKind kind,
                       boolean inline, PipelineSummary sum, TransmitSink wire, List<InterfaceStats> interfaces) {
        out.printf(Locale.ROOT, "%-14s%s, %s%s%n", "live", describe(source.interfaces()), inline ? "inline" : "monitor",
                prefilter == null ? "" : ", prefilter '" + prefilter + "'");
        out.printf(Locale.ROOT, "%-14s%s, %s, %d worker%s, clock wall%n", "program", loaded.name(), kind.cliName(), n,
                n == 1 ? "" : "s");
        sum.verdictRows(out);
        out.printf(Locale.ROOT, "%-14s%,d PASS forwarded, %,d TX sent back, %,d REDIRECT sent, %,d not transmitted%n",
                "transmitted", wire.forwarded(), wire.reflected(), wire.redirected(), wire.notTransmitted());
        for (InterfaceStats i : interfaces) {
            out.printf(Locale.ROOT, "%-14s%s: libpcap received %s, dropped %s, ifdropped %s; read %,d, sent %,d%s%n",
                    "interface", i.name() + " (ifindex " + i.ifindex() + ")", count(i.received()), count(i.dropped()),
                    count(i.ifdropped()), i.captured(), i.sent(), i.sendErrors() == 0 ? ""
                            : String.format(Locale.ROOT, ", %,d send errors (first: %s)", i.sendErrors(),
                                    i.firstSendError()));
        }
        for (String p : wire.problems()) {
            out.println("warning: " + p);
        }
        sum.detailRows(out);
    }

    private static String count(long v) {
        return v < 0 ? "?" : String.format(Locale.ROOT, "%,d", v);
    }

    private String json(LiveSource source, LoadedProgram loaded, int n, EngineKind kind, boolean inline,
                        PipelineSummary sum, TransmitSink wire, List<InterfaceStats> interfaces, DosSummary dos) {
        Json j = new Json();
        j.open();
        j.field("mode").string(inline ? "inline" : "monitor");
        j.field("prefilter");
        if (prefilter == null) {
            j.nullValue();
        } else {
            j.string(prefilter);
        }
        j.field("program").string(loaded.name());
        j.field("engine").string(kind.cliName());
        j.field("workers").number(n);
        j.field("clock").string("wall");
        sum.verdictFields(j);
        j.field("transmitted").open();
        j.field("pass_forwarded").number(wire.forwarded());
        j.field("tx_sent").number(wire.reflected());
        j.field("redirect_sent").number(wire.redirected());
        j.field("not_transmitted").number(wire.notTransmitted());
        j.close();
        j.field("interfaces").openArray();
        for (InterfaceStats i : interfaces) {
            j.open();
            j.field("name").string(i.name());
            j.field("ifindex").number(i.ifindex());
            j.field("pcap_received").number(i.received());
            j.field("pcap_dropped").number(i.dropped());
            j.field("pcap_ifdropped").number(i.ifdropped());
            j.field("read").number(i.captured());
            j.field("sent").number(i.sent());
            j.field("send_errors").number(i.sendErrors());
            j.close();
        }
        j.closeArray();
        j.field("problems").openArray();
        wire.problems().forEach(j::string);
        j.closeArray();
        sum.detailFields(j);
        if (dos != null) {
            dos.fields(j);
        }
        j.close();
        return j.toString();
    }
}
