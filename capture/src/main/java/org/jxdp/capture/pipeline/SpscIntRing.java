package org.jxdp.capture.pipeline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bounded single-producer single-consumer ring of {@code int}s (frame slot indices), with
 * batched publication: the producer {@link #put}s entries and makes them visible with one
 * release store in {@link #publish}; the consumer reads the tail once with {@link #available}
 * and {@link #take}s that many entries, then hands the space back with one release store in
 * {@link #release}. No locks, no allocation after construction; the two published indices and
 * each side's own counters sit on cache lines of their own, so that nothing one side writes per
 * entry shares a line with what the other reads (until 2026-11-26 the two sides' own counters
 * shared one, and every entry moved it between the cores).
 *
 * <p>Exactly one thread may call the producer methods ({@link #offerable}, {@link #put},
 * {@link #publish}) and exactly one the consumer methods ({@link #available}, {@link #take},
 * {@link #release}).
 */
public final class SpscIntRing extends SpscIntRingConsumer {
    private static final VarHandle TAIL;
    private static final VarHandle HEAD;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            TAIL = l.findVarHandle(SpscIntRingTail.class, "tail", long.class);
            HEAD = l.findVarHandle(SpscIntRingHead.class, "head", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int[] entries;
    private final int mask;

    /** A ring of at least {@code capacity} entries (rounded up to a power of two). */
    public SpscIntRing(int capacity) {
        if (capacity < 1 || capacity > 1 << 30) {
            throw new IllegalArgumentException("capacity " + capacity + " outside 1..2^30");
        }
        int c = Integer.highestOneBit(capacity);
        if (c < capacity) {
            c <<= 1;
        }
        this.entries = new int[c];
        this.mask = c - 1;
    }

    /** The number of entries the ring holds. */
    public int capacity() {
        return entries.length;
    }

    /** Producer: how many entries can be put now without overwriting unconsumed ones. */
    public int offerable() {
        long free = entries.length - (producerTail - cachedHead);
        if (free == 0) {
            cachedHead = (long) HEAD.getAcquire((SpscIntRingHead) this);
            free = entries.length - (producerTail - cachedHead);
        }
        return (int) free;
    }

    /** Producer: puts an entry, not yet visible to the consumer; check {@link #offerable} first. */
    public void put(int value) {
        entries[(int) producerTail & mask] = value;
        producerTail++;
    }

    /** Producer: makes every entry put so far visible to the consumer. */
    public void publish() {
        TAIL.setRelease((SpscIntRingTail) this, producerTail);
    }

    /** Producer: publishes with full (volatile) ordering, before checking whether the consumer sleeps. */
    public void publishVolatile() {
        TAIL.setVolatile((SpscIntRingTail) this, producerTail);
    }

    /** Producer: entries put but not yet published. */
    public int unpublished() {
        return (int) (producerTail - (long) TAIL.getOpaque((SpscIntRingTail) this));
    }

    /** Consumer: how many published entries are waiting. */
    public int available() {
        long n = cachedTail - consumerHead;
        if (n == 0) {
            cachedTail = (long) TAIL.getAcquire((SpscIntRingTail) this);
            n = cachedTail - consumerHead;
        }
        return (int) n;
    }

    /** Consumer: published entries waiting, read with full (volatile) ordering, before parking. */
    public int availableVolatile() {
        cachedTail = (long) TAIL.getVolatile((SpscIntRingTail) this);
        return (int) (cachedTail - consumerHead);
    }

    /** Consumer: the next entry; only after {@link #available} said there is one. */
    public int take() {
        int v = entries[(int) consumerHead & mask];
        consumerHead++;
        return v;
    }

    /**
     * Any thread: entries published and not yet released by the consumer, as of about now (the
     * head is read before the tail, so the answer is never negative).
     */
    public int depth() {
        long h = (long) HEAD.getOpaque((SpscIntRingHead) this);
        long t = (long) TAIL.getOpaque((SpscIntRingTail) this);
        return (int) Math.max(0, t - h);
    }

    /** Consumer: hands the space of every entry taken so far back to the producer. */
    public void release() {
        HEAD.setRelease((SpscIntRingHead) this, consumerHead);
    }
}

/** Padding before the tail. */
abstract class SpscIntRingPad0 {
    long p00, p01, p02, p03, p04, p05, p06, p07;
}

/** The published tail, on a cache line of its own. */
abstract class SpscIntRingTail extends SpscIntRingPad0 {
    volatile long tail;
}

/** Padding between tail and head. */
abstract class SpscIntRingPad1 extends SpscIntRingTail {
    long p10, p11, p12, p13, p14, p15, p16, p17;
}

/** The released head, on a cache line of its own. */
abstract class SpscIntRingHead extends SpscIntRingPad1 {
    volatile long head;
    long p20, p21, p22, p23, p24, p25, p26, p27;
}

/** The producer's own counters, on a cache line of their own. */
abstract class SpscIntRingProducer extends SpscIntRingHead {
    long producerTail;
    long cachedHead;
    long p30, p31, p32, p33, p34, p35, p36, p37;
}

/** The consumer's own counters, on a cache line of their own. */
abstract class SpscIntRingConsumer extends SpscIntRingProducer {
    long consumerHead;
    long cachedTail;
    long p40, p41, p42, p43, p44, p45, p46, p47;
}
