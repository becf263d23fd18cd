package org.jxdp.engine.maps;

import static org.jxdp.engine.maps.Errno.E2BIG;
import static org.jxdp.engine.maps.Errno.EEXIST;
import static org.jxdp.engine.maps.Errno.EINVAL;
import static org.jxdp.engine.maps.Errno.ENOENT;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.IntPredicate;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.vm.ExecutionContext;
import org.jxdp.engine.vm.Executable;
import org.jxdp.engine.vm.Memory;

/**
 * {@code BPF_MAP_TYPE_DEVMAP_HASH}: network interfaces by any u32 key (often the ifindex
 * itself), up to {@code max_entries} of them; the values are those of {@link DevMap}.
 * <pre>
 *   buckets[key &amp; (n_buckets - 1)] -&gt; entry -&gt; entry -&gt; -1     n_buckets = roundup_pow_of_two(max_entries)
 *   an update puts its entry at the head of its bucket (a replaced entry moves there too)
 * </pre>
 * The bucket of a key is the kernel's ({@code key & (n_buckets - 1)}), so get_next_key walks
 * the entries in the kernel's order. Unlike the other hash maps, BPF_EXIST does not require the
 * key to exist, and an ifindex of 0 is -EINVAL. Lookups (programs, {@link #target}) take no
 * lock; updates and deletes take the map's lock.
 */
public final class DevMapHash extends BpfMap implements RedirectMap {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    private static final int SLOT = 8;
    private static final int NONE = -1;

    private final BpfRuntime runtime;
    private final byte[] values;
    private final int[] keys;
    private final int[] next;
    private final int[] buckets;
    private final Executable[] programs;
    private final int mask;
    private int freeHead;
    private int items;
    private volatile IntPredicate devices = ifindex -> ifindex > 0;

    public DevMapHash(MapDefinition def, int cpus, BpfRuntime runtime) {
        super(DevMap.readOnlyForPrograms(def), cpus);
        if (def.type() != MapType.BPF_MAP_TYPE_DEVMAP_HASH) {
            throw new IllegalArgumentException(def.name() + ": not a devmap_hash: " + def.type());
        }
        DevMap.checkDefinition(def);
        if ((long) def.maxEntries() * SLOT > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(def.name() + ": " + def.maxEntries() + " entries is too large (-ENOMEM)");
        }
        this.runtime = runtime;
        int n = def.maxEntries();
        this.values = new byte[n * SLOT];
        this.keys = new int[n];
        this.next = new int[n];
        this.programs = new Executable[n];
        int nb = n == 1 ? 1 : Integer.highestOneBit(n - 1) << 1;
        this.buckets = new int[nb];
        this.mask = nb - 1;
        Arrays.fill(buckets, NONE);
        for (int i = 0; i < n; i++) {
            next[i] = i + 1 < n ? i + 1 : NONE;
        }
    }

    /** Sets which ifindexes are interfaces (updates naming another are -EINVAL). */
    public DevMapHash devices(IntPredicate exists) {
        this.devices = exists;
        return this;
    }

    @Override
    public boolean hasValueRegion() {
        return true;
    }

    @Override
    public byte[] valueStorage(int cpu) {
        return values;
    }

    @Override
    public boolean programWritable() {
        return false;
    }

    @Override
    public synchronized int size() {
        return items;
    }

    /** The entry for {@code key}, or NONE; lock-free. */
    private int find(int key) {
        int e = (int) INTS.getAcquire(buckets, key & mask);
        for (int steps = 0; e != NONE && steps <= keys.length; steps++) {
            if (keys[e] == key) {
                return e;
            }
            e = (int) INTS.getAcquire(next, e);
        }
        return NONE;
    }

    // ---------------------------------------------------------------- redirect

    @Override
    public long target(long key) {
        if (key < 0 || key > 0xffffffffL) {
            return NO_TARGET;
        }
        int e = find((int) key);
        return e == NONE ? NO_TARGET : (int) INT.getAcquire(values, e * SLOT) & 0xffffffffL;
    }

    @Override
    public Executable program(long key) {
        if (key < 0 || key > 0xffffffffL) {
            return null;
        }
        int e = find((int) key);
        return e == NONE ? null : programs[e];
    }

    // ---------------------------------------------------------------- program side

    @Override
    public long lookupElem(ExecutionContext ctx, long key) {
        int e = find((int) ctx.memory().load32(key));
        return e == NONE ? 0 : Memory.address(valueRegion(), e * SLOT);
    }

    // ---------------------------------------------------------------- writers (lock held)

    private void unlink(int e) {
        int b = keys[e] & mask;
        int prev = NONE;
        for (int cur = buckets[b]; cur != NONE; prev = cur, cur = next[cur]) {
            if (cur == e) {
                if (prev == NONE) {
                    INTS.setRelease(buckets, b, next[e]);
                } else {
                    INTS.setRelease(next, prev, next[e]);
                }
                return;
            }
        }
    }

    private void linkAtHead(int e) {
        int b = keys[e] & mask;
        next[e] = buckets[b];
        INTS.setRelease(buckets, b, e);
    }

    // ---------------------------------------------------------------- user side

    private static int u32(byte[] b, int off) {
        return (b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24;
    }

    @Override
    public synchronized byte[] lookup(byte[] key) {
        checkKey(key);
        int e = find(u32(key, 0));
        return e == NONE ? null : Arrays.copyOfRange(values, e * SLOT, e * SLOT + def.valueSize());
    }

    @Override
    public int update(byte[] key, byte[] value, long flags) {
        checkKey(key);
        checkValue(value);
        int ifindex = u32(value, 0);
        int fd = def.valueSize() == 8 ? u32(value, 4) : 0;
        if (flags < 0 || flags > MapFlags.BPF_EXIST || ifindex == 0) {
            return -EINVAL;
        }
        int k = u32(key, 0);
        synchronized (this) {
            int old = find(k);
            if (old != NONE && (flags & MapFlags.BPF_NOEXIST) != 0) {
                return -EEXIST;
            }
            int r = DevMap.checkEntry(runtime, devices, ifindex, fd);
            if (r != 0) {
                return r;
            }
            int e;
            if (old != NONE) {
                unlink(old);
                e = old;
            } else {
                if (items >= def.maxEntries()) {
                    return -E2BIG;
                }
                e = freeHead;
                freeHead = next[e];
                items++;
                keys[e] = k;
            }
            programs[e] = fd > 0 ? runtime.program(fd) : null;
            INT.set(values, e * SLOT + 4, fd > 0 ? fd : 0);
            INT.setRelease(values, e * SLOT, ifindex);
            linkAtHead(e);
            return 0;
        }
    }

    @Override
    public int delete(byte[] key) {
        checkKey(key);
        synchronized (this) {
            int e = find(u32(key, 0));
            if (e == NONE) {
                return -ENOENT;
            }
            unlink(e);
            programs[e] = null;
            next[e] = freeHead;
            freeHead = e;
            items--;
            return 0;
        }
    }

    /** The kernel's order: the rest of the key's bucket, then the following buckets. */
    @Override
    public synchronized byte[] nextKey(byte[] key) {
        int bucket = 0;
        if (key != null) {
            checkKey(key);
            int k = u32(key, 0);
            int e = find(k);
            if (e != NONE) {
                if (next[e] != NONE) {
                    return le32(keys[next[e]]);
                }
                bucket = (k & mask) + 1;
            }
        }
        for (; bucket < buckets.length; bucket++) {
            if (buckets[bucket] != NONE) {
                return le32(keys[buckets[bucket]]);
            }
        }
        return null;
    }

    private static byte[] le32(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }
}
