// refuse "packet access out of bounds": the check covers 14 bytes, the load reads bytes 14 and 15
#include "verifier.h"

SEC("xdp")
int oob_read(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    if (data + 14 > end)
        return XDP_DROP;
    __u16 next = *(volatile __u16 *)(data + 14);
    return next == 0x0008 ? XDP_PASS : XDP_DROP;
}
