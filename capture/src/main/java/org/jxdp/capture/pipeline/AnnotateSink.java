package org.jxdp.capture.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.IntFunction;
import org.jxdp.capture.pcap.CaptureFileFormat;

/**
 * {@code --annotate out.pcapng}: every input frame, as the program left it, with its verdict as
 * a per-packet comment ({@code opt_comment}, which Wireshark and tshark show as
 * {@code frame.comment}): {@code XDP_DROP}, {@code XDP_REDIRECT to ifindex 3},
 * {@code XDP_ABORTED: insn 14 (r2 = *(u32 *)(r1 + 4)): ... [prog.c:33]},
 * {@code not run (link type without an Ethernet translation): passed untouched}.
 */
public final class AnnotateSink implements VerdictSink {
    private final CaptureOutput out;
    private final IntFunction<String> sourceLine;
    private final FrameNote note;
    private final StringBuilder comment = new StringBuilder(256);

    /** What a program says of a frame besides its verdict (the DoS filter: the deciding rule). */
    @FunctionalInterface
    public interface FrameNote {
        /** Appends to the comment of the frame in {@code slot}, or leaves it as it is. */
        void append(FrameSlot slot, StringBuilder comment);
    }

    /**
     * @param file a {@code .pcapng} file (classic pcap has no comments)
     * @param sourceLine the source location of an instruction index ({@code prog.c:33}), or null
     * @throws IllegalArgumentException when the name does not end in {@code .pcapng}
     */
    public AnnotateSink(Path file, IntFunction<String> sourceLine) {
        this(file, sourceLine, null);
    }

    /**
     * @param file a {@code .pcapng} file (classic pcap has no comments), or {@code -}: pcapng on
     *     standard output
     * @param sourceLine the source location of an instruction index ({@code prog.c:33}), or null
     * @param note appends to each frame's comment after its verdict, or null
     * @throws IllegalArgumentException when the name does not end in {@code .pcapng}
     */
    public AnnotateSink(Path file, IntFunction<String> sourceLine, FrameNote note) {
        if (CaptureFileFormat.forOutput(file) != CaptureFileFormat.PCAPNG && !StandardOutput.names(file)) {
            throw new IllegalArgumentException(file + ": annotations are pcapng comments; give the file a .pcapng name");
        }
        this.out = new CaptureOutput(file, () -> true, org.jxdp.capture.link.LinkType.LINKTYPE_ETHERNET,
                CaptureFileFormat.PCAPNG);
        this.sourceLine = sourceLine;
        this.note = note;
    }

    @Override
    public void accept(FrameSlot s) throws IOException {
        comment.setLength(0);
        Verdicts.describe(s, comment, sourceLine);
        if (note != null) {
            note.append(s, comment);
        }
        out.write(s, comment);
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
