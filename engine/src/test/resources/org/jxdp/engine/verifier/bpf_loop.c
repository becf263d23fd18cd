// accept: bpf_loop calls back a function that adds the index into a context on the caller's stack
#include "verifier.h"

struct loop_ctx {
    __u64 sum;
    __u32 limit;
};

static int add_index(__u32 index, void *data)
{
    struct loop_ctx *c = data;
    if (index >= c->limit)
        return 1;
    c->sum += index;
    return 0;
}

SEC("xdp")
int bpf_loop_sum(struct xdp_md *ctx)
{
    struct loop_ctx c = {0, ctx->rx_queue_index & 31};
    bpf_loop(64, add_index, &c, 0);
    __u32 key = c.sum & 15;
    __u64 *v = bpf_map_lookup_elem(&counters, &key);
    if (v)
        *v += 1;
    return XDP_PASS;
}
