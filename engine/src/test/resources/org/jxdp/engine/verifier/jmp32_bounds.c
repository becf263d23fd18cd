// accept: 32-bit comparisons bound an index into a map value; a copy of the index carries the bound
#include "verifier.h"

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __type(key, __u32);
    __type(value, __u8[64]);
    __uint(max_entries, 1);
} table SEC(".maps");

SEC("xdp")
int jmp32_bounds(struct xdp_md *ctx)
{
    __u32 key = 0;
    __u8 *v = bpf_map_lookup_elem(&table, &key);
    if (!v)
        return XDP_PASS;
    __u32 i = ctx->rx_queue_index;
    if (i >= 64)
        return XDP_PASS;
    __u32 j = i;
    v[j] += 1;
    return v[i] > 100 ? XDP_DROP : XDP_PASS;
}
