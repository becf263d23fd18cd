/* bpf_fib_lookup against a known forwarding table: the kernel side runs in a network namespace
 * the test builds (veth devices, addresses, routes, neighbours), jxdp against the same table in
 * its own text form. Every lookup's parameters as the helper left them are kept in a map. */
#include "common.h"

#define AF_INET 2
#define AF_INET6 10

struct result {
    struct bpf_fib_lookup params;
    __s64 ret;
};

#define CASES 20

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __type(key, __u32);
    __type(value, struct result);
    __uint(max_entries, CASES);
} out SEC(".maps");

static __always_inline __u32 v4(__u8 a, __u8 b, __u8 c, __u8 d)
{
    return bpf_htonl((__u32)a << 24 | (__u32)b << 16 | (__u32)c << 8 | d);
}

static __always_inline long lookup4(struct xdp_md *ctx, __u32 slot, __u32 ifindex, __u32 dst, __u16 tot_len,
                                    __u32 flags)
{
    struct result *r = bpf_map_lookup_elem(&out, &slot);
    if (!r)
        return -1;
    __builtin_memset(&r->params, 0, sizeof(r->params));
    r->params.family = AF_INET;
    r->params.l4_protocol = IPPROTO_UDP;
    r->params.sport = bpf_htons(1000);
    r->params.dport = bpf_htons(53);
    r->params.tot_len = tot_len;
    r->params.ifindex = ifindex;
    r->params.ipv4_src = v4(10, 10, 0, 99);
    r->params.ipv4_dst = dst;
    r->ret = bpf_fib_lookup(ctx, &r->params, sizeof(r->params), flags);
    return r->ret;
}

static __always_inline long lookup6(struct xdp_md *ctx, __u32 slot, __u32 ifindex, __u32 hi, __u32 mid, __u32 lo,
                                    __u32 flags)
{
    struct result *r = bpf_map_lookup_elem(&out, &slot);
    if (!r)
        return -1;
    __builtin_memset(&r->params, 0, sizeof(r->params));
    r->params.family = AF_INET6;
    r->params.l4_protocol = IPPROTO_TCP;
    r->params.tot_len = 200;
    r->params.ifindex = ifindex;
    r->params.ipv6_src[0] = bpf_htonl(0x20010db8);
    r->params.ipv6_src[1] = bpf_htonl(0x000a0000);
    r->params.ipv6_src[3] = bpf_htonl(0x99);
    r->params.ipv6_dst[0] = bpf_htonl(hi);
    r->params.ipv6_dst[1] = bpf_htonl(mid);
    r->params.ipv6_dst[3] = bpf_htonl(lo);
    r->ret = bpf_fib_lookup(ctx, &r->params, sizeof(r->params), flags);
    return r->ret;
}

SEC("xdp")
int fib(struct xdp_md *ctx)
{
    __u16 len = ctx->data_end - ctx->data;
    __u64 acc = 0;
    /* through a gateway on d1 (MTU 1400), small enough, then too big */
    acc = acc * 31 + lookup4(ctx, 0, 10, v4(198, 51, 100, 7), len, 0);
    acc = acc * 31 + lookup4(ctx, 1, 10, v4(198, 51, 100, 7), 1400 + (len & 1), 0);
    /* a route without a gateway; a neighbour that exists and one that does not */
    acc = acc * 31 + lookup4(ctx, 2, 10, v4(203, 0, 113, 7), len, 0);
    acc = acc * 31 + lookup4(ctx, 3, 10, v4(203, 0, 113, 8), len, 0);
    /* blackhole, unreachable, prohibit */
    acc = acc * 31 + lookup4(ctx, 4, 10, v4(192, 0, 2, 200), len, 0);
    acc = acc * 31 + lookup4(ctx, 5, 10, v4(192, 0, 2, 70), len, 0);
    acc = acc * 31 + lookup4(ctx, 6, 10, v4(192, 0, 2, 40), len, 0);
    /* a local address, no route at all */
    acc = acc * 31 + lookup4(ctx, 7, 10, v4(10, 10, 0, 1), len, 0);
    acc = acc * 31 + lookup4(ctx, 8, 10, v4(8, 8, 8, 8), len, 0);
    /* from a device that does not forward, with and without BPF_FIB_LOOKUP_OUTPUT; no device */
    acc = acc * 31 + lookup4(ctx, 9, 12, v4(198, 51, 100, 7), len, 0);
    acc = acc * 31 + lookup4(ctx, 10, 12, v4(198, 51, 100, 7), len, BPF_FIB_LOOKUP_OUTPUT);
    acc = acc * 31 + lookup4(ctx, 11, 99, v4(198, 51, 100, 7), len, 0);
    /* skip the neighbour; ask for the source address; a direct table lookup; a bad flag */
    acc = acc * 31 + lookup4(ctx, 12, 10, v4(203, 0, 113, 8), len, BPF_FIB_LOOKUP_SKIP_NEIGH);
    acc = acc * 31 + lookup4(ctx, 13, 10, v4(198, 51, 100, 7), len, BPF_FIB_LOOKUP_SRC);
    acc = acc * 31 + lookup4(ctx, 14, 10, v4(198, 51, 100, 7), len, BPF_FIB_LOOKUP_DIRECT);
    acc = acc * 31 + lookup4(ctx, 15, 10, v4(198, 51, 100, 7), len, 1 << 7);
    /* IPv6: through a gateway, to a local address, no route */
    acc = acc * 31 + lookup6(ctx, 16, 10, 0x20010db8, 0x01000000, 5, 0);
    acc = acc * 31 + lookup6(ctx, 17, 10, 0x20010db8, 0x000a0000, 1, 0);
    acc = acc * 31 + lookup6(ctx, 18, 10, 0x20010db9, 0, 1, 0);
    /* an unknown family */
    __u32 slot = 19;
    struct result *r = bpf_map_lookup_elem(&out, &slot);
    if (r) {
        __builtin_memset(&r->params, 0, sizeof(r->params));
        r->params.family = 7;
        r->params.ifindex = 10;
        r->ret = bpf_fib_lookup(ctx, &r->params, sizeof(r->params), 0);
        acc = acc * 31 + r->ret;
    }
    return acc;
}

char _license[] SEC("license") = "GPL";
