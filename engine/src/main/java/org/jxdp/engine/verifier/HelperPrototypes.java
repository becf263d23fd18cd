package org.jxdp.engine.verifier;

import static org.jxdp.engine.helpers.BpfFunc.*;
import static org.jxdp.engine.maps.MapType.*;
import static org.jxdp.engine.verifier.ArgType.*;
import static org.jxdp.engine.verifier.HelperPrototype.RetType.*;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jxdp.engine.maps.MapType;
import org.jxdp.engine.verifier.HelperPrototype.RetType;

/**
 * The prototypes of the helpers an XDP program may call, as the Linux kernel declares them
 * ({@code bpf_func_proto} in {@code kernel/bpf/helpers.c}, {@code net/core/filter.c},
 * {@code kernel/bpf/ringbuf.c}...), and which map types go with which helpers
 * ({@code check_map_func_compatibility}). A helper without a prototype here cannot be verified,
 * so a call to it is refused even when jxdp implements it.
 */
final class HelperPrototypes {
    private final Map<Integer, HelperPrototype> byId = new HashMap<>();

    private HelperPrototypes() {
    }

    /** The helpers of {@code BPF_PROG_TYPE_XDP} (the kernel's {@code xdp_func_proto} and the base set). */
    static HelperPrototypes xdp() {
        HelperPrototypes t = new HelperPrototypes();
        Set<MapType> any = Set.of();
        t.add(BPF_FUNC_map_lookup_elem, "bpf_map_lookup_elem", RET_PTR_TO_MAP_VALUE_OR_NULL, any,
                ARG_CONST_MAP_PTR, ARG_PTR_TO_MAP_KEY);
        t.add(BPF_FUNC_map_update_elem, "bpf_map_update_elem", RET_INTEGER, any,
                ARG_CONST_MAP_PTR, ARG_PTR_TO_MAP_KEY, ARG_PTR_TO_MAP_VALUE, ARG_ANYTHING);
        t.add(BPF_FUNC_map_delete_elem, "bpf_map_delete_elem", RET_INTEGER, any, ARG_CONST_MAP_PTR, ARG_PTR_TO_MAP_KEY);
        t.add(BPF_FUNC_map_push_elem, "bpf_map_push_elem", RET_INTEGER,
                EnumSet.of(BPF_MAP_TYPE_QUEUE, BPF_MAP_TYPE_STACK, BPF_MAP_TYPE_BLOOM_FILTER),
                ARG_CONST_MAP_PTR, ARG_PTR_TO_MAP_VALUE, ARG_ANYTHING);
        t.add(BPF_FUNC_map_pop_elem, "bpf_map_pop_elem", RET_INTEGER, EnumSet.of(BPF_MAP_TYPE_QUEUE, BPF_MAP_TYPE_STACK),
                ARG_CONST_MAP_PTR, ARG_PTR_TO_UNINIT_MAP_VALUE);
        t.add(BPF_FUNC_map_peek_elem, "bpf_map_peek_elem", RET_INTEGER,
                EnumSet.of(BPF_MAP_TYPE_QUEUE, BPF_MAP_TYPE_STACK, BPF_MAP_TYPE_BLOOM_FILTER),
                ARG_CONST_MAP_PTR, ARG_PTR_TO_UNINIT_MAP_VALUE);
        t.add(BPF_FUNC_map_lookup_percpu_elem, "bpf_map_lookup_percpu_elem", RET_PTR_TO_MAP_VALUE_OR_NULL,
                EnumSet.of(BPF_MAP_TYPE_PERCPU_ARRAY, BPF_MAP_TYPE_PERCPU_HASH, BPF_MAP_TYPE_LRU_PERCPU_HASH),
                ARG_CONST_MAP_PTR, ARG_PTR_TO_MAP_KEY, ARG_ANYTHING);
        t.add(BPF_FUNC_ktime_get_ns, "bpf_ktime_get_ns", RET_INTEGER, any);
        t.add(BPF_FUNC_ktime_get_boot_ns, "bpf_ktime_get_boot_ns", RET_INTEGER, any);
        t.add(BPF_FUNC_ktime_get_coarse_ns, "bpf_ktime_get_coarse_ns", RET_INTEGER, any);
        t.add(BPF_FUNC_ktime_get_tai_ns, "bpf_ktime_get_tai_ns", RET_INTEGER, any);
        t.add(BPF_FUNC_jiffies64, "bpf_jiffies64", RET_INTEGER, any);
        t.add(BPF_FUNC_get_prandom_u32, "bpf_get_prandom_u32", RET_INTEGER, any);
        t.add(BPF_FUNC_get_smp_processor_id, "bpf_get_smp_processor_id", RET_INTEGER, any);
        t.add(BPF_FUNC_get_numa_node_id, "bpf_get_numa_node_id", RET_INTEGER, any);
        t.gpl(BPF_FUNC_trace_printk, "bpf_trace_printk", RET_INTEGER, any, ARG_PTR_TO_MEM_RDONLY, ARG_CONST_SIZE);
        t.add(BPF_FUNC_tail_call, "bpf_tail_call", RET_VOID, EnumSet.of(BPF_MAP_TYPE_PROG_ARRAY),
                ARG_PTR_TO_CTX, ARG_CONST_MAP_PTR, ARG_ANYTHING);
        t.add(BPF_FUNC_csum_diff, "bpf_csum_diff", RET_INTEGER, any, ARG_PTR_TO_MEM_RDONLY_OR_NULL,
                ARG_CONST_SIZE_OR_ZERO, ARG_PTR_TO_MEM_RDONLY_OR_NULL, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING);
        t.add(BPF_FUNC_loop, "bpf_loop", RET_INTEGER, any, ARG_ANYTHING, ARG_PTR_TO_FUNC, ARG_PTR_TO_STACK_OR_NULL,
                ARG_ANYTHING);
        t.add(BPF_FUNC_for_each_map_elem, "bpf_for_each_map_elem", RET_INTEGER,
                EnumSet.of(BPF_MAP_TYPE_ARRAY, BPF_MAP_TYPE_PERCPU_ARRAY, BPF_MAP_TYPE_HASH, BPF_MAP_TYPE_PERCPU_HASH,
                        BPF_MAP_TYPE_LRU_HASH, BPF_MAP_TYPE_LRU_PERCPU_HASH),
                ARG_CONST_MAP_PTR, ARG_PTR_TO_FUNC, ARG_PTR_TO_STACK_OR_NULL, ARG_ANYTHING);
        t.add(BPF_FUNC_ringbuf_output, "bpf_ringbuf_output", RET_INTEGER, EnumSet.of(BPF_MAP_TYPE_RINGBUF),
                ARG_CONST_MAP_PTR, ARG_PTR_TO_MEM_RDONLY, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING);
        t.add(BPF_FUNC_ringbuf_reserve, "bpf_ringbuf_reserve", RET_PTR_TO_RINGBUF_MEM_OR_NULL,
                EnumSet.of(BPF_MAP_TYPE_RINGBUF), ARG_CONST_MAP_PTR, ARG_CONST_ALLOC_SIZE_OR_ZERO, ARG_ANYTHING);
        t.add(BPF_FUNC_ringbuf_submit, "bpf_ringbuf_submit", RET_VOID, any, ARG_PTR_TO_RINGBUF_MEM_RELEASE,
                ARG_ANYTHING);
        t.add(BPF_FUNC_ringbuf_discard, "bpf_ringbuf_discard", RET_VOID, any, ARG_PTR_TO_RINGBUF_MEM_RELEASE,
                ARG_ANYTHING);
        t.add(BPF_FUNC_ringbuf_query, "bpf_ringbuf_query", RET_INTEGER, EnumSet.of(BPF_MAP_TYPE_RINGBUF),
                ARG_CONST_MAP_PTR, ARG_ANYTHING);
        // net/core/filter.c, xdp_func_proto
        t.gpl(BPF_FUNC_perf_event_output, "bpf_perf_event_output", RET_INTEGER,
                EnumSet.of(BPF_MAP_TYPE_PERF_EVENT_ARRAY), ARG_PTR_TO_CTX, ARG_CONST_MAP_PTR, ARG_ANYTHING,
                ARG_PTR_TO_MEM_RDONLY, ARG_CONST_SIZE_OR_ZERO);
        t.add(BPF_FUNC_redirect, "bpf_redirect", RET_INTEGER, any, ARG_ANYTHING, ARG_ANYTHING);
        t.add(BPF_FUNC_redirect_map, "bpf_redirect_map", RET_INTEGER,
                EnumSet.of(BPF_MAP_TYPE_DEVMAP, BPF_MAP_TYPE_DEVMAP_HASH, BPF_MAP_TYPE_CPUMAP, BPF_MAP_TYPE_XSKMAP),
                ARG_CONST_MAP_PTR, ARG_ANYTHING, ARG_ANYTHING);
        t.packet(BPF_FUNC_xdp_adjust_head, "bpf_xdp_adjust_head");
        t.packet(BPF_FUNC_xdp_adjust_meta, "bpf_xdp_adjust_meta");
        t.packet(BPF_FUNC_xdp_adjust_tail, "bpf_xdp_adjust_tail");
        t.gpl(BPF_FUNC_fib_lookup, "bpf_fib_lookup", RET_INTEGER, any, ARG_PTR_TO_CTX, ARG_PTR_TO_MEM_WRITE,
                ARG_CONST_SIZE, ARG_ANYTHING);
        t.add(BPF_FUNC_xdp_get_buff_len, "bpf_xdp_get_buff_len", RET_INTEGER, any, ARG_PTR_TO_CTX);
        t.add(BPF_FUNC_xdp_load_bytes, "bpf_xdp_load_bytes", RET_INTEGER, any, ARG_PTR_TO_CTX, ARG_ANYTHING,
                ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE);
        t.add(BPF_FUNC_xdp_store_bytes, "bpf_xdp_store_bytes", RET_INTEGER, any, ARG_PTR_TO_CTX, ARG_ANYTHING,
                ARG_PTR_TO_MEM_RDONLY, ARG_CONST_SIZE);
        t.fixed(BPF_FUNC_tcp_raw_gen_syncookie_ipv4, "bpf_tcp_raw_gen_syncookie_ipv4", new int[] {20},
                ARG_PTR_TO_FIXED_SIZE_MEM, ARG_PTR_TO_MEM_RDONLY, ARG_CONST_SIZE_OR_ZERO);
        t.fixed(BPF_FUNC_tcp_raw_gen_syncookie_ipv6, "bpf_tcp_raw_gen_syncookie_ipv6", new int[] {40},
                ARG_PTR_TO_FIXED_SIZE_MEM, ARG_PTR_TO_MEM_RDONLY, ARG_CONST_SIZE_OR_ZERO);
        t.fixed(BPF_FUNC_tcp_raw_check_syncookie_ipv4, "bpf_tcp_raw_check_syncookie_ipv4", new int[] {20, 20},
                ARG_PTR_TO_FIXED_SIZE_MEM, ARG_PTR_TO_FIXED_SIZE_MEM);
        t.fixed(BPF_FUNC_tcp_raw_check_syncookie_ipv6, "bpf_tcp_raw_check_syncookie_ipv6", new int[] {40, 20},
                ARG_PTR_TO_FIXED_SIZE_MEM, ARG_PTR_TO_FIXED_SIZE_MEM);
        return t;
    }

    private void put(HelperPrototype p) {
        byId.put(p.id(), p);
    }

    /** Helpers whose memory arguments may be packet pointers (the kernel's {@code .pkt_access = true}). */
    private static final Set<Integer> PKT_ACCESS = Set.of(BPF_FUNC_map_lookup_elem, BPF_FUNC_map_update_elem,
            BPF_FUNC_map_delete_elem, BPF_FUNC_csum_diff, BPF_FUNC_tcp_raw_gen_syncookie_ipv4,
            BPF_FUNC_tcp_raw_gen_syncookie_ipv6, BPF_FUNC_tcp_raw_check_syncookie_ipv4,
            BPF_FUNC_tcp_raw_check_syncookie_ipv6);

    private void add(int id, String name, RetType ret, Set<MapType> maps, ArgType... args) {
        put(new HelperPrototype(id, name, ret, List.of(args), new int[0], false, false, PKT_ACCESS.contains(id), maps));
    }

    private void gpl(int id, String name, RetType ret, Set<MapType> maps, ArgType... args) {
        put(new HelperPrototype(id, name, ret, List.of(args), new int[0], true, false, PKT_ACCESS.contains(id), maps));
    }

    private void packet(int id, String name) {
        put(new HelperPrototype(id, name, RET_INTEGER, List.of(ARG_PTR_TO_CTX, ARG_ANYTHING), new int[0], false, true,
                false, Set.of()));
    }

    private void fixed(int id, String name, int[] sizes, ArgType... args) {
        put(new HelperPrototype(id, name, RET_INTEGER, List.of(args), sizes, true, false, true, Set.of()));
    }

    /** The prototype of helper {@code id}, or null when the verifier has none. */
    HelperPrototype get(int id) {
        return byId.get(id);
    }

    /**
     * Why a map of type {@code t} cannot be passed to helper {@code p}, or null when it can
     * (the map side of the kernel's {@code check_map_func_compatibility}).
     */
    static String mapRefusal(HelperPrototype p, MapType t) {
        if (!p.mapTypes().isEmpty() && !p.mapTypes().contains(t)) {
            return p.name() + " takes a map of type " + names(p.mapTypes()) + ", not " + t.bpftoolName();
        }
        Set<Integer> only = helpersOnlyFor(t);
        if (only != null && !only.contains(p.id())) {
            return "a " + t.bpftoolName() + " map cannot be passed to " + p.name();
        }
        return null;
    }

    private static String names(Set<MapType> types) {
        StringBuilder b = new StringBuilder();
        for (MapType t : types) {
            b.append(b.length() == 0 ? "" : " or ").append(t.bpftoolName());
        }
        return b.toString();
    }

    /** The only helpers a map of type {@code t} may be passed to, or null when any may take it. */
    private static Set<Integer> helpersOnlyFor(MapType t) {
        switch (t) {
            case BPF_MAP_TYPE_PROG_ARRAY:
                return Set.of(BPF_FUNC_tail_call);
            case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
                return Set.of(BPF_FUNC_perf_event_read, BPF_FUNC_perf_event_output, BPF_FUNC_perf_event_read_value,
                        BPF_FUNC_skb_output, BPF_FUNC_xdp_output);
            case BPF_MAP_TYPE_RINGBUF:
                return Set.of(BPF_FUNC_ringbuf_output, BPF_FUNC_ringbuf_reserve, BPF_FUNC_ringbuf_query);
            case BPF_MAP_TYPE_DEVMAP:
            case BPF_MAP_TYPE_DEVMAP_HASH:
            case BPF_MAP_TYPE_XSKMAP:
                return Set.of(BPF_FUNC_redirect_map, BPF_FUNC_map_lookup_elem);
            case BPF_MAP_TYPE_CPUMAP:
                return Set.of(BPF_FUNC_redirect_map);
            case BPF_MAP_TYPE_ARRAY_OF_MAPS:
            case BPF_MAP_TYPE_HASH_OF_MAPS:
                return Set.of(BPF_FUNC_map_lookup_elem);
            case BPF_MAP_TYPE_QUEUE:
            case BPF_MAP_TYPE_STACK:
                return Set.of(BPF_FUNC_map_peek_elem, BPF_FUNC_map_pop_elem, BPF_FUNC_map_push_elem);
            case BPF_MAP_TYPE_BLOOM_FILTER:
                return Set.of(BPF_FUNC_map_peek_elem, BPF_FUNC_map_push_elem);
            case BPF_MAP_TYPE_STACK_TRACE:
            case BPF_MAP_TYPE_CGROUP_ARRAY:
            case BPF_MAP_TYPE_SOCKMAP:
            case BPF_MAP_TYPE_SOCKHASH:
            case BPF_MAP_TYPE_CGROUP_STORAGE:
            case BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE:
            case BPF_MAP_TYPE_REUSEPORT_SOCKARRAY:
            case BPF_MAP_TYPE_SK_STORAGE:
            case BPF_MAP_TYPE_INODE_STORAGE:
            case BPF_MAP_TYPE_TASK_STORAGE:
            case BPF_MAP_TYPE_STRUCT_OPS:
            case BPF_MAP_TYPE_USER_RINGBUF:
                return Set.of();
            default:
                return null;
        }
    }

    /** True when values of maps of type {@code t} are read-only to programs whatever their flags (device maps). */
    static boolean readOnlyValues(MapType t) {
        return t == BPF_MAP_TYPE_DEVMAP || t == BPF_MAP_TYPE_DEVMAP_HASH || t == BPF_MAP_TYPE_CPUMAP
                || t == BPF_MAP_TYPE_XSKMAP;
    }
}
