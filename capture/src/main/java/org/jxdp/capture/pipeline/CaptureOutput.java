package org.jxdp.capture.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import org.jxdp.capture.link.LinkType;
import org.jxdp.capture.pcap.CaptureFileFormat;
import org.jxdp.capture.pcap.CaptureWriter;

/**
 * One output capture file, opened when its first frame comes (or, empty, at close): pcapng when
 * its name ends in {@code .pcapng}, classic pcap otherwise, with nanosecond timestamps when the
 * input has them. A classic pcap file holds one link type, the first frame's; a frame of another
 * is refused with a message that says to use a {@code .pcapng} name. {@code -} is standard
 * output ({@link StandardOutput}).
 */
final class CaptureOutput {
    private final Path path;
    private final java.util.function.BooleanSupplier nanoseconds;
    private CaptureFileFormat format;
    private final int defaultLinkType;
    private CaptureWriter writer;
    private int linkType;

    /**
     * @param nanoseconds asked when the file is opened (at its first frame, when the input's
     *     interfaces are known): whether a classic pcap file gets nanosecond timestamps
     */
    CaptureOutput(Path path, java.util.function.BooleanSupplier nanoseconds, int defaultLinkType) {
        this(path, nanoseconds, defaultLinkType, CaptureFileFormat.forOutput(path));
    }

    /** An output in {@code format} whatever its name says ({@code -}, standard output, has no extension). */
    CaptureOutput(Path path, java.util.function.BooleanSupplier nanoseconds, int defaultLinkType,
                  CaptureFileFormat format) {
        this.path = path;
        this.nanoseconds = nanoseconds;
        this.format = format;
        this.defaultLinkType = defaultLinkType;
    }

    void write(FrameSlot s, CharSequence comment) throws IOException {
        if (writer == null) {
            open(s.linkType);
        } else if (s.linkType != linkType && format != CaptureFileFormat.PCAPNG) {
            throw new IOException(path + ": a classic pcap file holds one link type, and frame " + s.frameNumber
                    + " is " + LinkType.describe(s.linkType) + " after " + LinkType.describe(linkType)
                    + "; give the output a .pcapng name");
        }
        try {
            writer.write(s.interfaceIndex, s.linkType, Math.max(0, s.timestampNanos), s.outputOriginalLength(),
                    s.array, s.offset, s.length, comment);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    void flush() throws IOException {
        if (writer != null) {
            writer.flush();
        }
    }

    long frames() {
        return writer == null ? 0 : writer.frames();
    }

    Path path() {
        return path;
    }

    private void open(int lt) throws IOException {
        if (format == CaptureFileFormat.PCAP && nanoseconds.getAsBoolean()) {
            format = CaptureFileFormat.PCAP_NSEC;
        }
        this.linkType = lt;
        this.writer = StandardOutput.names(path)
                ? CaptureWriter.create(StandardOutput.channel(), StandardOutput.DESCRIPTION, format, lt)
                : CaptureWriter.create(path, format, lt);
    }

    void close() throws IOException {
        if (writer == null) {
            open(defaultLinkType);
        }
        writer.close();
    }
}
