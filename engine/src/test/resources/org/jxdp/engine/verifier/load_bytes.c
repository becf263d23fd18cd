// accept: bpf_xdp_load_bytes copies the Ethernet header to the stack, which then reads as written
#include "verifier.h"

SEC("xdp")
int load_bytes(struct xdp_md *ctx)
{
    struct ethhdr eth;
    if (bpf_xdp_load_bytes(ctx, 0, &eth, sizeof(eth)))
        return XDP_DROP;
    return eth.h_proto == bpf_htons(ETH_P_ARP) ? XDP_DROP : XDP_PASS;
}
