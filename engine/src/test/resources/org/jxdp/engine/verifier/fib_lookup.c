// accept: bpf_fib_lookup reads and writes a parameter block on the stack
#include "verifier.h"

SEC("xdp")
int fib_lookup(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    struct iphdr *ip = data + sizeof(struct ethhdr);
    if ((void *)(ip + 1) > end)
        return XDP_PASS;
    struct bpf_fib_lookup params = {};
    params.family = 2;
    params.ipv4_src = ip->saddr;
    params.ipv4_dst = ip->daddr;
    params.ifindex = ctx->ingress_ifindex;
    int rc = bpf_fib_lookup(ctx, &params, sizeof(params), 0);
    if (rc == BPF_FIB_LKUP_RET_SUCCESS)
        return bpf_redirect(params.ifindex, 0);
    return XDP_PASS;
}
