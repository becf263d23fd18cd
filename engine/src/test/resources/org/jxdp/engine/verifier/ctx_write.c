// refuse "store into the context": struct xdp_md is read-only to XDP programs
#include "verifier.h"

SEC("xdp")
int ctx_write(struct xdp_md *ctx)
{
    ctx->rx_queue_index = 1;
    return XDP_PASS;
}
