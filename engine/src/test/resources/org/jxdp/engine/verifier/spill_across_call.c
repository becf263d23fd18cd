// accept: packet pointers spilled to the stack survive a helper that does not move the packet
#include "verifier.h"

SEC("xdp")
int spill_across_call(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    if (data + 16 > end)
        return XDP_DROP;
    __u32 key = bpf_get_prandom_u32() & 15;
    __u64 *v = bpf_map_lookup_elem(&counters, &key);
    if (v)
        *v += *(__u8 *)(data + 15);
    return XDP_PASS;
}
