// refuse "invalid context access": egress_ifindex is readable only by programs attached to device maps
#include "verifier.h"

SEC("xdp")
int egress_ifindex(struct xdp_md *ctx)
{
    return ctx->egress_ifindex ? XDP_PASS : XDP_DROP;
}
