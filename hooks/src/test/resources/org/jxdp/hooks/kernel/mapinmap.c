/* Maps of maps: an array of maps and a hash of maps, filled by their BTF initialisers; the
 * program looks the inner maps up and counts into them. */
#include "common.h"

struct inner_array {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __type(key, __u32);
    __type(value, __u64);
    __uint(max_entries, 4);
};

struct inner_array inner_a SEC(".maps");
struct inner_array inner_b SEC(".maps");

struct inner_hash {
    __uint(type, BPF_MAP_TYPE_HASH);
    __type(key, __u32);
    __type(value, __u64);
    __uint(max_entries, 2);
};

struct inner_hash inner_h SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
    __type(key, __u32);
    __uint(max_entries, 4);
    __array(values, struct inner_array);
} outer_array SEC(".maps") = {
    .values = { [0] = &inner_a, [2] = &inner_b },
};

struct {
    __uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
    __type(key, __u32);
    __uint(max_entries, 4);
    __array(values, struct inner_hash);
} outer_hash SEC(".maps") = {
    .values = { [3] = &inner_h },
};

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __type(key, __u32);
    __type(value, __u64);
    __uint(max_entries, 4);
} res SEC(".maps");

SEC("xdp")
int through_outer(struct xdp_md *ctx)
{
    __u32 len = ctx->data_end - ctx->data;
    __u32 slot = len % 4;                 /* 0 and 2 hold maps, 1 and 3 do not */
    __u32 found = 0;
    void *inner = bpf_map_lookup_elem(&outer_array, &slot);
    if (inner) {
        found |= 1;
        __u32 k = len % 5;                /* 4 is outside the inner array */
        __u64 *v = bpf_map_lookup_elem(inner, &k);
        if (v) {
            *v += len;
            found |= 2;
        }
    }
    __u32 hk = len % 3 == 0 ? 3 : 7;
    void *ih = bpf_map_lookup_elem(&outer_hash, &hk);
    if (ih) {
        found |= 4;
        __u64 *c = bpf_map_lookup_elem(ih, &len);
        if (c) {
            *c += 1;
        } else {
            __u64 one = 1;
            long r = bpf_map_update_elem(ih, &len, &one, BPF_NOEXIST);
            if (r == 0)
                found |= 8;
            __u32 e = 0;
            __u64 *errs = bpf_map_lookup_elem(&res, &e);
            if (errs)
                *errs = (*errs << 8) | (r & 0xff);   /* -E2BIG once both entries are used */
        }
    }
    return found;
}

char _license[] SEC("license") = "GPL";
