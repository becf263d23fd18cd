// refuse "missing null check": the lookup result is dereferenced without comparing it with NULL
#include "verifier.h"

SEC("xdp")
int missing_null_check(struct xdp_md *ctx)
{
    __u32 key = ctx->rx_queue_index & 15;
    __u64 *count = bpf_map_lookup_elem(&counters, &key);
    *count += 1;
    return XDP_PASS;
}
