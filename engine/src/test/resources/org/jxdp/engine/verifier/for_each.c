// accept: bpf_for_each_map_elem visits the counters; the callback reads the value and stops early
#include "verifier.h"

struct walk {
    __u64 total;
};

static __u64 visit(void *map, __u32 *key, __u64 *value, struct walk *w)
{
    w->total += *value;
    return w->total > 1000 ? 1 : 0;
}

SEC("xdp")
int for_each(struct xdp_md *ctx)
{
    struct walk w = {0};
    bpf_for_each_map_elem(&counters, visit, &w, 0);
    return w.total > 1000 ? XDP_DROP : XDP_PASS;
}
