package org.jxdp.engine.vm;

import static org.jxdp.engine.isa.Opcodes.BPF_ADD;
import static org.jxdp.engine.isa.Opcodes.BPF_AND;
import static org.jxdp.engine.isa.Opcodes.BPF_FETCH;
import static org.jxdp.engine.isa.Opcodes.BPF_OR;
import static org.jxdp.engine.isa.Opcodes.BPF_XCHG;
import static org.jxdp.engine.isa.Opcodes.BPF_XOR;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The address space of one execution context: region-tagged 64-bit addresses over byte arrays.
 *
 * <p>An eBPF pointer is {@code region << 32 | offset}. Every load and store finds its region
 * from the upper half and checks the offset against the region's bounds; an access outside them
 * raises a {@link FaultException}, never a JVM exception. Region 0 is never mapped, so NULL and
 * small integers used as pointers fault.
 * <pre>
 *   63            32 31             0
 *   +---------------+---------------+
 *   |  region id    |    offset     |     offset indexes region.bytes directly
 *   +---------------+---------------+
 *
 *   region.bytes  [0 ............ lo ==== readable ==== hi ........ length)
 *                                    [lo, writableHi) is writable
 * </pre>
 * Pointer arithmetic that underflows an offset borrows from the region id, which lands on an
 * offset near 2^32 of the region below: out of bounds for every region, so it faults too.
 *
 * <p>Regions hold their bytes little endian, the byte order of the eBPF targets clang builds for
 * ({@code -target bpf} on x86 and arm64 hosts is bpfel).
 *
 * <p>Not thread-safe: one {@code Memory} per execution context, that is per worker. Regions may
 * share byte arrays across contexts (map values); atomics on them use {@link VarHandle}
 * operations and are atomic across threads.
 */
public final class Memory {
    /** Never mapped: NULL and small integers. */
    public static final int REGION_NULL = 0;
    /** The call stack: {@link ExecutionContext#STACK_SIZE} bytes, frames of 512. */
    public static final int REGION_STACK = 1;
    /** The program's context argument (for XDP, {@code struct xdp_md}). */
    public static final int REGION_CTX = 2;
    /** The packet: a frame slot with headroom. */
    public static final int REGION_PACKET = 3;
    /** Input bytes handed to a test program in r1 (conformance {@code -- mem}). */
    public static final int REGION_INPUT = 4;
    /** Function pointers: offset = instruction index; never readable. */
    public static final int REGION_FUNC = 5;
    /** Map handles: offset = map index; never readable. */
    public static final int REGION_MAP = 6;
    /** Small scratch bytes helpers hand to callbacks (the key of bpf_for_each_map_elem); read-only. */
    public static final int REGION_SCRATCH = 7;
    /** First id handed out by {@link #addRegion}. */
    public static final int FIRST_DYNAMIC_REGION = 8;

    static final VarHandle SHORT = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final byte[] EMPTY = new byte[0];

    // Package-private: code the JIT generates (in this package) reads these arrays directly,
    // so that a packet access after a helper call costs no calls C2 would have to inline.
    byte[][] bytes;
    int[] lo;
    int[] hi;
    int[] writableHi;
    /**
     * Where {@code ctx->data} points in the packet region: an offset in {@code [lo, hi]} of
     * {@link #REGION_PACKET}, the packet's first byte; below it, from {@code lo}, lies the
     * metadata. Generated code reads it for a context load the verifier proved is {@code data}.
     */
    int packetData;
    /**
     * The packet region's array and bounds again ({@code bytes[REGION_PACKET]}, {@code lo},
     * {@code hi}, {@code writableHi}), kept equal by {@link #map}, {@link #mapPacket} and
     * {@link #unmap} (each through {@link #packetFields}): generated
     * code reads each with one field load instead of a load of the array and one of its element,
     * at a run's entry and after every call.
     */
    byte[] packetBytes = EMPTY;
    int packetLo;
    int packetHi;
    int packetWritableHi;
    private boolean[] canWrite;
    private String[] names;
    VirtualRegion[] virtual;
    private int count;
    private RegionBinder binder;

    public Memory() {
        int n = 16;
        bytes = new byte[n][];
        lo = new int[n];
        hi = new int[n];
        writableHi = new int[n];
        canWrite = new boolean[n];
        names = new String[n];
        virtual = new VirtualRegion[n];
        Arrays.fill(bytes, EMPTY);
        names[REGION_NULL] = "null";
        names[REGION_STACK] = "stack";
        names[REGION_CTX] = "ctx";
        names[REGION_PACKET] = "packet";
        names[REGION_INPUT] = "input";
        names[REGION_FUNC] = "function";
        names[REGION_MAP] = "map";
        names[REGION_SCRATCH] = "scratch";
        count = FIRST_DYNAMIC_REGION;
    }

    /** The address of {@code offset} in {@code region}. */
    public static long address(int region, int offset) {
        return (long) region << 32 | (offset & 0xffffffffL);
    }

    /** The region id of an address. */
    public static int regionOf(long address) {
        return (int) (address >>> 32);
    }

    /** The offset part of an address. */
    public static int offsetOf(long address) {
        return (int) address;
    }

    /** Adds a region and returns its id. */
    public int addRegion(String name, byte[] data, int from, int to, boolean writable) {
        if (count == bytes.length) {
            int n = count * 2;
            bytes = Arrays.copyOf(bytes, n);
            Arrays.fill(bytes, count, n, EMPTY); // never null: generated code indexes it directly
            lo = Arrays.copyOf(lo, n);
            hi = Arrays.copyOf(hi, n);
            writableHi = Arrays.copyOf(writableHi, n);
            canWrite = Arrays.copyOf(canWrite, n);
            names = Arrays.copyOf(names, n);
            virtual = Arrays.copyOf(virtual, n);
        }
        int id = count++;
        names[id] = name;
        map(id, data, from, to, writable);
        return id;
    }

    /**
     * Makes region ids up to {@code id} valid (unmapped) so a {@link RegionBinder} can map them;
     * names them {@code name}.
     */
    public void reserve(int id, String name) {
        while (count <= id) {
            addRegion("region " + count, EMPTY, 0, 0, false);
        }
        names[id] = name;
    }

    /** Sets the binder asked to map regions that accesses find unmapped. */
    public void binder(RegionBinder b) {
        this.binder = b;
    }

    /** Makes region {@code id} virtual: loads are computed by {@code region}, stores refused. */
    public void mapVirtual(int id, VirtualRegion region) {
        if (id <= REGION_NULL || id >= count) {
            throw new IllegalArgumentException("no region " + id);
        }
        unmap(id);
        virtual[id] = region;
    }

    /**
     * Points region {@code id} at {@code data[from, to)}; the same array may back several
     * regions or contexts. Allocation-free, so it can be called per packet.
     */
    public void map(int id, byte[] data, int from, int to, boolean writable) {
        if (id <= REGION_NULL || id >= count) {
            throw new IllegalArgumentException("no region " + id);
        }
        if (from < 0 || to < from || to > data.length) {
            throw new IllegalArgumentException("bounds [" + from + ", " + to + ") outside an array of " + data.length);
        }
        bytes[id] = data;
        lo[id] = from;
        hi[id] = to;
        writableHi[id] = writable ? to : from;
        canWrite[id] = writable;
        virtual[id] = null;
        if (id == REGION_PACKET) {
            packetFields(data, from, from, to, writableHi[id]);
        }
    }

    /** Sets the packet region's fields that generated code reads ({@link #packetBytes} and the rest). */
    private void packetFields(byte[] slot, int meta, int data, int end, int writableEnd) {
        packetData = data;
        packetBytes = slot;
        packetLo = meta;
        packetHi = end;
        packetWritableHi = writableEnd;
    }

    /**
     * Points the packet region at a frame in {@code slot}: metadata from {@code meta}, the packet
     * from {@code data} to {@code end}, all writable. The context's {@code data}, {@code data_meta}
     * and {@code data_end} are these three offsets (a context region that yields packet pointers
     * must give exactly these), which is what lets the JIT read them without asking the context.
     * <pre>
     *   slot  [ headroom ...  meta ==== metadata ==== data ==== packet ==== end ... tailroom )
     *                         lo                      packetData             hi
     * </pre>
     * Allocation-free, so it can be called per packet.
     */
    public void mapPacket(byte[] slot, int meta, int data, int end) {
        if (data < meta || data > end) {
            throw new IllegalArgumentException("packet data at " + data + " outside [" + meta + ", " + end + "]");
        }
        if (meta < 0 || end > slot.length) {
            throw new IllegalArgumentException("bounds [" + meta + ", " + end + ") outside an array of " + slot.length);
        }
        // what map() does for the packet, without its checks of the region id; canWrite and
        // virtual, the same from frame to frame, are stored only when they differ
        bytes[REGION_PACKET] = slot;
        lo[REGION_PACKET] = meta;
        hi[REGION_PACKET] = end;
        writableHi[REGION_PACKET] = end;
        if (!canWrite[REGION_PACKET]) {
            canWrite[REGION_PACKET] = true;
        }
        if (virtual[REGION_PACKET] != null) {
            virtual[REGION_PACKET] = null;
        }
        packetFields(slot, meta, data, end, end);
    }

    /** Where {@code ctx->data} points in the packet region (see {@link #mapPacket}). */
    public int packetData() {
        return packetData;
    }

    /**
     * Moves the accessible bounds of region {@code id}; for the packet, {@code ctx->data} moves to
     * {@code from} (no metadata): {@link #mapPacket} sets all three edges.
     */
    public void setBounds(int id, int from, int to) {
        map(id, bytes[id], from, to, canWrite[id]);
    }

    /** Unmaps region {@code id}: every access to it faults until it is mapped again. */
    public void unmap(int id) {
        bytes[id] = EMPTY;
        lo[id] = 0;
        hi[id] = 0;
        writableHi[id] = 0;
        if (id == REGION_PACKET) {
            packetFields(EMPTY, 0, 0, 0, 0);
        }
    }

    /** The array behind region {@code id}. */
    public byte[] bytes(int id) {
        return bytes[id];
    }

    /** The first accessible offset of region {@code id} in its array (0 when unmapped). */
    public int lo(int id) {
        return lo[id];
    }

    /** The end of the readable bytes of region {@code id} (equal to {@link #lo} when unmapped). */
    public int hi(int id) {
        return hi[id];
    }

    /** The end of the writable bytes of region {@code id} ({@link #lo} when it is read-only). */
    public int writableHi(int id) {
        return writableHi[id];
    }

    /** The region's name, for messages. */
    public String name(int id) {
        return id >= 0 && id < count ? names[id] : "region " + id;
    }

    // ---------------------------------------------------------------- checks

    private int readable(long addr, int size) {
        long r = addr >>> 32;
        int o = (int) addr;
        if (r >= count || o < lo[(int) r] || o > hi[(int) r] - size) {
            if (bind(r)) {
                return readable(addr, size);
            }
            throw outOfBounds("load of", addr, size);
        }
        return o;
    }

    private int writable(long addr, int size) {
        long r = addr >>> 32;
        int o = (int) addr;
        if (r >= count || o < lo[(int) r] || o > writableHi[(int) r] - size) {
            if (bind(r)) {
                return writable(addr, size);
            }
            throw storeFault(addr, size);
        }
        return o;
    }

    /** Asks the binder to map region {@code r}; true when it did, so the access is retried. */
    private boolean bind(long r) {
        return binder != null && r >= FIRST_DYNAMIC_REGION && r <= Integer.MAX_VALUE && binder.bind(this, (int) r);
    }

    /** A load the fast path could not serve: a virtual region, or a fault. */
    private long loadSlow(long addr, int size) {
        long r = addr >>> 32;
        if (r > REGION_NULL && r < count && virtual[(int) r] != null) {
            return virtual[(int) r].load((int) addr, size);
        }
        if (bind(r)) {
            return load(addr, size);
        }
        throw outOfBounds("load of", addr, size);
    }

    private FaultException storeFault(long addr, int size) {
        long r = addr >>> 32;
        int o = (int) addr;
        if (r < count && (virtual[(int) r] != null || o >= lo[(int) r] && o <= hi[(int) r] - size)) {
            return new FaultException(FaultKind.READ_ONLY, "store of " + sizeText(size) + " at " + hex(addr)
                    + " into read-only " + names[(int) r]);
        }
        return outOfBounds("store of", addr, size);
    }

    private FaultException outOfBounds(String what, long addr, int size) {
        long r = addr >>> 32;
        String where;
        if (r == REGION_NULL) {
            where = " is a null or non-pointer address";
        } else if (r >= count || r == REGION_FUNC || r == REGION_MAP || hi[(int) r] == lo[(int) r]
                || virtual[(int) r] != null) {
            where = r < count ? " is in " + names[(int) r] + ", which is not accessible memory"
                    : " is not in any region";
        } else {
            where = " is outside " + names[(int) r] + " [" + hex(lo[(int) r]) + ", " + hex(hi[(int) r]) + ")";
        }
        return new FaultException(FaultKind.OUT_OF_BOUNDS, what + " " + sizeText(size) + " at " + hex(addr) + where);
    }

    private static String sizeText(int size) {
        return size == 1 ? "1 byte" : size + " bytes";
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }

    private int aligned(int offset, int size, long addr) {
        if ((offset & (size - 1)) != 0) {
            throw new FaultException(FaultKind.MISALIGNED, "atomic access of " + size + " bytes at " + hex(addr)
                    + " is not aligned to " + size);
        }
        return offset;
    }

    // ---------------------------------------------------------------- plain loads and stores

    /** Loads an unsigned byte. */
    public long load8(long addr) {
        long r = addr >>> 32;
        int o = (int) addr;
        if (r < count && o >= lo[(int) r] && o < hi[(int) r]) {
            return bytes[(int) r][o] & 0xffL;
        }
        return loadSlow(addr, 1);
    }

    /** Loads an unsigned 16-bit value. */
    public long load16(long addr) {
        long r = addr >>> 32;
        int o = (int) addr;
        if (r < count && o >= lo[(int) r] && o <= hi[(int) r] - 2) {
            return (short) SHORT.get(bytes[(int) r], o) & 0xffffL;
        }
        return loadSlow(addr, 2);
    }

    /** Loads an unsigned 32-bit value. */
    public long load32(long addr) {
        long r = addr >>> 32;
        int o = (int) addr;
        if (r < count && o >= lo[(int) r] && o <= hi[(int) r] - 4) {
            return (int) INT.get(bytes[(int) r], o) & 0xffffffffL;
        }
        return loadSlow(addr, 4);
    }

    /** Loads a 64-bit value. */
    public long load64(long addr) {
        long r = addr >>> 32;
        int o = (int) addr;
        if (r < count && o >= lo[(int) r] && o <= hi[(int) r] - 8) {
            return (long) LONG.get(bytes[(int) r], o);
        }
        return loadSlow(addr, 8);
    }

    /** Stores the low byte of {@code v}. */
    public void store8(long addr, long v) {
        int o = writable(addr, 1);
        bytes[(int) (addr >>> 32)][o] = (byte) v;
    }

    /** Stores the low 16 bits of {@code v}. */
    public void store16(long addr, long v) {
        int o = writable(addr, 2);
        SHORT.set(bytes[(int) (addr >>> 32)], o, (short) v);
    }

    /** Stores the low 32 bits of {@code v}. */
    public void store32(long addr, long v) {
        int o = writable(addr, 4);
        INT.set(bytes[(int) (addr >>> 32)], o, (int) v);
    }

    /** Stores {@code v}. */
    public void store64(long addr, long v) {
        int o = writable(addr, 8);
        LONG.set(bytes[(int) (addr >>> 32)], o, v);
    }

    /** Loads {@code size} (1, 2, 4, 8) bytes, zero-extended. */
    public long load(long addr, int size) {
        switch (size) {
            case 1: return load8(addr);
            case 2: return load16(addr);
            case 4: return load32(addr);
            default: return load64(addr);
        }
    }

    /** Stores the low {@code size} (1, 2, 4, 8) bytes of {@code v}. */
    public void store(long addr, int size, long v) {
        switch (size) {
            case 1: store8(addr, v); break;
            case 2: store16(addr, v); break;
            case 4: store32(addr, v); break;
            default: store64(addr, v); break;
        }
    }

    /** Copies {@code len} bytes at {@code addr} out, checking the whole range. */
    public void read(long addr, byte[] dst, int dstOff, int len) {
        if (len == 0) {
            return;
        }
        int o = readable(addr, len);
        System.arraycopy(bytes[(int) (addr >>> 32)], o, dst, dstOff, len);
    }

    /** Copies {@code len} bytes in at {@code addr}, checking the whole range. */
    public void write(long addr, byte[] src, int srcOff, int len) {
        if (len == 0) {
            return;
        }
        int o = writable(addr, len);
        System.arraycopy(src, srcOff, bytes[(int) (addr >>> 32)], o, len);
    }

    /** Checks that {@code [addr, addr + len)} is readable and returns the offset of addr. */
    public int checkReadable(long addr, int len) {
        return readable(addr, len);
    }

    /** Checks that {@code [addr, addr + len)} is writable and returns the offset of addr. */
    public int checkWritable(long addr, int len) {
        return writable(addr, len);
    }

    // ---------------------------------------------------------------- atomics

    /** Atomic 32-bit read-modify-write; returns the old value, zero-extended. */
    public long atomic32(long addr, int op, long v) {
        int o = aligned(writable(addr, 4), 4, addr);
        byte[] b = bytes[(int) (addr >>> 32)];
        int x = (int) v;
        int old;
        switch (op & ~BPF_FETCH) {
            case BPF_ADD: old = (int) INT.getAndAdd(b, o, x); break;
            case BPF_OR: old = (int) INT.getAndBitwiseOr(b, o, x); break;
            case BPF_AND: old = (int) INT.getAndBitwiseAnd(b, o, x); break;
            case BPF_XOR: old = (int) INT.getAndBitwiseXor(b, o, x); break;
            case BPF_XCHG & ~BPF_FETCH:
                old = (int) INT.getAndSet(b, o, x);
                break;
            default: throw new FaultException(FaultKind.INTERNAL, "atomic op " + hex(op));
        }
        return old & 0xffffffffL;
    }

    /** Atomic 64-bit read-modify-write; returns the old value. */
    public long atomic64(long addr, int op, long v) {
        int o = aligned(writable(addr, 8), 8, addr);
        byte[] b = bytes[(int) (addr >>> 32)];
        switch (op & ~BPF_FETCH) {
            case BPF_ADD: return (long) LONG.getAndAdd(b, o, v);
            case BPF_OR: return (long) LONG.getAndBitwiseOr(b, o, v);
            case BPF_AND: return (long) LONG.getAndBitwiseAnd(b, o, v);
            case BPF_XOR: return (long) LONG.getAndBitwiseXor(b, o, v);
            case BPF_XCHG & ~BPF_FETCH:
                return (long) LONG.getAndSet(b, o, v);
            default: throw new FaultException(FaultKind.INTERNAL, "atomic op " + hex(op));
        }
    }

    /** Atomic 32-bit compare-and-exchange; returns the old value, zero-extended. */
    public long cmpxchg32(long addr, long expected, long v) {
        int o = aligned(writable(addr, 4), 4, addr);
        return (int) INT.compareAndExchange(bytes[(int) (addr >>> 32)], o, (int) expected, (int) v) & 0xffffffffL;
    }

    /** Atomic 64-bit compare-and-exchange; returns the old value. */
    public long cmpxchg64(long addr, long expected, long v) {
        int o = aligned(writable(addr, 8), 8, addr);
        return (long) LONG.compareAndExchange(bytes[(int) (addr >>> 32)], o, expected, v);
    }

    /** Load-acquire of {@code size} bytes, zero-extended. */
    public long loadAcquire(long addr, int size) {
        aligned(readable(addr, size), size, addr);
        long v = load(addr, size);
        VarHandle.acquireFence();
        return v;
    }

    /** Store-release of the low {@code size} bytes of {@code v}. */
    public void storeRelease(long addr, int size, long v) {
        aligned(writable(addr, size), size, addr);
        VarHandle.releaseFence();
        store(addr, size, v);
    }
}
