// refuse "packet pointer used after the packet moved": data is read again through the pointer taken before bpf_xdp_adjust_head
#include "verifier.h"

SEC("xdp")
int stale_after_adjust_head(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    if (data + 14 > end)
        return XDP_DROP;
    if (bpf_xdp_adjust_head(ctx, -4))
        return XDP_DROP;
    return *(volatile __u8 *)data == 0xff ? XDP_DROP : XDP_PASS;
}
