package org.jxdp.engine.maps;

import static org.jxdp.engine.maps.Errno.E2BIG;
import static org.jxdp.engine.maps.Errno.EBADF;
import static org.jxdp.engine.maps.Errno.EINVAL;
import static org.jxdp.engine.maps.Errno.ENOENT;
import static org.jxdp.engine.maps.Errno.ENOTSUPP;
import static org.jxdp.engine.maps.Errno.EOPNOTSUPP;

import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jxdp.engine.vm.ExecutionContext;
import org.jxdp.engine.vm.Memory;

/**
 * {@code BPF_MAP_TYPE_PERF_EVENT_ARRAY}: perf ring buffers by u32 index, for
 * {@code bpf_perf_event_output}. In the kernel each element is a perf event that user space
 * opened on one CPU and mmap()ed; here it is a {@link PerfRing} that user space opens with
 * {@link #openRing} (or one per CPU with {@link #openAll}). A program may only write to a ring
 * of the CPU it runs on, usually through {@link #BPF_F_CURRENT_CPU}.
 * <pre>
 *   index:   0        1        2   ...  max_entries - 1
 *          +--------+--------+--------+
 *          | ring   | ring   |  none  |     ring i belongs to one CPU (normally cpu i)
 *          | cpu 0  | cpu 1  |        |
 *          +--------+--------+--------+
 *   flags of bpf_perf_event_output:
 *   63              52 51             32 31                             0
 *   +-----------------+-----------------+--------------------------------+
 *   |   must be 0     | BPF_F_CTXLEN    | index, or BPF_F_CURRENT_CPU     |
 *   +-----------------+-----------------+--------------------------------+
 * </pre>
 * {@code max_entries} 0 means one element per CPU (what libbpf substitutes; the kernel itself
 * refuses 0). From user space elements cannot be set: the kernel wants a perf event fd there,
 * and jxdp has no perf events, so an update that passes the flag and index checks answers
 * -EBADF, like the kernel for an fd that is not a perf event; lookups answer -ENOTSUPP.
 */
public final class PerfEventArrayMap extends BpfMap {
    /** The index bits of the flags. */
    public static final long BPF_F_INDEX_MASK = 0xffffffffL;
    /** Index meaning "the ring of the CPU the program runs on". */
    public static final long BPF_F_CURRENT_CPU = BPF_F_INDEX_MASK;
    /** The context bytes to append (XDP: packet bytes), bits 32-51 of the flags. */
    public static final long BPF_F_CTXLEN_MASK = 0xfffffL << 32;
    /** Creation flags accepted: NUMA_NODE, RDONLY, WRONLY, PRESERVE_ELEMS. */
    private static final int CREATE_FLAG_MASK = MapFlags.BPF_F_NUMA_NODE | MapFlags.BPF_F_RDONLY
            | MapFlags.BPF_F_WRONLY | MapFlags.BPF_F_PRESERVE_ELEMS;

    private final AtomicReferenceArray<PerfRing> rings;

    public PerfEventArrayMap(MapDefinition def, int cpus) {
        super(def.maxEntries() == 0 ? def.withMaxEntries(cpus) : def, cpus);
        MapDefinition d = definition();
        if (d.type() != MapType.BPF_MAP_TYPE_PERF_EVENT_ARRAY) {
            throw new IllegalArgumentException(d.name() + ": not a perf_event_array: " + d.type());
        }
        if (d.keySize() != 4 || d.valueSize() != 4 || d.maxEntries() < 0 || (d.flags() & ~CREATE_FLAG_MASK) != 0
                || !MapFlags.accessFlagsOk(d.flags())) {
            throw new IllegalArgumentException(d.name() + ": a perf_event_array needs 4-byte keys and values and no "
                    + "flags but NUMA_NODE, RDONLY, WRONLY and PRESERVE_ELEMS (-EINVAL)");
        }
        this.rings = new AtomicReferenceArray<>(d.maxEntries());
    }

    @Override
    public int size() {
        int n = 0;
        for (int i = 0; i < rings.length(); i++) {
            n += rings.get(i) == null ? 0 : 1;
        }
        return n;
    }

    // ---------------------------------------------------------------- user space: rings

    /**
     * Opens a ring of {@code dataPages} pages for {@code cpu} at {@code index}, replacing any;
     * 0 or -E2BIG when the index is outside the array.
     */
    public int openRing(int index, int cpu, int dataPages) {
        if (index < 0 || index >= rings.length()) {
            return -E2BIG;
        }
        rings.set(index, new PerfRing(cpu, dataPages));
        return 0;
    }

    /** Opens ring {@code i} for CPU {@code i} for every CPU the array has room for (libbpf's perf_buffer). */
    public void openAll(int dataPages) {
        for (int i = 0; i < Math.min(cpus, rings.length()); i++) {
            openRing(i, i, dataPages);
        }
    }

    /** The ring at {@code index}, or null. */
    public PerfRing ring(int index) {
        return index >= 0 && index < rings.length() ? rings.get(index) : null;
    }

    /** Hands every record of ring {@code index} to {@code h}; returns the number of records. */
    public int drain(int index, PerfSampleHandler h) {
        PerfRing r = ring(index);
        int n = 0;
        while (r != null && r.readOne(h)) {
            n++;
        }
        return n;
    }

    /** Drains every ring, in index order; returns the number of records. */
    public int drainAll(PerfSampleHandler h) {
        int n = 0;
        for (int i = 0; i < rings.length(); i++) {
            n += drain(i, h);
        }
        return n;
    }

    // ---------------------------------------------------------------- program side

    /**
     * {@code bpf_perf_event_output}: writes {@code size} bytes at {@code data}, then
     * {@code extraSize} bytes at {@code extra} (the packet bytes an XDP caller appends, from
     * the flags' BPF_F_CTXLEN bits, which this method otherwise ignores), as one sample to the
     * ring the flags' index names. 0; -EINVAL for unknown flag bits; -E2BIG for an index
     * outside the array (or a sample over 64 KiB); -ENOENT when no ring is open there;
     * -EOPNOTSUPP when the ring belongs to another CPU; -ENOSPC when the ring is full (the
     * sample is counted as lost).
     */
    public long output(ExecutionContext ctx, long flags, long data, long size, long extra, long extraSize) {
        if ((flags & ~(BPF_F_INDEX_MASK | BPF_F_CTXLEN_MASK)) != 0) {
            return -EINVAL;
        }
        int cpu = ctx.processorId();
        long index = flags & BPF_F_INDEX_MASK;
        if (index == BPF_F_CURRENT_CPU) {
            index = cpu;
        }
        if (index >= rings.length()) {
            return -E2BIG;
        }
        PerfRing r = rings.get((int) index);
        if (r == null) {
            return -ENOENT;
        }
        if (r.cpu() != cpu) {
            return -EOPNOTSUPP;
        }
        if (size < 0 || extraSize < 0 || size + extraSize > 0xffff) {
            return -E2BIG;
        }
        Memory m = ctx.memory();
        int off = size == 0 ? 0 : m.checkReadable(data, (int) size);
        int extraOff = extraSize == 0 ? 0 : m.checkReadable(extra, (int) extraSize);
        byte[] a = m.bytes(Memory.regionOf(data));
        byte[] b = m.bytes(Memory.regionOf(extra));
        return r.write(a, off, (int) size, b, extraOff, (int) extraSize);
    }

    // ---------------------------------------------------------------- bpf() syscall

    private static long index(byte[] key) {
        return ((key[0] & 0xff) | (key[1] & 0xff) << 8 | (key[2] & 0xff) << 16 | (key[3] & 0xff) << 24) & 0xffffffffL;
    }

    /** Perf event arrays cannot be read from user space: null ({@link #lookupErrno()} is -ENOTSUPP). */
    @Override
    public byte[] lookup(byte[] key) {
        checkKey(key);
        return null;
    }

    @Override
    public int lookupErrno() {
        return -ENOTSUPP;
    }

    /** -EINVAL for flags other than BPF_ANY, -E2BIG outside the array, else -EBADF (see the class). */
    @Override
    public int update(byte[] key, byte[] value, long flags) {
        checkKey(key);
        checkValue(value);
        if (flags != MapFlags.BPF_ANY) {
            return -EINVAL;
        }
        if (index(key) >= rings.length()) {
            return -E2BIG;
        }
        return -EBADF;
    }

    /** Closes the ring at the key: 0, -ENOENT when none is open, -E2BIG outside the array. */
    @Override
    public int delete(byte[] key) {
        checkKey(key);
        long i = index(key);
        if (i >= rings.length()) {
            return -E2BIG;
        }
        return rings.getAndSet((int) i, null) == null ? -ENOENT : 0;
    }

    @Override
    public byte[] nextKey(byte[] key) {
        long next = 0;
        if (key != null) {
            checkKey(key);
            long i = index(key);
            next = i >= rings.length() ? 0 : i + 1;
        }
        if (next >= rings.length()) {
            return null;
        }
        return new byte[] {(byte) next, (byte) (next >>> 8), (byte) (next >>> 16), (byte) (next >>> 24)};
    }
}
