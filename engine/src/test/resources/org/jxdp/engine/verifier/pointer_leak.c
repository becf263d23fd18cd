// refuse "pointer leak: a pointer stored into a map value": the address of the packet is stored into a map value (the kernel lets privileged loaders do this)
#include "verifier.h"

SEC("xdp")
int pointer_leak(struct xdp_md *ctx)
{
    __u32 key = 0;
    __u64 *slot = bpf_map_lookup_elem(&counters, &key);
    if (!slot)
        return XDP_PASS;
    *slot = (__u64)(long)ctx->data;
    return XDP_PASS;
}
