package org.jxdp.capture.pipeline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import org.jxdp.engine.vm.Fault;
import org.jxdp.hooks.XdpFrame;

/**
 * What a worker thread that reads the input for itself hands the pipeline thread for each frame
 * it ran: a single-producer single-consumer ring of records laid one after another in a byte
 * array, each the frame's outcome and its bytes as the program left them.
 * <pre>
 *   record (little-endian, 8-byte aligned; never split: a record that would pass the end of the
 *   array is put at its start, after a WRAP mark where it would have gone)
 *   +0  int  record length (bytes, header included), or WRAP
 *   +4  int  frame length
 *   +8  long sequence            +16 long timestamp (ns)   +24 long clock (ns)
 *   +32 long original length     +40 long return value     +48 long redirect target
 *   +56 int  captured length     +60 int  link type        +64 int  interface index
 *   +68 int  ingress ifindex     +72 int  XDP metadata u32 +76 byte action
 *   +77 byte redirect kind + 1 (0: none)   +78 byte flags (metadata present, fault)
 *   +80 the frame's bytes
 *
 *   buf:  [ consumed | record | record | record | free ... ]
 *                    ^ tail (pipeline thread)   ^ head (worker thread)
 * </pre>
 * The worker writes records and publishes the head every {@link #PUBLISH_EVERY} records, when it
 * has read a batch of frames, when the ring is full and at its end, with a release store; the pipeline thread
 * reads up to the head it acquired and publishes the tail the same way, in batches too; each side caches the
 * other's position and reads it again only when it seems to have run out. The pipeline thread
 * thus reads a worker's frames as one stream, never the worker's slots: on a machine where a
 * cache line takes a tenth of a microsecond from one core to the other, fetching slot fields
 * and frame bytes line by line cost more than running the frame. A fault (rare) travels in a
 * side array by record number.
 */
final class ResultRing {
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle POSITIONS = MethodHandles.arrayElementVarHandle(long[].class);
    /** Bytes before a record's frame bytes. */
    static final int HEADER = 80;
    private static final int WRAP = -1;
    private static final int FLAG_META = 1;
    private static final int FLAG_FAULT = 2;
    /** The published head, tail and frames read, each on a cache line of its own. */
    private static final int HEAD = 8;
    private static final int TAIL = 24;
    private static final int SCANNED = 40;
    /** Records published and records given back, for {@link #depth()}. */
    private static final int PUBLISHED_RECORDS = 9;
    private static final int RELEASED_RECORDS = 25;

    private final byte[] buf;
    private final int mask;
    private final Fault[] faults;
    private final int faultMask;
    private final long[] positions = new long[48];
    private static final RedirectKind[] KINDS = RedirectKind.values();

    /**
     * Each side's own counters, in an array of their own padded by a cache line on both sides:
     * as fields of this object they shared a line, and every record moved it between the cores
     * twice (half the pipeline thread's time went to that).
     */
    private final long[] producer = new long[24];
    private final long[] consumer = new long[24];
    /** Producer: bytes written (the head), records written, the tail last read, records not yet published. */
    private static final int HEAD_AT = 8;
    private static final int PRODUCED = 9;
    private static final int TAIL_SEEN = 10;
    private static final int UNPUBLISHED = 11;
    /** Consumer: bytes read (the tail), records read, the head last read, records not yet released. */
    private static final int TAIL_AT = 8;
    private static final int CONSUMED = 9;
    private static final int HEAD_SEEN = 10;
    private static final int UNRELEASED = 11;

    /** A ring of {@code capacity} bytes (a power of two, large enough for the largest frame's record twice). */
    ResultRing(int capacity) {
        if (Integer.bitCount(capacity) != 1 || capacity < 2 * (HEADER + XdpFrame.PAGE_SIZE)) {
            throw new IllegalArgumentException("result ring capacity must be a power of two of at least "
                    + 2 * (HEADER + XdpFrame.PAGE_SIZE) + ": " + capacity);
        }
        this.buf = new byte[capacity];
        this.mask = capacity - 1;
        // every record takes at least HEADER bytes, so no more than this many are ever in the ring
        int records = Integer.highestOneBit(capacity / HEADER) << 1;
        this.faults = new Fault[records];
        this.faultMask = records - 1;
    }

    /**
     * Worker thread: appends the outcome of the frame in {@code s}, numbered {@code sequence};
     * false when there is no room yet (nothing written; try again once the pipeline thread has
     * read more).
     */
    boolean offer(FrameSlot s) {
        final long[] p = producer;
        int length = s.length;
        int size = HEADER + (length + 7 & ~7);
        long at = p[HEAD_AT];
        int index = (int) (at & mask);
        int gap = buf.length - index;
        long need = size <= gap ? size : gap + size;
        if (need > buf.length - (at - p[TAIL_SEEN])) {
            p[TAIL_SEEN] = (long) POSITIONS.getAcquire(positions, TAIL);
            if (need > buf.length - (at - p[TAIL_SEEN])) {
                publishRelease();
                return false;
            }
        }
        if (size > gap) {
            INT.set(buf, index, WRAP);
            at += gap;
            index = 0;
        }
        byte[] b = buf;
        INT.set(b, index, size);
        INT.set(b, index + 4, length);
        LONG.set(b, index + 8, s.sequence);
        LONG.set(b, index + 16, s.timestampNanos);
        LONG.set(b, index + 24, s.clockNanos);
        LONG.set(b, index + 32, s.originalLength);
        LONG.set(b, index + 40, s.returnValue);
        LONG.set(b, index + 48, s.redirectTarget);
        INT.set(b, index + 56, s.capturedLength);
        INT.set(b, index + 60, s.linkType);
        INT.set(b, index + 64, s.interfaceIndex);
        INT.set(b, index + 68, s.ingressIfindex);
        long meta = s.xdpMetaU32();
        INT.set(b, index + 72, (int) meta);
        b[index + 76] = (byte) s.action;
        b[index + 77] = (byte) (s.redirectKind == null ? 0 : s.redirectKind.ordinal() + 1);
        int flags = meta >= 0 ? FLAG_META : 0;
        if (s.fault != null) {
            flags |= FLAG_FAULT;
            faults[(int) p[PRODUCED] & faultMask] = s.fault;
        }
        b[index + 78] = (byte) flags;
        System.arraycopy(s.array, s.offset, b, index + HEADER, length);
        p[PRODUCED]++;
        p[HEAD_AT] = at + size;
        if (++p[UNPUBLISHED] == PUBLISH_EVERY) {
            publishRelease();
        }
        return true;
    }

    /**
     * Records written before the head is published: the pipeline thread then reads lines the
     * worker has finished with, several at a time, instead of following it line by line.
     */
    static final int PUBLISH_EVERY = 16;

    /**
     * Worker thread: publishes what was written and that the first {@code scanned} frames of the
     * input have been read (release stores, in that order: a reader that sees the count sees every
     * record of a frame before it).
     */
    void publishRelease(long scanned) {
        publishRelease();
        POSITIONS.setRelease(positions, SCANNED, scanned);
    }

    /** Worker thread: publishes what was written (a release store). */
    void publishRelease() {
        final long[] p = producer;
        if (p[UNPUBLISHED] != 0) {
            p[UNPUBLISHED] = 0;
            POSITIONS.setOpaque(positions, PUBLISHED_RECORDS, p[PRODUCED]);
            POSITIONS.setRelease(positions, HEAD, p[HEAD_AT]);
        }
    }

    /**
     * Pipeline thread: fills {@code into} with the next record, which must be frame
     * {@code sequence} (all but {@code into}'s worker, which the caller knows); false when the
     * worker has not published it yet.
     *
     * @throws IllegalStateException when the next record is another frame's
     */
    boolean poll(FrameSlot into, long sequence) {
        final long[] c = consumer;
        long at = c[TAIL_AT];
        if (at == c[HEAD_SEEN]) {
            c[HEAD_SEEN] = (long) POSITIONS.getAcquire(positions, HEAD);
            if (at == c[HEAD_SEEN]) {
                releaseTail();
                return false;
            }
        }
        byte[] b = buf;
        int index = (int) (at & mask);
        int size = (int) INT.get(b, index);
        if (size == WRAP) {
            at += buf.length - index;
            index = 0;
            size = (int) INT.get(b, 0);
        }
        long seq = (long) LONG.get(b, index + 8);
        if (seq != sequence) {
            throw new IllegalStateException("the worker's next frame is " + (seq + 1) + ", not " + (sequence + 1));
        }
        int length = (int) INT.get(b, index + 4);
        into.sequence = seq;
        into.frameNumber = seq + 1;
        into.timestampNanos = (long) LONG.get(b, index + 16);
        into.clockNanos = (long) LONG.get(b, index + 24);
        into.originalLength = (long) LONG.get(b, index + 32);
        into.returnValue = (long) LONG.get(b, index + 40);
        into.redirectTarget = (long) LONG.get(b, index + 48);
        into.capturedLength = (int) INT.get(b, index + 56);
        into.linkType = (int) INT.get(b, index + 60);
        into.interfaceIndex = (int) INT.get(b, index + 64);
        into.ingressIfindex = (int) INT.get(b, index + 68);
        int flags = b[index + 78];
        into.copiedMeta = (flags & FLAG_META) != 0 ? (int) INT.get(b, index + 72) & 0xffffffffL : -1;
        into.action = b[index + 76];
        int kind = b[index + 77];
        into.redirectKind = kind == 0 ? null : KINDS[kind - 1];
        if ((flags & FLAG_FAULT) != 0) {
            int f = (int) c[CONSUMED] & faultMask;
            into.fault = faults[f];
            faults[f] = null;
        } else {
            into.fault = null;
        }
        byte[] dst = into.xdp.slot();
        if (dst.length < length) {
            throw new IllegalStateException("a " + length + "-byte frame does not fit the pipeline's slot");
        }
        System.arraycopy(b, index + HEADER, dst, 0, length);
        into.array = dst;
        into.offset = 0;
        into.length = length;
        into.notRun = null;
        into.ringDrop = false;
        c[CONSUMED]++;
        c[TAIL_AT] = at + size;
        if (++c[UNRELEASED] == PUBLISH_EVERY) {
            releaseTail();
        }
        return true;
    }

    /**
     * Pipeline thread: gives the worker back the room of the records read (a release store);
     * done every {@link #PUBLISH_EVERY} records and when the ring is found empty, not per record:
     * a worker waiting for room reads the tail over and over, and a store per record would take
     * the line from it each time.
     */
    void releaseTail() {
        final long[] c = consumer;
        if (c[UNRELEASED] != 0) {
            c[UNRELEASED] = 0;
            POSITIONS.setOpaque(positions, RELEASED_RECORDS, c[CONSUMED]);
            POSITIONS.setRelease(positions, TAIL, c[TAIL_AT]);
        }
    }

    /**
     * Any thread: records published and not yet given back, as of about now (the count given back
     * is read first, so the answer is never negative); the metrics' ring depth of a worker that
     * reads for itself.
     */
    int depth() {
        long released = (long) POSITIONS.getOpaque(positions, RELEASED_RECORDS);
        long published = (long) POSITIONS.getOpaque(positions, PUBLISHED_RECORDS);
        return (int) Math.max(0, published - released);
    }

    /** Pipeline thread: how many frames of the input the worker has read, as last published (an acquire read). */
    long scannedAcquire() {
        return (long) POSITIONS.getAcquire(positions, SCANNED);
    }

    /** Pipeline thread: the sequence of the next record, or -1 when the worker has published none not read yet. */
    long nextSequence() {
        final long[] c = consumer;
        long at = c[TAIL_AT];
        if (at == c[HEAD_SEEN]) {
            c[HEAD_SEEN] = (long) POSITIONS.getAcquire(positions, HEAD);
            if (at == c[HEAD_SEEN]) {
                return -1;
            }
        }
        int index = (int) (at & mask);
        if ((int) INT.get(buf, index) == WRAP) {
            index = 0;
        }
        return (long) LONG.get(buf, index + 8);
    }
}
