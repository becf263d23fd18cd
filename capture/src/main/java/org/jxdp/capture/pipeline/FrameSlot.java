package org.jxdp.capture.pipeline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import org.jxdp.capture.link.LinkFrame;
import org.jxdp.capture.link.LinkLayer;
import org.jxdp.capture.link.LinkType;
import org.jxdp.engine.vm.Fault;
import org.jxdp.hooks.XdpAction;
import org.jxdp.hooks.XdpFrame;

/**
 * One preallocated frame slot of the pipeline's pool (the UMEM of AF_XDP): a page-sized
 * {@link XdpFrame} with 256 bytes of headroom, the {@link LinkFrame} that undoes the Ethernet
 * translation, and what the pipeline learns about the frame on its way: where it came from
 * (filled by a {@link FrameSource} through {@link #load}), the verdict and redirect target (set by
 * a worker), and where its bytes are now ({@link #array()}, {@link #offset()}, {@link #length()}),
 * which is what the {@link VerdictSink}s write.
 *
 * <p>A slot is owned by one thread at a time: the pipeline thread fills it, a worker runs it, the
 * pipeline thread hands it to the sinks, in that order; the hand-overs are release/acquire pairs
 * (the worker ring, the slot's state), so the plain fields need no further synchronisation.
 */
public final class FrameSlot {
    static final int FREE = 0;
    static final int FILLED = 1;
    static final int DONE = 2;
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(FrameSlot.class, "state", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final int index;
    final XdpFrame xdp = new XdpFrame();
    final LinkFrame link = new LinkFrame();
    /** Frames longer than a slot, kept untouched to pass through; grown on demand and kept. */
    private byte[] overflow;
    @SuppressWarnings("unused")
    private volatile int state;

    // the frame as it arrived (FrameSource)
    long sequence;
    long frameNumber;
    long timestampNanos;
    long clockNanos;
    long originalLength;
    int capturedLength;
    int linkType;
    int interfaceIndex;
    int ingressIfindex;

    // where its bytes are
    byte[] array;
    int offset;
    int length;
    int copyOffset;

    // what happened to it
    NotRun notRun;
    boolean ringDrop;
    int action;
    long returnValue;
    long redirectTarget;
    RedirectKind redirectKind;
    Fault fault;
    int worker;
    /** {@link #xdpMetaU32()} as a worker thread read it, for a slot filled from a {@link ResultRing}; else {@link #NOT_COPIED}. */
    long copiedMeta = NOT_COPIED;
    static final long NOT_COPIED = Long.MIN_VALUE;

    FrameSlot(int index) {
        this.index = index;
    }

    /**
     * Puts a frame in the slot, as a {@link FrameSource} reads it: copies {@code length} bytes from
     * {@code src[offset...]} (absolute gets; the buffer is not modified) where its Ethernet header
     * will start at the headroom. A frame longer than a slot is kept apart to pass through
     * untouched ({@link NotRun#TOO_LONG}).
     *
     * @param timestampNanos capture time, nanoseconds since the epoch
     * @param originalLength the frame's length on the wire (unsigned 32 bits)
     * @param linkType its {@code LINKTYPE_} value
     * @param interfaceIndex the capture interface (pcapng IDB index; 0 for pcap and live)
     */
    public void load(long timestampNanos, long originalLength, int linkType, int interfaceIndex,
                     ByteBuffer src, int offset, int length) {
        byte[] dst = place(linkType, length);
        src.get(offset, dst, copyOffset, length);
        arrived(timestampNanos, originalLength, linkType, interfaceIndex, length);
    }

    /** Puts a frame from {@code src[offset, offset + length)} in the slot; see {@link #load(long, long, int, int, ByteBuffer, int, int)}. */
    public void load(long timestampNanos, long originalLength, int linkType, int interfaceIndex,
                     byte[] src, int offset, int length) {
        byte[] dst = place(linkType, length);
        System.arraycopy(src, offset, dst, copyOffset, length);
        arrived(timestampNanos, originalLength, linkType, interfaceIndex, length);
    }

    /**
     * Puts a frame that {@code src} copies in the slot (a live source: from libpcap's buffer);
     * see {@link #load(long, long, int, int, ByteBuffer, int, int)}.
     */
    public void load(long timestampNanos, long originalLength, int linkType, int interfaceIndex,
                     FrameBytes src, int length) {
        byte[] dst = place(linkType, length);
        src.copyTo(dst, copyOffset, length);
        arrived(timestampNanos, originalLength, linkType, interfaceIndex, length);
    }

    private byte[] place(int linkType, int length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative frame length " + length);
        }
        LinkLayer layer = LinkLayer.of(linkType);
        int at = layer.copyOffset(XdpFrame.XDP_PACKET_HEADROOM);
        int asEthernet = length - layer.headerLength() + XdpFrame.ETH_HLEN;
        if (asEthernet > xdp.maxFrame() || at + length > xdp.slot().length) {
            if (overflow == null || overflow.length < length) {
                overflow = new byte[Math.max(length, 65_536)];
            }
            copyOffset = 0;
            notRun = NotRun.TOO_LONG;
            return overflow;
        }
        copyOffset = at;
        notRun = null;
        return xdp.slot();
    }

    private void arrived(long timestampNanos, long originalLength, int linkType, int interfaceIndex, int length) {
        this.timestampNanos = timestampNanos;
        this.originalLength = originalLength;
        this.linkType = linkType;
        this.interfaceIndex = interfaceIndex;
        this.capturedLength = length;
        this.ingressIfindex = interfaceIndex + 1;
        this.array = notRun == NotRun.TOO_LONG ? overflow : xdp.slot();
        this.offset = copyOffset;
        this.length = length;
        this.ringDrop = false;
        this.action = XdpAction.XDP_PASS;
        this.returnValue = XdpAction.XDP_PASS;
        this.redirectTarget = -1;
        this.redirectKind = null;
        this.fault = null;
        this.worker = -1;
        this.copiedMeta = NOT_COPIED;
    }

    /** The frame's position in the input, from 0, across loops. */
    public long sequence() {
        return sequence;
    }

    /** The frame's number in the input, from 1, across loops (what --verdicts prints). */
    public long frameNumber() {
        return frameNumber;
    }

    /** Capture time in nanoseconds since the epoch (shifted by the loop, see {@link CaptureFileSource}). */
    public long timestampNanos() {
        return timestampNanos;
    }

    /** What {@code bpf_ktime_get_ns()} returned while this frame ran (capture clock). */
    /**
     * The first 4 bytes of the XDP metadata the program left in front of the frame
     * ({@code bpf_xdp_adjust_meta}), little-endian, or -1 when it left fewer (or the frame was
     * not run).
     */
    public long xdpMetaU32() {
        if (copiedMeta != NOT_COPIED) {
            return copiedMeta;
        }
        if (notRun != null || xdp.data() - xdp.dataMeta() < 4) {
            return -1;
        }
        byte[] b = xdp.slot();
        int o = xdp.dataMeta();
        return (b[o] & 0xffL) | (b[o + 1] & 0xffL) << 8 | (b[o + 2] & 0xffL) << 16 | (b[o + 3] & 0xffL) << 24;
    }

    public long clockNanos() {
        return clockNanos;
    }

    /** The frame's link type as read; outputs keep it. */
    public int linkType() {
        return linkType;
    }

    /** The capture interface it came from. */
    public int interfaceIndex() {
        return interfaceIndex;
    }

    /** The {@code ingress_ifindex} the program sees: the capture interface's index plus one unless set. */
    public int ingressIfindex() {
        return ingressIfindex;
    }

    /**
     * Sets the {@code ingress_ifindex} the program will see (a live source: the interface's real
     * ifindex); call it after {@link #load}, which sets the capture interface's index plus one.
     */
    public void ingressIfindex(int ifindex) {
        this.ingressIfindex = ifindex;
    }

    /** Bytes of the frame as read. */
    public int capturedLength() {
        return capturedLength;
    }

    /** The frame's wire length as read. */
    public long originalLength() {
        return originalLength;
    }

    /**
     * The frame's wire length after the program's changes: the original length moved by as
     * many bytes as the program added or removed.
     */
    public long outputOriginalLength() {
        return Math.max(length, originalLength + (length - capturedLength));
    }

    /** The array holding the frame's bytes now (after the program, in its own link type again). */
    public byte[] array() {
        return array;
    }

    /** Where the frame starts in {@link #array()}. */
    public int offset() {
        return offset;
    }

    /** The frame's length now. */
    public int length() {
        return length;
    }

    /** Why the frame was not run, or null when it was. */
    public NotRun notRun() {
        return notRun;
    }

    /** True when the frame was dropped because the worker's ring was full (live capture only). */
    public boolean ringDrop() {
        return ringDrop;
    }

    /**
     * The verdict carried out, an {@link XdpAction} value: the program's return value, or
     * {@link XdpAction#XDP_ABORTED} for a fault or an invalid return value, or
     * {@link XdpAction#XDP_PASS} for a frame that was not run.
     */
    public int action() {
        return action;
    }

    /** The program's r0 (differs from {@link #action()} for an invalid XDP action). */
    public long returnValue() {
        return returnValue;
    }

    /** For REDIRECT: the target (ifindex, CPU or xsk entry; -1 for a broadcast). */
    public long redirectTarget() {
        return redirectTarget;
    }

    /** For REDIRECT: what kind of target; null otherwise. */
    public RedirectKind redirectKind() {
        return redirectKind;
    }

    /** For ABORTED by a fault: the fault; null otherwise. */
    public Fault fault() {
        return fault;
    }

    /** The worker that ran the frame, or -1. */
    public int worker() {
        return worker;
    }

    /** The slot's index in the pool. */
    public int index() {
        return index;
    }

    /** {@code frame 12: XDP_PASS, 60 bytes}. */
    @Override
    public String toString() {
        return "frame " + frameNumber + ": " + (notRun != null ? "not run (" + notRun.description() + ")"
                : ringDrop ? "ring drop" : XdpAction.describe(action)) + ", " + length + " bytes, "
                + LinkType.describe(linkType);
    }

    int stateAcquire() {
        return (int) STATE.getAcquire(this);
    }

    void stateRelease(int s) {
        STATE.setRelease(this, s);
    }

    int stateVolatile() {
        return (int) STATE.getVolatile(this);
    }
}
