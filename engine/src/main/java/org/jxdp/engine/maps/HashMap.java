package org.jxdp.engine.maps;

import static org.jxdp.engine.maps.Errno.E2BIG;
import static org.jxdp.engine.maps.Errno.EEXIST;
import static org.jxdp.engine.maps.Errno.ENOENT;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import org.jxdp.engine.vm.ExecutionContext;
import org.jxdp.engine.vm.Memory;

/**
 * {@code BPF_MAP_TYPE_HASH}, {@code PERCPU_HASH}, {@code LRU_HASH} and {@code LRU_PERCPU_HASH}:
 * a chained hash table over preallocated elements, as the kernel preallocates them.
 * <pre>
 *   buckets[hash &amp; mask] -&gt; element -&gt; element -&gt; -1        (next[] links, -1 ends)
 *
 *   element e:   keys   [e * key_size, (e+1) * key_size)
 *                values [e * elem, (e+1) * elem)   in the value region (one per CPU if per-CPU)
 *                hashes[e], next[e], used[e], ref[e] (LRU second chance)
 * </pre>
 * Lookups take no lock: bucket heads and links are published with release stores and read
 * with acquire loads, and a walk stops after {@code max_entries} steps whatever a concurrent
 * writer does. Updates and deletes take the map's lock. A deleted element's value stays where it
 * was until the element is reused, as in the kernel's preallocated maps.
 *
 * <p>LRU maps never answer E2BIG: an insert into a full map evicts an element that no lookup has
 * touched since the clock hand last passed it (second chance), which approximates the kernel's
 * LRU lists; a program's lookup marks the element, a user-space lookup does not.
 *
 * <p>With {@code BPF_F_NO_COMMON_LRU} each CPU (worker) has its own LRU list, as in the kernel:
 * max_entries is rounded up to a multiple of the CPUs, the elements are split evenly between
 * them, and an insert on a CPU whose share is in use evicts one of that CPU's elements even when
 * other CPUs' shares are free. A deleted element goes back to the share it came from. Inserts
 * from user space take from CPU 0's share (the kernel takes from the calling thread's CPU).
 */
public final class HashMap extends BpfMap {
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    private final int keySize;
    private final int elemSize;
    private final int capacity;
    private final boolean lru;
    private final boolean perCpu;
    private final long seed;
    private final byte[] keys;
    private final byte[][] values;
    private final int[] hashes;
    private final int[] next;
    private final int[] buckets;
    private final int mask;
    private final boolean[] used;
    private final byte[] ref;
    private final Object lock = new Object();
    /** LRU lists: 1, or one per CPU with BPF_F_NO_COMMON_LRU; each owns capacity / partitions elements. */
    private final int partitions;
    private final int perPartition;
    /** The first free element of each partition, linked through next[]. */
    private final int[] freeHeads;
    private final int[] clockHands;
    private int count;

    public HashMap(MapDefinition def, int cpus) {
        super(perCpuLru(def, cpus), cpus);
        def = definition();
        MapType t = def.type();
        if (t != MapType.BPF_MAP_TYPE_HASH && t != MapType.BPF_MAP_TYPE_PERCPU_HASH
                && t != MapType.BPF_MAP_TYPE_LRU_HASH && t != MapType.BPF_MAP_TYPE_LRU_PERCPU_HASH) {
            throw new IllegalArgumentException(def.name() + ": not a hash map type: " + t);
        }
        if (def.keySize() <= 0 || def.valueSize() <= 0 || def.maxEntries() <= 0) {
            throw new IllegalArgumentException(def.name() + ": key_size, value_size and max_entries must be positive"
                    + " (-EINVAL)");
        }
        this.keySize = def.keySize();
        this.elemSize = round8(def.valueSize());
        this.capacity = def.maxEntries();
        this.lru = t == MapType.BPF_MAP_TYPE_LRU_HASH || t == MapType.BPF_MAP_TYPE_LRU_PERCPU_HASH;
        this.perCpu = t.perCpu();
        long keyBytes = (long) keySize * capacity;
        long valueBytes = (long) elemSize * capacity;
        if (keyBytes > Integer.MAX_VALUE - 16 || valueBytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(def.name() + ": " + capacity + " elements is too large (-E2BIG)");
        }
        this.seed = (def.flags() & MapFlags.BPF_F_ZERO_SEED) != 0 ? 0 : ThreadLocalRandom.current().nextLong();
        this.keys = new byte[(int) keyBytes];
        int copies = perCpu ? cpus : 1;
        this.values = new byte[copies][];
        for (int c = 0; c < copies; c++) {
            values[c] = new byte[(int) valueBytes];
        }
        this.hashes = new int[capacity];
        this.next = new int[capacity];
        this.used = new boolean[capacity];
        this.ref = lru ? new byte[capacity] : null;
        int nb = Integer.highestOneBit(Math.max(1, capacity - 1)) << 1;
        this.buckets = new int[Math.max(nb, 1)];
        this.mask = buckets.length - 1;
        Arrays.fill(buckets, -1);
        for (int i = 0; i < capacity; i++) {
            next[i] = i + 1 < capacity ? i + 1 : -1;
        }
        this.partitions = lru && (def.flags() & MapFlags.BPF_F_NO_COMMON_LRU) != 0 ? cpus : 1;
        this.perPartition = capacity / partitions;
        this.freeHeads = new int[partitions];
        this.clockHands = new int[partitions];
        for (int p = 0; p < partitions; p++) {
            int first = p * perPartition;
            if (perPartition > 0) {
                next[first + perPartition - 1] = -1;
            }
            freeHeads[p] = perPartition > 0 ? first : -1;
            clockHands[p] = first;
        }
    }

    /**
     * The definition as the kernel creates it: an LRU map with BPF_F_NO_COMMON_LRU has max_entries
     * rounded up to a multiple of the CPUs (down if that overflows); the flag on another hash
     * type is -EINVAL.
     */
    private static MapDefinition perCpuLru(MapDefinition def, int cpus) {
        if ((def.flags() & MapFlags.BPF_F_NO_COMMON_LRU) == 0) {
            return def;
        }
        MapType t = def.type();
        if (t != MapType.BPF_MAP_TYPE_LRU_HASH && t != MapType.BPF_MAP_TYPE_LRU_PERCPU_HASH) {
            throw new IllegalArgumentException(def.name() + ": BPF_F_NO_COMMON_LRU is only for LRU hashes (-EINVAL)");
        }
        long up = (def.maxEntries() + (long) cpus - 1) / cpus * cpus;
        return def.withMaxEntries((int) (up > Integer.MAX_VALUE ? (long) def.maxEntries() / cpus * cpus : up));
    }

    private int partitionOf(int element) {
        return partitions == 1 ? 0 : element / perPartition;
    }

    @Override
    public boolean hasValueRegion() {
        return true;
    }

    @Override
    public byte[] valueStorage(int cpu) {
        return values[values.length == 1 ? 0 : cpu % values.length];
    }

    @Override
    public int size() {
        synchronized (lock) {
            return count;
        }
    }

    // ---------------------------------------------------------------- hashing

    private int hash(byte[] a, int off) {
        long h = seed ^ (keySize * 0x9E3779B97F4A7C15L);
        int i = 0;
        for (; i + 8 <= keySize; i += 8) {
            h = mix(h ^ (long) LONG.get(a, off + i));
        }
        if (i + 4 <= keySize) {
            h = mix(h ^ ((int) INT.get(a, off + i) & 0xffffffffL));
            i += 4;
        }
        for (; i < keySize; i++) {
            h = mix(h ^ (a[off + i] & 0xffL));
        }
        return (int) (h ^ (h >>> 32));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    private boolean keyEquals(int e, byte[] a, int off) {
        return Arrays.equals(keys, e * keySize, e * keySize + keySize, a, off, off + keySize);
    }

    /** The element holding the key at {@code a[off..]}, or -1; lock-free. */
    private int find(byte[] a, int off, int h) {
        int e = (int) INTS.getAcquire(buckets, h & mask);
        for (int steps = 0; e >= 0 && steps <= capacity; steps++) {
            if (hashes[e] == h && keyEquals(e, a, off)) {
                return e;
            }
            e = (int) INTS.getAcquire(next, e);
        }
        return -1;
    }

    // ---------------------------------------------------------------- writers (under the lock)

    /** An insert's failure, kept apart from element indexes: -1 - errno. */
    private static int failure(int errno) {
        return -1 - errno;
    }

    /** The negative errno of a failed insert. */
    private static int errnoOf(int failure) {
        return failure + 1;
    }

    /** The element for the key (existing or new, new ones from {@code cpu}'s LRU), or {@link #failure} of the errno. */
    private int insert(byte[] a, int off, int h, long flags, int cpu) {
        int e = find(a, off, h);
        long f = flags & ~MapFlags.BPF_F_LOCK;
        if (e >= 0) {
            return f == MapFlags.BPF_NOEXIST ? failure(EEXIST) : e;
        }
        if (f == MapFlags.BPF_EXIST) {
            return failure(ENOENT);
        }
        int p = partitions == 1 ? 0 : cpu % partitions;
        if (freeHeads[p] < 0) {
            if (!lru || !evict(p)) {
                return failure(E2BIG);
            }
        }
        e = freeHeads[p];
        freeHeads[p] = next[e];
        System.arraycopy(a, off, keys, e * keySize, keySize);
        for (byte[] v : values) {
            Arrays.fill(v, e * elemSize, e * elemSize + elemSize, (byte) 0);
        }
        hashes[e] = h;
        used[e] = true;
        if (ref != null) {
            ref[e] = 0;
        }
        int b = h & mask;
        next[e] = buckets[b];
        INTS.setRelease(buckets, b, e);
        count++;
        return e;
    }

    private boolean unlink(int e) {
        int b = hashes[e] & mask;
        int prev = -1;
        for (int cur = buckets[b]; cur >= 0; prev = cur, cur = next[cur]) {
            if (cur == e) {
                if (prev < 0) {
                    INTS.setRelease(buckets, b, next[e]);
                } else {
                    INTS.setRelease(next, prev, next[e]);
                }
                used[e] = false;
                int p = partitionOf(e);
                next[e] = freeHeads[p];
                freeHeads[p] = e;
                count--;
                return true;
            }
        }
        return false;
    }

    /** Second-chance eviction among partition {@code p}'s elements: frees one; false when none could be freed. */
    private boolean evict(int p) {
        int first = p * perPartition;
        for (int steps = 0; steps < 2 * perPartition + 1; steps++) {
            int e = clockHands[p];
            clockHands[p] = first + (e - first + 1) % perPartition;
            if (!used[e]) {
                continue;
            }
            if (ref[e] != 0) {
                ref[e] = 0;
                continue;
            }
            return unlink(e);
        }
        return false;
    }

    // ---------------------------------------------------------------- program side

    @Override
    public boolean looksUpByKeyAlone() {
        return true;
    }

    @Override
    public long lookupKey(byte[] key, int off) {
        int e = find(key, off, hash(key, off));
        if (e < 0) {
            return 0;
        }
        if (ref != null && ref[e] == 0) {
            ref[e] = 1;
        }
        return Memory.address(valueRegion(), e * elemSize);
    }

    @Override
    public long updateElem(ExecutionContext ctx, long key, long value, long flags) {
        int bad = checkUpdateFlags(flags);
        if (bad != 0) {
            return bad;
        }
        Memory m = ctx.memory();
        int off = m.checkReadable(key, keySize);
        byte[] a = m.bytes(Memory.regionOf(key));
        int voff = m.checkReadable(value, def.valueSize());
        byte[] va = m.bytes(Memory.regionOf(value));
        int h = hash(a, off);
        synchronized (lock) {
            int e = insert(a, off, h, flags, ctx.processorId());
            if (e < 0) {
                return errnoOf(e);
            }
            if (perCpu) {
                // A program updates its own CPU's copy (the kernel's this_cpu semantics).
                System.arraycopy(va, voff, valueStorage(ctx.processorId()), e * elemSize, def.valueSize());
            } else {
                System.arraycopy(va, voff, values[0], e * elemSize, def.valueSize());
            }
        }
        return 0;
    }

    @Override
    public long deleteElem(ExecutionContext ctx, long key) {
        Memory m = ctx.memory();
        int off = m.checkReadable(key, keySize);
        byte[] a = m.bytes(Memory.regionOf(key));
        int h = hash(a, off);
        synchronized (lock) {
            int e = find(a, off, h);
            return e >= 0 && unlink(e) ? 0 : -ENOENT;
        }
    }

    @Override
    public long forEachElem(ExecutionContext ctx, long callback, long callbackCtx) {
        int n = 0;
        for (int b = 0; b < buckets.length; b++) {
            int e = (int) INTS.getAcquire(buckets, b);
            for (int steps = 0; e >= 0 && steps <= capacity; steps++) {
                int following = (int) INTS.getAcquire(next, e);
                long k = scratchKey(ctx, keys, e * keySize, keySize);
                long v = Memory.address(valueRegion(), e * elemSize);
                n++;
                if (ctx.current().invoke(ctx, callback, pointer(), k, v, callbackCtx, 0) != 0) {
                    return n;
                }
                e = following;
            }
        }
        return n;
    }

    // ---------------------------------------------------------------- user side

    @Override
    public byte[] lookup(byte[] key) {
        checkKey(key);
        int e = find(key, 0, hash(key, 0));
        if (e < 0) {
            return null;
        }
        byte[] out = new byte[userValueSize()];
        if (!perCpu) {
            System.arraycopy(values[0], e * elemSize, out, 0, def.valueSize());
        } else {
            for (int c = 0; c < cpus; c++) {
                System.arraycopy(values[c], e * elemSize, out, c * elemSize, def.valueSize());
            }
        }
        return out;
    }

    @Override
    public int update(byte[] key, byte[] value, long flags) {
        checkKey(key);
        checkValue(value);
        int bad = checkUpdateFlags(flags);
        if (bad != 0) {
            return bad;
        }
        int h = hash(key, 0);
        synchronized (lock) {
            int e = insert(key, 0, h, flags, 0);
            if (e < 0) {
                return errnoOf(e);
            }
            if (!perCpu) {
                System.arraycopy(value, 0, values[0], e * elemSize, def.valueSize());
            } else {
                for (int c = 0; c < cpus; c++) {
                    System.arraycopy(value, c * elemSize, values[c], e * elemSize, def.valueSize());
                }
            }
            return 0;
        }
    }

    @Override
    public int delete(byte[] key) {
        checkKey(key);
        int h = hash(key, 0);
        synchronized (lock) {
            int e = find(key, 0, h);
            return e >= 0 && unlink(e) ? 0 : -ENOENT;
        }
    }

    @Override
    public byte[] nextKey(byte[] key) {
        synchronized (lock) {
            int bucket = 0;
            int e = -1;
            if (key != null) {
                checkKey(key);
                int h = hash(key, 0);
                int cur = find(key, 0, h);
                if (cur >= 0) {
                    e = next[cur];
                    bucket = (h & mask) + 1;
                }
            }
            while (e < 0 && bucket < buckets.length) {
                e = buckets[bucket++];
            }
            if (e < 0) {
                return null;
            }
            return Arrays.copyOfRange(keys, e * keySize, e * keySize + keySize);
        }
    }

    /** The value region offset of the element holding {@code key}, or -1 (for tests and tools). */
    int elementOf(byte[] key) {
        return find(key, 0, hash(key, 0));
    }

    @Override
    public String toString() {
        return super.toString() + (lru ? " lru" : "");
    }
}
