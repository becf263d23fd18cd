package org.jxdp.capture.pcap;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads the frames of a classic pcap or pcapng capture, told apart by their magic number (never
 * by the file's name), from a file read window by window into one reused buffer.
 * <pre>
 *   try (CaptureReader in = CaptureReader.open(Path.of("capture.pcapng"))) {
 *       CaptureRecord r = new CaptureRecord();
 *       while (in.next(r)) {
 *           r.copyTo(slot, 256);                       // or read r.buffer() at r.dataOffset()
 *       }
 *       in.problems().list().forEach(System.err::println);
 *   }
 * </pre>
 *
 * <p>{@link #next} allocates nothing for a sound frame: it fills the caller's record with the
 * frame's timestamp, interface, link type, lengths and file offset, and points it at the frame's
 * bytes in the window (valid until the next call). Damage after the file header (a truncated last record, block lengths
 * that disagree, absurd lengths, unknown blocks, garbage between blocks) is never fatal: each
 * case is counted and reported in {@link #problems()} with its file offset, and reading goes on
 * with the next record it can find. Only a header that cannot be read at all makes
 * {@link #open} throw its {@link CaptureFormatException}; {@code next} throws nothing but an
 * {@link UncheckedIOException} when reading the next window of the file fails.
 *
 * <p>Not thread-safe: one reader per thread.
 */
public abstract sealed class CaptureReader implements Closeable permits PcapReader, PcapngReader {
    final String name;
    final FileWindow w;
    final CaptureProblems problems;
    final List<CaptureInterface> interfaces = new ArrayList<>();
    long frames;
    long snapped;

    CaptureReader(String name, FileWindow w) {
        this.name = name;
        this.w = w;
        this.problems = new CaptureProblems(name);
    }

    /**
     * Opens a capture file and reads its header; the file is read through 256 KiB windows.
     *
     * @throws CaptureFormatException when the header cannot be read (naming file and offset)
     * @throws IOException when the file cannot be opened or read
     */
    public static CaptureReader open(Path file) throws IOException {
        return open(file, FileWindow.DEFAULT_WINDOW);
    }

    /**
     * Opens a capture file, reading {@code windowBytes} of it at a time (clamped to
     * [64 bytes, 16 MiB]); the result is the same for every window size.
     */
    public static CaptureReader open(Path file, long windowBytes) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return detect(file.toString(), FileWindow.read(ch, windowBytes));
        } catch (IOException | RuntimeException | Error e) {
            ch.close();
            throw e;
        }
    }

    /**
     * Reads a capture held in memory: the bytes between {@code bytes}' position and limit, under
     * the name {@code name} in messages. The buffer is not modified.
     */
    public static CaptureReader read(String name, ByteBuffer bytes) throws CaptureFormatException {
        return detect(name, FileWindow.of(bytes, FileWindow.DEFAULT_MEMORY_WINDOW));
    }

    /**
     * Reads a capture held in memory through windows of {@code windowBytes} (clamped to [64
     * bytes, 2 GiB - 4 KiB]), as a file larger than the window is read: for tests.
     */
    public static CaptureReader read(String name, ByteBuffer bytes, long windowBytes) throws CaptureFormatException {
        return detect(name, FileWindow.of(bytes, windowBytes));
    }

    private static CaptureReader detect(String name, FileWindow w) throws CaptureFormatException {
        if (w.size() < 4) {
            throw new CaptureFormatException(name, 0, "the file is " + w.size()
                    + " bytes long, too short for a pcap or pcapng magic number");
        }
        w.order(ByteOrder.BIG_ENDIAN);
        int magic = w.i32(0);
        w.order(ByteOrder.LITTLE_ENDIAN);
        switch (magic) {
            case ClassicPcap.TCPDUMP_MAGIC:
                return new PcapReader(name, w, ByteOrder.BIG_ENDIAN, false);
            case 0xd4c3b2a1:
                return new PcapReader(name, w, ByteOrder.LITTLE_ENDIAN, false);
            case ClassicPcap.NSEC_TCPDUMP_MAGIC:
                return new PcapReader(name, w, ByteOrder.BIG_ENDIAN, true);
            case 0x4d3cb2a1:
                return new PcapReader(name, w, ByteOrder.LITTLE_ENDIAN, true);
            case Pcapng.BT_SHB:
                return new PcapngReader(name, w);
            case ClassicPcap.KUZNETZOV_TCPDUMP_MAGIC:
            case 0x34cdb2a1:
                throw new CaptureFormatException(name, 0, "magic 0x" + Integer.toHexString(magic)
                        + " is Kuznetzov's modified pcap, which is not supported (convert it with editcap -F pcap)");
            default:
                String hint = (magic >>> 16) == 0x1f8b ? " (it looks gzip-compressed: decompress it first)" : "";
                throw new CaptureFormatException(name, 0, "magic 0x" + String.format("%08x", magic)
                        + " is neither pcap (a1b2c3d4, a1b23c4d, either byte order) nor pcapng (0a0d0d0a)" + hint);
        }
    }

    /**
     * Reads the next frame into {@code record}, skipping (and reporting) whatever cannot be read.
     * Allocates nothing unless it has a problem to report.
     *
     * @return false at the end of the file
     */
    public abstract boolean next(CaptureRecord record);

    /** The file's format; for classic pcap, the timestamp resolution with it. */
    public abstract CaptureFileFormat format();

    /**
     * The interfaces described so far, by {@link CaptureInterface#index()}: the one of a classic
     * pcap file, or every pcapng IDB read up to now (IDBs may come anywhere in a section).
     */
    public List<CaptureInterface> interfaces() {
        return Collections.unmodifiableList(interfaces);
    }

    /** The problems met so far. */
    public CaptureProblems problems() {
        return problems;
    }

    /** Frames delivered by {@link #next} so far. */
    public long frames() {
        return frames;
    }

    /** Frames delivered so far whose captured length is below their original length (cut by a snaplen). */
    public long snappedFrames() {
        return snapped;
    }

    /** The file's name as given. */
    public String name() {
        return name;
    }

    /** The file's size in bytes. */
    public long size() {
        return w.size();
    }

    /**
     * Closes the file. Mappings already made stay readable until they are garbage-collected, so
     * a record read before {@code close} can still be copied.
     */
    @Override
    public void close() throws IOException {
        w.close();
    }

    void report(long offset, ProblemKind kind, String detail) {
        problems.report(offset, kind, detail);
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
