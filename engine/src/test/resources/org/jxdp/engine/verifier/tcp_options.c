// accept: a bounded loop walking TCP options with a packet pointer that advances by a variable amount each turn
#include "verifier.h"

SEC("xdp")
int tcp_options(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    struct tcphdr *tcp = data + sizeof(struct ethhdr) + sizeof(struct iphdr);
    if ((void *)(tcp + 1) > end)
        return XDP_PASS;
    __u8 *opt = (void *)(tcp + 1);
    __u32 mss = 0;
#pragma clang loop unroll(disable)
    for (int i = 0; i < 10; i++) {
        if ((void *)(opt + 1) > end)
            break;
        __u8 kind = *opt;
        if (kind == 0)
            break;
        if (kind == 1) {
            opt++;
            continue;
        }
        if ((void *)(opt + 2) > end)
            break;
        __u8 len = opt[1];
        if (kind == 2 && len == 4) {
            if ((void *)(opt + 4) > end)
                break;
            mss = (opt[2] << 8) | opt[3];
        }
        if (len < 2)
            break;
        opt += len & 0x3f;
    }
    return mss && mss < 536 ? XDP_DROP : XDP_PASS;
}
