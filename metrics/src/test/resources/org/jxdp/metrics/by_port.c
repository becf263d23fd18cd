/*
 * Metrics tests: the verdict is chosen by the UDP destination port of an IPv4 frame, and every
 * port seen is counted in the hash map "ports" (key: port in host order, value: frames).
 *   1001 DROP; 1002 TX; 1003 returns 7 (not an XDP action: ABORTED); anything else PASS.
 * Built with: clang -O2 -g -target bpf -I/usr/include/$(uname -m)-linux-gnu -c by_port.c -o by_port.o (the object is committed).
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 1024);
    __type(key, __u32);
    __type(value, __u64);
} ports SEC(".maps");

SEC("xdp")
int by_port(struct xdp_md *ctx)
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
    __u32 port = bpf_ntohs(udp->dest);
    __u64 one = 1;
    __u64 *n = bpf_map_lookup_elem(&ports, &port);
    if (n)
        __sync_fetch_and_add(n, 1);
    else
        bpf_map_update_elem(&ports, &port, &one, BPF_NOEXIST);
    switch (port) {
    case 1001: return XDP_DROP;
    case 1002: return XDP_TX;
    case 1003: return 7;
    default: return XDP_PASS;
    }
}

char _license[] SEC("license") = "GPL";
