/*
 * dos_filter.c - an XDP DoS filter for an Internet-facing server.
 *
 * Every frame that reaches the interface is parsed and given one verdict with one reason;
 * the reason is counted (packets and bytes) in a per-CPU array, so the operator sees what the
 * filter does without tracing. Rules, in the order they are tried:
 *
 *   reason                  action  when
 *   ----------------------  ------  ------------------------------------------------------------
 *   DOS_PASS_NON_IP     (1)  PASS    not IPv4/IPv6 (ARP, LLDP...): the stack's business
 *   DOS_DROP_MALFORMED  (3)  DROP    a header is truncated or inconsistent (IHL < 5, version,
 *                                    total length, TCP data offset, UDP length, too many IPv6
 *                                    extension headers)
 *   DOS_DROP_DENYLIST   (4)  DROP    the source is in deny_v4 / deny_v6 (longest-prefix match);
 *                                    the matching rule's hit counter is incremented
 *   DOS_PASS_FRAGMENT   (2)  PASS    a non-first fragment: it has no L4 header to judge
 *   DOS_DROP_TCP_FLAGS  (5)  DROP    an impossible TCP flag set: none (null scan), SYN+FIN,
 *                                    SYN+RST, FIN+PSH+URG without ACK (Xmas scan)
 *   DOS_DROP_SYN_RATE   (6)  DROP    a SYN (without ACK) from a source over its token bucket:
 *                                    syn_burst SYNs at once, then one per syn_interval_ns; IPv4
 *                                    sources are counted per address, IPv6 sources per /64
 *   DOS_DROP_AMPLIFICATION (7) DROP  UDP from a reflector's port: chargen, QOTD, CLDAP, SSDP,
 *                                    WS-Discovery and memcached always; DNS above
 *                                    dns_max_payload bytes; NTP mode 6/7 (monlist, control); SNMP
 *                                    above snmp_max_payload bytes
 *   DOS_DROP_ICMP_SIZE  (8)  DROP    an ICMP/ICMPv6 echo request of more than icmp_max_bytes
 *   DOS_PASS            (0)  PASS    everything else that parsed
 *
 * Parsing: Ethernet, up to two VLAN tags (802.1Q, 802.1ad QinQ), IPv4 with options (any IHL),
 * IPv6 with up to four extension headers (hop-by-hop, routing, destination options, fragment),
 * TCP, UDP, ICMP, ICMPv6.
 *
 * Maps (libbpf BTF-defined):
 *   deny_v4      LPM_TRIE     key {u32 prefixlen; u8 addr[4]}   value struct deny_rule
 *   deny_v6      LPM_TRIE     key {u32 prefixlen; u8 addr[16]}  value struct deny_rule
 *   syn_buckets  LRU_HASH     key struct syn_key (16 bytes)     value struct syn_bucket
 *   stats        PERCPU_ARRAY key u32 reason                    value struct dos_stat
 *
 * Settings are read-only globals (.rodata) with defaults; a libbpf loader sets them in the
 * skeleton before loading, or build with -DDOS_SYN_INTERVAL_NS=... and friends:
 *   syn_interval_ns   10000000  one SYN per 10 ms per source (100/s) once the burst is spent
 *   syn_burst         20        SYNs a quiet source may send at once
 *   dns_max_payload   1232      largest DNS response accepted (the DNS Flag Day 2020 EDNS size)
 *   snmp_max_payload  1024
 *   icmp_max_bytes    1024      largest echo request, from the ICMP header to the frame's end
 *
 * The token bucket is kept as nanoseconds of credit: a source earns one nanosecond of credit
 * per nanosecond and spends syn_interval_ns per SYN, up to syn_burst * syn_interval_ns banked.
 * Updates from several CPUs to one bucket may race; the filter tolerates the small error, as
 * most deployed per-source limiters do, rather than pay for a lock per SYN.
 *
 * Build and load:
 *   clang -O2 -g -target bpf -I/usr/include/x86_64-linux-gnu -c dos_filter.c -o dos_filter.o
 *   bpftool prog load dos_filter.o /sys/fs/bpf/dos_filter type xdp pinmaps /sys/fs/bpf/dos_maps
 *   bpftool net attach xdp pinned /sys/fs/bpf/dos_filter dev eth0
 * Deny 203.0.113.0/24 (rule 7):
 *   bpftool map update pinned /sys/fs/bpf/dos_maps/deny_v4 \
 *       key hex 18 00 00 00 cb 00 71 00  value hex 07 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
 * Counters:
 *   bpftool map dump pinned /sys/fs/bpf/dos_maps/stats
 *
 * jxdp runs this program in its benchmarks (DosFilterBenchmark) on both engines and checks it
 * against the kernel (DosFilterKernel).
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#ifndef DOS_SYN_INTERVAL_NS
#define DOS_SYN_INTERVAL_NS 10000000ULL
#endif
#ifndef DOS_SYN_BURST
#define DOS_SYN_BURST 20
#endif
#ifndef DOS_DNS_MAX_PAYLOAD
#define DOS_DNS_MAX_PAYLOAD 1232
#endif
#ifndef DOS_SNMP_MAX_PAYLOAD
#define DOS_SNMP_MAX_PAYLOAD 1024
#endif
#ifndef DOS_ICMP_MAX_BYTES
#define DOS_ICMP_MAX_BYTES 1024
#endif

const volatile __u64 syn_interval_ns = DOS_SYN_INTERVAL_NS;
const volatile __u32 syn_burst = DOS_SYN_BURST;
const volatile __u32 dns_max_payload = DOS_DNS_MAX_PAYLOAD;
const volatile __u32 snmp_max_payload = DOS_SNMP_MAX_PAYLOAD;
const volatile __u32 icmp_max_bytes = DOS_ICMP_MAX_BYTES;

enum dos_reason {
    DOS_PASS = 0,
    DOS_PASS_NON_IP = 1,
    DOS_PASS_FRAGMENT = 2,
    DOS_DROP_MALFORMED = 3,
    DOS_DROP_DENYLIST = 4,
    DOS_DROP_TCP_FLAGS = 5,
    DOS_DROP_SYN_RATE = 6,
    DOS_DROP_AMPLIFICATION = 7,
    DOS_DROP_ICMP_SIZE = 8,
    DOS_REASONS = 9,
};

/* Reasons from here on drop the frame. */
#define DOS_FIRST_DROP DOS_DROP_MALFORMED

struct lpm_v4_key {
    __u32 prefixlen;
    __u8 addr[4];
};

struct lpm_v6_key {
    __u32 prefixlen;
    __u8 addr[16];
};

struct deny_rule {
    __u32 rule_id;  /* the operator's id for the rule, for reports */
    __u32 pad;
    __u64 hits;     /* frames dropped by this rule, all CPUs */
};

/* A source: IPv4 as ::ffff:a.b.c.d, IPv6 as its /64 with the interface id zeroed. */
struct syn_key {
    __u32 w[4];
};

struct syn_bucket {
    __u64 last_ns;    /* when the bucket was last refilled */
    __u64 credit_ns;  /* banked credit, at most syn_burst * syn_interval_ns */
};

struct dos_stat {
    __u64 packets;
    __u64 bytes;
};

struct {
    __uint(type, BPF_MAP_TYPE_LPM_TRIE);
    __uint(map_flags, BPF_F_NO_PREALLOC);
    __uint(max_entries, 65536);
    __type(key, struct lpm_v4_key);
    __type(value, struct deny_rule);
} deny_v4 SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_LPM_TRIE);
    __uint(map_flags, BPF_F_NO_PREALLOC);
    __uint(max_entries, 65536);
    __type(key, struct lpm_v6_key);
    __type(value, struct deny_rule);
} deny_v6 SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_LRU_HASH);
    __uint(max_entries, 65536);
    __type(key, struct syn_key);
    __type(value, struct syn_bucket);
} syn_buckets SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, DOS_REASONS);
    __type(key, __u32);
    __type(value, struct dos_stat);
} stats SEC(".maps");

struct vlan_hdr {
    __be16 tci;
    __be16 encapsulated_proto;
};

/* The IPv6 fragment header (not in the uapi headers). */
struct ipv6_frag_hdr {
    __u8 nexthdr;
    __u8 reserved;
    __be16 frag_off;  /* offset in 8-byte units << 3 | M flag */
    __be32 identification;
};

#define IPV4_FRAG_OFFSET 0x1fff
#define IPV6_FRAG_OFFSET 0xfff8
#define MAX_VLAN_TAGS 2
#define MAX_IPV6_EXT_HDRS 4

/* ICMP and ICMPv6 share the layout of their first 8 bytes (linux/icmp.h drags in libc). */
struct icmp_hdr {
    __u8 type;
    __u8 code;
    __sum16 checksum;
    __be32 rest;
};
#define ICMP_ECHO 8
#define ICMPV6_ECHO_REQUEST 128

#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_RST 0x04
#define TCP_PSH 0x08
#define TCP_ACK 0x10
#define TCP_URG 0x20

/* May a SYN from this source go through? Refills and spends the source's token bucket. */
static __always_inline int syn_allowed(struct syn_key *key)
{
    __u64 now = bpf_ktime_get_ns();
    __u64 interval = syn_interval_ns;
    __u64 cap = interval * syn_burst;
    struct syn_bucket *b = bpf_map_lookup_elem(&syn_buckets, key);
    if (!b) {
        struct syn_bucket fresh = {
            .last_ns = now,
            .credit_ns = cap > interval ? cap - interval : 0,
        };
        bpf_map_update_elem(&syn_buckets, key, &fresh, BPF_ANY);
        return 1;
    }
    __u64 credit = b->credit_ns;
    if (now > b->last_ns)
        credit += now - b->last_ns;
    if (credit > cap)
        credit = cap;
    b->last_ns = now;
    if (credit < interval) {
        b->credit_ns = credit;
        return 0;
    }
    b->credit_ns = credit - interval;
    return 1;
}

static __always_inline enum dos_reason check_tcp(struct tcphdr *th, void *end, struct syn_key *src)
{
    if ((void *)(th + 1) > end)
        return DOS_DROP_MALFORMED;
    if (th->doff < 5)
        return DOS_DROP_MALFORMED;
    __u8 flags = ((__u8 *)th)[13];
    if ((flags & (TCP_FIN | TCP_SYN | TCP_RST | TCP_PSH | TCP_ACK | TCP_URG)) == 0)
        return DOS_DROP_TCP_FLAGS;
    if ((flags & TCP_SYN) && (flags & (TCP_FIN | TCP_RST)))
        return DOS_DROP_TCP_FLAGS;
    if ((flags & (TCP_FIN | TCP_PSH | TCP_URG | TCP_ACK)) == (TCP_FIN | TCP_PSH | TCP_URG))
        return DOS_DROP_TCP_FLAGS;
    if ((flags & (TCP_SYN | TCP_ACK)) == TCP_SYN && !syn_allowed(src))
        return DOS_DROP_SYN_RATE;
    return DOS_PASS;
}

static __always_inline enum dos_reason check_udp(struct udphdr *uh, void *end)
{
    if ((void *)(uh + 1) > end)
        return DOS_DROP_MALFORMED;
    __u32 ulen = bpf_ntohs(uh->len);
    if (ulen < sizeof(*uh))
        return DOS_DROP_MALFORMED;
    __u32 payload = ulen - sizeof(*uh);
    switch (bpf_ntohs(uh->source)) {
    case 17:    /* QOTD */
    case 19:    /* chargen */
    case 389:   /* CLDAP */
    case 1900:  /* SSDP */
    case 3702:  /* WS-Discovery */
    case 11211: /* memcached */
        return DOS_DROP_AMPLIFICATION;
    case 53:    /* DNS: large responses (ANY, DNSSEC) */
        return payload > dns_max_payload ? DOS_DROP_AMPLIFICATION : DOS_PASS;
    case 161:   /* SNMP GetBulk responses */
        return payload > snmp_max_payload ? DOS_DROP_AMPLIFICATION : DOS_PASS;
    case 123: { /* NTP: mode 6 (control) and 7 (private, monlist) responses */
        __u8 *ntp = (void *)(uh + 1);
        if ((void *)(ntp + 1) > end)
            return DOS_PASS;
        __u8 mode = *ntp & 7;
        return mode == 6 || mode == 7 ? DOS_DROP_AMPLIFICATION : DOS_PASS;
    }
    default:
        return DOS_PASS;
    }
}

/* The L4 verdict; l4 is the byte after the IP headers, proto the L4 protocol. */
static __always_inline enum dos_reason check_l4(__u8 proto, void *l4, void *end, struct syn_key *src, int v6)
{
    switch (proto) {
    case IPPROTO_TCP:
        return check_tcp(l4, end, src);
    case IPPROTO_UDP:
        return check_udp(l4, end);
    case IPPROTO_ICMP:
    case IPPROTO_ICMPV6: {
        struct icmp_hdr *ic = l4;
        if ((void *)(ic + 1) > end)
            return DOS_DROP_MALFORMED;
        if (ic->type == (v6 ? ICMPV6_ECHO_REQUEST : ICMP_ECHO) && proto == (v6 ? IPPROTO_ICMPV6 : IPPROTO_ICMP)
            && end - l4 > icmp_max_bytes)
            return DOS_DROP_ICMP_SIZE;
        return DOS_PASS;
    }
    default:
        return DOS_PASS;
    }
}

static __always_inline enum dos_reason check_ipv4(struct iphdr *ip, void *end)
{
    if ((void *)(ip + 1) > end)
        return DOS_DROP_MALFORMED;
    if (ip->version != 4 || ip->ihl < 5)
        return DOS_DROP_MALFORMED;
    __u32 hlen = ip->ihl * 4;
    if ((void *)ip + hlen > end)
        return DOS_DROP_MALFORMED;
    __u32 total = bpf_ntohs(ip->tot_len);
    if (total < hlen || (void *)ip + total > end)
        return DOS_DROP_MALFORMED;

    struct lpm_v4_key k = { .prefixlen = 32 };
    __builtin_memcpy(k.addr, &ip->saddr, 4);
    struct deny_rule *rule = bpf_map_lookup_elem(&deny_v4, &k);
    if (rule) {
        __sync_fetch_and_add(&rule->hits, 1);
        return DOS_DROP_DENYLIST;
    }
    if (ip->frag_off & bpf_htons(IPV4_FRAG_OFFSET))
        return DOS_PASS_FRAGMENT;

    struct syn_key src = { .w = { 0, 0, bpf_htonl(0xffff), ip->saddr } };
    return check_l4(ip->protocol, (void *)ip + hlen, end, &src, 0);
}

static __always_inline enum dos_reason check_ipv6(struct ipv6hdr *ip6, void *end)
{
    if ((void *)(ip6 + 1) > end)
        return DOS_DROP_MALFORMED;
    if (ip6->version != 6)
        return DOS_DROP_MALFORMED;
    if ((void *)(ip6 + 1) + bpf_ntohs(ip6->payload_len) > end)
        return DOS_DROP_MALFORMED;

    struct lpm_v6_key k = { .prefixlen = 128 };
    __builtin_memcpy(k.addr, &ip6->saddr, 16);
    struct deny_rule *rule = bpf_map_lookup_elem(&deny_v6, &k);
    if (rule) {
        __sync_fetch_and_add(&rule->hits, 1);
        return DOS_DROP_DENYLIST;
    }

    __u8 nexthdr = ip6->nexthdr;
    void *cur = ip6 + 1;
#pragma unroll
    for (int i = 0; i < MAX_IPV6_EXT_HDRS; i++) {
        if (nexthdr == IPPROTO_HOPOPTS || nexthdr == IPPROTO_ROUTING || nexthdr == IPPROTO_DSTOPTS) {
            struct ipv6_opt_hdr *h = cur;
            if ((void *)(h + 1) > end)
                return DOS_DROP_MALFORMED;
            nexthdr = h->nexthdr;
            cur += (h->hdrlen + 1) * 8;
        } else if (nexthdr == IPPROTO_FRAGMENT) {
            struct ipv6_frag_hdr *f = cur;
            if ((void *)(f + 1) > end)
                return DOS_DROP_MALFORMED;
            if (f->frag_off & bpf_htons(IPV6_FRAG_OFFSET))
                return DOS_PASS_FRAGMENT;
            nexthdr = f->nexthdr;
            cur = f + 1;
        } else {
            break;
        }
    }
    if (nexthdr == IPPROTO_HOPOPTS || nexthdr == IPPROTO_ROUTING || nexthdr == IPPROTO_DSTOPTS
        || nexthdr == IPPROTO_FRAGMENT)
        return DOS_DROP_MALFORMED;

    __u32 *a = (__u32 *)&ip6->saddr;
    struct syn_key src = { .w = { a[0], a[1], 0, 0 } };
    return check_l4(nexthdr, cur, end, &src, 1);
}

static __always_inline enum dos_reason classify(void *data, void *end)
{
    struct ethhdr *eth = data;
    if ((void *)(eth + 1) > end)
        return DOS_DROP_MALFORMED;
    __u16 proto = eth->h_proto;
    void *cur = eth + 1;
#pragma unroll
    for (int i = 0; i < MAX_VLAN_TAGS; i++) {
        if (proto != bpf_htons(ETH_P_8021Q) && proto != bpf_htons(ETH_P_8021AD))
            break;
        struct vlan_hdr *v = cur;
        if ((void *)(v + 1) > end)
            return DOS_DROP_MALFORMED;
        proto = v->encapsulated_proto;
        cur = v + 1;
    }
    if (proto == bpf_htons(ETH_P_IP))
        return check_ipv4(cur, end);
    if (proto == bpf_htons(ETH_P_IPV6))
        return check_ipv6(cur, end);
    return DOS_PASS_NON_IP;
}

SEC("xdp")
int dos_filter(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    __u32 reason = classify(data, end);
    struct dos_stat *s = bpf_map_lookup_elem(&stats, &reason);
    if (s) {
        s->packets++;
        s->bytes += end - data;
    }
    return reason >= DOS_FIRST_DROP ? XDP_DROP : XDP_PASS;
}

char _license[] SEC("license") = "GPL";
