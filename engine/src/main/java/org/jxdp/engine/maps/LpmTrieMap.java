package org.jxdp.engine.maps;

import static org.jxdp.engine.maps.Errno.EEXIST;
import static org.jxdp.engine.maps.Errno.EINVAL;
import static org.jxdp.engine.maps.Errno.ENOENT;
import static org.jxdp.engine.maps.Errno.ENOSPC;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.locks.StampedLock;
import org.jxdp.engine.vm.ExecutionContext;
import org.jxdp.engine.vm.Memory;

/**
 * {@code BPF_MAP_TYPE_LPM_TRIE}: longest-prefix match over {@code struct bpf_lpm_trie_key}
 * keys, with the kernel's trie ({@code kernel/bpf/lpm_trie.c}): a binary trie whose nodes are
 * the stored prefixes plus <em>intermediate</em> nodes that join two prefixes diverging below
 * their common part; every intermediate node has exactly two children.
 * <pre>
 *   key (key_size = 4 + data_size bytes):
 *   0           4                                4 + data_size
 *   +-----------+--------------------------------+
 *   | prefixlen |  data[], network byte order     |     IPv4: data_size 4 (key 8)
 *   +-----------+--------------------------------+     IPv6: data_size 16 (key 20)
 *     u32, host order                                  data_size 1..256
 *
 *   trie:            192.168.0.0/16
 *                    /            \
 *        192.168.0.0/23 (im)    192.168.128.0/24
 *           /          \
 *   192.168.0.0/24  192.168.1.0/24
 * </pre>
 * A lookup walks from the root while the node's prefix matches, remembering the last real
 * node; it returns that node's value (a lookup key's prefixlen limits the match, and one longer
 * than the data matches nothing, as on Linux 6.18). An update replaces an exact prefix, inserts above a node
 * it covers, or joins the two under a new intermediate node. get_next_key walks post-order:
 * more specific prefixes before the prefixes that cover them.
 *
 * <p>The kernel allocates nodes on demand ({@code BPF_F_NO_PREALLOC} is required); jxdp
 * preallocates the value region ({@code max_entries} values, 8-byte aligned) because programs
 * address values in place, and grows its node table as prefixes are added. Programs look up
 * without a lock (an optimistic read, retried under the read lock when a writer intervened);
 * updates and deletes take the write lock. A replaced value is overwritten in place.
 *
 * <p>For keys of up to 16 data bytes (IPv4, IPv6) each node also has a row that lookups read
 * instead of the node arrays: one cache line or less per node, the data as big-endian longs so
 * that a node matches with one XOR and a leading-zero count.
 * <pre>
 *   row of node n (stride = words + 2 longs, words = 1 for data of 1..8 bytes, 2 for 9..16):
 *   +-------------+-------------+--------------------------+-------------------------+
 *   | data word 0 | data word 1 | child[0] | child[1] &lt;&lt; 32 | prefixlen | value &lt;&lt; 32 |
 *   +-------------+-------------+--------------------------+-------------------------+
 *     big endian, zero padded      (word 1 only when words = 2)
 * </pre>
 * Writers keep a node's row in step with its arrays ({@link #sync}) before linking it.
 *
 * <p>A trie of at most {@link #SCAN_MAX} prefixes (keys of up to 16 data bytes) is also kept as
 * a list, longest prefix first, and a lookup tests every entry with a masked compare of the
 * data words instead of walking: the walk is a chain of dependent loads (node, row, child), the
 * list's compares are independent, and a deny list of a few prefixes is looked up on every
 * frame. The first entry that matches is the longest. The list is rewritten in place after every
 * change, under the write lock and without allocating (programs update tries too).
 */
public final class LpmTrieMap extends BpfMap {
    /** Fewest data bytes a key may have. */
    public static final int LPM_DATA_SIZE_MIN = 1;
    /** Most data bytes a key may have. */
    public static final int LPM_DATA_SIZE_MAX = 256;
    /** Smallest key: prefixlen plus one data byte. */
    public static final int LPM_KEY_SIZE_MIN = 4 + LPM_DATA_SIZE_MIN;
    /** Largest key: prefixlen plus 256 data bytes. */
    public static final int LPM_KEY_SIZE_MAX = 4 + LPM_DATA_SIZE_MAX;
    /** Smallest value. */
    public static final int LPM_VAL_SIZE_MIN = 1;
    /**
     * Largest value: KMALLOC_MAX_SIZE (4 MiB on x86-64) less the largest key data and the
     * kernel's 24-byte node header, as measured on Linux 6.18.
     */
    public static final int LPM_VAL_SIZE_MAX = (4 << 20) - LPM_DATA_SIZE_MAX - 24;
    /** Creation flags the kernel accepts ({@code LPM_CREATE_FLAG_MASK}). */
    private static final int LPM_CREATE_FLAG_MASK = MapFlags.BPF_F_NO_PREALLOC | MapFlags.BPF_F_NUMA_NODE
            | MapFlags.BPF_F_ACCESS_MASK;
    /** The slot that holds the root. */
    private static final int ROOT = -1;
    private static final int NONE = -1;

    private final int dataSize;
    /** Longs of data in a row: 1 or 2, or 0 when keys are too long for rows (over 16 data bytes). */
    private final int words;
    private final int maxPrefixlen;
    private final int elemSize;
    private final byte[] values;
    private final int[] freeValues;
    private int freeValueCount;
    private final StampedLock lock = new StampedLock();
    private volatile Nodes nodes;
    private volatile int root = NONE;
    private int entries;
    /*
     * A small trie's prefixes, longest first, for a lookup that tests every one: a masked compare
     * of the key's one or two big-endian data words with each, none waiting on a load the one
     * before made (a walk loads a node, then its row, then the child it names). Rewritten in place
     * under the write lock after every change (no allocation: programs update tries too), and
     * read optimistically like the rows: a reader a writer overtook fails validation.
     *   scanWords:  w0 w1 m0 m1 | w0 w1 m0 m1 | ...   data words and the masks of the prefix bits
     *   scanPrefixlen, scanSlot: one per prefix, same order (prefix length descending)
     * scanCount is -1 when the trie holds more than SCAN_MAX prefixes or keys wider than 16 bytes.
     */
    private final long[] scanWords;
    private final int[] scanPrefixlen;
    private final int[] scanSlot;
    /** Nodes still to visit while the scan is rebuilt. */
    private final int[] scanTodo;
    private int scanCount = -1;

    /** The node table: one Nodes object is published at a time; a larger one replaces it whole. */
    private static final class Nodes {
        final int[] child;
        final int[] prefixlen;
        /** The node's value slot, or NONE for an intermediate node. */
        final int[] value;
        final byte[] data;
        final int[] nextFree;
        /** The lookup rows (see the class comment), or null when keys are too long for them. */
        final long[] rows;
        int freeHead;
        int used;

        Nodes(int capacity, int dataSize, int words) {
            child = new int[capacity * 2];
            prefixlen = new int[capacity];
            value = new int[capacity];
            data = new byte[capacity * dataSize];
            nextFree = new int[capacity];
            rows = words == 0 ? null : new long[capacity * (words + 2)];
            freeHead = NONE;
        }

        int capacity() {
            return prefixlen.length;
        }
    }

    /** Up to this many prefixes, a lookup tests each of them instead of walking the trie. */
    static final int SCAN_MAX = 16;

    public LpmTrieMap(MapDefinition def, int cpus) {
        super(def, cpus);
        if (def.type() != MapType.BPF_MAP_TYPE_LPM_TRIE) {
            throw new IllegalArgumentException(def.name() + ": not an lpm_trie: " + def.type());
        }
        int flags = def.flags();
        if (def.maxEntries() <= 0 || (flags & MapFlags.BPF_F_NO_PREALLOC) == 0 || (flags & ~LPM_CREATE_FLAG_MASK) != 0
                || !MapFlags.accessFlagsOk(flags)) {
            throw new IllegalArgumentException(def.name() + ": an lpm_trie needs max_entries > 0 and "
                    + "BPF_F_NO_PREALLOC, and accepts no other flags than NUMA_NODE and the access flags (-EINVAL)");
        }
        if (def.keySize() < LPM_KEY_SIZE_MIN || def.keySize() > LPM_KEY_SIZE_MAX) {
            throw new IllegalArgumentException(def.name() + ": an lpm_trie key is 4 bytes of prefixlen and 1.."
                    + LPM_DATA_SIZE_MAX + " bytes of data, not " + def.keySize() + " bytes (-EINVAL)");
        }
        if (def.valueSize() < LPM_VAL_SIZE_MIN || def.valueSize() > LPM_VAL_SIZE_MAX) {
            throw new IllegalArgumentException(def.name() + ": an lpm_trie value is 1.." + LPM_VAL_SIZE_MAX
                    + " bytes, not " + def.valueSize() + " (-EINVAL)");
        }
        this.dataSize = def.keySize() - 4;
        this.words = dataSize <= 16 ? (dataSize + 7) / 8 : 0;
        this.maxPrefixlen = dataSize * 8;
        this.elemSize = round8(def.valueSize());
        long valueBytes = (long) elemSize * def.maxEntries();
        if (valueBytes > Integer.MAX_VALUE - 16 || 2L * def.maxEntries() * dataSize > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(def.name() + ": " + def.maxEntries() + " prefixes of " + def.valueSize()
                    + "-byte values is more than jxdp preallocates (-E2BIG)");
        }
        this.values = new byte[(int) valueBytes];
        this.freeValues = new int[def.maxEntries()];
        for (int i = 0; i < freeValues.length; i++) {
            freeValues[i] = freeValues.length - 1 - i;
        }
        this.freeValueCount = freeValues.length;
        this.nodes = new Nodes(Math.min(2 * def.maxEntries(), 64), dataSize, words);
        this.scanWords = new long[words == 0 ? 0 : 4 * SCAN_MAX];
        this.scanPrefixlen = new int[words == 0 ? 0 : SCAN_MAX];
        this.scanSlot = new int[words == 0 ? 0 : SCAN_MAX];
        this.scanTodo = new int[words == 0 ? 0 : 2 * SCAN_MAX + 2];
        rebuildScan();
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
    public int size() {
        long stamp = lock.readLock();
        try {
            return entries;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** The number of data bits a key carries: the largest prefixlen. */
    public int maxPrefixlen() {
        return maxPrefixlen;
    }

    // ---------------------------------------------------------------- bit arithmetic

    private static final VarHandle LE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle BE_INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    /** The little-endian u32 at {@code a[off..]} (a key's prefixlen, host order as on x86). */
    private static long u32(byte[] a, int off) {
        return (int) LE_INT.get(a, off) & 0xffffffffL;
    }

    /** Bit {@code index} of the data at {@code a[off..]}, counted from the most significant bit. */
    private static int bit(byte[] a, int off, int index) {
        return (a[off + (index >>> 3)] >>> (7 - (index & 7))) & 1;
    }

    /**
     * How many leading bits node {@code n} and the key data at {@code k[kd..]} share, at most
     * the smaller of the two prefix lengths.
     */
    private int match(Nodes t, int n, byte[] k, int kd, long keyPrefixlen) {
        return match(t, n, t.prefixlen[n], k, kd, keyPrefixlen);
    }

    private int match(Nodes t, int n, int nodePrefixlen, byte[] k, int kd, long keyPrefixlen) {
        int limit = (int) Math.min(nodePrefixlen, keyPrefixlen);
        int nd = n * dataSize;
        int matched = 0;
        for (int i = 0; i < dataSize && matched < limit; i++) {
            int diff = (t.data[nd + i] ^ k[kd + i]) & 0xff;
            if (diff != 0) {
                matched += Integer.numberOfLeadingZeros(diff) - 24;
                break;
            }
            matched += 8;
        }
        return Math.min(matched, limit);
    }

    private int slotGet(Nodes t, int slot) {
        return slot == ROOT ? root : t.child[slot];
    }

    private void slotSet(Nodes t, int slot, int node) {
        if (slot == ROOT) {
            root = node;
        } else {
            t.child[slot] = node;
            sync(t, slot >>> 1);
        }
    }

    /** Data word {@code w} (big endian, zero padded) of the {@code dataSize} bytes at {@code a[off..]}. */
    private long word(byte[] a, int off, int w) {
        if (dataSize == 4) {
            return ((int) BE_INT.get(a, off) & 0xffffffffL) << 32;
        }
        if (dataSize == 16 || dataSize == 8) {
            // two 4-byte loads, not one of 8: programs build keys with 4-byte stores (clang's
            // copy of an IPv6 address), and an 8-byte load of two recent 4-byte stores waits
            // for both to leave the store buffer instead of taking their bytes from it
            int at = off + 8 * w;
            return (long) (int) BE_INT.get(a, at) << 32 | ((int) BE_INT.get(a, at + 4) & 0xffffffffL);
        }
        long v = 0;
        int from = 8 * w;
        int to = Math.min(dataSize, from + 8);
        for (int i = from; i < to; i++) {
            v = v << 8 | (a[off + i] & 0xffL);
        }
        return v << 8 * (from + 8 - to);
    }

    /** Rewrites node {@code n}'s lookup row from its arrays. */
    private void sync(Nodes t, int n) {
        long[] rows = t.rows;
        if (rows == null) {
            return;
        }
        int base = n * (words + 2);
        for (int w = 0; w < words; w++) {
            rows[base + w] = word(t.data, n * dataSize, w);
        }
        rows[base + words] = (t.child[n * 2] & 0xffffffffL) | (long) t.child[n * 2 + 1] << 32;
        rows[base + words + 1] = (t.prefixlen[n] & 0xffffffffL) | (long) t.value[n] << 32;
    }

    // ---------------------------------------------------------------- lookup

    /** The value slot of the longest prefix matching the key at {@code k[ko..]}, or NONE. */
    private int find(byte[] k, int ko) {
        long stamp = lock.tryOptimisticRead();
        int found = findUnlocked(k, ko);
        if (!lock.validate(stamp)) {
            stamp = lock.readLock();
            try {
                found = findUnlocked(k, ko);
            } finally {
                lock.unlockRead(stamp);
            }
        }
        return found;
    }

    private int findUnlocked(byte[] k, int ko) {
        Nodes t = nodes;
        long plen = u32(k, ko);
        if (plen > maxPrefixlen) {
            return NONE;
        }
        int kd = ko + 4;
        if (words != 0) {
            // keys of up to 16 data bytes: the scan or the rows, on the data as one or two words
            long k0 = word(k, kd, 0);
            long k1 = words == 2 ? word(k, kd, 1) : 0;
            int n = scanCount;
            if (n >= 0) {
                int s = scan(Math.min(n, SCAN_MAX), k0, k1, (int) plen);
                return s >= 0 && s < freeValues.length ? s : NONE;
            }
            return findInRows(t, k0, k1, (int) plen);
        }
        int found = NONE;
        int node = root;
        for (int steps = 0; node >= 0 && node < t.capacity() && steps <= maxPrefixlen + 1; steps++) {
            // read once: a writer may change the node under an optimistic read
            int p = Math.min(Math.max(t.prefixlen[node], 0), maxPrefixlen);
            int matched = match(t, node, p, k, kd, plen);
            if (matched == maxPrefixlen) {
                found = t.value[node];
                break;
            }
            if (matched < p) {
                break;
            }
            int v = t.value[node];
            if (v != NONE) {
                found = v;
            }
            node = t.child[node * 2 + bit(k, kd, p)];
        }
        return found >= 0 && found < freeValues.length ? found : NONE;
    }

    /** {@link #findUnlocked} over the rows, for keys of up to 16 data bytes as two words. */
    private int findInRows(Nodes t, long k0, long k1, int plen) {
        long[] rows = t.rows;
        int stride = words + 2;
        int capacity = t.capacity();
        int found = NONE;
        int node = root;
        for (int steps = 0; node >= 0 && node < capacity && steps <= maxPrefixlen + 1; steps++) {
            int base = node * stride;
            long meta = rows[base + words + 1];
            // read once: a writer may change the row under an optimistic read
            int p = Math.min(Math.max((int) meta, 0), maxPrefixlen);
            int v = (int) (meta >>> 32);
            long x = rows[base] ^ k0;
            int common = x != 0 || words == 1 ? Long.numberOfLeadingZeros(x)
                    : 64 + Long.numberOfLeadingZeros(rows[base + 1] ^ k1);
            int matched = Math.min(Math.min(common, p), plen);
            if (matched == maxPrefixlen) {
                found = v;
                break;
            }
            if (matched < p) {
                break;
            }
            // branch-free: which child, and whether the node is real, are coin tosses to the predictor
            found = v != NONE ? v : found;
            long bit = (p < 64 ? k0 >>> (63 - p) : k1 >>> (127 - p)) & 1;
            node = (int) (rows[base + words] >>> (bit << 5));
        }
        return found >= 0 && found < freeValues.length ? found : NONE;
    }

    // ---------------------------------------------------------------- node management (write lock held)

    private int allocNode(byte[] src, int srcOff, int prefixlen, int valueSlot) {
        Nodes t = nodes;
        int n;
        if (t.freeHead != NONE) {
            n = t.freeHead;
            t.freeHead = t.nextFree[n];
        } else {
            if (t.used == t.capacity()) {
                t = grow(t);
            }
            n = t.used++;
        }
        t.child[n * 2] = NONE;
        t.child[n * 2 + 1] = NONE;
        t.prefixlen[n] = prefixlen;
        t.value[n] = valueSlot;
        System.arraycopy(src, srcOff, t.data, n * dataSize, dataSize);
        sync(t, n);
        return n;
    }

    private Nodes grow(Nodes t) {
        int capacity = (int) Math.min(2L * def.maxEntries(), 2L * t.capacity());
        Nodes g = new Nodes(capacity, dataSize, words);
        System.arraycopy(t.child, 0, g.child, 0, t.child.length);
        System.arraycopy(t.prefixlen, 0, g.prefixlen, 0, t.prefixlen.length);
        System.arraycopy(t.value, 0, g.value, 0, t.value.length);
        System.arraycopy(t.data, 0, g.data, 0, t.data.length);
        System.arraycopy(t.nextFree, 0, g.nextFree, 0, t.nextFree.length);
        if (t.rows != null) {
            System.arraycopy(t.rows, 0, g.rows, 0, t.rows.length);
        }
        g.freeHead = t.freeHead;
        g.used = t.used;
        nodes = g;
        return g;
    }

    private void freeNode(Nodes t, int n) {
        releaseValue(t, n);
        t.nextFree[n] = t.freeHead;
        t.freeHead = n;
    }

    private int takeValue(byte[] v, int vo) {
        int slot = freeValues[--freeValueCount];
        System.arraycopy(v, vo, values, slot * elemSize, def.valueSize());
        return slot;
    }

    private void releaseValue(Nodes t, int n) {
        if (t.value[n] != NONE) {
            freeValues[freeValueCount++] = t.value[n];
            t.value[n] = NONE;
            sync(t, n);
        }
    }

    /** The kernel's trie_check_add_elem: may one more prefix be added? */
    private int checkAdd(long flags) {
        if (flags == MapFlags.BPF_EXIST) {
            return -ENOENT;
        }
        if (entries == def.maxEntries()) {
            return -ENOSPC;
        }
        entries++;
        return 0;
    }

    // ---------------------------------------------------------------- update and delete

    private int updateLocked(byte[] k, int ko, byte[] v, int vo, long flags) {
        if (flags < 0 || flags > MapFlags.BPF_EXIST) {
            return -EINVAL;
        }
        long plen = u32(k, ko);
        if (plen > maxPrefixlen) {
            return -EINVAL;
        }
        int kd = ko + 4;
        long stamp = lock.writeLock();
        try {
            Nodes t = nodes;
            int slot = ROOT;
            int node;
            int matched = 0;
            while ((node = slotGet(t, slot)) != NONE) {
                matched = match(t, node, k, kd, plen);
                if (t.prefixlen[node] != matched || t.prefixlen[node] == plen) {
                    break;
                }
                slot = node * 2 + bit(k, kd, t.prefixlen[node]);
            }
            if (node == NONE) {
                int r = checkAdd(flags);
                if (r != 0) {
                    return r;
                }
                int n = allocNode(k, kd, (int) plen, takeValue(v, vo));
                slotSet(nodes, slot, n);
                return 0;
            }
            if (t.prefixlen[node] == matched) {
                // the exact prefix: replace a real node's value, or make an intermediate node real
                if (t.value[node] != NONE) {
                    if (flags == MapFlags.BPF_NOEXIST) {
                        return -EEXIST;
                    }
                    System.arraycopy(v, vo, values, t.value[node] * elemSize, def.valueSize());
                } else {
                    int r = checkAdd(flags);
                    if (r != 0) {
                        return r;
                    }
                    t.value[node] = takeValue(v, vo);
                }
                System.arraycopy(k, kd, t.data, node * dataSize, dataSize);
                sync(t, node);
                return 0;
            }
            int r = checkAdd(flags);
            if (r != 0) {
                return r;
            }
            int n = allocNode(k, kd, (int) plen, takeValue(v, vo));
            t = nodes;
            if (matched == plen) {
                // the new prefix covers node: insert it above
                t.child[n * 2 + bit(t.data, node * dataSize, matched)] = node;
                sync(t, n);
                slotSet(t, slot, n);
                return 0;
            }
            int im = allocNode(t.data, node * dataSize, matched, NONE);
            t = nodes;
            if (bit(k, kd, matched) == 1) {
                t.child[im * 2] = node;
                t.child[im * 2 + 1] = n;
            } else {
                t.child[im * 2] = n;
                t.child[im * 2 + 1] = node;
            }
            sync(t, im);
            slotSet(t, slot, im);
            return 0;
        } finally {
            rebuildScan();
            lock.unlockWrite(stamp);
        }
    }

    private int deleteLocked(byte[] k, int ko) {
        long plen = u32(k, ko);
        if (plen > maxPrefixlen) {
            return -EINVAL;
        }
        int kd = ko + 4;
        long stamp = lock.writeLock();
        try {
            Nodes t = nodes;
            int trim = ROOT;
            int trim2 = ROOT;
            int parent = NONE;
            int node;
            int matched = 0;
            while ((node = slotGet(t, trim)) != NONE) {
                matched = match(t, node, k, kd, plen);
                if (t.prefixlen[node] != matched || t.prefixlen[node] == plen) {
                    break;
                }
                parent = node;
                trim2 = trim;
                trim = node * 2 + bit(k, kd, t.prefixlen[node]);
            }
            if (node == NONE || t.prefixlen[node] != plen || t.prefixlen[node] != matched || t.value[node] == NONE) {
                return -ENOENT;
            }
            entries--;
            int left = t.child[node * 2];
            int right = t.child[node * 2 + 1];
            if (left != NONE && right != NONE) {
                releaseValue(t, node);
                return 0;
            }
            if (parent != NONE && t.value[parent] == NONE && left == NONE && right == NONE) {
                int sibling = t.child[parent * 2] == node ? t.child[parent * 2 + 1] : t.child[parent * 2];
                slotSet(t, trim2, sibling);
                freeNode(t, parent);
                freeNode(t, node);
                return 0;
            }
            slotSet(t, trim, left != NONE ? left : right);
            freeNode(t, node);
            return 0;
        } finally {
            rebuildScan();
            lock.unlockWrite(stamp);
        }
    }

    /** The value slot of the longest of the first {@code n} scanned prefixes of the key (k0, k1, plen), or NONE. */
    private int scan(int n, long k0, long k1, int plen) {
        long[] w = scanWords;
        int[] p = scanPrefixlen;
        for (int i = 0; i < n; i++) {
            int b = 4 * i;
            if (p[i] <= plen && ((k0 ^ w[b]) & w[b + 2]) == 0 && ((k1 ^ w[b + 1]) & w[b + 3]) == 0) {
                return scanSlot[i];
            }
        }
        return NONE;
    }

    /** Rewrites the scan from the trie (write lock held); allocates nothing. */
    private void rebuildScan() {
        if (words == 0 || entries > SCAN_MAX) {
            scanCount = -1;
            return;
        }
        Nodes t = nodes;
        int n = 0;
        int top = 0;
        if (root != NONE) {
            scanTodo[top++] = root;
        }
        while (top > 0) {
            int node = scanTodo[--top];
            for (int c = 0; c < 2; c++) {
                int child = t.child[node * 2 + c];
                if (child != NONE) {
                    if (top == scanTodo.length) {
                        scanCount = -1; // more nodes than SCAN_MAX prefixes can have: walk instead
                        return;
                    }
                    scanTodo[top++] = child;
                }
            }
            if (t.value[node] == NONE) {
                continue;
            }
            if (n == SCAN_MAX) {
                scanCount = -1;
                return;
            }
            // insert by prefix length, longest first
            int p = t.prefixlen[node];
            int i = n++;
            for (; i > 0 && scanPrefixlen[i - 1] < p; i--) {
                scanPrefixlen[i] = scanPrefixlen[i - 1];
                scanSlot[i] = scanSlot[i - 1];
                System.arraycopy(scanWords, 4 * (i - 1), scanWords, 4 * i, 4);
            }
            scanPrefixlen[i] = p;
            scanSlot[i] = t.value[node];
            scanWords[4 * i] = word(t.data, node * dataSize, 0);
            scanWords[4 * i + 1] = words == 2 ? word(t.data, node * dataSize, 1) : 0;
            scanWords[4 * i + 2] = p == 0 ? 0 : p >= 64 ? -1L : -1L << (64 - p);
            scanWords[4 * i + 3] = p <= 64 ? 0 : -1L << (128 - p);
        }
        scanCount = n;
    }

    // ---------------------------------------------------------------- program side

    @Override
    public boolean looksUpByKeyAlone() {
        return true;
    }

    @Override
    public long lookupKey(byte[] key, int off) {
        int slot = find(key, off);
        return slot == NONE ? 0 : Memory.address(valueRegion(), slot * elemSize);
    }

    @Override
    public long updateElem(ExecutionContext ctx, long key, long value, long flags) {
        Memory m = ctx.memory();
        int off = m.checkReadable(key, def.keySize());
        int voff = m.checkReadable(value, def.valueSize());
        return updateLocked(m.bytes(Memory.regionOf(key)), off, m.bytes(Memory.regionOf(value)), voff, flags);
    }

    @Override
    public long deleteElem(ExecutionContext ctx, long key) {
        Memory m = ctx.memory();
        int off = m.checkReadable(key, def.keySize());
        return deleteLocked(m.bytes(Memory.regionOf(key)), off);
    }

    // ---------------------------------------------------------------- user side

    @Override
    public byte[] lookup(byte[] key) {
        checkKey(key);
        int slot = find(key, 0);
        if (slot == NONE) {
            return null;
        }
        return Arrays.copyOfRange(values, slot * elemSize, slot * elemSize + def.valueSize());
    }

    @Override
    public int update(byte[] key, byte[] value, long flags) {
        checkKey(key);
        checkValue(value);
        return updateLocked(key, 0, value, 0, flags);
    }

    @Override
    public int delete(byte[] key) {
        checkKey(key);
        return deleteLocked(key, 0);
    }

    /**
     * The kernel's post-order walk: the prefix after {@code key}, the leftmost prefix when
     * {@code key} is null, longer than the data or not stored, null after the last.
     */
    @Override
    public byte[] nextKey(byte[] key) {
        if (key != null) {
            checkKey(key);
        }
        long stamp = lock.readLock();
        try {
            Nodes t = nodes;
            if (root == NONE) {
                return null;
            }
            if (key == null || u32(key, 0) > maxPrefixlen) {
                return keyOf(t, leftmost(t, root));
            }
            long plen = u32(key, 0);
            int[] stack = new int[maxPrefixlen + 2];
            int sp = -1;
            int node = root;
            int matched = 0;
            while (node != NONE) {
                stack[++sp] = node;
                matched = match(t, node, key, 4, plen);
                if (t.prefixlen[node] != matched || t.prefixlen[node] == plen) {
                    break;
                }
                node = t.child[node * 2 + bit(key, 4, t.prefixlen[node])];
            }
            if (node == NONE || t.prefixlen[node] != matched || t.value[node] == NONE) {
                return keyOf(t, leftmost(t, root));
            }
            node = stack[sp];
            while (sp > 0) {
                int parent = stack[sp - 1];
                if (t.child[parent * 2] == node && t.child[parent * 2 + 1] != NONE) {
                    return keyOf(t, leftmost(t, t.child[parent * 2 + 1]));
                }
                if (t.value[parent] != NONE) {
                    return keyOf(t, parent);
                }
                node = parent;
                sp--;
            }
            return null;
        } finally {
            lock.unlockRead(stamp);
        }
    }

    /** The first real node in post-order under {@code from}. */
    private static int leftmost(Nodes t, int from) {
        int next = NONE;
        int node = from;
        while (node != NONE) {
            if (t.value[node] == NONE) {
                node = t.child[node * 2];
            } else {
                next = node;
                node = t.child[node * 2];
                if (node == NONE) {
                    node = t.child[next * 2 + 1];
                }
            }
        }
        return next;
    }

    private byte[] keyOf(Nodes t, int node) {
        byte[] k = new byte[def.keySize()];
        int p = t.prefixlen[node];
        k[0] = (byte) p;
        k[1] = (byte) (p >>> 8);
        k[2] = (byte) (p >>> 16);
        k[3] = (byte) (p >>> 24);
        System.arraycopy(t.data, node * dataSize, k, 4, dataSize);
        return k;
    }
}
