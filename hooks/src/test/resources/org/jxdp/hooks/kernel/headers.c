/* 802.1Q and 802.1ad (QinQ) tags and IPv6 extension headers: what a parser finds, counted per shape. */
#include "common.h"

struct shape {
    __u16 outer_vid;
    __u16 inner_vid;
    __u16 l3;          /* ethertype after the tags, host order */
    __u8 tags;
    __u8 l4;           /* IP protocol after extension headers, 0 if none reached */
    __u8 exts;         /* IPv6 extension headers skipped */
    __u8 later_fragment;
    __u16 sport;
    __u16 dport;
    __u16 pad;
};

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __type(key, struct shape);
    __type(value, __u64);
    __uint(max_entries, 64);
} shapes SEC(".maps");

struct ext_hdr {
    __u8 next;
    __u8 len;   /* in 8-byte units, not counting the first 8 */
};

struct frag_hdr {
    __u8 next;
    __u8 reserved;
    __be16 frag_off;
    __be32 id;
};

SEC("xdp")
int parse_headers(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    struct shape s = {};
    struct ethhdr *eth = data;
    if ((void *)(eth + 1) > end)
        return XDP_ABORTED;
    __u16 proto = eth->h_proto;
    void *cur = eth + 1;
    for (int i = 0; i < 3; i++) {
        if (proto != bpf_htons(ETH_P_8021Q) && proto != bpf_htons(ETH_P_8021AD))
            break;
        struct vlan_hdr *v = cur;
        if ((void *)(v + 1) > end)
            return XDP_DROP;
        if (i == 0)
            s.outer_vid = bpf_ntohs(v->tci) & 0x0fff;
        else
            s.inner_vid = bpf_ntohs(v->tci) & 0x0fff;
        s.tags++;
        proto = v->proto;
        cur = v + 1;
    }
    s.l3 = bpf_ntohs(proto);
    __u8 next = 0;
    if (proto == bpf_htons(ETH_P_IP)) {
        struct iphdr *ip = cur;
        if ((void *)(ip + 1) > end)
            return XDP_DROP;
        next = ip->protocol;
        cur = (void *)ip + (ip->ihl & 0xf) * 4;
    } else if (proto == bpf_htons(ETH_P_IPV6)) {
        struct ipv6hdr *ip6 = cur;
        if ((void *)(ip6 + 1) > end)
            return XDP_DROP;
        next = ip6->nexthdr;
        cur = ip6 + 1;
        for (int i = 0; i < 4; i++) {
            if (next == IPPROTO_HOPOPTS || next == IPPROTO_ROUTING || next == IPPROTO_DSTOPTS) {
                struct ext_hdr *h = cur;
                if ((void *)(h + 1) > end)
                    return XDP_DROP;
                next = h->next;
                cur += (h->len + 1) * 8;
                s.exts++;
            } else if (next == IPPROTO_FRAGMENT) {
                struct frag_hdr *f = cur;
                if ((void *)(f + 1) > end)
                    return XDP_DROP;
                next = f->next;
                if (f->frag_off & bpf_htons(0xfff8))
                    s.later_fragment = 1;
                cur = f + 1;
                s.exts++;
            } else {
                break;
            }
        }
    }
    s.l4 = next;
    if (!s.later_fragment && (next == IPPROTO_TCP || next == IPPROTO_UDP)) {
        __be16 *ports = cur;
        if ((void *)(ports + 2) > end)
            return XDP_DROP;
        s.sport = bpf_ntohs(ports[0]);
        s.dport = bpf_ntohs(ports[1]);
    }
    __u64 one = 1;
    __u64 *n = bpf_map_lookup_elem(&shapes, &s);
    if (n)
        __sync_fetch_and_add(n, 1);
    else
        bpf_map_update_elem(&shapes, &s, &one, BPF_NOEXIST);
    /* The shape folded into the return value, so that each frame is compared on its own. */
    return s.tags << 24 | s.exts << 20 | s.later_fragment << 19 | s.l4 << 8 | (s.dport & 0xff);
}

char _license[] SEC("license") = "GPL";
