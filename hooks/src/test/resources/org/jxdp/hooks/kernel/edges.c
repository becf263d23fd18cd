/* The edges of the frame helpers: how far adjust_head, adjust_meta and adjust_tail may move,
 * what a tail grown again holds, and the error codes of bpf_xdp_load_bytes and _store_bytes. */
#include "common.h"

/* Each helper's return value in 8 bits of the result, the first in the lowest. */
#define PACK(acc, i, r) ((acc) | (((__u64)(r) & 0xff) << (8 * (i))))

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __type(key, __u32);
    __type(value, __u64);
    __uint(max_entries, 4);
} res SEC(".maps");

static __always_inline __u32 keep(__u32 slot, __u64 acc)
{
    __u64 *r = bpf_map_lookup_elem(&res, &slot);
    if (r)
        *r = *r * 31 + acc;
    return acc + (acc >> 32) * 7;   /* both halves, without a xor that could cancel them */
}

static __always_inline long frame_len(struct xdp_md *ctx)
{
    return (long)ctx->data_end - (long)ctx->data;
}

SEC("xdp")
int head_edges(struct xdp_md *ctx)
{
    long len = frame_len(ctx);
    __u64 acc = 0;
    acc = PACK(acc, 0, bpf_xdp_adjust_head(ctx, -217));      /* into the xdp_frame: -EINVAL */
    acc = PACK(acc, 1, bpf_xdp_adjust_head(ctx, -216));      /* all of the usable headroom */
    acc = PACK(acc, 2, bpf_xdp_adjust_meta(ctx, -4));        /* no room left for metadata */
    acc = PACK(acc, 3, bpf_xdp_adjust_head(ctx, 216));
    acc = PACK(acc, 4, bpf_xdp_adjust_head(ctx, len - 13));  /* less than an Ethernet header left */
    acc = PACK(acc, 5, bpf_xdp_adjust_head(ctx, len - 14));
    acc = PACK(acc, 6, frame_len(ctx));
    acc = PACK(acc, 7, bpf_xdp_adjust_head(ctx, 14 - len));
    return keep(0, acc);
}

SEC("xdp")
int tail_edges(struct xdp_md *ctx)
{
    long len = frame_len(ctx);
    __u64 acc = 0;
    /* A page, less the 256 bytes of headroom and the 320 of skb_shared_info: 3520 bytes. */
    acc = PACK(acc, 0, bpf_xdp_adjust_tail(ctx, 3520 - len + 1));
    acc = PACK(acc, 1, bpf_xdp_adjust_tail(ctx, 3520 - len));
    acc = PACK(acc, 2, bpf_xdp_get_buff_len(ctx) == 3520);
    acc = PACK(acc, 3, bpf_xdp_adjust_tail(ctx, -(3520 - 14) - 1));
    acc = PACK(acc, 4, bpf_xdp_adjust_tail(ctx, -(3520 - 14)));
    acc = PACK(acc, 5, frame_len(ctx));
    /* Grown again, the tail is zeros, not the bytes that were there */
    acc = PACK(acc, 6, bpf_xdp_adjust_tail(ctx, len - 14 + 6));
    acc = PACK(acc, 7, bpf_xdp_get_buff_len(ctx) - len);
    return keep(1, acc);
}

SEC("xdp")
int meta_edges(struct xdp_md *ctx)
{
    __u64 acc = 0;
    acc = PACK(acc, 0, bpf_xdp_adjust_meta(ctx, -220));      /* beyond the headroom: -EINVAL */
    bpf_xdp_adjust_head(ctx, 40);                            /* 40 more bytes of headroom */
    acc = PACK(acc, 1, bpf_xdp_adjust_meta(ctx, -252));      /* the most metadata there may be */
    acc |= (__u64)(bpf_xdp_adjust_meta(ctx, -4) & 0xff) << 56;   /* 256 bytes: -EACCES */
    acc = PACK(acc, 2, bpf_xdp_adjust_meta(ctx, 252));
    acc = PACK(acc, 3, bpf_xdp_adjust_meta(ctx, -2));        /* not a multiple of 4: -EACCES */
    acc = PACK(acc, 4, bpf_xdp_adjust_meta(ctx, 4));         /* past data: -EINVAL */
    acc = PACK(acc, 5, bpf_xdp_adjust_meta(ctx, -8));
    void *data = (void *)(long)ctx->data;
    __u32 *meta = (void *)(long)ctx->data_meta;
    if ((void *)(meta + 2) > data)
        return XDP_ABORTED;
    meta[0] = 0x11223344;
    meta[1] = frame_len(ctx);
    /* Moving the head moves the metadata with it */
    acc = PACK(acc, 6, bpf_xdp_adjust_head(ctx, 2));
    acc |= (__u64)((long)ctx->data - (long)ctx->data_meta) << 48;
    return keep(2, acc);
}

SEC("xdp")
int bytes_edges(struct xdp_md *ctx)
{
    long len = frame_len(ctx);
    __u8 buf[4] = {0xaa, 0xbb, 0xcc, 0xdd};
    __u8 out[4];
    __u64 acc = 0;
    acc = PACK(acc, 0, bpf_xdp_load_bytes(ctx, 0x10000, buf, sizeof(buf)));   /* offset over 0xffff */
    acc = PACK(acc, 1, bpf_xdp_load_bytes(ctx, len - 3, buf, sizeof(buf)));   /* past the end */
    acc = PACK(acc, 2, bpf_xdp_load_bytes(ctx, len - 4, buf, sizeof(buf)));
    for (int i = 0; i < 4; i++)
        out[i] = buf[3 - i] ^ 0x5a;
    acc = PACK(acc, 3, bpf_xdp_store_bytes(ctx, len - 4, out, sizeof(out)));
    acc = PACK(acc, 4, bpf_xdp_store_bytes(ctx, 0xffffffff, out, sizeof(out)));
    acc = PACK(acc, 5, bpf_xdp_store_bytes(ctx, len - 2, out, sizeof(out)));
    acc = PACK(acc, 6, bpf_xdp_store_bytes(ctx, 0, out, 2));
    acc = PACK(acc, 7, bpf_xdp_get_buff_len(ctx));
    return keep(3, acc);
}

char _license[] SEC("license") = "GPL";
