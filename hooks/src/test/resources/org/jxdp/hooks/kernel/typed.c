/* Maps with struct keys and values, for typed access from Java. */
#include "common.h"

struct flow {
    __u32 saddr;
    __u32 daddr;
    __u16 sport;
    __u16 dport;
    __u8 proto;
    __u8 pad[3];
};

struct counters {
    __u64 packets;
    __u64 bytes;
    __u32 flags : 3;
    __u32 kind : 5;
    __s16 delta;
};

enum verdict { V_PASS = 2, V_DROP = 1 };

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __type(key, struct flow);
    __type(value, struct counters);
    __uint(max_entries, 128);
} flows SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __type(key, __u32);
    __type(value, __u64);
    __uint(max_entries, 2);
} totals SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __type(key, __u32);
    __type(value, enum verdict);
    __uint(max_entries, 1);
} policy SEC(".maps");

SEC("xdp")
int count_flows(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    __u16 proto;
    void *l3 = parse_l2(data, end, &proto);
    if (!l3 || proto != bpf_htons(ETH_P_IP))
        return XDP_PASS;
    struct iphdr *ip = l3;
    if ((void *)(ip + 1) > end || ip->ihl != 5)
        return XDP_PASS;
    struct udphdr *l4 = (void *)(ip + 1);
    if ((void *)(l4 + 1) > end)
        return XDP_PASS;
    struct flow f = {};
    f.saddr = ip->saddr;
    f.daddr = ip->daddr;
    f.sport = bpf_ntohs(l4->source);
    f.dport = bpf_ntohs(l4->dest);
    f.proto = ip->protocol;
    struct counters *c = bpf_map_lookup_elem(&flows, &f);
    if (c) {
        c->packets++;
        c->bytes += end - data;
        c->delta = -1;
    } else {
        /* zeroed first: jxdp's verifier, like the kernel's without CAP_PERFMON, refuses handing a
         * helper uninitialised stack bytes (the padding after delta) */
        struct counters n;
        __builtin_memset(&n, 0, sizeof(n));
        n.packets = 1;
        n.bytes = end - data;
        n.flags = 5;
        n.kind = 17;
        n.delta = 7;
        bpf_map_update_elem(&flows, &f, &n, BPF_ANY);
    }
    __u32 k = 0;
    __u64 *t = bpf_map_lookup_elem(&totals, &k);
    if (t)
        *t += 1;
    enum verdict *v = bpf_map_lookup_elem(&policy, &k);
    return v ? *v : XDP_ABORTED;
}

char _license[] SEC("license") = "GPL";
