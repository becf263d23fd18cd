package org.jxdp.engine.maps;

/**
 * Map types under their kernel names and numbers ({@code enum bpf_map_type} in
 * {@code include/uapi/linux/bpf.h}). Which of them jxdp implements is {@link #supported()}.
 */
public enum MapType {
    /** 0: not a map type. */
    BPF_MAP_TYPE_UNSPEC,
    /** 1: hash table, preallocated by default. */
    BPF_MAP_TYPE_HASH,
    /** 2: array indexed by a u32, zero-initialised, elements never deleted. */
    BPF_MAP_TYPE_ARRAY,
    /** 3: array of programs for bpf_tail_call. */
    BPF_MAP_TYPE_PROG_ARRAY,
    /** 4: per-CPU perf ring buffers for bpf_perf_event_output. */
    BPF_MAP_TYPE_PERF_EVENT_ARRAY,
    /** 5: hash table with one value per CPU. */
    BPF_MAP_TYPE_PERCPU_HASH,
    /** 6: array with one value per CPU. */
    BPF_MAP_TYPE_PERCPU_ARRAY,
    /** 7: stack traces (tracing only). */
    BPF_MAP_TYPE_STACK_TRACE,
    /** 8: cgroup references (not for XDP). */
    BPF_MAP_TYPE_CGROUP_ARRAY,
    /** 9: hash table that evicts the least recently used element when full. */
    BPF_MAP_TYPE_LRU_HASH,
    /** 10: LRU hash table with one value per CPU. */
    BPF_MAP_TYPE_LRU_PERCPU_HASH,
    /** 11: longest-prefix-match trie (IPv4 and IPv6 prefixes). */
    BPF_MAP_TYPE_LPM_TRIE,
    /** 12: array whose values are maps. */
    BPF_MAP_TYPE_ARRAY_OF_MAPS,
    /** 13: hash table whose values are maps. */
    BPF_MAP_TYPE_HASH_OF_MAPS,
    /** 14: devices by index, for bpf_redirect_map. */
    BPF_MAP_TYPE_DEVMAP,
    /** 15: sockets (not for XDP). */
    BPF_MAP_TYPE_SOCKMAP,
    /** 16: CPUs, for bpf_redirect_map to another CPU. */
    BPF_MAP_TYPE_CPUMAP,
    /** 17: AF_XDP sockets. */
    BPF_MAP_TYPE_XSKMAP,
    /** 18: sockets by hash (not for XDP). */
    BPF_MAP_TYPE_SOCKHASH,
    /** 19: cgroup storage (not for XDP). */
    BPF_MAP_TYPE_CGROUP_STORAGE,
    /** 20: reuseport sockets (not for XDP). */
    BPF_MAP_TYPE_REUSEPORT_SOCKARRAY,
    /** 21: per-CPU cgroup storage (not for XDP). */
    BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE,
    /** 22: FIFO queue of values (push, pop, peek). */
    BPF_MAP_TYPE_QUEUE,
    /** 23: LIFO stack of values (push, pop, peek). */
    BPF_MAP_TYPE_STACK,
    /** 24: socket-local storage (not for XDP). */
    BPF_MAP_TYPE_SK_STORAGE,
    /** 25: devices by hashed key, for bpf_redirect_map. */
    BPF_MAP_TYPE_DEVMAP_HASH,
    /** 26: struct_ops (not for XDP). */
    BPF_MAP_TYPE_STRUCT_OPS,
    /** 27: multi-producer ring buffer shared with user space. */
    BPF_MAP_TYPE_RINGBUF,
    /** 28: inode storage (not for XDP). */
    BPF_MAP_TYPE_INODE_STORAGE,
    /** 29: task storage (not for XDP). */
    BPF_MAP_TYPE_TASK_STORAGE,
    /** 30: Bloom filter (push adds, peek tests). */
    BPF_MAP_TYPE_BLOOM_FILTER,
    /** 31: ring buffer written by user space (not for XDP). */
    BPF_MAP_TYPE_USER_RINGBUF;

    /** The kernel's number of this type. */
    public int id() {
        return ordinal();
    }

    /** The type with the kernel's number {@code id}, or null when the number is unknown. */
    public static MapType ofId(long id) {
        MapType[] all = values();
        return id >= 0 && id < all.length ? all[(int) id] : null;
    }

    /** The name bpftool prints ({@code lpm_trie}). */
    public String bpftoolName() {
        return name().substring("BPF_MAP_TYPE_".length()).toLowerCase();
    }

    /** True when each CPU (worker) has its own copy of every value. */
    public boolean perCpu() {
        return this == BPF_MAP_TYPE_PERCPU_ARRAY || this == BPF_MAP_TYPE_PERCPU_HASH
                || this == BPF_MAP_TYPE_LRU_PERCPU_HASH;
    }
}
