package org.jxdp.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.jxdp.capture.pipeline.AnnotateSink;
import org.jxdp.capture.pipeline.CaptureFileSinks;
import org.jxdp.capture.pipeline.StandardOutput;
import org.jxdp.capture.pipeline.VerdictCsvSink;
import org.jxdp.capture.pipeline.VerdictSink;
import org.jxdp.engine.object.BpfProgram;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The file outputs {@code jxdp replay} and {@code jxdp live} share (a picocli mixin): frames by
 * verdict into capture files, every frame annotated with its verdict, a CSV of verdicts. Any one
 * of them may be {@code -}, standard output, as with {@code tcpdump -w -}.
 */
final class OutputOptions {
    @Option(names = "--pass", paramLabel = "F",
            description = "Write PASS frames (and frames not run) here; - for standard output.")
    Path pass;

    @Option(names = "--drop", paramLabel = "F", description = "Write DROP and ABORTED frames here; - for standard output.")
    Path drop;

    @Option(names = "--tx", paramLabel = "F", description = "Write TX frames here, with the program's changes; - for standard output.")
    Path tx;

    @Option(names = "--redirect", paramLabel = "F",
            description = "Write REDIRECT frames here; with {target} in the name, one file per target "
                    + "(ifindex, cpuN, xskN or broadcast).")
    Path redirect;

    @Option(names = "--annotate", paramLabel = "F.pcapng",
            description = "Write every frame with its verdict as a packet comment (frame.comment); - for pcapng on "
                    + "standard output.")
    Path annotate;

    @Option(names = "--verdicts", paramLabel = "F.csv",
            description = "Write frame,verdict,length for every frame, in input order; - for standard output.")
    Path verdicts;

    /**
     * Whether an output is {@code -}, standard output (at most one may be: see
     * {@link #checkStandardOutput}); the command then prints its summary to standard error.
     */
    boolean writesToStandardOutput() {
        return standardOutputs() > 0;
    }

    /** Refuses a command line that sends two outputs to standard output. */
    void checkStandardOutput(CommandLine cl) {
        if (standardOutputs() > 1) {
            throw new CommandLine.ParameterException(cl, "only one output can be standard output ("
                    + StandardOutput.NAME + ")");
        }
    }

    private int standardOutputs() {
        int n = 0;
        for (Path p : new Path[] {pass, drop, tx, redirect, annotate, verdicts}) {
            if (StandardOutput.names(p)) {
                n++;
            }
        }
        return n;
    }

    /** The capture-file sink, made by {@link #open}. */
    private CaptureFileSinks files;

    /**
     * Opens the outputs asked for into {@code sinks} (the capture-file sink always, with no file
     * it only counts).
     *
     * @param nanoseconds whether classic pcap files get nanosecond timestamps (asked at their first frame)
     * @param linkType the link type of a classic pcap file that gets no frame
     * @throws IOException when a file cannot be created
     * @throws IllegalArgumentException when {@code --annotate} does not name a .pcapng file
     */
    void open(List<VerdictSink> sinks, BooleanSupplier nanoseconds, int linkType, LoadedProgram loaded)
            throws IOException {
        files = new CaptureFileSinks(pass, drop, tx, redirect, nanoseconds, linkType);
        sinks.add(files);
        if (annotate != null) {
            BpfProgram p = loaded.program();
            org.jxdp.hooks.dos.DosRules dos = loaded.dos();
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
    }

    /** The summary's part for these outputs and the run. */
    PipelineSummary summary(org.jxdp.capture.pipeline.PipelineStats stats, LoadedProgram loaded) {
        long[] counters = loaded.bundled() ? LoadedProgram.counters(loaded.object()) : null;
        return new PipelineSummary(stats, loaded, files, annotate, verdicts, counters);
    }

    /** Closes sinks after a failure, keeping the first error the one reported. */
    static void closeQuietly(List<VerdictSink> sinks) {
        for (VerdictSink s : new ArrayList<>(sinks)) {
            try {
                s.close();
            } catch (IOException | RuntimeException e) {
                // already failing; the first error is the one reported
            }
        }
    }
}
