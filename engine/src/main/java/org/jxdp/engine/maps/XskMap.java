package org.jxdp.engine.maps;

import static org.jxdp.engine.maps.Errno.E2BIG;
import static org.jxdp.engine.maps.Errno.EEXIST;
import static org.jxdp.engine.maps.Errno.EINVAL;
import static org.jxdp.engine.maps.Errno.ENOENT;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.jxdp.engine.vm.Executable;

/**
 * {@code BPF_MAP_TYPE_XSKMAP}: AF_XDP sockets by u32 queue index, for {@code bpf_redirect_map}.
 * jxdp has no AF_XDP sockets; an entry holds the id of a socket the application registers
 * (a positive u32, given as the value by user space), and a redirect to it hands the frame to
 * that socket's sink. Lookups from user space are refused with -EOPNOTSUPP, as in the kernel.
 */
public final class XskMap extends BpfMap implements RedirectMap {
    private final AtomicIntegerArray sockets;

    public XskMap(MapDefinition def, int cpus) {
        super(def, cpus);
        if (def.keySize() != 4 || def.valueSize() != 4 || def.maxEntries() <= 0) {
            throw new IllegalArgumentException(def.name() + ": an xskmap needs 4-byte keys and values and "
                    + "max_entries > 0 (-EINVAL)");
        }
        this.sockets = new AtomicIntegerArray(def.maxEntries());
    }

    @Override
    public int size() {
        int n = 0;
        for (int i = 0; i < sockets.length(); i++) {
            n += sockets.get(i) != 0 ? 1 : 0;
        }
        return n;
    }

    @Override
    public long target(long key) {
        if (key < 0 || key >= sockets.length()) {
            return NO_TARGET;
        }
        int s = sockets.get((int) key);
        return s == 0 ? NO_TARGET : s & 0xffffffffL;
    }

    @Override
    public Executable program(long key) {
        return null;
    }

    private static long u32(byte[] b) {
        return ((b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24) & 0xffffffffL;
    }

    @Override
    public byte[] lookup(byte[] key) {
        checkKey(key);
        return null;
    }

    @Override
    public int lookupErrno() {
        return -Errno.EOPNOTSUPP;
    }

    @Override
    public int update(byte[] key, byte[] value, long flags) {
        checkKey(key);
        checkValue(value);
        long f = flags & ~MapFlags.BPF_F_LOCK;
        if (f > MapFlags.BPF_EXIST) {
            return -EINVAL;
        }
        long index = u32(key);
        if (index >= sockets.length()) {
            return -E2BIG;
        }
        int socket = (int) u32(value);
        if (socket == 0) {
            return -EINVAL;
        }
        boolean present = sockets.get((int) index) != 0;
        if (f == MapFlags.BPF_NOEXIST && present) {
            return -EEXIST;
        }
        if (f == MapFlags.BPF_EXIST && !present) {
            return -ENOENT;
        }
        sockets.set((int) index, socket);
        return 0;
    }

    @Override
    public int delete(byte[] key) {
        checkKey(key);
        long index = u32(key);
        if (index >= sockets.length()) {
            return -EINVAL;
        }
        sockets.set((int) index, 0);
        return 0;
    }

    @Override
    public byte[] nextKey(byte[] key) {
        long next = 0;
        if (key != null) {
            checkKey(key);
            long i = u32(key);
            next = i >= sockets.length() ? 0 : i + 1;
        }
        if (next >= sockets.length()) {
            return null;
        }
        return new byte[] {(byte) next, (byte) (next >>> 8), (byte) (next >>> 16), (byte) (next >>> 24)};
    }
}
