package org.jxdp.engine.maps;

import static org.jxdp.engine.maps.Errno.E2BIG;
import static org.jxdp.engine.maps.Errno.EEXIST;
import static org.jxdp.engine.maps.Errno.EINVAL;
import static org.jxdp.engine.maps.Errno.ENOENT;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.vm.ExecutionContext;
import org.jxdp.engine.vm.Memory;

/**
 * {@code BPF_MAP_TYPE_HASH_OF_MAPS}: maps by key of any size (see {@link MapOfMaps}), with the
 * update flags of a hash table: BPF_NOEXIST on an existing key is -EEXIST, BPF_EXIST on a
 * missing one -ENOENT, a new key in a full map -E2BIG. The inner map is checked first, as the
 * kernel resolves the fd before it touches the table.
 * <pre>
 *   buckets[jhash(key) &amp; mask] -&gt; element -&gt; element -&gt; -1
 *   element e: keys[e * key_size ..], inner[e] (the map), next[e]
 * </pre>
 * Lookups take no lock (links are published with release stores); writers take the map's lock.
 */
public final class HashOfMapsMap extends MapOfMaps {
    /** Creation flags the kernel accepts for a hash of maps ({@code HTAB_CREATE_FLAG_MASK} less the LRU flag). */
    private static final int CREATE_FLAG_MASK = MapFlags.BPF_F_NO_PREALLOC | MapFlags.BPF_F_NUMA_NODE
            | MapFlags.BPF_F_ACCESS_MASK | MapFlags.BPF_F_ZERO_SEED;
    /** The largest key: a key must fit on the program's stack. */
    public static final int MAX_KEY_SIZE = 512;
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final int NONE = -1;

    private final int keySize;
    private final int seed;
    private final byte[] keys;
    private final int[] hashes;
    private final int[] next;
    private final int[] buckets;
    private final int mask;
    private final AtomicReferenceArray<BpfMap> inner;
    private int freeHead;
    private int count;

    public HashOfMapsMap(MapDefinition def, int cpus, BpfRuntime runtime) {
        super(def, cpus, runtime);
        if (def.type() != MapType.BPF_MAP_TYPE_HASH_OF_MAPS) {
            throw new IllegalArgumentException(def.name() + ": not a hash_of_maps: " + def.type());
        }
        if (def.keySize() <= 0 || def.maxEntries() <= 0 || (def.flags() & ~CREATE_FLAG_MASK) != 0
                || !MapFlags.accessFlagsOk(def.flags())) {
            throw new IllegalArgumentException(def.name() + ": a hash_of_maps needs key_size > 0, max_entries > 0 and "
                    + "no flags but NO_PREALLOC, NUMA_NODE, ZERO_SEED and the access flags (-EINVAL)");
        }
        if (def.keySize() > MAX_KEY_SIZE) {
            throw new IllegalArgumentException(def.name() + ": key_size " + def.keySize() + " is over " + MAX_KEY_SIZE
                    + " (-E2BIG)");
        }
        int n = def.maxEntries();
        if ((long) n * def.keySize() > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(def.name() + ": " + n + " elements is too large (-ENOMEM)");
        }
        this.keySize = def.keySize();
        this.seed = (def.flags() & MapFlags.BPF_F_ZERO_SEED) != 0 ? 0 : ThreadLocalRandom.current().nextInt();
        this.keys = new byte[n * keySize];
        this.hashes = new int[n];
        this.next = new int[n];
        this.inner = new AtomicReferenceArray<>(n);
        int nb = n == 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
        this.buckets = new int[nb];
        this.mask = nb - 1;
        Arrays.fill(buckets, NONE);
        for (int i = 0; i < n; i++) {
            next[i] = i + 1 < n ? i + 1 : NONE;
        }
    }

    @Override
    public synchronized int size() {
        return count;
    }

    private int hash(byte[] a, int off) {
        return BloomFilterMap.jhash(a, off, keySize, seed);
    }

    /** The element holding the key at {@code a[off..]}, or NONE; lock-free. */
    private int find(byte[] a, int off, int h) {
        int e = (int) INTS.getAcquire(buckets, h & mask);
        for (int steps = 0; e != NONE && steps <= hashes.length; steps++) {
            if (hashes[e] == h && Arrays.equals(keys, e * keySize, e * keySize + keySize, a, off, off + keySize)) {
                return e;
            }
            e = (int) INTS.getAcquire(next, e);
        }
        return NONE;
    }

    @Override
    public long lookupElem(ExecutionContext ctx, long key) {
        Memory m = ctx.memory();
        int off = m.checkReadable(key, keySize);
        byte[] a = m.bytes(Memory.regionOf(key));
        int e = find(a, off, hash(a, off));
        BpfMap found = e == NONE ? null : inner.get(e);
        return found == null ? 0 : found.pointer();
    }

    /** The map stored under {@code key}, or null. */
    public BpfMap innerMap(byte[] key) {
        checkKey(key);
        int e = find(key, 0, hash(key, 0));
        return e == NONE ? null : inner.get(e);
    }

    @Override
    public byte[] lookup(byte[] key) {
        BpfMap m = innerMap(key);
        return m == null ? null : idOf(m);
    }

    @Override
    public int update(byte[] key, byte[] value, long flags) {
        checkKey(key);
        checkValue(value);
        BpfMap m = resolve(value);
        int r = errnoOf(m);
        if (r != 0) {
            return r;
        }
        if (flags < 0 || flags > MapFlags.BPF_EXIST) {
            return -EINVAL;
        }
        int h = hash(key, 0);
        synchronized (this) {
            int e = find(key, 0, h);
            if (e != NONE) {
                if (flags == MapFlags.BPF_NOEXIST) {
                    return -EEXIST;
                }
                inner.set(e, m);
                return 0;
            }
            if (flags == MapFlags.BPF_EXIST) {
                return -ENOENT;
            }
            if (freeHead == NONE) {
                return -E2BIG;
            }
            e = freeHead;
            freeHead = next[e];
            System.arraycopy(key, 0, keys, e * keySize, keySize);
            hashes[e] = h;
            inner.set(e, m);
            int b = h & mask;
            next[e] = buckets[b];
            INTS.setRelease(buckets, b, e);
            count++;
            return 0;
        }
    }

    @Override
    public int delete(byte[] key) {
        checkKey(key);
        int h = hash(key, 0);
        synchronized (this) {
            int e = find(key, 0, h);
            if (e == NONE) {
                return -ENOENT;
            }
            int b = h & mask;
            int prev = NONE;
            for (int cur = buckets[b]; cur != e; cur = next[cur]) {
                prev = cur;
            }
            if (prev == NONE) {
                INTS.setRelease(buckets, b, next[e]);
            } else {
                INTS.setRelease(next, prev, next[e]);
            }
            inner.set(e, null);
            next[e] = freeHead;
            freeHead = e;
            count--;
            return 0;
        }
    }

    @Override
    public synchronized byte[] nextKey(byte[] key) {
        int bucket = 0;
        int e = NONE;
        if (key != null) {
            checkKey(key);
            int h = hash(key, 0);
            int cur = find(key, 0, h);
            if (cur != NONE) {
                e = next[cur];
                bucket = (h & mask) + 1;
            }
        }
        while (e == NONE && bucket < buckets.length) {
            e = buckets[bucket++];
        }
        return e == NONE ? null : Arrays.copyOfRange(keys, e * keySize, e * keySize + keySize);
    }
}
