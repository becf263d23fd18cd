/* Global data (.data, .rodata, .bss), bpf-to-bpf calls, bpf_loop and bpf_for_each_map_elem. */
#include "common.h"

const volatile __u32 drop_port = 23;      /* .rodata */
__u64 seen = 0;                            /* .bss */
__u32 weights[4] = {1, 2, 3, 4};           /* .data */

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __type(key, __u32);
    __type(value, __u64);
    __uint(max_entries, 4);
} slots SEC(".maps");

static __noinline __u32 weigh(__u32 v)
{
    return weights[v & 3] * 10 + v;
}

static __noinline __u64 mix(__u64 a, __u64 b)
{
    return (a << 3) ^ (b + weigh((__u32)a));
}

struct loop_ctx {
    __u64 sum;
    __u64 mult;
    __u32 stop;
};

static long add_step(__u32 i, struct loop_ctx *c)
{
    if (i == c->stop)
        return 1;
    c->sum += i * c->mult + 1;
    return 0;
}

static long sum_slots(void *map, __u32 *key, __u64 *value, __u64 *acc)
{
    *acc += *value * (*key + 1);
    return 0;
}

SEC("xdp")
int globals_and_calls(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    seen++;
    if (data + 14 > end)
        return XDP_ABORTED;
    struct loop_ctx lc = {0, ((__u8 *)data)[13] + 1, ((__u8 *)data)[12] & 31};
    long loops = bpf_loop(32, add_step, &lc, 0);
    lc.sum += loops << 20;
    __u32 k = (__u32)(lc.sum & 3);
    __u64 *slot = bpf_map_lookup_elem(&slots, &k);
    if (slot)
        *slot += mix(lc.sum, seen);
    __u64 acc = 0;
    bpf_for_each_map_elem(&slots, sum_slots, &acc, 0);
    weights[k & 3] += 1;
    if ((lc.sum % 100) == drop_port)
        return XDP_DROP;
    return (acc & 1) ? XDP_PASS : XDP_TX;
}

char _license[] SEC("license") = "GPL";
