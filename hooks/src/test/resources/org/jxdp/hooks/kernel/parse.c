/* Ethernet, VLAN, IPv4 with options, IPv6, TCP, UDP, ICMP: verdicts and counters. */
#include "common.h"

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __type(key, __u32);
    __type(value, __u64);
    __uint(max_entries, 8);
} proto_count SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __type(key, __u32);
    __type(value, __u64);
    __uint(max_entries, 64);
} bytes_by_source SEC(".maps");

static __always_inline void count(__u32 slot)
{
    __u64 *c = bpf_map_lookup_elem(&proto_count, &slot);
    if (c)
        __sync_fetch_and_add(c, 1);
}

SEC("xdp")
int parse_and_count(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    __u16 proto;
    void *l3 = parse_l2(data, end, &proto);
    if (!l3) {
        count(0);
        return XDP_DROP;
    }
    if (proto == bpf_htons(ETH_P_IP)) {
        struct iphdr *ip = l3;
        if ((void *)(ip + 1) > end)
            return XDP_DROP;
        if (ip->ihl < 5)
            return XDP_ABORTED;
        __u32 src = ip->saddr;
        __u64 len = (__u64)(end - data);
        __u64 *b = bpf_map_lookup_elem(&bytes_by_source, &src);
        if (b)
            *b += len;
        else
            bpf_map_update_elem(&bytes_by_source, &src, &len, BPF_NOEXIST);
        if (ip->frag_off & bpf_htons(0x1fff)) {
            count(7);
            return XDP_PASS;
        }
        void *l4 = (void *)ip + ip->ihl * 4;
        if (ip->protocol == IPPROTO_TCP) {
            struct tcphdr *tcp = l4;
            if ((void *)(tcp + 1) > end)
                return XDP_DROP;
            count(1);
            if (tcp->dest == bpf_htons(23))
                return XDP_DROP;
            if (tcp->syn && tcp->fin)
                return XDP_DROP;
            return XDP_PASS;
        }
        if (ip->protocol == IPPROTO_UDP) {
            struct udphdr *udp = l4;
            if ((void *)(udp + 1) > end)
                return XDP_DROP;
            count(2);
            if (udp->source == bpf_htons(19) || udp->source == bpf_htons(1900))
                return XDP_DROP;
            return XDP_PASS;
        }
        if (ip->protocol == IPPROTO_ICMP) {
            count(3);
            return XDP_TX;
        }
        count(4);
        return XDP_PASS;
    }
    if (proto == bpf_htons(ETH_P_IPV6)) {
        struct ipv6hdr *ip6 = l3;
        if ((void *)(ip6 + 1) > end)
            return XDP_DROP;
        count(5);
        if (ip6->nexthdr == IPPROTO_UDP) {
            struct udphdr *udp = (void *)(ip6 + 1);
            if ((void *)(udp + 1) > end)
                return XDP_DROP;
            return udp->dest == bpf_htons(53) ? XDP_PASS : XDP_DROP;
        }
        return XDP_PASS;
    }
    count(6);
    return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
