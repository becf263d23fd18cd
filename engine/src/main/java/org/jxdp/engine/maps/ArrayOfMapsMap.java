package org.jxdp.engine.maps;

import static org.jxdp.engine.maps.Errno.E2BIG;
import static org.jxdp.engine.maps.Errno.EINVAL;
import static org.jxdp.engine.maps.Errno.ENOENT;

import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.vm.ExecutionContext;

/**
 * {@code BPF_MAP_TYPE_ARRAY_OF_MAPS}: maps by u32 index (see {@link MapOfMaps}).
 * <pre>
 *   index:  0         1         2     ...
 *         +---------+---------+---------+
 *         | map 7   |  none   | map 9   |     a program's lookup: map 7's pointer, or NULL
 *         +---------+---------+---------+
 * </pre>
 * Updates accept only BPF_ANY (-EINVAL otherwise); an index outside the array is -E2BIG for
 * updates and deletes; deleting an empty index is -ENOENT.
 */
public final class ArrayOfMapsMap extends MapOfMaps {
    /** Creation flags the kernel accepts for an array of maps. */
    private static final int CREATE_FLAG_MASK = MapFlags.BPF_F_NUMA_NODE | MapFlags.BPF_F_RDONLY | MapFlags.BPF_F_WRONLY;

    private final AtomicReferenceArray<BpfMap> inner;

    public ArrayOfMapsMap(MapDefinition def, int cpus, BpfRuntime runtime) {
        super(def, cpus, runtime);
        if (def.type() != MapType.BPF_MAP_TYPE_ARRAY_OF_MAPS) {
            throw new IllegalArgumentException(def.name() + ": not an array_of_maps: " + def.type());
        }
        if (def.keySize() != 4 || def.maxEntries() <= 0 || (def.flags() & ~CREATE_FLAG_MASK) != 0
                || !MapFlags.accessFlagsOk(def.flags())) {
            throw new IllegalArgumentException(def.name() + ": an array_of_maps needs a 4-byte key, max_entries > 0 "
                    + "and no flags but NUMA_NODE, RDONLY and WRONLY (-EINVAL)");
        }
        this.inner = new AtomicReferenceArray<>(def.maxEntries());
    }

    @Override
    public int size() {
        int n = 0;
        for (int i = 0; i < inner.length(); i++) {
            n += inner.get(i) == null ? 0 : 1;
        }
        return n;
    }

    /** The map at {@code index}, or null. */
    public BpfMap innerMap(long index) {
        return index >= 0 && index < inner.length() ? inner.get((int) index) : null;
    }

    @Override
    public long lookupElem(ExecutionContext ctx, long key) {
        BpfMap m = innerMap(ctx.memory().load32(key));
        return m == null ? 0 : m.pointer();
    }

    private static long index(byte[] key) {
        return ((key[0] & 0xff) | (key[1] & 0xff) << 8 | (key[2] & 0xff) << 16 | (key[3] & 0xff) << 24) & 0xffffffffL;
    }

    @Override
    public byte[] lookup(byte[] key) {
        checkKey(key);
        BpfMap m = innerMap(index(key));
        return m == null ? null : idOf(m);
    }

    @Override
    public int update(byte[] key, byte[] value, long flags) {
        checkKey(key);
        checkValue(value);
        if (flags != MapFlags.BPF_ANY) {
            return -EINVAL;
        }
        long i = index(key);
        if (i >= inner.length()) {
            return -E2BIG;
        }
        BpfMap m = resolve(value);
        int r = errnoOf(m);
        if (r != 0) {
            return r;
        }
        inner.set((int) i, m);
        return 0;
    }

    @Override
    public int delete(byte[] key) {
        checkKey(key);
        long i = index(key);
        if (i >= inner.length()) {
            return -E2BIG;
        }
        return inner.getAndSet((int) i, null) == null ? -ENOENT : 0;
    }

    @Override
    public byte[] nextKey(byte[] key) {
        long next = 0;
        if (key != null) {
            checkKey(key);
            long i = index(key);
            next = i >= inner.length() ? 0 : i + 1;
        }
        if (next >= inner.length()) {
            return null;
        }
        return new byte[] {(byte) next, (byte) (next >>> 8), (byte) (next >>> 16), (byte) (next >>> 24)};
    }
}
