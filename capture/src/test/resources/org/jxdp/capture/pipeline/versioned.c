/*
 * Program replacement tests: counts every frame in "seen" (a per-CPU array the versions share)
 * and returns VERDICT. Versions are built with -DVERDICT=... (default XDP_PASS) and, for one
 * whose map no longer matches the running one's, -DSEEN_ENTRIES=2.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#ifndef VERDICT
#define VERDICT XDP_PASS
#endif
#ifndef SEEN_ENTRIES
#define SEEN_ENTRIES 1
#endif

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, SEEN_ENTRIES);
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
    return VERDICT;
}

char _license[] SEC("license") = "GPL";
