// accept: Ethernet, IPv4 with options, TCP or UDP, every header checked against data_end; per-flow counters
#include "verifier.h"

SEC("xdp")
int parse_flow(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    struct ethhdr *eth = data;
    if ((void *)(eth + 1) > end)
        return XDP_DROP;
    if (eth->h_proto != bpf_htons(ETH_P_IP))
        return XDP_PASS;
    struct iphdr *ip = (void *)(eth + 1);
    if ((void *)(ip + 1) > end)
        return XDP_DROP;
    __u32 hlen = ip->ihl * 4;
    if (hlen < sizeof(*ip))
        return XDP_DROP;
    struct flow key = {};
    key.saddr = ip->saddr;
    key.daddr = ip->daddr;
    key.proto = ip->protocol;
    void *l4 = (void *)ip + hlen;
    if (ip->protocol == IPPROTO_TCP) {
        struct tcphdr *tcp = l4;
        if ((void *)(tcp + 1) > end)
            return XDP_DROP;
        key.sport = tcp->source;
        key.dport = tcp->dest;
    } else if (ip->protocol == IPPROTO_UDP) {
        struct udphdr *udp = l4;
        if ((void *)(udp + 1) > end)
            return XDP_DROP;
        key.sport = udp->source;
        key.dport = udp->dest;
    }
    struct flow_stats *st = bpf_map_lookup_elem(&flows, &key);
    if (st) {
        __sync_fetch_and_add(&st->packets, 1);
        __sync_fetch_and_add(&st->bytes, end - data);
    } else {
        struct flow_stats init = {1, end - data};
        bpf_map_update_elem(&flows, &key, &init, BPF_NOEXIST);
    }
    return XDP_PASS;
}
