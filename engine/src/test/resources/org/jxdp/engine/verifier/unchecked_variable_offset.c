// refuse "packet access out of bounds": the total length from the IP header moves the pointer past what was checked
#include "verifier.h"

SEC("xdp")
int unchecked_variable_offset(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    struct iphdr *ip = data + sizeof(struct ethhdr);
    if ((void *)(ip + 1) > end)
        return XDP_PASS;
    __u16 len = bpf_ntohs(ip->tot_len) & 0x3ff;
    __u8 *last = (void *)ip + len;
    if ((void *)ip + 1 > end)
        return XDP_PASS;
    return *last ? XDP_PASS : XDP_DROP;
}
