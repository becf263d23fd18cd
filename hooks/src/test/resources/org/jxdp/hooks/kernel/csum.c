/* bpf_csum_diff and an IPv4 header checksum recomputed after a TTL change. */
#include "common.h"

static __always_inline __u16 fold(__u64 csum)
{
    csum = (csum & 0xffffffff) + (csum >> 32);
    csum = (csum & 0xffffffff) + (csum >> 32);
    csum = (csum & 0xffff) + (csum >> 16);
    csum = (csum & 0xffff) + (csum >> 16);
    return (__u16)~csum;
}

SEC("xdp")
int decrement_ttl(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    __u16 proto;
    void *l3 = parse_l2(data, end, &proto);
    if (!l3 || proto != bpf_htons(ETH_P_IP))
        return XDP_PASS;
    struct iphdr *ip = l3;
    if ((void *)(ip + 1) > end)
        return XDP_DROP;
    if (ip->ttl <= 1)
        return XDP_DROP;
    ip->ttl--;
    ip->check = 0;
    __s64 c = bpf_csum_diff(0, 0, (__be32 *)ip, sizeof(*ip), 0);
    if (c < 0)
        return XDP_ABORTED;
    ip->check = fold(c);
    return XDP_TX;
}

SEC("xdp")
int csum_value(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    if (data + 16 > end)
        return XDP_PASS;
    __s64 c = bpf_csum_diff((__be32 *)data, 8, (__be32 *)(data + 8), 8, 0x1234);
    long bad = bpf_csum_diff((__be32 *)data, 3, 0, 0, 0);
    return (__u32)fold(c) ^ (bad < 0 ? 0x10000 : 0);
}

char _license[] SEC("license") = "GPL";
