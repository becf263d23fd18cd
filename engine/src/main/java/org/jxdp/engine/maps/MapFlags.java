package org.jxdp.engine.maps;

/** Flags of map creation ({@code map_flags}) and of element updates, under their kernel names. */
public final class MapFlags {
    private MapFlags() {
    }

    // ---- update flags ----
    /** Create a new element or update an existing one. */
    public static final long BPF_ANY = 0;
    /** Create a new element only if it does not exist. */
    public static final long BPF_NOEXIST = 1;
    /** Update an existing element only. */
    public static final long BPF_EXIST = 2;
    /** Update under the value's bpf_spin_lock. */
    public static final long BPF_F_LOCK = 4;

    // ---- creation flags ----
    /** Allocate hash elements on demand instead of up front. */
    public static final int BPF_F_NO_PREALLOC = 1 << 0;
    /** LRU: one LRU list per CPU instead of a common one. */
    public static final int BPF_F_NO_COMMON_LRU = 1 << 1;
    /** Honour numa_node. */
    public static final int BPF_F_NUMA_NODE = 1 << 2;
    /** User space may only read. */
    public static final int BPF_F_RDONLY = 1 << 3;
    /** User space may only write. */
    public static final int BPF_F_WRONLY = 1 << 4;
    /** Stack trace maps store build ids. */
    public static final int BPF_F_STACK_BUILD_ID = 1 << 5;
    /** Hash seed zero (deterministic hashing, for tests). */
    public static final int BPF_F_ZERO_SEED = 1 << 6;
    /** Programs may only read. */
    public static final int BPF_F_RDONLY_PROG = 1 << 7;
    /** Programs may only write. */
    public static final int BPF_F_WRONLY_PROG = 1 << 8;
    /** Clone the map's storage when a program is cloned. */
    public static final int BPF_F_CLONE = 1 << 9;
    /** Array values may be mmap()ed. */
    public static final int BPF_F_MMAPABLE = 1 << 10;
    /** Perf event arrays keep their elements when the map file closes. */
    public static final int BPF_F_PRESERVE_ELEMS = 1 << 11;
    /** The map is the template of an inner map. */
    public static final int BPF_F_INNER_MAP = 1 << 12;

    /** The access flags (RDONLY, WRONLY, RDONLY_PROG, WRONLY_PROG) every map type accepts. */
    public static final int BPF_F_ACCESS_MASK = BPF_F_RDONLY | BPF_F_RDONLY_PROG | BPF_F_WRONLY | BPF_F_WRONLY_PROG;

    /**
     * The kernel's checks on access flags at creation: a map cannot be both read-only and
     * write-only, for user space ({@code bpf_get_file_flag}) or for programs
     * ({@code bpf_map_flags_access_ok}).
     */
    public static boolean accessFlagsOk(int flags) {
        return (flags & (BPF_F_RDONLY | BPF_F_WRONLY)) != (BPF_F_RDONLY | BPF_F_WRONLY)
                && (flags & (BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG)) != (BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG);
    }
}
