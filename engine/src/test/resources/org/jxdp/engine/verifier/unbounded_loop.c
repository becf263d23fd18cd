// refuse "the program is too complex": the loop runs up to rx_queue_index times, which is not bounded
#include "verifier.h"

SEC("xdp")
int unbounded_loop(struct xdp_md *ctx)
{
    __u32 n = ctx->rx_queue_index;
    __u64 sum = 0;
    for (__u32 i = 0; i < n; i++)
        sum += i * i;
    return sum & 1 ? XDP_PASS : XDP_DROP;
}
