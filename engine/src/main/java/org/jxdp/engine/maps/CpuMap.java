package org.jxdp.engine.maps;

import static org.jxdp.engine.maps.Errno.E2BIG;
import static org.jxdp.engine.maps.Errno.EEXIST;
import static org.jxdp.engine.maps.Errno.EINVAL;
import static org.jxdp.engine.maps.Errno.ENODEV;
import static org.jxdp.engine.maps.Errno.ENOMEM;
import static org.jxdp.engine.maps.Errno.EOVERFLOW;

import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.vm.Executable;

/**
 * {@code BPF_MAP_TYPE_CPUMAP}: CPUs by index, for {@code bpf_redirect_map} to another CPU
 * ({@code kernel/bpf/cpumap.c}); here a CPU is a worker of the runtime. Values are a u32 queue
 * size (value_size 4) or {@code struct bpf_cpumap_val} (value_size 8), which adds a program to
 * run on the frame on the target CPU:
 * <pre>
 *   struct bpf_cpumap_val
 *   0           4                     8
 *   +-----------+---------------------+
 *   |   qsize   | bpf_prog.fd / .id   |     qsize 0 clears the entry; at most 16384
 *   +-----------+---------------------+
 * </pre>
 * The key is the CPU: one the runtime does not have is -ENODEV; a program fd that is not a
 * program is -ENOMEM, as in the kernel (its entry allocation fails as a whole). Programs cannot
 * look cpumaps up; the redirect helper calls {@link #target} and {@link #program}.
 */
public final class CpuMap extends BpfMap implements RedirectMap {
    /** The most entries a cpumap may have: the kernel's CONFIG_NR_CPUS (256 on the kernel checked). */
    public static final int NR_CPUS = 256;
    /** The largest queue size. */
    public static final int MAX_QSIZE = 16384;

    private final BpfRuntime runtime;
    /** qsize and program id of each CPU's entry; null when none. */
    private final AtomicReferenceArray<int[]> entries;
    private final AtomicReferenceArray<Executable> programs;

    public CpuMap(MapDefinition def, int cpus, BpfRuntime runtime) {
        super(def, cpus);
        if (def.type() != MapType.BPF_MAP_TYPE_CPUMAP) {
            throw new IllegalArgumentException(def.name() + ": not a cpumap: " + def.type());
        }
        if (def.maxEntries() <= 0 || def.keySize() != 4 || (def.valueSize() != 4 && def.valueSize() != 8)
                || (def.flags() & ~MapFlags.BPF_F_NUMA_NODE) != 0) {
            throw new IllegalArgumentException(def.name() + ": a cpumap needs max_entries > 0, a 4-byte key, a 4- or "
                    + "8-byte value and no flags but NUMA_NODE (-EINVAL)");
        }
        if (def.maxEntries() > NR_CPUS) {
            throw new IllegalArgumentException(def.name() + ": a cpumap has at most " + NR_CPUS + " entries, not "
                    + def.maxEntries() + " (-E2BIG)");
        }
        this.runtime = runtime;
        this.entries = new AtomicReferenceArray<>(def.maxEntries());
        this.programs = new AtomicReferenceArray<>(def.maxEntries());
    }

    @Override
    public int size() {
        int n = 0;
        for (int i = 0; i < entries.length(); i++) {
            n += entries.get(i) == null ? 0 : 1;
        }
        return n;
    }

    @Override
    public long target(long key) {
        return key >= 0 && key < entries.length() && entries.get((int) key) != null ? key : NO_TARGET;
    }

    @Override
    public Executable program(long key) {
        return key >= 0 && key < entries.length() ? programs.get((int) key) : null;
    }

    /** The queue size of the entry of {@code cpu}, or 0 when none. */
    public int qsize(int cpu) {
        int[] e = cpu >= 0 && cpu < entries.length() ? entries.get(cpu) : null;
        return e == null ? 0 : e[0];
    }

    private static long u32(byte[] b, int off) {
        return ((b[off] & 0xff) | (b[off + 1] & 0xff) << 8 | (b[off + 2] & 0xff) << 16 | (b[off + 3] & 0xff) << 24)
                & 0xffffffffL;
    }

    @Override
    public byte[] lookup(byte[] key) {
        checkKey(key);
        long i = u32(key, 0);
        int[] e = i < entries.length() ? entries.get((int) i) : null;
        if (e == null) {
            return null;
        }
        byte[] out = new byte[def.valueSize()];
        for (int f = 0; f < def.valueSize() / 4; f++) {
            for (int b = 0; b < 4; b++) {
                out[f * 4 + b] = (byte) (e[f] >>> (8 * b));
            }
        }
        return out;
    }

    @Override
    public int update(byte[] key, byte[] value, long flags) {
        checkKey(key);
        checkValue(value);
        if (flags < 0 || flags > MapFlags.BPF_EXIST) {
            return -EINVAL;
        }
        long cpu = u32(key, 0);
        if (cpu >= entries.length()) {
            return -E2BIG;
        }
        if (flags == MapFlags.BPF_NOEXIST) {
            return -EEXIST;
        }
        long qsize = u32(value, 0);
        if (qsize > MAX_QSIZE) {
            return -EOVERFLOW;
        }
        if (cpu >= cpus) {
            return -ENODEV;
        }
        int fd = def.valueSize() == 8 ? (int) u32(value, 4) : 0;
        synchronized (this) {
            if (qsize == 0) {
                entries.set((int) cpu, null);
                programs.set((int) cpu, null);
                return 0;
            }
            Executable p = fd > 0 ? runtime.program(fd) : null;
            if (fd > 0 && p == null) {
                return -ENOMEM;
            }
            programs.set((int) cpu, p);
            entries.set((int) cpu, new int[] {(int) qsize, fd > 0 ? fd : 0});
            return 0;
        }
    }

    /** Clears the entry: 0 whether or not there was one, -EINVAL outside the map. */
    @Override
    public int delete(byte[] key) {
        checkKey(key);
        long i = u32(key, 0);
        if (i >= entries.length()) {
            return -EINVAL;
        }
        synchronized (this) {
            entries.set((int) i, null);
            programs.set((int) i, null);
        }
        return 0;
    }

    @Override
    public byte[] nextKey(byte[] key) {
        long next = 0;
        if (key != null) {
            checkKey(key);
            long i = u32(key, 0);
            next = i >= entries.length() ? 0 : i + 1;
        }
        if (next >= entries.length()) {
            return null;
        }
        return new byte[] {(byte) next, (byte) (next >>> 8), (byte) (next >>> 16), (byte) (next >>> 24)};
    }
}
