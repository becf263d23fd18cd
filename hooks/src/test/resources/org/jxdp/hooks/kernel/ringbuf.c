/* Ring buffers from the program side: output, reserve with submit and discard, query, and what
 * happens when nobody consumes and the ring fills up. */
#include "common.h"

struct {
    __uint(type, BPF_MAP_TYPE_RINGBUF);
    __uint(max_entries, 4096);
} ring SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __type(key, __u32);
    __type(value, __u64);
    __uint(max_entries, 16);
} res SEC(".maps");

struct sample {
    __u32 len;
    __u8 head[60];
};

static __always_inline void record(__u32 slot, long v)
{
    __u64 *c = bpf_map_lookup_elem(&res, &slot);
    if (c)
        *c = (*c << 8) | (v & 0xff);
}

static __always_inline void set(__u32 slot, __u64 v)
{
    __u64 *c = bpf_map_lookup_elem(&res, &slot);
    if (c)
        *c = v;
}

SEC("xdp")
int ring_ops(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    struct sample s = {};
    s.len = end - data;
    if (data + sizeof(s.head) <= end)
        __builtin_memcpy(s.head, data, sizeof(s.head));
    record(0, bpf_ringbuf_output(&ring, &s, sizeof(s), 0));                  /* 0, or -EAGAIN when full */
    record(1, bpf_ringbuf_output(&ring, &s, sizeof(s), 4));                  /* unknown flag: -EINVAL */
    struct sample *r = bpf_ringbuf_reserve(&ring, sizeof(*r), 0);
    record(2, r != 0);
    if (r) {
        *r = s;
        if (s.len % 2)
            bpf_ringbuf_discard(r, BPF_RB_NO_WAKEUP);   /* still takes room until consumed */
        else
            bpf_ringbuf_submit(r, 0);
    }
    __u64 *flagged = bpf_ringbuf_reserve(&ring, 8, 1);                       /* flags: NULL */
    record(3, flagged != 0);
    if (flagged)
        bpf_ringbuf_discard(flagged, 0);
    __u8 *big = bpf_ringbuf_reserve(&ring, 5000, 0);                         /* larger than the ring */
    record(3, big != 0);
    if (big)
        bpf_ringbuf_discard(big, 0);
    set(4, bpf_ringbuf_query(&ring, BPF_RB_AVAIL_DATA));
    set(5, bpf_ringbuf_query(&ring, BPF_RB_RING_SIZE));
    set(6, bpf_ringbuf_query(&ring, BPF_RB_CONS_POS));
    set(7, bpf_ringbuf_query(&ring, BPF_RB_PROD_POS));
    set(8, bpf_ringbuf_query(&ring, 99));
    return bpf_ringbuf_query(&ring, BPF_RB_AVAIL_DATA);
}

char _license[] SEC("license") = "GPL";
