/* The helpers that move the frame's edges, and the byte copy helpers. */
#include "common.h"

/* Removes the outer VLAN tag: move the MAC addresses 4 bytes up, then drop 4 bytes of head. */
SEC("xdp")
int pop_vlan(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    struct ethhdr *eth = data;
    if ((void *)(eth + 1) + 4 > end)
        return XDP_PASS;
    if (eth->h_proto != bpf_htons(ETH_P_8021Q))
        return XDP_PASS;
    __u8 macs[12];
    __builtin_memcpy(macs, data, 12);
    if (bpf_xdp_adjust_head(ctx, 4))
        return XDP_ABORTED;
    data = (void *)(long)ctx->data;
    end = (void *)(long)ctx->data_end;
    if (data + 12 > end)
        return XDP_ABORTED;
    __builtin_memcpy(data, macs, 12);
    return XDP_TX;
}

/* Prepends 8 bytes (a tag) and grows the tail by 6 zero bytes. */
SEC("xdp")
int push_and_grow(struct xdp_md *ctx)
{
    if (bpf_xdp_adjust_head(ctx, -8))
        return XDP_ABORTED;
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    if (data + 8 > end)
        return XDP_ABORTED;
    __u64 tag = 0x1122334455667788ULL;
    __builtin_memcpy(data, &tag, 8);
    if (bpf_xdp_adjust_tail(ctx, 6))
        return XDP_DROP;
    return XDP_PASS;
}

/* Trims 4 bytes (an FCS) and refuses to go below an Ethernet header. */
SEC("xdp")
int trim(struct xdp_md *ctx)
{
    long r = bpf_xdp_adjust_tail(ctx, -4);
    long r2 = bpf_xdp_adjust_tail(ctx, -10000);
    return (r == 0 && r2 != 0) ? XDP_PASS : XDP_DROP;
}

/* Writes 8 bytes of metadata in front of the frame and returns them folded. */
SEC("xdp")
int metadata(struct xdp_md *ctx)
{
    if (bpf_xdp_adjust_meta(ctx, -8))
        return XDP_ABORTED;
    void *data = (void *)(long)ctx->data;
    __u32 *meta = (void *)(long)ctx->data_meta;
    if ((void *)(meta + 2) > data)
        return XDP_ABORTED;
    meta[0] = 0xcafe;
    meta[1] = ctx->ingress_ifindex + ctx->rx_queue_index;
    /* 36 bytes of metadata is more than allowed; 6 is not a multiple of 4 */
    if (bpf_xdp_adjust_meta(ctx, -28) == 0)
        return XDP_DROP;
    if (bpf_xdp_adjust_meta(ctx, -2) == 0)
        return XDP_DROP;
    return XDP_PASS;
}

/* Copies bytes 6..13 out with bpf_xdp_load_bytes and back, swapped, with bpf_xdp_store_bytes. */
SEC("xdp")
int load_store(struct xdp_md *ctx)
{
    __u8 buf[8];
    if (bpf_xdp_load_bytes(ctx, 6, buf, sizeof(buf)))
        return XDP_ABORTED;
    __u8 out[8];
    for (int i = 0; i < 8; i++)
        out[i] = buf[7 - i];
    if (bpf_xdp_store_bytes(ctx, 6, out, sizeof(out)))
        return XDP_ABORTED;
    long bad = bpf_xdp_load_bytes(ctx, 100000, buf, sizeof(buf));
    __u32 len = bpf_xdp_get_buff_len(ctx);
    return bad < 0 && len == (__u32)((long)ctx->data_end - (long)ctx->data) ? XDP_TX : XDP_DROP;
}

char _license[] SEC("license") = "GPL";
