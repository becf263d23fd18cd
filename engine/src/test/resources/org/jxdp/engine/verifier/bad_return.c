// accept: returns 42, which is no XDP action: the kernel accepts it and drops the frame at run time; jxdp warns
#include "verifier.h"

SEC("xdp")
int bad_return(struct xdp_md *ctx)
{
    return 42;
}
