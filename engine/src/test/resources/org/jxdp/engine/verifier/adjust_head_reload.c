// accept: after bpf_xdp_adjust_head the program loads data and data_end again and checks them before writing the new header
#include "verifier.h"

SEC("xdp")
int adjust_head_reload(struct xdp_md *ctx)
{
    if (bpf_xdp_adjust_head(ctx, -4))
        return XDP_DROP;
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    if (data + 4 + sizeof(struct ethhdr) > end)
        return XDP_DROP;
    __builtin_memmove(data, data + 4, 12);
    *(__u32 *)(data + 12) = bpf_htonl(0x81000064);
    return XDP_TX;
}
