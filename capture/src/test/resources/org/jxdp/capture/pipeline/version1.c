/*
 * Program replacement tests, version 1: counts every frame in "seen" (a per-CPU array the
 * versions share) and returns XDP_PASS.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, __u64);
} seen SEC(".maps");

SEC("xdp")
int versioned(struct xdp_md *ctx)
{
    __u32 k = 0;
    __u64 *n = bpf_map_lookup_elem(&seen, &k);
    if (n)
        *n += 1;
    return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
