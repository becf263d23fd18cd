package org.jxdp.capture.pipeline;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jxdp.capture.link.LinkType;
import org.jxdp.capture.pcap.CaptureFileFormat;
import org.jxdp.capture.pcap.CaptureProblem;
import org.jxdp.capture.pcap.CaptureProblems;
import org.jxdp.capture.pcap.CaptureReader;
import org.jxdp.capture.pcap.CaptureRecord;

/**
 * A pcap or pcapng file as a {@link FrameSource}, read {@code loops} times.
 *
 * <p>Each loop after the first shifts the timestamps by the capture's span plus one mean gap
 * between frames, so that time keeps going forward: the program's clock, the pacing and the
 * outputs see loop 2 follow loop 1 as if the capture had been twice as long. Problems of the
 * file (damaged records) are reported once, from the first loop.
 */
public final class CaptureFileSource implements FrameSource {
    private final Path file;
    private final String name;
    private final ByteBuffer bytes;
    private final int loops;
    private final CaptureRecord record = new CaptureRecord();
    private final CaptureProblems problems;
    private final CaptureFileFormat format;
    private CaptureReader reader;
    private int loop;
    private long shift;
    private long first = Long.MAX_VALUE;
    private long last = Long.MIN_VALUE;
    private long framesPerLoop;

    private CaptureFileSource(Path file, String name, ByteBuffer bytes, int loops, CaptureReader reader) {
        this.file = file;
        this.name = name;
        this.bytes = bytes;
        this.loops = loops;
        this.reader = reader;
        this.problems = reader.problems();
        this.format = reader.format();
    }

    /**
     * Opens {@code file} to be read {@code loops} times.
     *
     * @throws org.jxdp.capture.pcap.CaptureFormatException when its header cannot be read
     * @throws IOException when it cannot be opened
     */
    public static CaptureFileSource open(Path file, int loops) throws IOException {
        if (loops < 1) {
            throw new IllegalArgumentException("loops must be at least 1: " + loops);
        }
        return new CaptureFileSource(file, file.toString(), null, loops, CaptureReader.open(file));
    }

    /**
     * A capture held in memory (a bundled sample), read {@code loops} times; {@code name} is for
     * messages.
     */
    public static CaptureFileSource of(String name, ByteBuffer bytes, int loops) throws IOException {
        if (loops < 1) {
            throw new IllegalArgumentException("loops must be at least 1: " + loops);
        }
        return new CaptureFileSource(null, name, bytes, loops, CaptureReader.read(name, bytes.duplicate()));
    }

    /** The same file (or bytes) opened again from the start, read as many times. */
    @Override
    public CaptureFileSource fork() throws IOException {
        return file != null ? open(file, loops) : of(name, bytes, loops);
    }

    @Override
    public int next(FrameSlot slot) throws IOException {
        if (!advance()) {
            return END;
        }
        CaptureRecord r = record;
        slot.load(r.timestampNanos() + shift, r.originalLength(), r.linkType(), r.interfaceIndex(), r.buffer(),
                r.dataOffset(), r.capturedLength());
        return FRAME;
    }

    /** Moves past the next frame without copying it. */
    @Override
    public int skip(FrameSlot slot) throws IOException {
        return advance() ? FRAME : END;
    }

    /** Reads the next record into {@link #record}, starting the next loop at the end of one; false at the end. */
    private boolean advance() throws IOException {
        while (true) {
            CaptureRecord r = record;
            if (reader.next(r)) {
                long ts = r.timestampNanos();
                if (loop == 0) {
                    if (ts < first) {
                        first = ts;
                    }
                    if (ts > last) {
                        last = ts;
                    }
                    framesPerLoop++;
                }
                return true;
            }
            if (loop + 1 >= loops || framesPerLoop == 0) {
                return false;
            }
            loop++;
            long span = last - first;
            long gap = framesPerLoop > 1 ? Math.max(1, span / (framesPerLoop - 1)) : 1_000_000L;
            shift = loop * (span + gap);
            reader.close();
            reader = file != null ? CaptureReader.open(file) : CaptureReader.read(name, bytes.duplicate());
        }
    }

    /** The input file's format (outputs keep nanosecond resolution when it has it). */
    public CaptureFileFormat format() {
        return format;
    }

    /**
     * True when the input's timestamps are finer than microseconds (nanosecond pcap, or a pcapng
     * interface with another resolution than 10^-6): classic pcap outputs then use nanoseconds.
     */
    public boolean nanosecondTimestamps() {
        if (format == CaptureFileFormat.PCAP_NSEC) {
            return true;
        }
        return format == CaptureFileFormat.PCAPNG
                && reader.interfaces().stream().anyMatch(i -> i.tsresol() != 6);
    }

    /** The loop being read, from 0. */
    public int loop() {
        return loop;
    }

    /** The problems of the file (first loop). */
    public CaptureProblems captureProblems() {
        return problems;
    }

    @Override
    public List<String> problems() {
        List<String> out = new ArrayList<>();
        for (CaptureProblem p : problems.list()) {
            out.add(p.toString());
        }
        return out;
    }

    @Override
    public long problemCount() {
        return problems.count();
    }

    @Override
    public int linkType() {
        return reader.interfaces().isEmpty() ? LinkType.LINKTYPE_ETHERNET : reader.interfaces().get(0).linkType();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
