package org.jxdp.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.jxdp.hooks.dos.DosReport;
import org.jxdp.hooks.dos.DosRules;

/**
 * The DoS filter's part of a replay or live summary: the rules in force, each rule's hits and
 * the top talkers (sources by dropped frames), as table rows or JSON fields.
 */
final class DosSummary {
    /** Top talkers shown in the summary. */
    static final int TOP_TALKERS = 10;

    private final DosRules rules;
    private final String rulesName;
    private final DosReport report;

    private DosSummary(DosRules rules, String rulesName, DosReport report) {
        this.rules = rules;
        this.rulesName = rulesName;
        this.report = report;
    }

    /** The summary of {@code loaded} after its run, or null when it is not the DoS filter. */
    static DosSummary of(LoadedProgram loaded) {
        if (loaded.dos() == null) {
            return null;
        }
        return new DosSummary(loaded.dos(), loaded.rulesName(),
                DosReport.read(loaded.object(), loaded.dos(), TOP_TALKERS));
    }

    void rows(PrintWriter out) {
        out.printf(Locale.ROOT, "%-14s%s: %d rules, %d amplification ports, %d allowed and %d denied prefixes, "
                + "%d bans%n", "rules", rulesName, rules.rules().size(), rules.amplification().size(),
                rules.allow().size(), rules.deny().size(), rules.bans().size());
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

    void fields(Json j) {
        j.field("rules").string(rulesName);
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
}
