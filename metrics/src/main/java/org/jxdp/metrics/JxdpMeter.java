package org.jxdp.metrics;

import java.util.List;

/**
 * Every meter jxdp registers besides the JVM and process binders, with its Micrometer name,
 * base unit, tags and meaning. The Prometheus names follow Micrometer's convention (dots to
 * underscores, the base unit appended, {@code _total} for counters, {@code _seconds} for timers):
 * {@code jxdp.packets} is {@code jxdp_packets_total}.
 *
 * <p>Every tag is bounded: {@code verdict} by the XDP actions, {@code reason} by
 * {@link org.jxdp.capture.pipeline.AbortReason}, {@code worker} by {@code --workers},
 * {@code iface} by the sources of one process, {@code map} by the maps of the loaded object,
 * {@code rule} and {@code id} by the filter's 256 rule ids, {@code source} by the ten top
 * talkers of the moment.
 *
 * <p>All are read at scrape time from counters the workers and the pipeline thread keep for
 * themselves ({@link org.jxdp.capture.pipeline.WorkerCounters},
 * {@link org.jxdp.capture.pipeline.PipelineCounters}); the packet path never calls Micrometer.
 */
public enum JxdpMeter {
    /**
     * Frames by verdict: {@code aborted}, {@code drop}, {@code pass}, {@code tx}, {@code redirect}
     * from the worker that ran them, and {@code not_run} (worker {@code none}) for frames that
     * passed through without being shown to the program.
     */
    PACKETS("jxdp.packets", Kind.COUNTER, "packets",
            "Frames by XDP verdict (not_run: passed through without being run)", "verdict", "iface", "worker"),
    /** Captured bytes of those frames, by the same tags. */
    BYTES("jxdp.bytes", Kind.COUNTER, "bytes", "Captured bytes of the frames by XDP verdict", "verdict", "iface",
            "worker"),
    /** Aborted frames by reason: a fault kind, {@code invalid_action}, {@code redirect_without_target}, {@code returned_aborted}. */
    ABORTED("jxdp.aborted", Kind.COUNTER, "packets", "Frames that ended XDP_ABORTED, by reason", "reason"),
    /** Frames published to a worker's ring and not yet taken by it. */
    RING_DEPTH("jxdp.ring.depth", Kind.GAUGE, "packets", "Frames waiting in the worker's ring", "worker"),
    /** Frames dropped because every slot was in flight (live capture only), charged to the worker holding the oldest slot. */
    RING_DROPPED("jxdp.ring.dropped", Kind.COUNTER, "packets",
            "Frames dropped because the slot pool was full, by the worker holding the oldest slot", "worker"),
    /**
     * The program's run time, sampled: one run in N per worker ({@code --metrics-sample N}, default 1024)
     * is timed; count and sum are of the sampled runs only, max is the longest sampled run.
     */
    PROGRAM_RUNTIME("jxdp.program.runtime", Kind.TIMER, "seconds",
            "Run time of the XDP program, one run in N sampled (count and sum are of sampled runs)", "worker"),
    /** Elements in each map of the loaded object (for arrays: max_entries). */
    MAP_ENTRIES("jxdp.map.entries", Kind.GAUGE, "entries", "Elements in the BPF map", "map"),
    /**
     * Frames each rule of the DoS filter decided (its {@code rule_hits} map, summed over the CPUs);
     * {@code rule} is the rule's name, {@code id} its counter index. Follows rules reloads.
     */
    RULE_HITS("jxdp.rule.hits", Kind.COUNTER, "packets", "Frames decided by each rule of the DoS filter", "rule",
            "id"),
    /**
     * Dropped frames of the DoS filter's top talkers (its {@code talkers} map): the ten sources with
     * the most, read before every scrape; a source leaving the top loses its series.
     */
    TALKER_DROPS("jxdp.talker.drops", Kind.GAUGE, "packets", "Dropped frames of the DoS filter's top ten sources",
            "source"),
    /** Frames the capture lost before jxdp saw them (libpcap's ps_drop + ps_ifdrop), live sources only. */
    CAPTURE_DROPPED("jxdp.capture.dropped", Kind.COUNTER, "packets",
            "Frames lost by the capture before jxdp read them (libpcap statistics)", "iface");

    /** What sort of meter it is. */
    public enum Kind {
        COUNTER, GAUGE, TIMER
    }

    private final String meterName;
    private final Kind kind;
    private final String baseUnit;
    private final String description;
    private final List<String> tags;

    JxdpMeter(String meterName, Kind kind, String baseUnit, String description, String... tags) {
        this.meterName = meterName;
        this.kind = kind;
        this.baseUnit = baseUnit;
        this.description = description;
        this.tags = List.of(tags);
    }

    /** The Micrometer name, {@code jxdp.packets}. */
    public String meterName() {
        return meterName;
    }

    public Kind kind() {
        return kind;
    }

    /** The base unit (seconds for the timer: Micrometer's Prometheus base unit). */
    public String baseUnit() {
        return baseUnit;
    }

    public String description() {
        return description;
    }

    /** The tag keys every meter of this name carries. */
    public List<String> tags() {
        return tags;
    }
}
