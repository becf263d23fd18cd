/* Hash maps from the program side: LRU and per-CPU hashes, per-CPU arrays, the error codes of
 * full maps and wrong flags, and bpf_for_each_map_elem over them. */
#include "common.h"

struct flow_stats {
    __u64 packets;
    __u64 bytes;
};

/* By source address; fewer sources than entries, so nothing is evicted. */
struct {
    __uint(type, BPF_MAP_TYPE_LRU_HASH);
    __type(key, __u32);
    __type(value, struct flow_stats);
    __uint(max_entries, 64);
} by_source SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_LRU_PERCPU_HASH);
    __type(key, __u32);
    __type(value, __u64);
    __uint(max_entries, 64);
} by_dest SEC(".maps");

/* 12-byte values: per-CPU copies are padded to 8 bytes in user space. */
struct proto_stats {
    __u32 packets;
    __u32 last_len;
    __u32 first_len;
};

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_HASH);
    __type(key, __u16);
    __type(value, struct proto_stats);
    __uint(max_entries, 8);
} by_ethertype SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __type(key, __u32);
    __type(value, __u64);
    __uint(max_entries, 4);
} by_size SEC(".maps");

/* Frame lengths; more of them than entries. */
struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __type(key, __u32);
    __type(value, __u64);
    __uint(max_entries, 4);
} small_hash SEC(".maps");

/* Overfilled on purpose: evicts (compared by element count only). */
struct {
    __uint(type, BPF_MAP_TYPE_LRU_HASH);
    __type(key, __u32);
    __type(value, __u64);
    __uint(max_entries, 4);
} small_lru SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_LRU_PERCPU_HASH);
    __type(key, __u32);
    __type(value, __u64);
    __uint(max_entries, 6);
    __uint(map_flags, BPF_F_NO_COMMON_LRU);
} small_percpu_lru SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __type(key, __u32);
    __type(value, __u64);
    __uint(max_entries, 16);
} res SEC(".maps");

static __always_inline void record(__u32 slot, long v)
{
    __u64 *c = bpf_map_lookup_elem(&res, &slot);
    if (c)
        *c = (*c << 8) | (v & 0xff);
}

static __always_inline void add(__u32 slot, __u64 v)
{
    __u64 *c = bpf_map_lookup_elem(&res, &slot);
    if (c)
        *c += v;
}

static long sum_stats(void *map, __u32 *key, struct flow_stats *v, __u64 *acc)
{
    *acc += v->packets * 1000 + (*key & 0xff);
    return 0;
}

static long sum_u64(void *map, __u32 *key, __u64 *v, __u64 *acc)
{
    *acc += *v;
    return 0;
}

/* Hash order is the implementation's: only order-independent results are recorded. */
/* Starts from rx_queue_index (0 here, unknown to the verifier, which would otherwise walk every
 * count) and stops at the second element. */
struct stop_ctx {
    __u64 seen;
    __u64 limit;
};

static long stop_at_second(void *map, __u16 *key, struct proto_stats *v, struct stop_ctx *c)
{
    c->seen++;
    return c->seen >= c->limit;
}

static long sum_packets(void *map, __u16 *key, struct proto_stats *v, __u64 *acc)
{
    *acc += v->packets * 0x10000 + *key;
    return 0;
}

SEC("xdp")
int count(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    __u16 proto;
    void *l3 = parse_l2(data, end, &proto);
    if (!l3)
        return XDP_ABORTED;
    __u64 len = end - data;
    struct proto_stats *ps = bpf_map_lookup_elem(&by_ethertype, &proto);
    if (ps) {
        ps->packets++;
        ps->last_len = len;
    } else {
        struct proto_stats n = {1, len, len};
        record(0, bpf_map_update_elem(&by_ethertype, &proto, &n, BPF_NOEXIST));
    }
    __u32 size = len < 64 ? 0 : len < 128 ? 1 : len < 1024 ? 2 : 3;
    __u64 *s = bpf_map_lookup_elem(&by_size, &size);
    if (s)
        *s += 1;
    __u32 past = 4;
    record(1, bpf_map_lookup_elem(&by_size, &past) != 0);
    if (proto != bpf_htons(ETH_P_IP))
        return XDP_PASS;
    struct iphdr *ip = l3;
    if ((void *)(ip + 1) > end)
        return XDP_DROP;
    __u32 src = ip->saddr;
    struct flow_stats *f = bpf_map_lookup_elem(&by_source, &src);
    if (f) {
        f->packets++;
        f->bytes += len;
    } else {
        struct flow_stats n = {1, len};
        record(2, bpf_map_update_elem(&by_source, &src, &n, BPF_ANY));
    }
    __u32 dst = ip->daddr;
    __u64 *d = bpf_map_lookup_elem(&by_dest, &dst);
    if (d)
        *d += len;
    else
        record(3, bpf_map_update_elem(&by_dest, &dst, &len, BPF_NOEXIST));
    __u64 acc = 0;
    long n = bpf_for_each_map_elem(&by_source, sum_stats, &acc, 0);
    add(4, acc + (n << 32));
    acc = 0;
    n = bpf_for_each_map_elem(&by_dest, sum_u64, &acc, 0);
    add(5, acc + (n << 32));
    acc = 0;
    n = bpf_for_each_map_elem(&by_size, sum_u64, &acc, 0);
    add(6, acc + (n << 32));
    struct stop_ctx sc = {ctx->rx_queue_index, ctx->rx_queue_index + 2};
    n = bpf_for_each_map_elem(&by_ethertype, stop_at_second, &sc, 0);
    add(7, sc.seen + (n << 32));
    acc = 0;
    n = bpf_for_each_map_elem(&by_ethertype, sum_packets, &acc, 0);
    add(15, acc + (n << 40));
    return XDP_PASS;
}

/* The error codes of a full hash, of wrong flags, of arrays that cannot delete. */
SEC("xdp")
int errors(struct xdp_md *ctx)
{
    __u32 len = ctx->data_end - ctx->data;
    __u64 v = len;
    long r = bpf_map_update_elem(&small_hash, &len, &v, BPF_NOEXIST);
    record(8, r);
    if (r == 0)
        record(9, bpf_map_update_elem(&small_hash, &len, &v, BPF_NOEXIST));   /* -EEXIST */
    __u32 other = len + 100000;
    record(9, bpf_map_update_elem(&small_hash, &other, &v, BPF_EXIST));       /* -ENOENT */
    record(9, bpf_map_delete_elem(&small_hash, &other));                      /* -ENOENT */
    record(10, bpf_map_update_elem(&small_hash, &len, &v, 4));                /* -EINVAL */
    __u32 k = 2;
    record(10, bpf_map_update_elem(&res, &k, &v, BPF_NOEXIST));              /* -EEXIST */
    record(10, bpf_map_delete_elem(&res, &k));                               /* -EINVAL */
    k = 16;
    record(11, bpf_map_update_elem(&res, &k, &v, BPF_ANY));                  /* -E2BIG */
    record(11, bpf_map_lookup_elem(&res, &k) != 0);
    /* Delete the first length seen once the map is full, to make room */
    __u32 first = 60;
    if (r != 0)
        record(12, bpf_map_delete_elem(&small_hash, &first));
    r = bpf_map_update_elem(&small_lru, &len, &v, BPF_NOEXIST);
    __u64 *back = bpf_map_lookup_elem(&small_lru, &len);
    record(13, r == 0 || r == -17);   /* -EEXIST */
    record(13, back != 0);
    r = bpf_map_update_elem(&small_percpu_lru, &len, &v, BPF_ANY);
    record(14, r);
    record(14, bpf_map_lookup_elem(&small_percpu_lru, &len) != 0);
    return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
