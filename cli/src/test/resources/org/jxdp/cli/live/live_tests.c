/*
 * The live tests' programs (LiveCommandTest), one object with one program each:
 *   drop_ipv4    DROP every IPv4 frame, PASS the rest (ARP still crosses, so what stops ping,
 *                TCP and UDP is the verdict, not a missing neighbour);
 *   echo_tx      turn an ICMP echo request into the echo reply (MACs and addresses swapped,
 *                type 0, checksum updated) and TX it back; PASS the rest;
 *   redirect_udp bpf_redirect() IPv4 UDP frames to ifindex TARGET_IFINDEX (-D at build time),
 *                PASS the rest.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

/* linux/icmp.h pulls in libc headers; the two fields needed here */
struct icmphdr {
    __u8 type;
    __u8 code;
    __sum16 checksum;
    __be32 rest;
};
#define ICMP_ECHOREPLY 0
#define ICMP_ECHO 8

#ifndef TARGET_IFINDEX
#define TARGET_IFINDEX 1
#endif

static __always_inline struct iphdr *ipv4(void *data, void *end)
{
    struct ethhdr *eth = data;
    if ((void *)(eth + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP))
        return 0;
    struct iphdr *ip = (void *)(eth + 1);
    if ((void *)(ip + 1) > end || ip->ihl != 5)
        return 0;
    return ip;
}

SEC("xdp")
int drop_ipv4(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    struct ethhdr *eth = data;
    if ((void *)(eth + 1) > end)
        return XDP_PASS;
    return eth->h_proto == bpf_htons(ETH_P_IP) ? XDP_DROP : XDP_PASS;
}

SEC("xdp")
int echo_tx(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    struct iphdr *ip = ipv4(data, end);
    if (!ip || ip->protocol != IPPROTO_ICMP)
        return XDP_PASS;
    struct icmphdr *icmp = (void *)(ip + 1);
    if ((void *)(icmp + 1) > end || icmp->type != ICMP_ECHO)
        return XDP_PASS;
    struct ethhdr *eth = data;
    unsigned char mac[ETH_ALEN];
    __builtin_memcpy(mac, eth->h_source, ETH_ALEN);
    __builtin_memcpy(eth->h_source, eth->h_dest, ETH_ALEN);
    __builtin_memcpy(eth->h_dest, mac, ETH_ALEN);
    __be32 a = ip->saddr;
    ip->saddr = ip->daddr;
    ip->daddr = a;
    icmp->type = ICMP_ECHOREPLY;
    /* the type byte went from 8 to 0: add 0x0800 back to the one's complement sum */
    __u32 sum = (__u32)icmp->checksum + bpf_htons(0x0800);
    icmp->checksum = (__u16)(sum + (sum >> 16));
    return XDP_TX;
}

SEC("xdp")
int redirect_udp(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    struct iphdr *ip = ipv4(data, end);
    if (!ip || ip->protocol != IPPROTO_UDP)
        return XDP_PASS;
    return bpf_redirect(TARGET_IFINDEX, 0);
}

char _license[] SEC("license") = "GPL";
