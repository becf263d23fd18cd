/* Queues, stacks and Bloom filters: bpf_map_push_elem, _pop_elem and _peek_elem, full and empty. */
#include "common.h"

struct {
    __uint(type, BPF_MAP_TYPE_QUEUE);
    __type(value, __u32);
    __uint(max_entries, 4);
} fifo SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_STACK);
    __type(value, __u64);
    __uint(max_entries, 3);
} lifo SEC(".maps");

/* Source addresses seen; destinations tested against it. */
struct {
    __uint(type, BPF_MAP_TYPE_BLOOM_FILTER);
    __type(value, __u32);
    __uint(max_entries, 64);
} seen SEC(".maps");

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
        *c = *c * 31 + v;
}

SEC("xdp")
int queue_ops(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    if (data + 14 > end)
        return XDP_ABORTED;
    __u32 len = end - data;
    __u32 v = len | ((__u32)((__u8 *)data)[13] << 16);
    long r = bpf_map_push_elem(&fifo, &v, 0);
    record(0, r);                                   /* 0, or -E2BIG when full */
    __u32 out = 0;
    if (len % 3 == 0) {
        r = bpf_map_pop_elem(&fifo, &out);
        record(1, r);
        add(2, out);
    }
    out = 0;
    r = bpf_map_peek_elem(&fifo, &out);
    record(3, r);
    add(4, out);
    if (len > 100) {
        r = bpf_map_push_elem(&fifo, &v, BPF_EXIST);   /* full: drops the oldest */
        record(5, r);
    }
    record(5, bpf_map_push_elem(&fifo, &v, BPF_NOEXIST));   /* -EINVAL */
    return XDP_PASS;
}

SEC("xdp")
int stack_ops(struct xdp_md *ctx)
{
    __u64 len = ctx->data_end - ctx->data;
    __u64 top = 0;
    long r = bpf_map_push_elem(&lifo, &len, 0);
    record(6, r);
    if (r) {
        /* full: take two off */
        record(7, bpf_map_pop_elem(&lifo, &top));
        add(8, top);
        record(7, bpf_map_pop_elem(&lifo, &top));
        add(8, top);
    }
    top = 0;
    record(9, bpf_map_peek_elem(&lifo, &top));
    add(9, top);
    if (len == 60) {
        /* empty it and look again */
        for (int i = 0; i < 4; i++)
            record(10, bpf_map_pop_elem(&lifo, &top));
        record(10, bpf_map_peek_elem(&lifo, &top));
    }
    return top == len ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int bloom_ops(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    __u16 proto;
    void *l3 = parse_l2(data, end, &proto);
    if (!l3 || proto != bpf_htons(ETH_P_IP))
        return XDP_PASS;
    struct iphdr *ip = l3;
    if ((void *)(ip + 1) > end)
        return XDP_ABORTED;
    __u32 dst = ip->daddr;
    long known = bpf_map_peek_elem(&seen, &dst);     /* 0: maybe seen, -ENOENT: not seen */
    record(11, known);
    __u32 src = ip->saddr;
    record(12, bpf_map_push_elem(&seen, &src, 0));
    record(13, bpf_map_push_elem(&seen, &src, BPF_EXIST));   /* -EINVAL */
    record(14, bpf_map_peek_elem(&seen, &src));
    return known == 0 ? XDP_TX : XDP_PASS;
}

char _license[] SEC("license") = "GPL";
