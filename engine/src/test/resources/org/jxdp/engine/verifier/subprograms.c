// accept: bpf-to-bpf calls: a function that parses through the packet pointers it is given, one that fills the caller's stack
#include "verifier.h"

static __attribute__((noinline)) int l3_proto(void *data, void *end)
{
    struct ethhdr *eth = data;
    if ((void *)(eth + 1) > end)
        return -1;
    return bpf_ntohs(eth->h_proto);
}

static __attribute__((noinline)) void fill_key(__u32 *key, __u32 v)
{
    *key = v & 15;
}

SEC("xdp")
int subprograms(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    int proto = l3_proto(data, end);
    if (proto < 0)
        return XDP_DROP;
    __u32 key;
    fill_key(&key, proto);
    __u64 *c = bpf_map_lookup_elem(&counters, &key);
    if (c)
        __sync_fetch_and_add(c, 1);
    return XDP_PASS;
}
