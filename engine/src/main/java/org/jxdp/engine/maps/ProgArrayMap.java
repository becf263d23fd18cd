package org.jxdp.engine.maps;

import static org.jxdp.engine.maps.Errno.E2BIG;
import static org.jxdp.engine.maps.Errno.EBADF;
import static org.jxdp.engine.maps.Errno.EEXIST;
import static org.jxdp.engine.maps.Errno.EINVAL;
import static org.jxdp.engine.maps.Errno.ENOENT;

import java.util.concurrent.atomic.AtomicReferenceArray;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.vm.Executable;

/**
 * {@code BPF_MAP_TYPE_PROG_ARRAY}: programs by u32 index, for {@code bpf_tail_call}. User space
 * stores a program's id (its "fd" in the runtime) as the 4-byte value; a lookup gives the id back.
 * Programs cannot read or write the map directly, only tail-call through it.
 */
public final class ProgArrayMap extends BpfMap {
    private final BpfRuntime runtime;
    private final AtomicReferenceArray<Executable> programs;
    private final int[] ids;

    public ProgArrayMap(MapDefinition def, int cpus, BpfRuntime runtime) {
        super(def, cpus);
        if (def.keySize() != 4 || def.valueSize() != 4 || def.maxEntries() <= 0) {
            throw new IllegalArgumentException(def.name() + ": a prog array needs 4-byte keys and values and "
                    + "max_entries > 0 (-EINVAL)");
        }
        this.runtime = runtime;
        this.programs = new AtomicReferenceArray<>(def.maxEntries());
        this.ids = new int[def.maxEntries()];
    }

    @Override
    public int size() {
        int n = 0;
        for (int i = 0; i < programs.length(); i++) {
            n += programs.get(i) == null ? 0 : 1;
        }
        return n;
    }

    /** The program at {@code index} (for bpf_tail_call), or null. */
    public Executable program(long index) {
        return index >= 0 && index < programs.length() ? programs.get((int) index) : null;
    }

    /** Puts the runtime's program {@code programId} at {@code index}; 0 or a negative errno. */
    public int set(int index, int programId) {
        Executable p = runtime.program(programId);
        if (p == null) {
            return -EBADF;
        }
        if (index < 0 || index >= programs.length()) {
            return -E2BIG;
        }
        synchronized (ids) {
            ids[index] = programId;
            programs.set(index, p);
        }
        return 0;
    }

    private static int u32(byte[] b) {
        return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
    }

    private static byte[] le32(int v) {
        return new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)};
    }

    @Override
    public byte[] lookup(byte[] key) {
        checkKey(key);
        long index = u32(key) & 0xffffffffL;
        if (index >= programs.length()) {
            return null;
        }
        synchronized (ids) {
            return programs.get((int) index) == null ? null : le32(ids[(int) index]);
        }
    }

    @Override
    public int update(byte[] key, byte[] value, long flags) {
        checkKey(key);
        checkValue(value);
        long f = flags & ~MapFlags.BPF_F_LOCK;
        if (f > MapFlags.BPF_EXIST) {
            return -EINVAL;
        }
        long index = u32(key) & 0xffffffffL;
        if (index >= programs.length()) {
            return -E2BIG;
        }
        if (f == MapFlags.BPF_NOEXIST) {
            return -EEXIST;
        }
        return set((int) index, u32(value));
    }

    @Override
    public int delete(byte[] key) {
        checkKey(key);
        long index = u32(key) & 0xffffffffL;
        if (index >= programs.length()) {
            return -E2BIG;
        }
        synchronized (ids) {
            return programs.getAndSet((int) index, null) == null ? -ENOENT : 0;
        }
    }

    @Override
    public byte[] nextKey(byte[] key) {
        long next = 0;
        if (key != null) {
            checkKey(key);
            long index = u32(key) & 0xffffffffL;
            next = index >= programs.length() ? 0 : index + 1;
        }
        return next >= programs.length() ? null : le32((int) next);
    }
}
