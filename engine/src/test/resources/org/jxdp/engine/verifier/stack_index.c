// refuse "stack access out of bounds": an index masked to 0..63 into a 32-byte stack buffer
#include "verifier.h"

SEC("xdp")
int stack_index(struct xdp_md *ctx)
{
    volatile __u8 buf[32];
    for (int i = 0; i < 32; i++)
        buf[i] = i;
    __u32 idx = ctx->rx_queue_index & 63;
    return buf[idx] & 1 ? XDP_PASS : XDP_DROP;
}
