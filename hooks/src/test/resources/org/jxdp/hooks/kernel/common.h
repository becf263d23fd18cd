/* Shared by the kernel agreement test programs. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct vlan_hdr {
    __be16 tci;
    __be16 proto;
};

/* The byte just past the L2 headers (Ethernet and up to two VLAN tags); its ethertype in *proto. */
static __always_inline void *parse_l2(void *data, void *end, __u16 *proto)
{
    struct ethhdr *eth = data;
    if ((void *)(eth + 1) > end)
        return 0;
    __u16 p = eth->h_proto;
    void *cur = eth + 1;
#pragma unroll
    for (int i = 0; i < 2; i++) {
        if (p != bpf_htons(ETH_P_8021Q) && p != bpf_htons(ETH_P_8021AD))
            break;
        struct vlan_hdr *v = cur;
        if ((void *)(v + 1) > end)
            return 0;
        p = v->proto;
        cur = v + 1;
    }
    *proto = p;
    return cur;
}
