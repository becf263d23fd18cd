package org.jxdp.engine.maps;

import static org.jxdp.engine.maps.Errno.E2BIG;
import static org.jxdp.engine.maps.Errno.EINVAL;
import static org.jxdp.engine.maps.Errno.ENOENT;

import java.util.Arrays;
import org.jxdp.engine.vm.ExecutionContext;
import org.jxdp.engine.vm.Memory;

/**
 * {@code BPF_MAP_TYPE_QUEUE} (FIFO) and {@code BPF_MAP_TYPE_STACK} (LIFO): values without keys
 * ({@code key_size} 0), pushed, popped and peeked ({@code kernel/bpf/queue_stack_maps.c}).
 * <pre>
 *   elements: max_entries + 1 slots of value_size bytes, one always free
 *   +-----+-----+-----+-----+-----+
 *   |     | old | ... | new |     |      push writes at head, then head++
 *   +-----+-----+-----+-----+-----+      queue pops at tail (oldest), stack at head - 1 (newest)
 *          ^tail             ^head       empty: head == tail; full: head + 1 == tail
 * </pre>
 * Pushing onto a full map fails with -E2BIG unless the flags say {@code BPF_EXIST}, which drops
 * the oldest element (for a stack too: the bottom one) to make room. Pop and peek of an empty
 * map answer -ENOENT and zero the program's buffer, as the kernel does. From user space, an
 * update with no key pushes, a lookup peeks and lookup-and-delete ({@link #pop()}) pops; delete
 * and get_next_key are -EINVAL.
 */
public final class QueueStackMap extends BpfMap {
    /** Creation flags the kernel accepts ({@code QUEUE_STACK_CREATE_FLAG_MASK}). */
    private static final int QUEUE_STACK_CREATE_FLAG_MASK = MapFlags.BPF_F_NUMA_NODE | MapFlags.BPF_F_ACCESS_MASK;
    /** Largest value: KMALLOC_MAX_SIZE (4 MiB on x86-64). */
    public static final int KMALLOC_MAX_SIZE = 4 << 20;

    private final boolean stack;
    private final int valueSize;
    private final int slots;
    private final byte[] elements;
    private int head;
    private int tail;

    public QueueStackMap(MapDefinition def, int cpus) {
        super(def, cpus);
        if (def.type() != MapType.BPF_MAP_TYPE_QUEUE && def.type() != MapType.BPF_MAP_TYPE_STACK) {
            throw new IllegalArgumentException(def.name() + ": not a queue or stack: " + def.type());
        }
        int flags = def.flags();
        if (def.maxEntries() <= 0 || def.keySize() != 0 || def.valueSize() <= 0
                || (flags & ~QUEUE_STACK_CREATE_FLAG_MASK) != 0 || !MapFlags.accessFlagsOk(flags)) {
            throw new IllegalArgumentException(def.name() + ": a " + def.type().bpftoolName() + " needs key_size 0, "
                    + "value_size > 0, max_entries > 0 and no flags but NUMA_NODE and the access flags (-EINVAL)");
        }
        if (def.valueSize() > KMALLOC_MAX_SIZE) {
            throw new IllegalArgumentException(def.name() + ": value_size " + def.valueSize() + " is over "
                    + KMALLOC_MAX_SIZE + " (-E2BIG)");
        }
        long bytes = ((long) def.maxEntries() + 1) * def.valueSize();
        if (bytes > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException(def.name() + ": " + bytes + " bytes of elements is too large (-ENOMEM)");
        }
        this.stack = def.type() == MapType.BPF_MAP_TYPE_STACK;
        this.valueSize = def.valueSize();
        this.slots = def.maxEntries() + 1;
        this.elements = new byte[(int) bytes];
    }

    @Override
    public synchronized int size() {
        return Math.floorMod(head - tail, slots);
    }

    /** True for a stack, false for a queue. */
    public boolean isStack() {
        return stack;
    }

    // ---------------------------------------------------------------- the ring (lock held)

    private int pushLocked(byte[] src, int off, long flags) {
        if ((flags & MapFlags.BPF_NOEXIST) != 0 || flags < 0 || flags > MapFlags.BPF_EXIST) {
            return -EINVAL;
        }
        if ((head + 1) % slots == tail) {
            if ((flags & MapFlags.BPF_EXIST) == 0) {
                return -E2BIG;
            }
            tail = (tail + 1) % slots;
        }
        System.arraycopy(src, off, elements, head * valueSize, valueSize);
        head = (head + 1) % slots;
        return 0;
    }

    /** The slot pop or peek reads, or -1 when empty. */
    private int topSlot() {
        if (head == tail) {
            return -1;
        }
        return stack ? (head == 0 ? slots - 1 : head - 1) : tail;
    }

    private void removeTop() {
        if (stack) {
            head = head == 0 ? slots - 1 : head - 1;
        } else {
            tail = (tail + 1) % slots;
        }
    }

    // ---------------------------------------------------------------- program side

    @Override
    public long pushElem(ExecutionContext ctx, long value, long flags) {
        Memory m = ctx.memory();
        int off = m.checkReadable(value, valueSize);
        byte[] src = m.bytes(Memory.regionOf(value));
        synchronized (this) {
            return pushLocked(src, off, flags);
        }
    }

    @Override
    public long popElem(ExecutionContext ctx, long value) {
        return copyTop(ctx, value, true);
    }

    @Override
    public long peekElem(ExecutionContext ctx, long value) {
        return copyTop(ctx, value, false);
    }

    private long copyTop(ExecutionContext ctx, long value, boolean remove) {
        Memory m = ctx.memory();
        int off = m.checkWritable(value, valueSize);
        byte[] dst = m.bytes(Memory.regionOf(value));
        synchronized (this) {
            int slot = topSlot();
            if (slot < 0) {
                // The kernel zeroes the program's buffer when there is nothing to give
                // (__queue_map_get, __stack_map_get).
                Arrays.fill(dst, off, off + valueSize, (byte) 0);
                return -ENOENT;
            }
            System.arraycopy(elements, slot * valueSize, dst, off, valueSize);
            if (remove) {
                removeTop();
            }
            return 0;
        }
    }

    @Override
    public long updateElem(ExecutionContext ctx, long key, long value, long flags) {
        return -EINVAL;
    }

    @Override
    public long deleteElem(ExecutionContext ctx, long key) {
        return -EINVAL;
    }

    // ---------------------------------------------------------------- user side

    private void checkNoKey(byte[] key) {
        if (key != null && key.length != 0) {
            throw new IllegalArgumentException(def.name() + ": a " + def.type().bpftoolName() + " has no key, got "
                    + key.length + " bytes");
        }
    }

    /** Peeks: the element pop would return, or null when empty. */
    @Override
    public byte[] lookup(byte[] key) {
        checkNoKey(key);
        synchronized (this) {
            int slot = topSlot();
            return slot < 0 ? null : Arrays.copyOfRange(elements, slot * valueSize, slot * valueSize + valueSize);
        }
    }

    /** Pushes {@code value}: 0, -E2BIG when full (unless BPF_EXIST), -EINVAL for BPF_NOEXIST. */
    @Override
    public int update(byte[] key, byte[] value, long flags) {
        checkNoKey(key);
        checkValue(value);
        synchronized (this) {
            return pushLocked(value, 0, flags);
        }
    }

    /** Queues and stacks have no delete: -EINVAL. */
    @Override
    public int delete(byte[] key) {
        return -EINVAL;
    }

    /** Queues and stacks cannot be iterated: null ({@link #nextKeyErrno()} is -EINVAL). */
    @Override
    public byte[] nextKey(byte[] key) {
        return null;
    }

    @Override
    public int nextKeyErrno() {
        return -EINVAL;
    }

    @Override
    public synchronized byte[] pop() {
        int slot = topSlot();
        if (slot < 0) {
            return null;
        }
        byte[] out = Arrays.copyOfRange(elements, slot * valueSize, slot * valueSize + valueSize);
        removeTop();
        return out;
    }
}
