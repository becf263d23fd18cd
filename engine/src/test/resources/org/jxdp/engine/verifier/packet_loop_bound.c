// refuse "packet access out of bounds": the loop checks the first byte of each pair but reads two
#include "verifier.h"

SEC("xdp")
int packet_loop_bound(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    __u32 sum = 0;
    for (int i = 0; i < 16; i += 2) {
        __u8 *p = data + i;
        if ((void *)(p + 1) > end)
            break;
        sum += *(volatile __u16 *)p;
    }
    return sum & 1 ? XDP_PASS : XDP_DROP;
}
