/* The raw SYN cookie helpers: the MSS they encode and their error codes. */
#include "common.h"

static __always_inline int syncookie_v6(struct ipv6hdr *ip6, void *end)
{
    if ((void *)(ip6 + 1) > end || ip6->nexthdr != IPPROTO_TCP)
        return XDP_PASS;
    struct tcphdr *th = (void *)(ip6 + 1);
    if ((void *)th + 60 > end)
        return XDP_PASS;
    __u32 thlen = th->doff * 4;
    if (thlen < sizeof(*th))
        return XDP_DROP;
    thlen &= 63;
    if (th->syn && !th->ack) {
        __s64 r = bpf_tcp_raw_gen_syncookie_ipv6(ip6, th, thlen);
        if (r < 0)
            return (__u32)r;
        return (__u32)(r >> 32) | 0x10000;
    }
    return (__u32)bpf_tcp_raw_check_syncookie_ipv6(ip6, th);
}

SEC("xdp")
int syncookie_mss(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    __u16 proto;
    void *l3 = parse_l2(data, end, &proto);
    if (l3 && proto == bpf_htons(ETH_P_IPV6))
        return syncookie_v6(l3, end);
    if (!l3 || proto != bpf_htons(ETH_P_IP))
        return XDP_PASS;
    struct iphdr *ip = l3;
    if ((void *)(ip + 1) > end || ip->ihl != 5 || ip->protocol != IPPROTO_TCP)
        return XDP_PASS;
    struct tcphdr *th = (void *)(ip + 1);
    if ((void *)th + 60 > end)
        return XDP_PASS;
    __u32 thlen = th->doff * 4;
    if (thlen < sizeof(*th))
        return XDP_DROP;
    thlen &= 63;
    if (th->syn && !th->ack) {
        __s64 r = bpf_tcp_raw_gen_syncookie_ipv4(ip, th, thlen);
        if (r < 0)
            return (__u32)r;
        return (__u32)(r >> 32);
    }
    /* a random ACK is not a valid cookie */
    return (__u32)bpf_tcp_raw_check_syncookie_ipv4(ip, th);
}

char _license[] SEC("license") = "GPL";
