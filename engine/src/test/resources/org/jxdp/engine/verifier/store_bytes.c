// accept: bpf_xdp_store_bytes writes a stack buffer into the frame; bpf_xdp_get_buff_len bounds the offset
#include "verifier.h"

SEC("xdp")
int store_bytes(struct xdp_md *ctx)
{
    __u8 mac[6] = {2, 0, 0, 0, 0, 1};
    __u64 len = bpf_xdp_get_buff_len(ctx);
    if (len < 12)
        return XDP_PASS;
    bpf_xdp_store_bytes(ctx, 6, mac, sizeof(mac));
    return XDP_TX;
}
