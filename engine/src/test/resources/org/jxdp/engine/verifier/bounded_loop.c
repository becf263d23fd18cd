// accept: a loop over the first 32 bytes of the packet, each byte checked, bounded by a constant
#include "verifier.h"

SEC("xdp")
int bounded_loop(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    __u32 sum = 0;
    for (int i = 0; i < 32; i++) {
        __u8 *p = data + i;
        if ((void *)(p + 1) > end)
            break;
        sum += *p;
    }
    __u32 key = sum & 15;
    __u64 *c = bpf_map_lookup_elem(&counters, &key);
    if (c)
        __sync_fetch_and_add(c, 1);
    return XDP_PASS;
}
