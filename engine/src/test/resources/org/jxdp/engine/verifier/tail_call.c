// accept: a tail call through a program array; when it fails the program goes on and returns XDP_PASS
#include "verifier.h"

struct {
    __uint(type, BPF_MAP_TYPE_PROG_ARRAY);
    __uint(key_size, 4);
    __uint(value_size, 4);
    __uint(max_entries, 4);
} jumps SEC(".maps");

SEC("xdp")
int tail_call(struct xdp_md *ctx)
{
    bpf_tail_call(ctx, &jumps, ctx->rx_queue_index & 3);
    return XDP_PASS;
}
