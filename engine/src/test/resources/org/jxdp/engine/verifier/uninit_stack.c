// refuse "read of uninitialised stack": half of the key is never written (the kernel lets privileged loaders do this)
#include "verifier.h"

SEC("xdp")
int uninit_stack(struct xdp_md *ctx)
{
    struct flow key;
    key.saddr = ctx->ingress_ifindex;
    key.daddr = ctx->rx_queue_index;
    struct flow_stats *st = bpf_map_lookup_elem(&flows, &key);
    return st ? XDP_DROP : XDP_PASS;
}
