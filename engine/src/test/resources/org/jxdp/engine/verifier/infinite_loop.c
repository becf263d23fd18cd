// refuse "infinite loop": the loop reads a flag nothing sets, so every iteration is in the same state
#include "verifier.h"

SEC("xdp")
int infinite_loop(struct xdp_md *ctx)
{
    volatile int stop = 0;
    while (!stop)
        ;
    return XDP_PASS;
}
