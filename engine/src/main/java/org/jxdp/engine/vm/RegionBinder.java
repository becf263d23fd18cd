package org.jxdp.engine.vm;

/**
 * Maps regions into a context's {@link Memory} on first use. A runtime that owns maps hands out
 * region ids for their values; a context binds a region only when a program first touches it
 * (the first access faults into the binder, which maps it, and the access is retried), so
 * contexts never need to be told about maps created after them.
 */
@FunctionalInterface
public interface RegionBinder {
    /**
     * Maps region {@code id} into {@code memory} if this binder knows it and it is not mapped
     * yet (or is mapped to stale bytes).
     *
     * @return true when the mapping changed, so the access should be retried
     */
    boolean bind(Memory memory, int id);
}
