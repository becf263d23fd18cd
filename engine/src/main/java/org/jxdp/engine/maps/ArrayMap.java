package org.jxdp.engine.maps;

import static org.jxdp.engine.maps.Errno.EEXIST;
import static org.jxdp.engine.maps.Errno.EINVAL;
import static org.jxdp.engine.maps.Errno.E2BIG;

import org.jxdp.engine.vm.ExecutionContext;
import org.jxdp.engine.vm.Memory;

/**
 * {@code BPF_MAP_TYPE_ARRAY} and {@code BPF_MAP_TYPE_PERCPU_ARRAY}: {@code max_entries} values
 * indexed by a u32 key, zero at creation, never deleted. Global data sections ({@code .data},
 * {@code .rodata}, {@code .bss}) are single-element arrays.
 * <pre>
 *   value region (one per CPU for PERCPU_ARRAY), elements padded to 8 bytes:
 *   +-----------+-----------+-----+---------------------+
 *   | element 0 | element 1 | ... | element max - 1     |
 *   +-----------+-----------+-----+---------------------+
 *   0           elem        2*elem                     max*elem     elem = round_up(value_size, 8)
 * </pre>
 */
public final class ArrayMap extends BpfMap {
    private final int elemSize;
    private final byte[][] values;

    public ArrayMap(MapDefinition def, int cpus) {
        super(def, cpus);
        if (def.keySize() != 4) {
            throw new IllegalArgumentException(def.name() + ": an array map needs a 4-byte key, not " + def.keySize()
                    + " (-EINVAL)");
        }
        if (def.valueSize() <= 0 || def.maxEntries() <= 0) {
            throw new IllegalArgumentException(def.name() + ": value_size and max_entries must be positive (-EINVAL)");
        }
        this.elemSize = round8(def.valueSize());
        long total = (long) elemSize * def.maxEntries();
        if (total > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(def.name() + ": " + total + " bytes of values is too large (-E2BIG)");
        }
        int copies = def.type().perCpu() ? cpus : 1;
        this.values = new byte[copies][];
        for (int c = 0; c < copies; c++) {
            values[c] = new byte[(int) total];
        }
    }

    /** An array map holding {@code initial} as its only element (global data). */
    public static ArrayMap globalData(String name, byte[] initial, boolean readOnly) {
        int size = Math.max(initial.length, 1);
        ArrayMap m = new ArrayMap(MapDefinition.of(name, MapType.BPF_MAP_TYPE_ARRAY, 4, size, 1,
                readOnly ? MapFlags.BPF_F_RDONLY_PROG | MapFlags.BPF_F_MMAPABLE : MapFlags.BPF_F_MMAPABLE), 1);
        System.arraycopy(initial, 0, m.values[0], 0, initial.length);
        return m;
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
        return def.maxEntries();
    }

    /** Bytes from one element to the next in the value region: value_size rounded up to 8. */
    public int elementSize() {
        return elemSize;
    }

    /** The offset of element {@code index} in the value region. */
    public int elementOffset(int index) {
        return index * elemSize;
    }

    // ---------------------------------------------------------------- program side

    @Override
    public long lookupElem(ExecutionContext ctx, long key) {
        long index = ctx.memory().load32(key);
        if (index >= def.maxEntries()) {
            return 0;
        }
        return Memory.address(valueRegion(), (int) index * elemSize);
    }

    @Override
    public long updateElem(ExecutionContext ctx, long key, long value, long flags) {
        int bad = checkUpdateFlags(flags);
        if (bad != 0) {
            return bad;
        }
        Memory m = ctx.memory();
        long index = m.load32(key);
        if (index >= def.maxEntries()) {
            return -E2BIG;
        }
        if ((flags & ~MapFlags.BPF_F_LOCK) == MapFlags.BPF_NOEXIST) {
            return -EEXIST;
        }
        m.read(value, valueStorage(ctx.processorId()), (int) index * elemSize, def.valueSize());
        return 0;
    }

    @Override
    public long deleteElem(ExecutionContext ctx, long key) {
        return -EINVAL;
    }

    @Override
    public long forEachElem(ExecutionContext ctx, long callback, long callbackCtx) {
        int n = 0;
        for (int i = 0; i < def.maxEntries(); i++) {
            long k = scratchU32(ctx, i);
            long v = Memory.address(valueRegion(), i * elemSize);
            n++;
            if (ctx.current().invoke(ctx, callback, pointer(), k, v, callbackCtx, 0) != 0) {
                break;
            }
        }
        return n;
    }

    // ---------------------------------------------------------------- user side

    private static int index(byte[] key) {
        return (key[0] & 0xff) | (key[1] & 0xff) << 8 | (key[2] & 0xff) << 16 | (key[3] & 0xff) << 24;
    }

    @Override
    public byte[] lookup(byte[] key) {
        checkKey(key);
        long index = index(key) & 0xffffffffL;
        if (index >= def.maxEntries()) {
            return null;
        }
        int off = (int) index * elemSize;
        if (values.length == 1 && !def.type().perCpu()) {
            byte[] out = new byte[def.valueSize()];
            System.arraycopy(values[0], off, out, 0, def.valueSize());
            return out;
        }
        byte[] out = new byte[userValueSize()];
        for (int c = 0; c < cpus; c++) {
            System.arraycopy(values[c % values.length], off, out, c * round8(def.valueSize()), def.valueSize());
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
        long index = index(key) & 0xffffffffL;
        if (index >= def.maxEntries()) {
            return -E2BIG;
        }
        if ((flags & ~MapFlags.BPF_F_LOCK) == MapFlags.BPF_NOEXIST) {
            return -EEXIST;
        }
        int off = (int) index * elemSize;
        if (!def.type().perCpu()) {
            System.arraycopy(value, 0, values[0], off, def.valueSize());
        } else {
            for (int c = 0; c < cpus; c++) {
                System.arraycopy(value, c * round8(def.valueSize()), values[c], off, def.valueSize());
            }
        }
        return 0;
    }

    @Override
    public int delete(byte[] key) {
        checkKey(key);
        return -EINVAL;
    }

    @Override
    public byte[] nextKey(byte[] key) {
        long next;
        if (key == null) {
            next = 0;
        } else {
            checkKey(key);
            long index = index(key) & 0xffffffffL;
            next = index >= def.maxEntries() ? 0 : index + 1;
        }
        if (next >= def.maxEntries()) {
            return null;
        }
        return new byte[] {(byte) next, (byte) (next >>> 8), (byte) (next >>> 16), (byte) (next >>> 24)};
    }
}
