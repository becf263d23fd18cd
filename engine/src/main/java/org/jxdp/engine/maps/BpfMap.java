package org.jxdp.engine.maps;

import static org.jxdp.engine.maps.Errno.EINVAL;
import static org.jxdp.engine.maps.Errno.ENOTSUPP;

import org.jxdp.engine.vm.ExecutionContext;
import org.jxdp.engine.vm.Memory;

/**
 * A BPF map with the kernel's semantics, seen from two sides:
 * <ul>
 *   <li>programs, through the helpers ({@code bpf_map_lookup_elem} and friends): keys and values
 *       are addresses in the calling context's {@link Memory}; a lookup returns the address of
 *       the value itself, inside the map's value region, so the program reads and writes (and
 *       atomically updates) the stored value in place. Nothing is allocated per call.</li>
 *   <li>user space (the control plane, tests, {@code jxdp map}), with the semantics of the
 *       {@code bpf()} syscall: keys and values are byte arrays, per-CPU values come back as one
 *       8-byte-aligned value per CPU, and errors are negative errno values.</li>
 * </ul>
 * Maps are shared by all workers; operations are safe to call from several threads at once.
 * Per-CPU maps keep one copy of each value per worker ("CPU"), selected by the calling
 * context's {@link ExecutionContext#processorId()}.
 */
public abstract class BpfMap {
    protected final MapDefinition def;
    protected final int cpus;
    private volatile int id = -1;
    private volatile int valueRegion = -1;
    private volatile boolean spinLock;

    /**
     * @param def what the map is
     * @param cpus how many workers share it (the number of copies of a per-CPU value)
     */
    protected BpfMap(MapDefinition def, int cpus) {
        if (cpus < 1) {
            throw new IllegalArgumentException("cpus must be at least 1: " + cpus);
        }
        this.def = def;
        this.cpus = cpus;
    }

    /** What the map was created from. */
    public MapDefinition definition() {
        return def;
    }

    public String name() {
        return def.name();
    }

    public MapType type() {
        return def.type();
    }

    public int keySize() {
        return def.keySize();
    }

    public int valueSize() {
        return def.valueSize();
    }

    public int maxEntries() {
        return def.maxEntries();
    }

    /** The number of workers a per-CPU value has a copy for. */
    public int cpus() {
        return cpus;
    }

    /** The map's id in its runtime (what a program's map pointer names), or -1 before registration. */
    public int id() {
        return id;
    }

    /** The region that holds the values programs address, or -1 when values are not addressable. */
    public int valueRegion() {
        return valueRegion;
    }

    /** Called once by the runtime that registers the map. */
    public void register(int mapId, int region) {
        if (this.id != -1) {
            throw new IllegalStateException(def.name() + " is already registered");
        }
        this.id = mapId;
        this.valueRegion = region;
    }

    /** True when programs address values in place, so the map needs a value region. */
    public boolean hasValueRegion() {
        return false;
    }

    /**
     * The bytes behind the value region as {@code cpu} sees them (its own copy for a per-CPU
     * map), or null when values are not addressable.
     */
    public byte[] valueStorage(int cpu) {
        return null;
    }

    /** True unless the map was created {@link MapFlags#BPF_F_RDONLY_PROG}. */
    public boolean programWritable() {
        return (def.flags() & MapFlags.BPF_F_RDONLY_PROG) == 0;
    }

    /** The number of elements in use (for metrics; an array is always full). */
    public abstract int size();

    // ---------------------------------------------------------------- program side

    /**
     * {@code bpf_map_lookup_elem}: the value's address, or 0 when there is none. For a map that
     * {@link #looksUpByKeyAlone()}, the key checked readable and handed to {@link #lookupKey}.
     */
    public long lookupElem(ExecutionContext ctx, long key) {
        if (!looksUpByKeyAlone()) {
            return 0;
        }
        Memory m = ctx.memory();
        int off = m.checkReadable(key, def.keySize());
        return lookupKey(m.bytes(Memory.regionOf(key)), off);
    }

    /**
     * True when {@link #lookupKey} answers {@code bpf_map_lookup_elem} from the key's bytes alone
     * (no CPU, no context): the JIT then calls it directly with the stack's array when the
     * verifier proved the key on the stack.
     */
    public boolean looksUpByKeyAlone() {
        return false;
    }

    /**
     * {@link #lookupElem} with the key already resolved to {@code key[off .. off + keySize)}: the
     * value's address, or 0 when there is none. Only where {@link #looksUpByKeyAlone()}.
     */
    public long lookupKey(byte[] key, int off) {
        throw new UnsupportedOperationException(def.name() + ": no lookup by key alone");
    }

    /** {@code bpf_map_update_elem}: 0 or a negative errno. */
    public long updateElem(ExecutionContext ctx, long key, long value, long flags) {
        return -ENOTSUPP;
    }

    /** {@code bpf_map_delete_elem}: 0 or a negative errno. */
    public long deleteElem(ExecutionContext ctx, long key) {
        return -ENOTSUPP;
    }

    /** {@code bpf_map_push_elem}: 0 or a negative errno. */
    public long pushElem(ExecutionContext ctx, long value, long flags) {
        return -ENOTSUPP;
    }

    /** {@code bpf_map_pop_elem}: copies the value out and removes it; 0 or a negative errno. */
    public long popElem(ExecutionContext ctx, long value) {
        return -ENOTSUPP;
    }

    /** {@code bpf_map_peek_elem}: copies the value out; 0 or a negative errno. */
    public long peekElem(ExecutionContext ctx, long value) {
        return -ENOTSUPP;
    }

    /**
     * {@code bpf_for_each_map_elem}: calls the program's function {@code callback} with (map
     * pointer, key address, value address, {@code callbackCtx}) for each element until it returns
     * 1; returns the number of elements visited, or a negative errno when the map type does not
     * support iteration. The key is handed over in the context's read-only scratch region.
     */
    public long forEachElem(ExecutionContext ctx, long callback, long callbackCtx) {
        return -EINVAL;
    }

    /**
     * Copies {@code len} key bytes to the context's scratch region and returns their address,
     * for callbacks that are handed a key.
     */
    protected static long scratchKey(ExecutionContext ctx, byte[] src, int off, int len) {
        Memory m = ctx.memory();
        byte[] scratch = m.bytes(Memory.REGION_SCRATCH);
        if (scratch.length < len) {
            scratch = new byte[Math.max(64, len)];
        }
        System.arraycopy(src, off, scratch, 0, len);
        m.map(Memory.REGION_SCRATCH, scratch, 0, len, false);
        return Memory.address(Memory.REGION_SCRATCH, 0);
    }

    /** Puts a u32 key in the context's scratch region and returns its address. */
    protected static long scratchU32(ExecutionContext ctx, int v) {
        Memory m = ctx.memory();
        byte[] scratch = m.bytes(Memory.REGION_SCRATCH);
        if (scratch.length < 4) {
            scratch = new byte[64];
        }
        scratch[0] = (byte) v;
        scratch[1] = (byte) (v >>> 8);
        scratch[2] = (byte) (v >>> 16);
        scratch[3] = (byte) (v >>> 24);
        m.map(Memory.REGION_SCRATCH, scratch, 0, 4, false);
        return Memory.address(Memory.REGION_SCRATCH, 0);
    }

    /** The map pointer a program holds for this map. */
    public long pointer() {
        return Memory.address(Memory.REGION_MAP, id);
    }

    // ---------------------------------------------------------------- user side

    /**
     * {@code BPF_MAP_LOOKUP_ELEM}: the value (for a per-CPU map, every CPU's value, each padded to
     * a multiple of 8 bytes), or null when the key has no element.
     *
     * @throws IllegalArgumentException when the key has the wrong size
     */
    public abstract byte[] lookup(byte[] key);

    /** {@code BPF_MAP_UPDATE_ELEM}: 0 or a negative errno. */
    public abstract int update(byte[] key, byte[] value, long flags);

    /** {@code BPF_MAP_DELETE_ELEM}: 0 or a negative errno. */
    public abstract int delete(byte[] key);

    /**
     * {@code BPF_MAP_GET_NEXT_KEY}: the key after {@code key} in the map's order, the first key
     * when {@code key} is null or not in the map, or null at the end.
     */
    public abstract byte[] nextKey(byte[] key);

    /** {@code BPF_MAP_LOOKUP_AND_DELETE_ELEM} of a queue or stack ({@code key} is empty). */
    public byte[] pop() {
        return null;
    }

    /**
     * The negative errno {@code BPF_MAP_LOOKUP_ELEM} fails with when {@link #lookup} (or
     * {@link #pop}) returns null: -ENOENT, unless the map type does not support lookups from user
     * space at all (a ring buffer answers -ENOTSUPP).
     */
    public int lookupErrno() {
        return -Errno.ENOENT;
    }

    /**
     * The negative errno {@code BPF_MAP_GET_NEXT_KEY} fails with when {@link #nextKey} returns
     * null: -ENOENT at the end of the map, unless the type cannot iterate (a queue answers -EINVAL).
     */
    public int nextKeyErrno() {
        return -Errno.ENOENT;
    }

    // ---------------------------------------------------------------- shared checks

    /** The size of one value in a user-side buffer: per-CPU values are padded to 8 bytes each. */
    public int userValueSize() {
        return def.type().perCpu() ? round8(def.valueSize()) * cpus : def.valueSize();
    }

    protected void checkKey(byte[] key) {
        if (key == null || key.length != def.keySize()) {
            throw new IllegalArgumentException(def.name() + ": key must be " + def.keySize() + " bytes, got "
                    + (key == null ? "none" : key.length));
        }
    }

    protected void checkValue(byte[] value) {
        if (value == null || value.length != userValueSize()) {
            throw new IllegalArgumentException(def.name() + ": value must be " + userValueSize() + " bytes, got "
                    + (value == null ? "none" : value.length));
        }
    }

    /**
     * Checks the update flags of arrays and hashes: BPF_ANY, BPF_NOEXIST, BPF_EXIST, and
     * BPF_F_LOCK only when the value has a {@code struct bpf_spin_lock}
     * ({@link #valueHasSpinLock}); else -EINVAL, as {@code htab_map_update_elem} and
     * {@code array_map_update_elem} answer (and the bpf() syscall for every map type).
     */
    protected int checkUpdateFlags(long flags) {
        long f = flags & ~MapFlags.BPF_F_LOCK;
        if (f > MapFlags.BPF_EXIST || f < 0) {
            return -EINVAL;
        }
        return (flags & MapFlags.BPF_F_LOCK) != 0 && !spinLock ? -EINVAL : 0;
    }

    /**
     * True when the value holds a {@code struct bpf_spin_lock}, which is what makes BPF_F_LOCK
     * updates valid. jxdp has no bpf_spin_lock helper, so nothing sets it yet: BPF_F_LOCK is
     * -EINVAL everywhere, as in the kernel for values without a lock.
     */
    public boolean valueHasSpinLock() {
        return spinLock;
    }

    /** Says whether the value holds a {@code struct bpf_spin_lock} (from the value's BTF type). */
    public void valueHasSpinLock(boolean has) {
        this.spinLock = has;
    }

    protected static int round8(int n) {
        return (n + 7) & ~7;
    }

    @Override
    public String toString() {
        return def.name() + " (" + def.type().bpftoolName() + ", key " + def.keySize() + " B, value "
                + def.valueSize() + " B, max " + def.maxEntries() + ")";
    }
}
