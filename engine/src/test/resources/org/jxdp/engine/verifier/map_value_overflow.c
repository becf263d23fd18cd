// refuse "map value access out of bounds": the index may reach past the 8-byte value
#include "verifier.h"

SEC("xdp")
int map_value_overflow(struct xdp_md *ctx)
{
    __u32 key = 0;
    __u8 *v = bpf_map_lookup_elem(&counters, &key);
    if (!v)
        return XDP_PASS;
    __u32 i = ctx->rx_queue_index & 15;
    v[i] = 1;
    return XDP_PASS;
}
