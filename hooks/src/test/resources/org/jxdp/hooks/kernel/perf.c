/* bpf_perf_event_output from XDP with no perf event open (the test run opens none): the error
 * codes for the current CPU, an index, bad flags and more packet bytes than the frame has. */
#include "common.h"

struct {
    __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
    __type(key, __u32);
    __type(value, __u32);
} events SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
    __type(key, __u32);
    __type(value, __u32);
    __uint(max_entries, 2);
} two SEC(".maps");

/* All the results (the return value is cut to 32 bits). */
struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __type(key, __u32);
    __type(value, __u64);
    __uint(max_entries, 1);
} res SEC(".maps");

#define PACK(acc, i, r) ((acc) | (((__u64)(r) & 0xff) << (8 * (i))))

SEC("xdp")
int perf_output(struct xdp_md *ctx)
{
    __u64 len = ctx->data_end - ctx->data;
    __u64 acc = 0;
    acc = PACK(acc, 0, bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, &len, sizeof(len)));
    acc = PACK(acc, 1, bpf_perf_event_output(ctx, &events, 0, &len, sizeof(len)));
    acc = PACK(acc, 2, bpf_perf_event_output(ctx, &two, 5, &len, sizeof(len)));          /* -E2BIG */
    acc = PACK(acc, 3, bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU | (1ULL << 60), &len, sizeof(len)));
    __u64 with_packet = BPF_F_CURRENT_CPU | ((len + 1) << 32);                            /* -EFAULT */
    acc = PACK(acc, 4, bpf_perf_event_output(ctx, &events, with_packet, &len, sizeof(len)));
    with_packet = BPF_F_CURRENT_CPU | (len << 32);                                        /* -ENOENT */
    acc = PACK(acc, 5, bpf_perf_event_output(ctx, &events, with_packet, &len, sizeof(len)));
    acc = PACK(acc, 6, bpf_perf_event_output(ctx, &two, 1, &len, sizeof(len)));
    __u32 k = 0;
    __u64 *r = bpf_map_lookup_elem(&res, &k);
    if (r)
        *r = acc;
    return acc;
}

char _license[] SEC("license") = "GPL";
