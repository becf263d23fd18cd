package org.jxdp.capture.testing;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.jxdp.capture.pcap.CaptureFileFormat;
import org.jxdp.capture.pcap.CaptureInterface;
import org.jxdp.capture.pcap.CaptureProblem;
import org.jxdp.capture.pcap.CaptureReader;
import org.jxdp.capture.pcap.CaptureRecord;

/** Everything a reader delivers from one capture, copied out for comparisons in tests. */
public record CaptureContents(CaptureFileFormat format, List<Frame> frames, List<CaptureInterface> interfaces,
                              List<CaptureProblem> problems, long snapped) {

    /** One delivered frame, with a copy of its bytes. */
    public record Frame(long number, long fileOffset, long timestampNanos, int interfaceIndex, int linkType,
                        long originalLength, byte[] bytes, String comment, int flags) {

        /** MD5 of the bytes, as tshark's {@code frame.md5_hash} prints it. */
        public String md5() {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
            } catch (NoSuchAlgorithmException e) {
                throw new AssertionError(e);
            }
        }

        /** The fields a re-written copy must keep (not its place in the file). */
        public String essence() {
            return "ts=" + timestampNanos + " link=" + linkType + " orig=" + originalLength + " len=" + bytes.length
                    + " md5=" + md5();
        }
    }

    /** Reads the whole file. */
    public static CaptureContents of(Path file) throws IOException {
        try (CaptureReader r = CaptureReader.open(file)) {
            return drain(r);
        }
    }

    /** Reads the whole file through windows of {@code window} bytes. */
    public static CaptureContents of(Path file, long window) throws IOException {
        try (CaptureReader r = CaptureReader.open(file, window)) {
            return drain(r);
        }
    }

    /** Reads a capture held in memory. */
    public static CaptureContents of(byte[] bytes) throws IOException {
        return drain(CaptureReader.read("memory", ByteBuffer.wrap(bytes)));
    }

    /** Reads a capture held in memory through windows of {@code window} bytes. */
    public static CaptureContents of(byte[] bytes, long window) throws IOException {
        return drain(CaptureReader.read("memory", ByteBuffer.wrap(bytes), window));
    }

    /** Reads what is left of an open reader. */
    public static CaptureContents drain(CaptureReader r) {
        List<Frame> frames = new ArrayList<>();
        CaptureRecord rec = new CaptureRecord();
        while (r.next(rec)) {
            byte[] b = new byte[rec.capturedLength()];
            rec.copyTo(b, 0);
            frames.add(new Frame(rec.frameNumber(), rec.fileOffset(), rec.timestampNanos(), rec.interfaceIndex(),
                    rec.linkType(), rec.originalLength(), b, rec.comment(), rec.flags()));
        }
        return new CaptureContents(r.format(), frames, List.copyOf(r.interfaces()), r.problems().list(), r.snappedFrames());
    }

    /** The essence of every frame, in order. */
    public List<String> essences() {
        return frames.stream().map(Frame::essence).toList();
    }
}
