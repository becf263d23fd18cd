/*
 * Pipeline tests: the verdict is chosen by the UDP destination port of an IPv4 frame.
 *   1001 DROP; 1002 PASS; 1003 TX with the MACs swapped and the last 4 bytes cut (adjust_tail);
 *   1004 bpf_redirect(5); 1005 bpf_redirect_map(devmap "ports", key 1, else DROP);
 *   1006 adjust_head(+8) and PASS: the frame loses its first 8 bytes;
 *   1007 returns 7 (not an XDP action: ABORTED); anything else PASS.
 * Program "fault" reads past data_end (a run-time fault, which a verifier would refuse).
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
    __uint(type, BPF_MAP_TYPE_DEVMAP);
    __uint(max_entries, 4);
    __type(key, __u32);
    __type(value, __u32);
} ports SEC(".maps");

SEC("xdp")
int verdict(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    struct ethhdr *eth = data;
    if ((void *)(eth + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP))
        return XDP_PASS;
    struct iphdr *ip = (void *)(eth + 1);
    if ((void *)(ip + 1) > end || ip->ihl != 5 || ip->protocol != IPPROTO_UDP)
        return XDP_PASS;
    struct udphdr *udp = (void *)(ip + 1);
    if ((void *)(udp + 1) > end)
        return XDP_PASS;
    switch (bpf_ntohs(udp->dest)) {
    case 1001: return XDP_DROP;
    case 1003: {
        unsigned char tmp[ETH_ALEN];
        __builtin_memcpy(tmp, eth->h_dest, ETH_ALEN);
        __builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
        __builtin_memcpy(eth->h_source, tmp, ETH_ALEN);
        bpf_xdp_adjust_tail(ctx, -4);
        return XDP_TX;
    }
    case 1004: return bpf_redirect(5, 0);
    case 1005: return bpf_redirect_map(&ports, 1, XDP_DROP);
    case 1006:
        if (bpf_xdp_adjust_head(ctx, 8))
            return XDP_ABORTED;
        return XDP_PASS;
    case 1007: return 7;
    default: return XDP_PASS;
    }
}
SEC("xdp")
int fault(struct xdp_md *ctx)
{
    volatile __u32 *p = (void *)(long)ctx->data_end;
    return p[4];
}

char _license[] SEC("license") = "GPL";
