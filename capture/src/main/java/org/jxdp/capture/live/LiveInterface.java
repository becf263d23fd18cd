package org.jxdp.capture.live;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.io.Closeable;
import java.io.IOException;
import java.lang.reflect.Field;
import org.jxdp.capture.link.LinkType;
import org.jxdp.capture.pipeline.CaptureStatistics;
import org.jxdp.capture.pipeline.FrameBytes;
import org.jxdp.capture.pipeline.FrameSlot;
import org.jxdp.capture.pipeline.FrameSource;
import org.pcap4j.core.BpfProgram;
import org.pcap4j.core.NotOpenException;
import org.pcap4j.core.PcapHandle;
import org.pcap4j.core.PcapNativeException;
import org.pcap4j.core.PcapNetworkInterface;
import org.pcap4j.core.PcapStat;

/**
 * One network interface opened through libpcap: opened, filtered and counted with pcap4j, read
 * and written per frame with {@link PcapNative} (no allocation). Captures incoming frames only
 * ({@code PCAP_D_IN}), so the frames jxdp transmits on it are not read back; non-blocking, in
 * immediate mode (each frame is delivered at once, not in timed blocks).
 *
 * <p>Used from one thread (the pipeline's) after opening.
 */
public final class LiveInterface implements Closeable, CaptureStatistics {
    private static final int LONG = Native.LONG_SIZE;

    private final String name;
    private final int ifindex;
    private final PcapHandle handle;
    private final Pointer pcap;
    private final int linkType;
    private final int selectableFd;
    private final long[] header = new long[1];
    private final long[] data = new long[1];
    private final Pointer headerView = new Pointer(0);
    private final Pointer packetView = new Pointer(0);
    private final FrameBytes packetBytes = (dst, at, length) -> packetView.read(0, dst, at, length);
    private Memory sendBuffer = new Memory(65_536);
    private long captured;
    private long sent;
    private long sendErrors;
    private String firstSendError;

    private LiveInterface(String name, int ifindex, PcapHandle handle, Pointer pcap, int linkType) {
        this.name = name;
        this.ifindex = ifindex;
        this.handle = handle;
        this.pcap = pcap;
        this.linkType = linkType;
        this.selectableFd = PcapNative.pcap_get_selectable_fd(pcap);
    }

    /**
     * Opens {@code name} for capture (incoming frames, with the settings' snaplen, promiscuous
     * mode and prefilter) and transmission.
     *
     * @throws IOException one line: no such interface, no permission, a bad prefilter, no libpcap
     */
    public static LiveInterface open(String name, CaptureSettings settings) throws IOException {
        return open(name, settings, true);
    }

    /** Opens {@code name} to transmit on only (a redirect target): it captures nothing. */
    public static LiveInterface openForSending(String name) throws IOException {
        return open(name, new CaptureSettings(128, false, null, 65_536), false);
    }

    private static LiveInterface open(String name, CaptureSettings s, boolean capture) throws IOException {
        int ifindex = ifindex(name);
        String library = LibpcapLocator.library();
        PcapHandle h;
        try {
            h = new PcapHandle.Builder(name)
                    .snaplen(s.snaplen())
                    .promiscuousMode(s.promiscuous() ? PcapNetworkInterface.PromiscuousMode.PROMISCUOUS
                            : PcapNetworkInterface.PromiscuousMode.NONPROMISCUOUS)
                    .timeoutMillis(1)
                    .bufferSize(s.bufferBytes())
                    .immediateMode(true)
                    .direction(PcapHandle.PcapDirection.IN)
                    .build();
        } catch (PcapNativeException e) {
            String m = message(e);
            if (m.contains("not permitted") || m.contains("permission")) {
                throw new IOException(name + ": no permission to capture (" + m + "); run as root or with CAP_NET_RAW");
            }
            throw new IOException(name + ": " + m);
        } catch (LinkageError e) {
            throw new IOException("cannot load libpcap (" + library + "): install it (apt-get install libpcap0.8) or "
                    + "name it with -D" + LibpcapLocator.PROPERTY + "=/path/to/libpcap.so");
        }
        try {
            if (!capture) {
                h.setFilter("less 1", BpfProgram.BpfCompileMode.OPTIMIZE);
            } else if (s.prefilter() != null) {
                try {
                    h.setFilter(s.prefilter(), BpfProgram.BpfCompileMode.OPTIMIZE);
                } catch (PcapNativeException e) {
                    throw new IOException("--prefilter '" + s.prefilter() + "': " + message(e));
                }
            }
            h.setBlockingMode(PcapHandle.BlockingMode.NONBLOCKING);
            int dlt = h.getDlt().value();
            return new LiveInterface(name, ifindex, h, pointer(h), linkType(dlt));
        } catch (PcapNativeException | NotOpenException | IOException | RuntimeException e) {
            h.close();
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IOException(name + ": " + message(e));
        }
    }

    /**
     * The interface's index, asked of the OS ({@code if_nametoindex}: Java's NetworkInterface
     * does not see interfaces without an IP address).
     */
    static int ifindex(String name) throws IOException {
        if (name.equals("any")) {
            return 0;
        }
        int i = name.isEmpty() || name.length() >= 16 ? 0 : PcapNative.Libc.if_nametoindex(name);
        if (i <= 0) {
            throw new IOException("no such interface: " + name);
        }
        return i;
    }

    /** The name of the interface with {@code ifindex}, or null when there is none. */
    static String name(int ifindex) {
        byte[] buf = new byte[16];
        if (PcapNative.Libc.if_indextoname(ifindex, buf) == null) {
            return null;
        }
        int n = 0;
        while (n < buf.length && buf[n] != 0) {
            n++;
        }
        return new String(buf, 0, n, java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** The {@code pcap_t *} pcap4j opened (a private field of its handle). */
    private static Pointer pointer(PcapHandle h) throws IOException {
        try {
            Field f = PcapHandle.class.getDeclaredField("handle");
            f.setAccessible(true);
            return (Pointer) f.get(h);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IOException("this pcap4j version keeps its pcap_t elsewhere: " + e);
        }
    }

    /** libpcap's DLT_ values are LINKTYPE_ values except for raw IP. */
    private static int linkType(int dlt) {
        return dlt == 12 || dlt == 14 ? LinkType.LINKTYPE_RAW : dlt;
    }

    private static String message(Exception e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        return m.replace('\n', ' ').replaceFirst("^Error occurred in pcap_compile: ", "").strip();
    }

    /**
     * Reads one frame into {@code slot} without waiting: its ingress ifindex is this
     * interface's, its capture interface {@code position}.
     *
     * @return {@link FrameSource#FRAME} or {@link FrameSource#NONE}
     * @throws IOException when libpcap fails (the interface went down, say)
     */
    public int read(FrameSlot slot, int position) throws IOException {
        int r = PcapNative.pcap_next_ex(pcap, header, data);
        if (r == 1) {
            Pointer h = headerView;
            Pointer.nativeValue(h, header[0]);
            long sec = LONG == 8 ? h.getLong(0) : h.getInt(0) & 0xffffffffL;
            long usec = LONG == 8 ? h.getLong(8) : h.getInt(4) & 0xffffffffL;
            int caplen = h.getInt(2L * LONG);
            long len = h.getInt(2L * LONG + 4) & 0xffffffffL;
            Pointer.nativeValue(packetView, data[0]);
            slot.load(sec * 1_000_000_000L + usec * 1_000L, len, linkType, position, packetBytes, caplen);
            slot.ingressIfindex(ifindex);
            captured++;
            return FrameSource.FRAME;
        }
        if (r == 0) {
            return FrameSource.NONE;
        }
        throw new IOException(name + ": " + PcapNative.pcap_geterr(pcap));
    }

    /**
     * Transmits {@code array[offset, offset + length)} on the interface; a failure is counted
     * (with its first message), not thrown: the kernel drops what it cannot transmit too.
     */
    public boolean send(byte[] array, int offset, int length) {
        if (length > sendBuffer.size()) {
            sendBuffer = new Memory(length);
        }
        sendBuffer.write(0, array, offset, length);
        if (PcapNative.pcap_sendpacket(pcap, sendBuffer, length) == 0) {
            sent++;
            return true;
        }
        sendErrors++;
        if (firstSendError == null) {
            firstSendError = PcapNative.pcap_geterr(pcap);
        }
        return false;
    }

    /** The descriptor that {@code poll(2)} reports readable when a frame waits, or -1. */
    int selectableFd() {
        return selectableFd;
    }

    /** The interface's name. */
    public String name() {
        return name;
    }

    /** Its ifindex (0 for libpcap's {@code any}). */
    public int ifindex() {
        return ifindex;
    }

    /** Its link type ({@code LINKTYPE_}). */
    public int linkType() {
        return linkType;
    }

    @Override
    public String interfaceName() {
        return name;
    }

    /**
     * libpcap's {@code ps_drop + ps_ifdrop} (0 for what it cannot tell). Called from one thread at
     * a time: the metrics server's while frames flow, the session's after.
     */
    @Override
    public long droppedFrames() {
        InterfaceStats s = stats();
        return Math.max(0, s.dropped()) + Math.max(0, s.ifdropped());
    }

    /** libpcap's counters and jxdp's; libpcap's are -1 when it cannot tell. */
    public InterfaceStats stats() {
        long recv = -1;
        long drop = -1;
        long ifdrop = -1;
        try {
            PcapStat st = handle.getStats();
            recv = st.getNumPacketsReceived();
            drop = st.getNumPacketsDropped();
            ifdrop = st.getNumPacketsDroppedByIf();
        } catch (PcapNativeException | NotOpenException e) {
            // reported as unknown
        }
        return new InterfaceStats(name, ifindex, recv, drop, ifdrop, captured, sent, sendErrors, firstSendError);
    }

    @Override
    public void close() {
        handle.close();
    }

    @Override
    public String toString() {
        return name + " (ifindex " + ifindex + ")";
    }
}
