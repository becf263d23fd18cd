/* bpf_redirect_map on devmaps, devmap hashes, cpumaps and XSK maps: entries present and
 * missing, the fallback action in the flags' low bits, broadcast, bad flags; devmap lookups. */
#include "common.h"

struct {
    __uint(type, BPF_MAP_TYPE_DEVMAP);
    __type(key, __u32);
    __type(value, __u32);
    __uint(max_entries, 8);
} devs SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_DEVMAP);
    __type(key, __u32);
    __type(value, struct bpf_devmap_val);
    __uint(max_entries, 4);
} devs_with_progs SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_DEVMAP_HASH);
    __type(key, __u32);
    __type(value, __u32);
    __uint(max_entries, 8);
} dev_hash SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_CPUMAP);
    __type(key, __u32);
    __type(value, __u32);
    __uint(max_entries, 4);
} cpus SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_XSKMAP);
    __type(key, __u32);
    __type(value, __u32);
    __uint(max_entries, 4);
} xsks SEC(".maps");

/* Every program's results, all 64 bits of them (the return value is cut to 32). */
struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __type(key, __u32);
    __type(value, __u64);
    __uint(max_entries, 4);
} res SEC(".maps");

static __always_inline __u64 keep(__u32 slot, __u64 acc)
{
    __u64 *r = bpf_map_lookup_elem(&res, &slot);
    if (r)
        *r = *r * 31 + acc;
    return acc;
}

#define F_BROADCAST (1ULL << 3)
#define F_EXCLUDE_INGRESS (1ULL << 4)

/* Each result in 3 bits of the return value, the first in the lowest. */
#define PACK(acc, i, r) ((acc) | (((__u64)(r) & 7) << (3 * (i))))

static __always_inline __u32 frame_key(struct xdp_md *ctx)
{
    return (ctx->data_end - ctx->data) % 8;
}

SEC("xdp")
int devmap_redirect(struct xdp_md *ctx)
{
    __u64 acc = 0;
    acc = PACK(acc, 0, bpf_redirect_map(&devs, 1, 0));                   /* present: REDIRECT */
    acc = PACK(acc, 1, bpf_redirect_map(&devs, 2, XDP_PASS));            /* missing: PASS */
    acc = PACK(acc, 2, bpf_redirect_map(&devs, 2, XDP_DROP));
    acc = PACK(acc, 3, bpf_redirect_map(&devs, 100, XDP_TX));            /* outside the array */
    acc = PACK(acc, 4, bpf_redirect_map(&devs, 2, F_BROADCAST));         /* broadcast: REDIRECT */
    acc = PACK(acc, 5, bpf_redirect_map(&devs, 0, F_BROADCAST | F_EXCLUDE_INGRESS | XDP_PASS));
    acc = PACK(acc, 6, bpf_redirect_map(&devs, 1, 4));                   /* unknown flag: ABORTED */
    acc = PACK(acc, 7, bpf_redirect_map(&devs, 1, 1ULL << 40));
    acc = PACK(acc, 8, bpf_redirect_map(&devs, (1ULL << 32) | 1, XDP_PASS));   /* key is a u32 */
    acc = PACK(acc, 9, bpf_redirect_map(&devs, frame_key(ctx), XDP_DROP));
    acc = PACK(acc, 10, bpf_redirect_map(&devs_with_progs, 3, XDP_PASS));
    acc = PACK(acc, 11, bpf_redirect_map(&devs_with_progs, 2, XDP_PASS));
    __u32 k = 1;
    __u32 *ifindex = bpf_map_lookup_elem(&devs, &k);
    acc = PACK(acc, 12, ifindex ? *ifindex : 7);
    k = 2;
    acc = PACK(acc, 13, bpf_map_lookup_elem(&devs, &k) != 0);
    k = 3;
    struct bpf_devmap_val *dv = bpf_map_lookup_elem(&devs_with_progs, &k);
    acc = PACK(acc, 14, dv ? dv->ifindex + dv->bpf_prog.id : 7);
    return keep(0, acc);
}

SEC("xdp")
int devhash_redirect(struct xdp_md *ctx)
{
    __u64 acc = 0;
    acc = PACK(acc, 0, bpf_redirect_map(&dev_hash, 7, 0));
    acc = PACK(acc, 1, bpf_redirect_map(&dev_hash, 1000, XDP_DROP));
    acc = PACK(acc, 2, bpf_redirect_map(&dev_hash, 8, XDP_TX));
    acc = PACK(acc, 3, bpf_redirect_map(&dev_hash, 8, F_BROADCAST | F_EXCLUDE_INGRESS));
    acc = PACK(acc, 4, bpf_redirect_map(&dev_hash, 7, 1ULL << 5));
    acc = PACK(acc, 5, bpf_redirect_map(&dev_hash, frame_key(ctx), XDP_PASS));
    __u32 k = 1000;
    __u32 *ifindex = bpf_map_lookup_elem(&dev_hash, &k);
    acc = PACK(acc, 6, ifindex ? *ifindex : 7);
    k = 5;
    acc = PACK(acc, 7, bpf_map_lookup_elem(&dev_hash, &k) != 0);
    return keep(1, acc);
}

SEC("xdp")
int cpumap_redirect(struct xdp_md *ctx)
{
    __u64 acc = 0;
    acc = PACK(acc, 0, bpf_redirect_map(&cpus, 0, 0));
    acc = PACK(acc, 1, bpf_redirect_map(&cpus, 1, XDP_PASS));
    acc = PACK(acc, 2, bpf_redirect_map(&cpus, 3, XDP_DROP));            /* no CPU 3 entry */
    acc = PACK(acc, 3, bpf_redirect_map(&cpus, 9, XDP_TX));              /* outside the map */
    acc = PACK(acc, 4, bpf_redirect_map(&cpus, 0, F_BROADCAST));         /* not for cpumaps */
    acc = PACK(acc, 5, bpf_redirect_map(&cpus, frame_key(ctx) & 3, XDP_PASS));
    return keep(2, acc);
}

SEC("xdp")
int xskmap_redirect(struct xdp_md *ctx)
{
    /* No AF_XDP socket can be put in the map from a test: every key falls back. */
    __u64 acc = 0;
    acc = PACK(acc, 0, bpf_redirect_map(&xsks, 0, XDP_PASS));
    acc = PACK(acc, 1, bpf_redirect_map(&xsks, 1, XDP_DROP));
    acc = PACK(acc, 2, bpf_redirect_map(&xsks, 2, 0));
    acc = PACK(acc, 3, bpf_redirect_map(&xsks, 99, XDP_TX));
    acc = PACK(acc, 4, bpf_redirect_map(&xsks, 0, F_BROADCAST | XDP_PASS));
    __u32 k = 0;
    acc = PACK(acc, 5, bpf_map_lookup_elem(&xsks, &k) != 0);
    return keep(3, acc);
}

char _license[] SEC("license") = "GPL";
