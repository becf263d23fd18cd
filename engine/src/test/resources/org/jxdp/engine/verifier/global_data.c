// accept: global variables in .bss and .data are map values; .rodata is read-only and read only
#include "verifier.h"

volatile __u64 seen = 0;
volatile __u32 limit = 100;
const volatile __u32 drop_port = 9;

SEC("xdp")
int global_data(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    __sync_fetch_and_add(&seen, 1);
    if (seen > limit)
        return XDP_DROP;
    struct ethhdr *eth = data;
    struct iphdr *ip = (void *)(eth + 1);
    struct udphdr *udp = (void *)(ip + 1);
    if ((void *)(udp + 1) > end)
        return XDP_PASS;
    if (udp->dest == bpf_htons(drop_port))
        return XDP_DROP;
    return XDP_PASS;
}
