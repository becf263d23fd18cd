package org.jxdp.engine.maps;

import static org.jxdp.engine.maps.Errno.EINVAL;
import static org.jxdp.engine.maps.Errno.ENOENT;
import static org.jxdp.engine.maps.Errno.EOPNOTSUPP;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ThreadLocalRandom;
import org.jxdp.engine.vm.ExecutionContext;
import org.jxdp.engine.vm.Memory;

/**
 * {@code BPF_MAP_TYPE_BLOOM_FILTER}: a set of values that answers "surely absent" or "maybe
 * present" ({@code kernel/bpf/bloom_filter.c}). Push adds a value, peek tests it (-ENOENT when
 * surely absent, 0 when maybe present); from user space an update adds and a lookup tests.
 *
 * <p>The filter is the kernel's: {@code nr_hash_funcs} ({@code map_extra} bits 0-3, 5 when 0)
 * hashes of the value set and test bits in a bitset of
 * {@code roundup_pow_of_two(max_entries * nr_hash_funcs * 7 / 5)} bits (at least 64, at most
 * 2^31). Hash {@code i} is the kernel's jhash (jhash2 over u32 words when the value size is a
 * multiple of 4) seeded with {@code hash_seed + i}; the seed is random unless the map is
 * created with {@link MapFlags#BPF_F_ZERO_SEED}, in which case the filter sets exactly the bits
 * the kernel's does, false positives included.
 * <pre>
 *   bitset: long words, bit b is word b / 64, bit b % 64
 *   push(v): for i in 0..k-1: set   bit jhash(v, seed + i) &amp; mask
 *   peek(v): for i in 0..k-1: test  bit jhash(v, seed + i) &amp; mask   (any clear: -ENOENT)
 * </pre>
 * Bits are set with atomic ORs, so pushes from several workers never lose each other's bits.
 */
public final class BloomFilterMap extends BpfMap {
    /** Creation flags the kernel accepts ({@code BLOOM_CREATE_FLAG_MASK}). */
    private static final int BLOOM_CREATE_FLAG_MASK = MapFlags.BPF_F_NUMA_NODE | MapFlags.BPF_F_ZERO_SEED
            | MapFlags.BPF_F_ACCESS_MASK;
    /** Hash functions when map_extra says 0. */
    public static final int DEFAULT_NR_HASH_FUNCS = 5;
    /** jhash's initial value ({@code JHASH_INITVAL}). */
    private static final int JHASH_INITVAL = 0xdeadbeef;
    private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);

    private final int valueSize;
    private final int nrHashFuncs;
    private final int hashSeed;
    private final int alignedU32Count;
    private final int bitsetMask;
    private final long[] bitset;

    public BloomFilterMap(MapDefinition def, int cpus) {
        super(def, cpus);
        if (def.type() != MapType.BPF_MAP_TYPE_BLOOM_FILTER) {
            throw new IllegalArgumentException(def.name() + ": not a bloom_filter: " + def.type());
        }
        int flags = def.flags();
        if (def.keySize() != 0 || def.valueSize() <= 0 || def.maxEntries() <= 0
                || (flags & ~BLOOM_CREATE_FLAG_MASK) != 0 || !MapFlags.accessFlagsOk(flags)
                || (def.mapExtra() & ~0xfL) != 0) {
            throw new IllegalArgumentException(def.name() + ": a bloom_filter needs key_size 0, value_size > 0, "
                    + "max_entries > 0, map_extra below 16 and no flags but NUMA_NODE, ZERO_SEED and the access "
                    + "flags (-EINVAL)");
        }
        if (def.valueSize() > QueueStackMap.KMALLOC_MAX_SIZE) {
            throw new IllegalArgumentException(def.name() + ": value_size " + def.valueSize() + " is over "
                    + QueueStackMap.KMALLOC_MAX_SIZE + " (-E2BIG)");
        }
        this.valueSize = def.valueSize();
        int k = (int) (def.mapExtra() & 0xf);
        this.nrHashFuncs = k == 0 ? DEFAULT_NR_HASH_FUNCS : k;
        long bits = ((long) def.maxEntries() * nrHashFuncs) / 5 * 7;
        long nrBits;
        if (bits > 1L << 31) {
            nrBits = 1L << 31;
        } else if (bits <= 64) {
            nrBits = 64;
        } else {
            nrBits = Long.highestOneBit(bits - 1) << 1;
        }
        this.bitsetMask = (int) (nrBits - 1);
        this.bitset = new long[(int) (nrBits / 64)];
        this.alignedU32Count = valueSize % 4 == 0 ? valueSize / 4 : 0;
        this.hashSeed = (flags & MapFlags.BPF_F_ZERO_SEED) != 0 ? 0 : ThreadLocalRandom.current().nextInt();
    }

    /** The number of hash functions. */
    public int hashFunctions() {
        return nrHashFuncs;
    }

    /** The number of bits in the bitset. */
    public long bits() {
        return (long) bitset.length * 64;
    }

    /** The number of bits set (a Bloom filter does not know how many values it holds). */
    @Override
    public int size() {
        int n = 0;
        for (int i = 0; i < bitset.length; i++) {
            n += Long.bitCount((long) WORDS.getVolatile(bitset, i));
        }
        return n;
    }

    // ---------------------------------------------------------------- hashing

    private int bitOf(byte[] v, int off, int index) {
        int seed = hashSeed + index;
        int h = alignedU32Count != 0 ? jhash2(v, off, alignedU32Count, seed) : jhash(v, off, valueSize, seed);
        return h & bitsetMask;
    }

    /** Bob Jenkins' lookup3 over bytes, as the kernel's {@code jhash()} computes it. */
    static int jhash(byte[] k, int off, int length, int initval) {
        int a = JHASH_INITVAL + length + initval;
        int b = a;
        int c = a;
        int i = off;
        int left = length;
        while (left > 12) {
            a += le32(k, i);
            b += le32(k, i + 4);
            c += le32(k, i + 8);
            a -= c; a ^= Integer.rotateLeft(c, 4); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 6); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 8); b += a;
            a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 4); b += a;
            left -= 12;
            i += 12;
        }
        switch (left) {
            case 12: c += (k[i + 11] & 0xff) << 24; // fall through
            case 11: c += (k[i + 10] & 0xff) << 16; // fall through
            case 10: c += (k[i + 9] & 0xff) << 8; // fall through
            case 9: c += k[i + 8] & 0xff; // fall through
            case 8: b += (k[i + 7] & 0xff) << 24; // fall through
            case 7: b += (k[i + 6] & 0xff) << 16; // fall through
            case 6: b += (k[i + 5] & 0xff) << 8; // fall through
            case 5: b += k[i + 4] & 0xff; // fall through
            case 4: a += (k[i + 3] & 0xff) << 24; // fall through
            case 3: a += (k[i + 2] & 0xff) << 16; // fall through
            case 2: a += (k[i + 1] & 0xff) << 8; // fall through
            case 1:
                a += k[i] & 0xff;
                return finalMix(a, b, c);
            default:
                return c;
        }
    }

    /** lookup3 over {@code words} little-endian u32 words, as the kernel's {@code jhash2()}. */
    static int jhash2(byte[] k, int off, int words, int initval) {
        int a = JHASH_INITVAL + (words << 2) + initval;
        int b = a;
        int c = a;
        int i = off;
        int left = words;
        while (left > 3) {
            a += le32(k, i);
            b += le32(k, i + 4);
            c += le32(k, i + 8);
            a -= c; a ^= Integer.rotateLeft(c, 4); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 6); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 8); b += a;
            a -= c; a ^= Integer.rotateLeft(c, 16); c += b;
            b -= a; b ^= Integer.rotateLeft(a, 19); a += c;
            c -= b; c ^= Integer.rotateLeft(b, 4); b += a;
            left -= 3;
            i += 12;
        }
        switch (left) {
            case 3:
                c += le32(k, i + 8);
                // fall through
            case 2:
                b += le32(k, i + 4);
                // fall through
            case 1:
                a += le32(k, i);
                return finalMix(a, b, c);
            default:
                return c;
        }
    }

    private static int finalMix(int a, int b, int c) {
        c ^= b; c -= Integer.rotateLeft(b, 14);
        a ^= c; a -= Integer.rotateLeft(c, 11);
        b ^= a; b -= Integer.rotateLeft(a, 25);
        c ^= b; c -= Integer.rotateLeft(b, 16);
        a ^= c; a -= Integer.rotateLeft(c, 4);
        b ^= a; b -= Integer.rotateLeft(a, 14);
        c ^= b; c -= Integer.rotateLeft(b, 24);
        return c;
    }

    private static int le32(byte[] k, int i) {
        return (k[i] & 0xff) | (k[i + 1] & 0xff) << 8 | (k[i + 2] & 0xff) << 16 | (k[i + 3] & 0xff) << 24;
    }

    // ---------------------------------------------------------------- the filter

    private int add(byte[] v, int off, long flags) {
        if (flags != MapFlags.BPF_ANY) {
            return -EINVAL;
        }
        for (int i = 0; i < nrHashFuncs; i++) {
            int b = bitOf(v, off, i);
            WORDS.getAndBitwiseOr(bitset, b >>> 6, 1L << (b & 63));
        }
        return 0;
    }

    private int test(byte[] v, int off) {
        for (int i = 0; i < nrHashFuncs; i++) {
            int b = bitOf(v, off, i);
            if (((long) WORDS.getVolatile(bitset, b >>> 6) & 1L << (b & 63)) == 0) {
                return -ENOENT;
            }
        }
        return 0;
    }

    // ---------------------------------------------------------------- program side

    @Override
    public long pushElem(ExecutionContext ctx, long value, long flags) {
        Memory m = ctx.memory();
        int off = m.checkReadable(value, valueSize);
        return add(m.bytes(Memory.regionOf(value)), off, flags);
    }

    @Override
    public long peekElem(ExecutionContext ctx, long value) {
        Memory m = ctx.memory();
        int off = m.checkReadable(value, valueSize);
        return test(m.bytes(Memory.regionOf(value)), off);
    }

    @Override
    public long popElem(ExecutionContext ctx, long value) {
        return -EOPNOTSUPP;
    }

    @Override
    public long updateElem(ExecutionContext ctx, long key, long value, long flags) {
        return -EOPNOTSUPP;
    }

    @Override
    public long deleteElem(ExecutionContext ctx, long key) {
        return -EOPNOTSUPP;
    }

    // ---------------------------------------------------------------- user side

    /** Tests {@code value}: 0 when it may be present, -ENOENT when it surely is not. */
    public int test(byte[] value) {
        checkValue(value);
        return test(value, 0);
    }

    /**
     * {@code BPF_MAP_LOOKUP_ELEM} of a Bloom filter takes the value to test (the syscall reads it
     * from the value buffer; there is no key): a copy of it when it may be present, null when it
     * surely is not.
     */
    @Override
    public byte[] lookup(byte[] value) {
        return test(value) == 0 ? value.clone() : null;
    }

    /** Adds {@code value} ({@code key} must be empty); flags other than BPF_ANY are -EINVAL. */
    @Override
    public int update(byte[] key, byte[] value, long flags) {
        if (key != null && key.length != 0) {
            throw new IllegalArgumentException(def.name() + ": a bloom_filter has no key, got " + key.length + " bytes");
        }
        checkValue(value);
        return add(value, 0, flags);
    }

    /** Values cannot be removed from a Bloom filter: -EOPNOTSUPP. */
    @Override
    public int delete(byte[] key) {
        return -EOPNOTSUPP;
    }

    /** A Bloom filter cannot be iterated: null ({@link #nextKeyErrno()} is -EOPNOTSUPP). */
    @Override
    public byte[] nextKey(byte[] key) {
        return null;
    }

    @Override
    public int nextKeyErrno() {
        return -EOPNOTSUPP;
    }
}
