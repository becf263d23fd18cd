// accept: bpf_csum_diff over a header copied to the stack, and over NULL with size 0
#include "verifier.h"

SEC("xdp")
int csum(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    struct iphdr *ip = data + sizeof(struct ethhdr);
    if ((void *)(ip + 1) > end)
        return XDP_PASS;
    __u32 words[5];
    __builtin_memcpy(words, ip, sizeof(words));
    __s64 sum = bpf_csum_diff(0, 0, words, sizeof(words), 0);
    return sum == 0xffff ? XDP_PASS : XDP_DROP;
}
