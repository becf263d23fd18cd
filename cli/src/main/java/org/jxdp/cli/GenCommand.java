package org.jxdp.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.jxdp.capture.gen.GeneratedCounts;
import org.jxdp.capture.gen.Profile;
import org.jxdp.capture.gen.TrafficGenerator;
import org.jxdp.capture.link.LinkType;
import org.jxdp.capture.pcap.CaptureFileFormat;
import org.jxdp.capture.pcap.CaptureWriter;
import org.jxdp.capture.pipeline.StandardOutput;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code jxdp gen}: the deterministic traffic generator. */
@Command(name = "gen",
        description = "Write a deterministic capture of generated traffic: the same profile, packet count and seed "
                + "give the same bytes everywhere. Classic pcap unless the name ends in .pcapng.")
final class GenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--profile", required = true, paramLabel = "NAME", description = "The traffic profile (see below).")
    String profile;

    @Option(names = "--packets", required = true, paramLabel = "N", description = "Frames to write.")
    long packets;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "The seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "FILE",
            description = "The capture to write; - for classic pcap on standard output.")
    Path output;

    @Option(names = "--counts", paramLabel = "FILE",
            description = "Also write the expected counts: frames per traffic class, the bundled counting program's "
                    + "counters and verdicts.")
    Path counts;

    /** The usage footer: every profile with what it generates. */
    static String[] profiles() {
        String list = Arrays.stream(Profile.values())
                .map(p -> String.format("  %-14s %s; %,d frames/s", p.cliName(), p.description(), p.rate()))
                .collect(Collectors.joining("%n"));
        return new String[] {"%nProfiles:%n" + list.replace("%", "%%").replace("%%n", "%n")};
    }

    @Override
    public Integer call() {
        Profile p = Profile.fromCliName(profile);
        if (p == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "unknown profile '" + profile + "'; one of "
                    + Arrays.stream(Profile.values()).map(Profile::cliName).toList());
        }
        if (packets < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--packets must not be negative");
        }
        GeneratedCounts c;
        boolean toStdout = StandardOutput.names(output);
        try (CaptureWriter w = toStdout
                ? CaptureWriter.create(StandardOutput.channel(), StandardOutput.DESCRIPTION, CaptureFileFormat.PCAP,
                        LinkType.LINKTYPE_ETHERNET)
                : CaptureWriter.create(output, CaptureFileFormat.forOutput(output), LinkType.LINKTYPE_ETHERNET)) {
            c = TrafficGenerator.generate(p, packets, seed, w);
        } catch (IOException e) {
            throw new CliFailure(output + ": cannot write: " + FileErrors.reason(e));
        }
        if (counts != null) {
            try {
                Files.writeString(counts, c.toText(output.getFileName().toString()));
            } catch (IOException e) {
                throw new CliFailure(counts + ": cannot write: " + FileErrors.reason(e));
            }
        }
        // with the capture on standard output, the line about it goes to standard error
        (toStdout ? spec.commandLine().getErr() : spec.commandLine().getOut()).printf("%s: %,d frames of profile %s,"
                + " seed %d%n", toStdout ? StandardOutput.DESCRIPTION : output, packets, p.cliName(), seed);
        return 0;
    }
}
