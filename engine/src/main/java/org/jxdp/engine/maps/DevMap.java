package org.jxdp.engine.maps;

import static org.jxdp.engine.maps.Errno.E2BIG;
import static org.jxdp.engine.maps.Errno.EEXIST;
import static org.jxdp.engine.maps.Errno.EINVAL;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntPredicate;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.vm.ExecutionContext;
import org.jxdp.engine.vm.Executable;
import org.jxdp.engine.vm.Memory;

/**
 * {@code BPF_MAP_TYPE_DEVMAP}: network interfaces by u32 index, for {@code bpf_redirect_map}
 * ({@code kernel/bpf/devmap.c}). Values are a u32 ifindex (value_size 4) or
 * {@code struct bpf_devmap_val} (value_size 8), which adds a program to run on the frame
 * before it leaves:
 * <pre>
 *   struct bpf_devmap_val (one 8-byte slot per index in the value region, read-only to programs)
 *   0           4                     8
 *   +-----------+---------------------+
 *   |  ifindex  | bpf_prog.fd / .id   |    written as an fd (a runtime program id, &gt; 0),
 *   +-----------+---------------------+    read back as the program's id (0: none)
 * </pre>
 * An update with ifindex 0 clears the entry; an ifindex that is not an interface, or a program
 * fd that is not a program, is -EINVAL. Which ifindexes exist is a {@link #devices} predicate
 * (by default every positive ifindex). Programs may look entries up (the value is read-only to
 * them, as the kernel makes it); the redirect helper calls {@link #target} and {@link #program}.
 */
public final class DevMap extends BpfMap implements RedirectMap {
    /** Creation flags the kernel accepts ({@code DEV_CREATE_FLAG_MASK}). */
    static final int DEV_CREATE_FLAG_MASK = MapFlags.BPF_F_NUMA_NODE | MapFlags.BPF_F_RDONLY | MapFlags.BPF_F_WRONLY;
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int SLOT = 8;

    private final BpfRuntime runtime;
    private final byte[] values;
    private final AtomicReferenceArray<Executable> programs;
    private volatile IntPredicate devices = ifindex -> ifindex > 0;

    public DevMap(MapDefinition def, int cpus, BpfRuntime runtime) {
        super(readOnlyForPrograms(def), cpus);
        if (def.type() != MapType.BPF_MAP_TYPE_DEVMAP) {
            throw new IllegalArgumentException(def.name() + ": not a devmap: " + def.type());
        }
        checkDefinition(def);
        if ((long) def.maxEntries() * SLOT > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(def.name() + ": " + def.maxEntries() + " entries is too large (-ENOMEM)");
        }
        this.runtime = runtime;
        this.values = new byte[def.maxEntries() * SLOT];
        this.programs = new AtomicReferenceArray<>(def.maxEntries());
    }

    /**
     * The definition as the kernel keeps it: the creation rules checked, then BPF_F_RDONLY_PROG
     * added ({@code dev_map_init_map}), which {@code bpftool map show} reports.
     */
    static MapDefinition readOnlyForPrograms(MapDefinition def) {
        checkDefinition(def);
        return new MapDefinition(def.name(), def.type(), def.keySize(), def.valueSize(), def.maxEntries(),
                def.flags() | MapFlags.BPF_F_RDONLY_PROG, def.pinning(), def.mapExtra(), def.keyTypeId(),
                def.valueTypeId(), def.inner());
    }

    /** The creation rules devmaps and devmap hashes share. */
    static void checkDefinition(MapDefinition def) {
        if (def.maxEntries() <= 0 || def.keySize() != 4 || (def.valueSize() != 4 && def.valueSize() != 8)
                || (def.flags() & ~DEV_CREATE_FLAG_MASK) != 0 || !MapFlags.accessFlagsOk(def.flags())) {
            throw new IllegalArgumentException(def.name() + ": a " + def.type().bpftoolName() + " needs max_entries > 0, "
                    + "a 4-byte key, a 4- or 8-byte value and no flags but NUMA_NODE, RDONLY and WRONLY (-EINVAL)");
        }
    }

    /** Sets which ifindexes are interfaces (updates naming another are -EINVAL). */
    public DevMap devices(IntPredicate exists) {
        this.devices = exists;
        return this;
    }

    /** Checks a devmap entry: 0, or -EINVAL when the ifindex is no interface or the fd no program. */
    static int checkEntry(BpfRuntime runtime, IntPredicate devices, int ifindex, int fd) {
        if (!devices.test(ifindex)) {
            return -EINVAL;
        }
        if (fd > 0 && runtime.program(fd) == null) {
            return -EINVAL;
        }
        return 0;
    }

    @Override
    public boolean hasValueRegion() {
        return true;
    }

    @Override
    public byte[] valueStorage(int cpu) {
        return values;
    }

    /** Programs only read devmap entries (the kernel adds BPF_F_RDONLY_PROG). */
    @Override
    public boolean programWritable() {
        return false;
    }

    @Override
    public int size() {
        int n = 0;
        for (int i = 0; i < def.maxEntries(); i++) {
            n += ifindexAt(i) != 0 ? 1 : 0;
        }
        return n;
    }

    private int ifindexAt(int i) {
        return (int) INT.getAcquire(values, i * SLOT);
    }

    // ---------------------------------------------------------------- redirect

    @Override
    public long target(long key) {
        if (key < 0 || key >= def.maxEntries()) {
            return NO_TARGET;
        }
        int ifindex = ifindexAt((int) key);
        return ifindex == 0 ? NO_TARGET : ifindex & 0xffffffffL;
    }

    @Override
    public Executable program(long key) {
        return key < 0 || key >= def.maxEntries() ? null : programs.get((int) key);
    }

    /**
     * Copies the ifindexes of every entry into {@code out} (for BPF_F_BROADCAST), in index order;
     * returns how many there were. {@code out} needs max_entries slots.
     */
    public int targets(int[] out) {
        int n = 0;
        for (int i = 0; i < def.maxEntries() && n < out.length; i++) {
            int ifindex = ifindexAt(i);
            if (ifindex != 0) {
                out[n++] = ifindex;
            }
        }
        return n;
    }

    // ---------------------------------------------------------------- program side

    @Override
    public long lookupElem(ExecutionContext ctx, long key) {
        long index = ctx.memory().load32(key);
        if (index >= def.maxEntries() || ifindexAt((int) index) == 0) {
            return 0;
        }
        return Memory.address(valueRegion(), (int) index * SLOT);
    }

    // ---------------------------------------------------------------- user side

    private static long u32(byte[] b, int off) {
        return ((b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24)
                & 0xffffffffL;
    }

    @Override
    public byte[] lookup(byte[] key) {
        checkKey(key);
        long i = u32(key, 0);
        if (i >= def.maxEntries()) {
            return null;
        }
        synchronized (this) {
            if (ifindexAt((int) i) == 0) {
                return null;
            }
            return Arrays.copyOfRange(values, (int) i * SLOT, (int) i * SLOT + def.valueSize());
        }
    }

    @Override
    public int update(byte[] key, byte[] value, long flags) {
        checkKey(key);
        checkValue(value);
        if (flags < 0 || flags > MapFlags.BPF_EXIST) {
            return -EINVAL;
        }
        long i = u32(key, 0);
        if (i >= def.maxEntries()) {
            return -E2BIG;
        }
        if (flags == MapFlags.BPF_NOEXIST) {
            return -EEXIST;
        }
        int ifindex = (int) u32(value, 0);
        int fd = def.valueSize() == 8 ? (int) u32(value, 4) : 0;
        synchronized (this) {
            if (ifindex == 0) {
                if (fd > 0) {
                    return -EINVAL;
                }
                programs.set((int) i, null);
                INT.setRelease(values, (int) i * SLOT, 0);
                INT.set(values, (int) i * SLOT + 4, 0);
                return 0;
            }
            int r = checkEntry(runtime, devices, ifindex, fd);
            if (r != 0) {
                return r;
            }
            programs.set((int) i, fd > 0 ? runtime.program(fd) : null);
            INT.set(values, (int) i * SLOT + 4, fd > 0 ? fd : 0);
            INT.setRelease(values, (int) i * SLOT, ifindex);
            return 0;
        }
    }

    /** Clears the entry: 0 whether or not there was one, -EINVAL outside the array. */
    @Override
    public int delete(byte[] key) {
        checkKey(key);
        long i = u32(key, 0);
        if (i >= def.maxEntries()) {
            return -EINVAL;
        }
        synchronized (this) {
            programs.set((int) i, null);
            INT.setRelease(values, (int) i * SLOT, 0);
            INT.set(values, (int) i * SLOT + 4, 0);
        }
        return 0;
    }

    /** Every index in order, entries or not (the kernel's dev_map_get_next_key). */
    @Override
    public byte[] nextKey(byte[] key) {
        long next = 0;
        if (key != null) {
            checkKey(key);
            long i = u32(key, 0);
            next = i >= def.maxEntries() ? 0 : i + 1;
        }
        if (next >= def.maxEntries()) {
            return null;
        }
        return new byte[] {(byte) next, (byte) (next >>> 8), (byte) (next >>> 16), (byte) (next >>> 24)};
    }
}
