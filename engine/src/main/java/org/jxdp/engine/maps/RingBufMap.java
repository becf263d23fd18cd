package org.jxdp.engine.maps;

import static org.jxdp.engine.maps.Errno.EAGAIN;
import static org.jxdp.engine.maps.Errno.EINVAL;
import static org.jxdp.engine.maps.Errno.ENOTSUPP;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.vm.ExecutionContext;
import org.jxdp.engine.vm.FaultException;
import org.jxdp.engine.vm.FaultKind;
import org.jxdp.engine.vm.Memory;

/**
 * {@code BPF_MAP_TYPE_RINGBUF}: a multi-producer, single-consumer ring of variable-length
 * records shared with user space ({@code kernel/bpf/ringbuf.c}). {@code max_entries} is the data
 * size in bytes: a power of two and a multiple of the 4096-byte page.
 * <pre>
 *   record: an 8-byte header, then the sample, padded to 8 bytes
 *   0                   4                   8                           round_up(8 + len, 8)
 *   +-------------------+-------------------+---------------------------+
 *   | len | BUSY | DISC |      pg_off       |  sample (len bytes) + pad |
 *   +-------------------+-------------------+---------------------------+
 *     bit 31: BPF_RINGBUF_BUSY_BIT (reserved, not yet committed)
 *     bit 30: BPF_RINGBUF_DISCARD_BIT (committed, to be skipped)
 *
 *   value region: the data area, followed by a second copy of its length so that a record that
 *   wraps past the end stays contiguous (the kernel maps the data pages twice for the same end):
 *   0                          size                        2 * size
 *   +--------------------------+---------------------------+
 *   |   ...  | rec | rec | rec | re...                     |
 *   +--------------------------+---------------------------+
 *            ^consumer_pos &amp; mask           producer_pos &amp; mask lands back in [0, size)
 * </pre>
 * Positions only grow: {@code consumer_pos <= pending_pos <= producer_pos}, and a reservation
 * fails (returns no record) when it would put the producer more than {@code size - 1} bytes ahead
 * of the consumer or of the oldest record not yet committed. Producers reserve under a lock, in
 * order, and commit in any order; the consumer ({@link #consume}, {@link #poll}) delivers
 * committed records in position order, stops at the first busy one and skips discarded ones.
 *
 * <p>The helpers ({@code bpf_ringbuf_output} 130, {@code _reserve} 131, {@code _submit} 132,
 * {@code _discard} 133, {@code _query} 134) call {@link #output}, {@link #reserve},
 * {@link #submit}, {@link #discard} and {@link #query}; none of them allocates.
 */
public final class RingBufMap extends BpfMap {
    /** The record is reserved and its producer has not committed it yet. */
    public static final int BPF_RINGBUF_BUSY_BIT = 1 << 31;
    /** The record was discarded: the consumer skips it. */
    public static final int BPF_RINGBUF_DISCARD_BIT = 1 << 30;
    /** Bytes of a record header. */
    public static final int BPF_RINGBUF_HDR_SZ = 8;
    /** Commit flag: do not wake the consumer up. */
    public static final long BPF_RB_NO_WAKEUP = 1;
    /** Commit flag: wake the consumer up even if it is not waiting for this record. */
    public static final long BPF_RB_FORCE_WAKEUP = 2;
    /** bpf_ringbuf_query: bytes committed or reserved and not yet consumed. */
    public static final long BPF_RB_AVAIL_DATA = 0;
    /** bpf_ringbuf_query: the data size. */
    public static final long BPF_RB_RING_SIZE = 1;
    /** bpf_ringbuf_query: the consumer position. */
    public static final long BPF_RB_CONS_POS = 2;
    /** bpf_ringbuf_query: the producer position. */
    public static final long BPF_RB_PROD_POS = 3;
    /** The largest sample a record can hold. */
    public static final long RINGBUF_MAX_RECORD_SZ = 0xffffffffL / 4;
    /** The page size the data size must be a multiple of. */
    public static final int PAGE_SIZE = 4096;
    /** The largest data size: a record's page offset is 24 bits, less the 3 pages before the data. */
    public static final long RINGBUF_MAX_DATA_SZ = ((1L << 24) - 3) * PAGE_SIZE;
    /** Pages of {@code struct bpf_ringbuf} before the data (control page, consumer and producer pages). */
    private static final int RINGBUF_DATA_PGOFF = 3;

    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle PRODUCER;
    private static final VarHandle WAKEUPS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            PRODUCER = l.findVarHandle(RingBufMap.class, "producerPos", long.class);
            WAKEUPS = l.findVarHandle(RingBufMap.class, "wakeups", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final byte[] data;
    private final long mask;
    private final Object producerLock = new Object();
    private final Object consumerLock = new Object();
    /** Written under producerLock with release stores, read with acquire loads. */
    @SuppressWarnings("unused")
    private long producerPos;
    /** The oldest position that may still be busy; under producerLock. */
    private long pendingPos;
    /** Written by the consumer only. */
    private volatile long consumerPos;
    @SuppressWarnings("unused")
    private long wakeups;
    private volatile Thread waiter;

    public RingBufMap(MapDefinition def, int cpus) {
        super(def, cpus);
        if (def.type() != MapType.BPF_MAP_TYPE_RINGBUF) {
            throw new IllegalArgumentException(def.name() + ": not a ringbuf: " + def.type());
        }
        long size = def.maxEntries() & 0xffffffffL;
        if ((def.flags() & ~MapFlags.BPF_F_NUMA_NODE) != 0 || def.keySize() != 0 || def.valueSize() != 0
                || size == 0 || (size & (size - 1)) != 0 || size % PAGE_SIZE != 0) {
            throw new IllegalArgumentException(def.name() + ": a ringbuf needs key_size 0, value_size 0, no flags but "
                    + "NUMA_NODE, and max_entries a power of two multiple of " + PAGE_SIZE + ", not " + size
                    + " (-EINVAL)");
        }
        if (size > RINGBUF_MAX_DATA_SZ) {
            throw new IllegalArgumentException(def.name() + ": a ringbuf of " + size + " bytes is over "
                    + RINGBUF_MAX_DATA_SZ + " (-E2BIG)");
        }
        if (size > 1 << 29) {
            throw new IllegalArgumentException(def.name() + ": a ringbuf of " + size + " bytes is more than jxdp "
                    + "allocates (512 MiB) (-ENOMEM)");
        }
        this.mask = size - 1;
        this.data = new byte[(int) size * 2];
    }

    /** The ring buffer whose value region holds {@code sample} (a record address a program holds). */
    public static RingBufMap holding(BpfRuntime runtime, long sample) {
        BpfMap m = runtime.mapOfRegion(Memory.regionOf(sample));
        if (m instanceof RingBufMap rb) {
            return rb;
        }
        throw new FaultException(FaultKind.HELPER, "0x" + Long.toHexString(sample)
                + " is not a ring buffer record (it is in " + (m == null ? "no map" : m.name()) + ")");
    }

    @Override
    public boolean hasValueRegion() {
        return true;
    }

    @Override
    public byte[] valueStorage(int cpu) {
        return data;
    }

    /** Bytes not yet consumed, capped at Integer.MAX_VALUE. */
    @Override
    public int size() {
        return (int) Math.min(Integer.MAX_VALUE, availableData());
    }

    /** The data size in bytes. */
    public long ringSize() {
        return mask + 1;
    }

    /** The producer position: bytes ever reserved. */
    public long producerPosition() {
        return (long) PRODUCER.getAcquire(this);
    }

    /** The consumer position: bytes ever consumed. */
    public long consumerPosition() {
        return consumerPos;
    }

    /** Bytes reserved or committed and not yet consumed. */
    public long availableData() {
        long cons = consumerPos;
        return producerPosition() - cons;
    }

    /** How many times a commit woke (or would have woken) the consumer. */
    public long wakeups() {
        return (long) WAKEUPS.getVolatile(this);
    }

    // ---------------------------------------------------------------- producers

    /**
     * Reserves a record for {@code size} bytes; returns the offset of its header in the value
     * region, or -1 when the sample is too large or the ring has no room.
     */
    private long reserveRecord(long size) {
        if (size < 0 || size > RINGBUF_MAX_RECORD_SZ) {
            return -1;
        }
        long len = (size + BPF_RINGBUF_HDR_SZ + 7) & ~7L;
        if (len > mask + 1) {
            return -1;
        }
        long cons = consumerPos;
        synchronized (producerLock) {
            long prod = producerPos;
            long pend = pendingPos;
            long newProd = prod + len;
            while (pend < prod) {
                int hlen = (int) INT.getAcquire(data, (int) (pend & mask));
                if ((hlen & BPF_RINGBUF_BUSY_BIT) != 0) {
                    break;
                }
                pend += ((hlen & ~BPF_RINGBUF_DISCARD_BIT) + BPF_RINGBUF_HDR_SZ + 7L) & ~7L;
            }
            pendingPos = pend;
            if (newProd - cons > mask || newProd - pend > mask) {
                return -1;
            }
            int hdr = (int) (prod & mask);
            INT.set(data, hdr + 4, RINGBUF_DATA_PGOFF + (hdr >>> 12));
            INT.setRelease(data, hdr, (int) size | BPF_RINGBUF_BUSY_BIT);
            PRODUCER.setRelease(this, newProd);
            return hdr;
        }
    }

    /**
     * {@code bpf_ringbuf_reserve(ringbuf, size, flags)}: the address of a writable sample of
     * {@code size} bytes inside the value region, or 0 when flags is not 0, the sample is too
     * large or the ring is full. The program must submit or discard it.
     */
    public long reserve(ExecutionContext ctx, long size, long flags) {
        if (flags != 0) {
            return 0;
        }
        long hdr = reserveRecord(size);
        return hdr < 0 ? 0 : Memory.address(valueRegion(), (int) hdr + BPF_RINGBUF_HDR_SZ);
    }

    /** {@code bpf_ringbuf_submit(sample, flags)}: commits a reserved sample. */
    public void submit(ExecutionContext ctx, long sample, long flags) {
        commit(sample, flags, false);
    }

    /** {@code bpf_ringbuf_discard(sample, flags)}: commits a reserved sample as discarded. */
    public void discard(ExecutionContext ctx, long sample, long flags) {
        commit(sample, flags, true);
    }

    /**
     * {@code bpf_ringbuf_output(ringbuf, data, size, flags)}: copies {@code size} bytes at
     * {@code data} into a new record and commits it. 0, -EINVAL for flags other than the wakeup
     * flags, -EAGAIN when the record does not fit.
     */
    public long output(ExecutionContext ctx, long src, long size, long flags) {
        if ((flags & ~(BPF_RB_NO_WAKEUP | BPF_RB_FORCE_WAKEUP)) != 0) {
            return -EINVAL;
        }
        Memory m = ctx.memory();
        int off = 0;
        boolean fits = size >= 0 && size <= mask + 1;
        if (fits && size > 0) {
            off = m.checkReadable(src, (int) size);
        }
        long hdr = reserveRecord(size);
        if (hdr < 0) {
            return -EAGAIN;
        }
        if (size > 0) {
            System.arraycopy(m.bytes(Memory.regionOf(src)), off, data, (int) hdr + BPF_RINGBUF_HDR_SZ, (int) size);
        }
        commitAt((int) hdr, flags, false);
        return 0;
    }

    /** {@code bpf_ringbuf_query(ringbuf, flags)}: one of the BPF_RB_* quantities, 0 for others. */
    public long query(long flags) {
        if (flags == BPF_RB_AVAIL_DATA) {
            return availableData();
        } else if (flags == BPF_RB_RING_SIZE) {
            return ringSize();
        } else if (flags == BPF_RB_CONS_POS) {
            return consumerPos;
        } else if (flags == BPF_RB_PROD_POS) {
            return producerPosition();
        }
        return 0;
    }

    private void commit(long sample, long flags, boolean discard) {
        int hdr = Memory.offsetOf(sample) - BPF_RINGBUF_HDR_SZ;
        if (Memory.regionOf(sample) != valueRegion() || hdr < 0 || hdr > mask || (hdr & 7) != 0
                || ((int) INT.getAcquire(data, hdr) & BPF_RINGBUF_BUSY_BIT) == 0) {
            throw new FaultException(FaultKind.HELPER, (discard ? "bpf_ringbuf_discard" : "bpf_ringbuf_submit")
                    + ": 0x" + Long.toHexString(sample) + " is not a reserved record of " + def.name());
        }
        commitAt(hdr, flags, discard);
    }

    private void commitAt(int hdr, long flags, boolean discard) {
        int len = (int) INT.getAcquire(data, hdr) ^ BPF_RINGBUF_BUSY_BIT;
        if (discard) {
            len |= BPF_RINGBUF_DISCARD_BIT;
        }
        INT.getAndSet(data, hdr, len);
        long cons = consumerPos & mask;
        if ((flags & BPF_RB_FORCE_WAKEUP) != 0 || (cons == hdr && (flags & BPF_RB_NO_WAKEUP) == 0)) {
            WAKEUPS.getAndAdd(this, 1L);
            Thread w = waiter;
            if (w != null) {
                LockSupport.unpark(w);
            }
        }
    }

    // ---------------------------------------------------------------- the consumer (user space)

    /**
     * Delivers every committed record, in order, to {@code sink} (a copy of its sample) and
     * frees its space; skips discarded records; stops at the first record still being written.
     * Returns the number of records delivered.
     */
    public int consume(Consumer<byte[]> sink) {
        int n = 0;
        byte[] sample;
        while ((sample = poll()) != null) {
            n++;
            sink.accept(sample);
        }
        return n;
    }

    /** The next committed sample, its space freed; null when none is ready. */
    public byte[] poll() {
        synchronized (consumerLock) {
            long cons = consumerPos;
            while (cons < producerPosition()) {
                int hdr = (int) (cons & mask);
                int len = (int) INT.getAcquire(data, hdr);
                if ((len & BPF_RINGBUF_BUSY_BIT) != 0) {
                    return null;
                }
                int sampleLen = len & ~BPF_RINGBUF_DISCARD_BIT;
                byte[] out = (len & BPF_RINGBUF_DISCARD_BIT) != 0 ? null
                        : Arrays.copyOfRange(data, hdr + BPF_RINGBUF_HDR_SZ, hdr + BPF_RINGBUF_HDR_SZ + sampleLen);
                cons += (sampleLen + BPF_RINGBUF_HDR_SZ + 7L) & ~7L;
                consumerPos = cons;
                if (out != null) {
                    return out;
                }
            }
            return null;
        }
    }

    /**
     * Waits until data is available or a producer wakes the consumer up, at most
     * {@code timeout}; true when data is available. One consumer thread waits at a time.
     */
    public boolean await(long timeout, TimeUnit unit) {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        waiter = Thread.currentThread();
        try {
            long seen = wakeups();
            while (availableData() == 0 && wakeups() == seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || Thread.currentThread().isInterrupted()) {
                    break;
                }
                LockSupport.parkNanos(this, left);
            }
            return availableData() > 0;
        } finally {
            waiter = null;
        }
    }

    // ---------------------------------------------------------------- bpf() syscall: not supported

    /** Ring buffers have no elements to look up: null ({@link #lookupErrno()} is -ENOTSUPP). */
    @Override
    public byte[] lookup(byte[] key) {
        return null;
    }

    @Override
    public int lookupErrno() {
        return -ENOTSUPP;
    }

    @Override
    public int update(byte[] key, byte[] value, long flags) {
        return -ENOTSUPP;
    }

    @Override
    public int delete(byte[] key) {
        return -ENOTSUPP;
    }

    @Override
    public byte[] nextKey(byte[] key) {
        return null;
    }

    @Override
    public int nextKeyErrno() {
        return -ENOTSUPP;
    }

    @Override
    public long updateElem(ExecutionContext ctx, long key, long value, long flags) {
        return -ENOTSUPP;
    }

    @Override
    public long deleteElem(ExecutionContext ctx, long key) {
        return -ENOTSUPP;
    }
}
