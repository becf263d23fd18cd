package org.jxdp.engine.maps;

import static org.jxdp.engine.maps.Errno.E2BIG;
import static org.jxdp.engine.maps.Errno.ENOSPC;

/**
 * One CPU's perf ring buffer, what {@code perf_event_open} plus {@code mmap} give a consumer:
 * records of {@code struct perf_event_header} and a body, in a power-of-two data area.
 * <pre>
 *   PERF_RECORD_SAMPLE (9) with PERF_SAMPLE_RAW:
 *   0         4      6      8         12                          size
 *   +---------+------+------+---------+---------------------------+
 *   |  type   | misc | size | raw len |  raw bytes, zero padded   |   raw len = round_up(4 + n, 8) - 4
 *   +---------+------+------+---------+---------------------------+
 *   PERF_RECORD_LOST (2):
 *   +---------+------+------+-------------------+-------------------+
 *   |  type   | misc |  24  |   id (u64)        |   lost (u64)      |
 *   +---------+------+------+-------------------+-------------------+
 * </pre>
 * A sample that does not fit is dropped and counted; the count is written as a LOST record in
 * front of the next sample that fits with it, as the kernel's {@code perf_output_begin} does.
 * Writers and the reader synchronize on the ring.
 */
public final class PerfRing {
    /** A {@code PERF_RECORD_LOST} record: samples were dropped. */
    public static final int PERF_RECORD_LOST = 2;
    /** A {@code PERF_RECORD_SAMPLE} record. */
    public static final int PERF_RECORD_SAMPLE = 9;
    private static final int HEADER = 8;
    private static final int LOST_RECORD = 24;

    private final int cpu;
    private final byte[] data;
    private final int mask;
    private long head;
    private long tail;
    private long lostPending;
    private long lostTotal;

    /**
     * @param cpu the CPU (worker) whose samples the ring takes
     * @param dataPages pages of 4096 bytes of data, a power of two
     */
    public PerfRing(int cpu, int dataPages) {
        if (dataPages <= 0 || (dataPages & (dataPages - 1)) != 0 || dataPages > 1 << 16) {
            throw new IllegalArgumentException("a perf ring needs a power of two of pages (1..65536), not "
                    + dataPages);
        }
        this.cpu = cpu;
        this.data = new byte[dataPages * 4096];
        this.mask = data.length - 1;
    }

    /** The CPU the ring belongs to. */
    public int cpu() {
        return cpu;
    }

    /** Samples dropped so far because the ring was full. */
    public synchronized long lost() {
        return lostTotal;
    }

    /** Bytes written and not yet read. */
    public synchronized long pending() {
        return head - tail;
    }

    /**
     * Writes a sample made of {@code a[aOff, aOff + aLen)} followed by {@code b[bOff, bOff + bLen)};
     * 0, -ENOSPC when it does not fit (it is counted as lost), -E2BIG when it is larger than a
     * record can be (a record's size is a u16).
     */
    synchronized int write(byte[] a, int aOff, int aLen, byte[] b, int bOff, int bLen) {
        long raw = (long) aLen + bLen;
        long rawLen = ((raw + 4 + 7) & ~7L) - 4;
        long size = HEADER + 4 + rawLen;
        if (size > 0xffff) {
            return -E2BIG;
        }
        long need = size + (lostPending > 0 ? LOST_RECORD : 0);
        if (need > data.length - (head - tail)) {
            lostPending++;
            lostTotal++;
            return -ENOSPC;
        }
        if (lostPending > 0) {
            putInt(head, PERF_RECORD_LOST);
            putInt(head + 4, LOST_RECORD << 16);
            putLong(head + 8, 0);
            putLong(head + 16, lostPending);
            head += LOST_RECORD;
            lostPending = 0;
        }
        putInt(head, PERF_RECORD_SAMPLE);
        putInt(head + 4, (int) size << 16);
        putInt(head + 8, (int) rawLen);
        long p = head + 12;
        put(p, a, aOff, aLen);
        put(p + aLen, b, bOff, bLen);
        for (long z = p + raw; z < head + size; z++) {
            data[(int) (z & mask)] = 0;
        }
        head += size;
        return 0;
    }

    /** Reads the next record and hands it to {@code h}; false when the ring is empty. */
    boolean readOne(PerfSampleHandler h) {
        int type;
        byte[] sample = null;
        long lost = 0;
        synchronized (this) {
            if (tail >= head) {
                return false;
            }
            type = getInt(tail);
            int size = getInt(tail + 4) >>> 16;
            if (type == PERF_RECORD_SAMPLE) {
                int rawLen = getInt(tail + 8);
                sample = new byte[rawLen];
                for (int i = 0; i < rawLen; i++) {
                    sample[i] = data[(int) ((tail + 12 + i) & mask)];
                }
            } else if (type == PERF_RECORD_LOST) {
                lost = getLong(tail + 16);
            }
            tail += size;
        }
        if (sample != null) {
            h.sample(cpu, sample);
        } else if (lost > 0) {
            h.lost(cpu, lost);
        }
        return true;
    }

    private void put(long pos, byte[] src, int off, int len) {
        int at = (int) (pos & mask);
        int first = Math.min(len, data.length - at);
        System.arraycopy(src, off, data, at, first);
        System.arraycopy(src, off + first, data, 0, len - first);
    }

    private void putInt(long pos, int v) {
        for (int i = 0; i < 4; i++) {
            data[(int) ((pos + i) & mask)] = (byte) (v >>> (8 * i));
        }
    }

    private void putLong(long pos, long v) {
        putInt(pos, (int) v);
        putInt(pos + 4, (int) (v >>> 32));
    }

    private int getInt(long pos) {
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v |= (data[(int) ((pos + i) & mask)] & 0xff) << (8 * i);
        }
        return v;
    }

    private long getLong(long pos) {
        return (getInt(pos) & 0xffffffffL) | (long) getInt(pos + 4) << 32;
    }
}
