package org.jxdp.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.jxdp.capture.gen.ProtocolCounter;
import org.jxdp.capture.pipeline.CaptureFileSinks;
import org.jxdp.capture.pipeline.NotRun;
import org.jxdp.capture.pipeline.PipelineStats;
import org.jxdp.capture.pipeline.StandardOutput;
import org.jxdp.engine.object.BpfProgram;
import org.jxdp.hooks.XdpAction;

/**
 * The part of the summary that {@code jxdp replay} and {@code jxdp live} share, as a table
 * (label column of 14) and as JSON fields: frames and verdicts, ring drops, frames not run,
 * elapsed time and rates, per-worker frames; then the output files, the first aborts, capture
 * problems and the bundled program's counters.
 *
 * @param stats what the pipeline did
 * @param program the program (for the source lines of aborts)
 * @param files the capture-file outputs
 * @param annotate the {@code --annotate} file, or null
 * @param verdicts the {@code --verdicts} file, or null
 * @param counters the bundled program's counters, or null
 */
record PipelineSummary(PipelineStats stats, LoadedProgram program, CaptureFileSinks files, Path annotate,
                       Path verdicts, long[] counters) {
    private static final XdpAction[] ORDER = {XdpAction.PASS, XdpAction.DROP, XdpAction.TX, XdpAction.REDIRECT,
        XdpAction.ABORTED};

    /** {@code frames} to {@code workers}. */
    void verdictRows(PrintWriter out) {
        PipelineStats s = stats;
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
    }

    /** Outputs, aborts, capture problems, counters, and a warning when the verdicts do not add up. */
    void detailRows(PrintWriter out) {
        PipelineStats s = stats;
        for (Map.Entry<Path, Long> e : files.written().entrySet()) {
            out.printf(Locale.ROOT, "%-14s%s: %,d frames%n", "output", shown(e.getKey()), e.getValue());
        }
        if (annotate != null) {
            out.printf(Locale.ROOT, "%-14s%s: %,d frames, annotated%n", "output", shown(annotate),
                    s.frames() - s.ringDrops());
        }
        if (verdicts != null) {
            out.printf(Locale.ROOT, "%-14s%s: %,d lines%n", "output", shown(verdicts), s.frames() - s.ringDrops());
        }
        for (PipelineStats.Abort a : s.aborts()) {
            out.printf("aborted frame %d: %s%s%n", a.frameNumber(), a.reason(), where(program.program(), a));
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

    /** {@code frames} to {@code per_worker} and {@code accounted}, as fields of the open object. */
    void verdictFields(Json j) {
        PipelineStats s = stats;
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
    }

    /** {@code aborts}, {@code capture_problems}, {@code outputs} and (bundled program) {@code counters}. */
    void detailFields(Json j) {
        PipelineStats s = stats;
        j.field("aborts").openArray();
        for (PipelineStats.Abort a : s.aborts()) {
            j.open();
            j.field("frame").number(a.frameNumber());
            j.field("reason").string(a.reason());
            String at = where(program.program(), a);
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

    /** An output's name in the table: {@code -} is shown as what it is. */
    private static String shown(Path output) {
        return StandardOutput.names(output) ? StandardOutput.DESCRIPTION : output.toString();
    }
}
