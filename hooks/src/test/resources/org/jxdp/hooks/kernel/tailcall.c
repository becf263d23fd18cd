/* Tail calls through a prog array filled by its BTF initialiser. */
#include "common.h"

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __type(key, __u32);
    __type(value, __u64);
    __uint(max_entries, 1);
} hops SEC(".maps");

SEC("xdp")
int tail_target(struct xdp_md *ctx)
{
    __u32 k = 0;
    __u64 *h = bpf_map_lookup_elem(&hops, &k);
    if (h)
        *h += 100;
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    if (data + 1 > end)
        return XDP_ABORTED;
    return (*(__u8 *)data & 1) ? XDP_DROP : XDP_PASS;
}

struct {
    __uint(type, BPF_MAP_TYPE_PROG_ARRAY);
    __uint(max_entries, 4);
    __type(key, __u32);
    __array(values, int (void *));
} jumps SEC(".maps") = {
    .values = { [1] = (void *)&tail_target },
};

SEC("xdp")
int tail_caller(struct xdp_md *ctx)
{
    __u32 k = 0;
    __u64 *h = bpf_map_lookup_elem(&hops, &k);
    if (h)
        *h += 1;
    bpf_tail_call(ctx, &jumps, 3);   /* empty slot: falls through */
    bpf_tail_call(ctx, &jumps, 1);
    return XDP_TX;                   /* not reached when slot 1 is filled */
}

/* Tail-calls itself through slot 2 until the kernel's limit (33 tail calls) stops it. */
struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __type(key, __u32);
    __type(value, __u64);
    __uint(max_entries, 2);
} depth SEC(".maps");

SEC("xdp")
int tail_loop(struct xdp_md *ctx);

struct {
    __uint(type, BPF_MAP_TYPE_PROG_ARRAY);
    __uint(max_entries, 3);
    __type(key, __u32);
    __array(values, int (void *));
} loop_jumps SEC(".maps") = {
    .values = { [2] = (void *)&tail_loop },
};

SEC("xdp")
int tail_loop(struct xdp_md *ctx)
{
    __u32 k = 0;
    __u64 *d = bpf_map_lookup_elem(&depth, &k);
    if (!d)
        return XDP_ABORTED;
    *d += 1;
    bpf_tail_call(ctx, &loop_jumps, 2);
    /* reached only when the tail call failed: at the limit (its result is not for programs to read) */
    k = 1;
    __u64 *fails = bpf_map_lookup_elem(&depth, &k);
    if (fails)
        *fails += 1;
    return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
