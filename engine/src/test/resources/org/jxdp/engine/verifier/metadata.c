// accept: bpf_xdp_adjust_meta makes room for a mark, written once data_meta + 4 is checked against data
#include "verifier.h"

SEC("xdp")
int metadata(struct xdp_md *ctx)
{
    if (bpf_xdp_adjust_meta(ctx, -4))
        return XDP_PASS;
    void *data = (void *)(long)ctx->data;
    void *meta = (void *)(long)ctx->data_meta;
    __u32 *mark = meta;
    if ((void *)(mark + 1) > data)
        return XDP_PASS;
    *mark = 0x2a;
    return XDP_PASS;
}
