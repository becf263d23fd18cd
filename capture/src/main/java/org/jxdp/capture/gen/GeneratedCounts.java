package org.jxdp.capture.gen;

import java.util.Locale;

/**
 * What {@link TrafficGenerator} wrote: frames per {@link TrafficClass} and the
 * {@link ProtocolCounter}s of the bundled counting program, as a text file of expected counts
 * beside a sample capture:
 * <pre>
 *   # jxdp gen --profile mix --packets 2000 --seed 1 -o mix.pcap
 *   frames 2000
 *   class.tcp_session 612
 *   ...
 *   counter.frames 2000
 *   counter.bytes 181234
 *   ...
 *   verdict.PASS 2000
 * </pre>
 * The {@code verdict.} lines are what the bundled counting program decides (it passes every
 * frame), so {@code jxdp replay FILE} of the sample must print them.
 */
public record GeneratedCounts(Profile profile, long packets, long seed, long[] classCounts, long[] protocolCounts) {

    /** Frames of class {@code c}. */
    public long count(TrafficClass c) {
        return classCounts[c.ordinal()];
    }

    /** The value of counter {@code c}. */
    public long count(ProtocolCounter c) {
        return protocolCounts[c.ordinal()];
    }

    /** The counts file's text, for the capture named {@code output} (its file name, or null). */
    public String toText(String output) {
        StringBuilder b = new StringBuilder();
        b.append("# jxdp gen --profile ").append(profile.cliName()).append(" --packets ").append(packets)
                .append(" --seed ").append(seed).append(output == null ? "" : " -o " + output).append('\n');
        b.append("# ").append(profile.description()).append('\n');
        b.append("frames ").append(packets).append('\n');
        b.append("# frames per traffic class\n");
        for (TrafficClass c : TrafficClass.values()) {
            b.append("class.").append(c.key()).append(' ').append(classCounts[c.ordinal()]).append('\n');
        }
        b.append("# the bundled counting program's counters (map counters, summed over CPUs)\n");
        for (ProtocolCounter c : ProtocolCounter.values()) {
            b.append("counter.").append(c.key()).append(' ').append(protocolCounts[c.ordinal()]).append('\n');
        }
        b.append("# the bundled counting program's verdicts (it passes every frame)\n");
        for (String v : new String[] {"ABORTED", "DROP", "PASS", "TX", "REDIRECT"}) {
            b.append("verdict.").append(v).append(' ').append(v.equals("PASS") ? packets : 0).append('\n');
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: %d frames", profile.cliName(), packets);
    }
}
