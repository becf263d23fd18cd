/*
 * count.c - jxdp's bundled counting program: passes every frame and counts what it sees in a
 * per-CPU array, so that `jxdp replay` with no --prog shows a program at work. The counters
 * (map "counters", one u64 per index and CPU) are those of jxdp's traffic generator
 * (org.jxdp.capture.gen.ProtocolCounter), so a generated sample can be checked against them:
 *
 *   0 frames     1 bytes      2 vlan (at least one tag)   3 ipv4     4 ipv6    5 non_ip
 *   6 fragment (IPv4 MF or offset; IPv6 fragment header)  7 tcp      8 udp     9 icmp (and ICMPv6)
 *  10 tcp_syn (SYN without ACK)
 *
 * TCP, UDP, ICMP and SYN are counted on unfragmented frames only; a truncated IP header counts
 * as non_ip. Parsing: Ethernet, up to two VLAN tags (802.1Q, 802.1ad), IPv4 (any IHL), IPv6
 * (fixed header).
 *
 * Built with (clang 14; the object is committed beside this file, since a fresh machine may
 * have no clang):
 *   clang -O2 -g -target bpf -I/usr/include/x86_64-linux-gnu -fdebug-prefix-map=$PWD=. -c count.c -o count.o
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

enum {
    C_FRAMES, C_BYTES, C_VLAN, C_IPV4, C_IPV6, C_NON_IP, C_FRAGMENT, C_TCP, C_UDP, C_ICMP, C_TCP_SYN, C_MAX
};

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, C_MAX);
    __type(key, __u32);
    __type(value, __u64);
} counters SEC(".maps");

struct vlan_hdr {
    __be16 tci;
    __be16 proto;
};

static __always_inline void add(__u32 key, __u64 n)
{
    __u64 *v = bpf_map_lookup_elem(&counters, &key);
    if (v)
        *v += n;
}

SEC("xdp")
int xdp_count(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    struct ethhdr *eth = data;
    __u8 proto;
    void *l4;

    add(C_FRAMES, 1);
    add(C_BYTES, end - data);
    if ((void *)(eth + 1) > end) {
        add(C_NON_IP, 1);
        return XDP_PASS;
    }
    __u16 type = eth->h_proto;
    void *cur = eth + 1;
    int vlan = 0;
#pragma unroll
    for (int i = 0; i < 2; i++) {
        if (type != bpf_htons(ETH_P_8021Q) && type != bpf_htons(ETH_P_8021AD))
            break;
        struct vlan_hdr *v = cur;
        if ((void *)(v + 1) > end)
            break;
        type = v->proto;
        cur = v + 1;
        vlan = 1;
    }
    if (vlan)
        add(C_VLAN, 1);

    if (type == bpf_htons(ETH_P_IP)) {
        struct iphdr *ip = cur;
        if ((void *)(ip + 1) > end) {
            add(C_NON_IP, 1);
            return XDP_PASS;
        }
        add(C_IPV4, 1);
        if (ip->frag_off & bpf_htons(0x3fff)) {
            add(C_FRAGMENT, 1);
            return XDP_PASS;
        }
        proto = ip->protocol;
        l4 = (void *)ip + ip->ihl * 4;
    } else if (type == bpf_htons(ETH_P_IPV6)) {
        struct ipv6hdr *ip6 = cur;
        if ((void *)(ip6 + 1) > end) {
            add(C_NON_IP, 1);
            return XDP_PASS;
        }
        add(C_IPV6, 1);
        proto = ip6->nexthdr;
        if (proto == IPPROTO_FRAGMENT) {
            add(C_FRAGMENT, 1);
            return XDP_PASS;
        }
        l4 = ip6 + 1;
    } else {
        add(C_NON_IP, 1);
        return XDP_PASS;
    }

    if (proto == IPPROTO_TCP) {
        add(C_TCP, 1);
        struct tcphdr *tcp = l4;
        if ((void *)(tcp + 1) <= end && tcp->syn && !tcp->ack)
            add(C_TCP_SYN, 1);
    } else if (proto == IPPROTO_UDP) {
        add(C_UDP, 1);
    } else if (proto == IPPROTO_ICMP || proto == IPPROTO_ICMPV6) {
        add(C_ICMP, 1);
    }
    return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
