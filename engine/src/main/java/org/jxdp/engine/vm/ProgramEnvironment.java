package org.jxdp.engine.vm;

/**
 * What a program refers to outside itself, fixed when it is loaded: the helpers its calls may
 * name, and the maps its LDDW pseudo instructions may point at (by id in the runtime, as the
 * kernel's are by file descriptor).
 */
public interface ProgramEnvironment {
    /** The helpers calls may name. */
    HelperTable helpers();

    /** True when a map with id {@code id} exists. */
    boolean mapExists(long id);

    /**
     * The address of byte {@code offset} of the value of map {@code id}, for an LDDW with
     * {@code BPF_PSEUDO_MAP_VALUE} (global data), or -1 when the map does not allow direct value
     * access (only single-element arrays do) or the offset is outside the value.
     */
    long mapValueAddress(long id, long offset);

    /**
     * The region that holds every value of map {@code id} (what its lookups return point into),
     * or -1 when there is no such map or its values are not in one region of their own.
     */
    default int mapValueRegion(long id) {
        return -1;
    }

    /** An environment with these helpers and no maps. */
    static ProgramEnvironment of(HelperTable helpers) {
        return new ProgramEnvironment() {
            @Override
            public HelperTable helpers() {
                return helpers;
            }

            @Override
            public boolean mapExists(long id) {
                return false;
            }

            @Override
            public long mapValueAddress(long id, long offset) {
                return -1;
            }
        };
    }
}
