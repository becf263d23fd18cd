/* bpf_redirect's return values. */
#include "common.h"

SEC("xdp")
int redirect_plain(struct xdp_md *ctx)
{
    return bpf_redirect(7, 0);
}

SEC("xdp")
int redirect_bad_flags(struct xdp_md *ctx)
{
    return bpf_redirect(7, 1);
}

char _license[] SEC("license") = "GPL";
