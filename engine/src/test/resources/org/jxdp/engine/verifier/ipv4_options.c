// accept: the transport header sits ip->ihl * 4 bytes after the IP header: a variable packet offset, bounded and checked
#include "verifier.h"

SEC("xdp")
int ipv4_options(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    struct iphdr *ip = data + sizeof(struct ethhdr);
    if ((void *)(ip + 1) > end)
        return XDP_PASS;
    __u8 ihl = ip->ihl;
    if (ihl < 5)
        return XDP_DROP;
    struct tcphdr *tcp = (void *)ip + ihl * 4;
    if ((void *)(tcp + 1) > end)
        return XDP_PASS;
    return tcp->syn && !tcp->ack ? XDP_DROP : XDP_PASS;
}
