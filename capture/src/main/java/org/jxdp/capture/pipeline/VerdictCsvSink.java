package org.jxdp.capture.pipeline;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jxdp.capture.pcap.WriteFailure;

/**
 * {@code --verdicts out.csv}: a header line {@code frame,verdict,length}, then one line per input
 * frame in input order: its number from 1, the action carried out (ABORTED, DROP, PASS, TX,
 * REDIRECT; a frame that was not run passed through, so PASS), and its wire length after the
 * program's changes (the input's length plus what {@code adjust_head}/{@code adjust_tail}
 * added; for a frame captured whole, the bytes written). Written through one buffer without
 * allocating per line.
 */
public final class VerdictCsvSink implements VerdictSink {
    private static final byte[] HEADER = "frame,verdict,length\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[][] NAMES = {bytes("ABORTED"), bytes("DROP"), bytes("PASS"), bytes("TX"), bytes("REDIRECT")};

    private final String name;
    private final OutputStream out;
    private final byte[] buf = new byte[1 << 16];
    private int pos;

    /** Creates (or truncates) {@code file} ({@code -}: standard output) and writes the header. */
    public VerdictCsvSink(Path file) throws IOException {
        this.name = StandardOutput.names(file) ? StandardOutput.DESCRIPTION : file.toString();
        this.out = StandardOutput.names(file) ? StandardOutput.stream() : Files.newOutputStream(file);
        System.arraycopy(HEADER, 0, buf, 0, HEADER.length);
        pos = HEADER.length;
    }

    @Override
    public void accept(FrameSlot s) throws IOException {
        if (pos > buf.length - 64) {
            flush();
        }
        pos = number(s.frameNumber, pos);
        buf[pos++] = ',';
        byte[] name = s.ringDrop ? NAMES[1] : s.notRun != null ? NAMES[2] : NAMES[s.action];
        System.arraycopy(name, 0, buf, pos, name.length);
        pos += name.length;
        buf[pos++] = ',';
        pos = number(s.outputOriginalLength(), pos);
        buf[pos++] = '\n';
    }

    private int number(long v, int p) {
        if (v == 0) {
            buf[p] = '0';
            return p + 1;
        }
        int digits = 0;
        for (long x = v; x != 0; x /= 10) {
            digits++;
        }
        int end = p + digits;
        for (int i = end - 1; i >= p; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return end;
    }

    @Override
    public void flush() throws IOException {
        try {
            out.write(buf, 0, pos);
        } catch (IOException e) {
            throw WriteFailure.of(name, e);
        }
        pos = 0;
    }

    @Override
    public void close() throws IOException {
        try {
            flush();
        } finally {
            out.close();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
