// accept: a zeroed buffer written at a variable offset, then read at a variable offset
#include "verifier.h"

SEC("xdp")
int stack_variable_write(struct xdp_md *ctx)
{
    __u8 buf[16] = {};
    __u32 i = ctx->rx_queue_index & 15;
    buf[i] = 1;
    __u32 j = ctx->ingress_ifindex & 15;
    return buf[j] ? XDP_DROP : XDP_PASS;
}
