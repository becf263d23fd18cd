// refuse "comparison of pointers to different regions": a map value pointer against the packet (the kernel lets privileged loaders do this)
#include "verifier.h"

SEC("xdp")
int pointer_compare(struct xdp_md *ctx)
{
    __u32 key = 0;
    __u64 *v = bpf_map_lookup_elem(&counters, &key);
    if (!v)
        return XDP_PASS;
    void *data = (void *)(long)ctx->data;
    if ((void *)v > data)
        return XDP_DROP;
    return XDP_PASS;
}
