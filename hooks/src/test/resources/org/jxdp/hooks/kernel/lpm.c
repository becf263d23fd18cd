/* LPM tries with IPv4 and IPv6 keys: prefixes the test puts in, lookups of packet addresses,
 * and prefixes the program learns and forgets itself. */
#include "common.h"

struct v4_key {
    __u32 prefixlen;
    __u8 addr[4];
};

struct v6_key {
    __u32 prefixlen;
    __u8 addr[16];
};

struct {
    __uint(type, BPF_MAP_TYPE_LPM_TRIE);
    __type(key, struct v4_key);
    __type(value, __u32);
    __uint(max_entries, 16);
    __uint(map_flags, BPF_F_NO_PREALLOC);
} v4_rules SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_LPM_TRIE);
    __type(key, struct v6_key);
    __type(value, __u32);
    __uint(max_entries, 8);
    __uint(map_flags, BPF_F_NO_PREALLOC);
} v6_rules SEC(".maps");

/* Prefixes the program adds: the /24 of every IPv4 source, at most 4 of them. */
struct {
    __uint(type, BPF_MAP_TYPE_LPM_TRIE);
    __type(key, struct v4_key);
    __type(value, __u64);
    __uint(max_entries, 4);
    __uint(map_flags, BPF_F_NO_PREALLOC);
} learned SEC(".maps");

/* Hits by rule value, and the return codes of the learning program. */
struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __type(key, __u32);
    __type(value, __u64);
    __uint(max_entries, 32);
} res SEC(".maps");

static __always_inline void bump(__u32 slot)
{
    __u64 *c = bpf_map_lookup_elem(&res, &slot);
    if (c)
        *c += 1;
}

static __always_inline void record(__u32 slot, long v)
{
    __u64 *c = bpf_map_lookup_elem(&res, &slot);
    if (c)
        *c = (*c << 8) | (v & 0xff);
}

/* Returns the value of the longest prefix matching the source, then the destination. */
SEC("xdp")
int lpm_match(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    __u16 proto;
    void *l3 = parse_l2(data, end, &proto);
    if (!l3)
        return XDP_ABORTED;
    __u32 *v = 0;
    __u32 *w = 0;
    if (proto == bpf_htons(ETH_P_IP)) {
        struct iphdr *ip = l3;
        if ((void *)(ip + 1) > end)
            return XDP_ABORTED;
        struct v4_key k = {32};
        __builtin_memcpy(k.addr, &ip->saddr, 4);
        v = bpf_map_lookup_elem(&v4_rules, &k);
        __builtin_memcpy(k.addr, &ip->daddr, 4);
        w = bpf_map_lookup_elem(&v4_rules, &k);
    } else if (proto == bpf_htons(ETH_P_IPV6)) {
        struct ipv6hdr *ip6 = l3;
        if ((void *)(ip6 + 1) > end)
            return XDP_ABORTED;
        struct v6_key k = {128};
        __builtin_memcpy(k.addr, &ip6->saddr, 16);
        v = bpf_map_lookup_elem(&v6_rules, &k);
        __builtin_memcpy(k.addr, &ip6->daddr, 16);
        w = bpf_map_lookup_elem(&v6_rules, &k);
    } else {
        return XDP_PASS;
    }
    __u32 sv = v ? *v : 0;
    __u32 dv = w ? *w : 0;
    bump(sv & 15);
    bump(16 + (dv & 15));
    return sv << 16 | dv;
}

/* Learns the source's /24, looks it up with short and over-long prefix lengths, and forgets a /25. */
SEC("xdp")
int lpm_learn(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    __u16 proto;
    void *l3 = parse_l2(data, end, &proto);
    if (!l3 || proto != bpf_htons(ETH_P_IP))
        return XDP_PASS;
    struct iphdr *ip = l3;
    if ((void *)(ip + 1) > end)
        return XDP_ABORTED;
    struct v4_key k = {24};
    __builtin_memcpy(k.addr, &ip->saddr, 4);
    k.addr[3] = 0;
    __u64 len = end - data;
    long added = bpf_map_update_elem(&learned, &k, &len, BPF_NOEXIST);
    record(0, added);
    k.prefixlen = 16;                 /* the /16 too: more prefixes than the trie holds */
    record(7, bpf_map_update_elem(&learned, &k, &len, BPF_NOEXIST));
    __u64 *hit = 0;
    k.prefixlen = 32;
    __builtin_memcpy(k.addr, &ip->saddr, 4);
    hit = bpf_map_lookup_elem(&learned, &k);
    if (hit)
        *hit += 1;
    k.prefixlen = 16;                 /* shorter than the stored /24: no match */
    record(1, bpf_map_lookup_elem(&learned, &k) != 0);
    k.prefixlen = 33;                 /* longer than the trie's keys */
    record(2, bpf_map_lookup_elem(&learned, &k) != 0);
    record(3, bpf_map_update_elem(&learned, &k, &len, BPF_ANY));
    k.prefixlen = 25;                 /* never added */
    record(4, bpf_map_delete_elem(&learned, &k));
    k.prefixlen = 24;
    k.addr[3] = 0;
    record(5, bpf_map_update_elem(&learned, &k, &len, BPF_EXIST));
    /* Forget 192.0.2.0/24 after it was seen, so that it is learned again */
    if (k.addr[0] == 192 && k.addr[1] == 0 && k.addr[2] == 2 && hit && *hit > 3)
        record(6, bpf_map_delete_elem(&learned, &k));
    return hit ? XDP_PASS : XDP_DROP;
}

char _license[] SEC("license") = "GPL";
