/*
 * dos_filter.c - jxdp's bundled XDP DoS filter. Its rules live in maps, filled from a YAML rules
 * file by jxdp (org.jxdp.hooks.dos.RulesFile, `jxdp rules check`, `jxdp replay --rules`) or by
 * `bpftool map update` in the kernel; the same object runs in both places.
 *
 * Every frame gets one verdict and one rule id; the rule's packet and byte counters (per-CPU
 * array "rule_hits") are incremented, a dropped IP frame adds one to its source's counter in
 * "talkers" (top talkers, an LRU hash), and the rule id is left in 4 bytes of XDP metadata
 * (bpf_xdp_adjust_meta). The checks, in order (first decision wins):
 *
 *   1. parsing: Ethernet, up to DOS_MAX_VLAN_TAGS (4) VLAN tags (802.1Q, 802.1ad; a fifth is malformed);
 *      IPv4 with IHL honoured (IHL < 5, a header past the frame, a total length shorter than
 *      the header or longer than the frame: malformed); IPv6 with a bounded walk of
 *      DOS_MAX_IPV6_EXT extension headers (hop-by-hop, routing, fragment, destination options,
 *      AH); TCP (data offset < 5 or past the frame: malformed), UDP, ICMP, ICMPv6.
 *      Non-IP frames pass (DOS_RULE_NON_IP).
 *   2. allow list (LPM tries allow_v4 / allow_v6 on the source): pass.
 *   3. deny list (deny_v4 / deny_v6): drop.
 *   4. temporary bans (LRU hash "bans": source -> expiry in bpf_ktime_get_ns time): drop.
 *   5. per-source packet and byte rate (1-second windows, IPv6 per /64) over the config's
 *      limits: the source is banned for src_ban_ns and the frame dropped; likewise fragments
 *      over frag_pps.
 *   6. fragments: a first fragment too short to hold its whole TCP, UDP or ICMP header, a
 *      TCP fragment at offset 8 (RFC 1858), or a fragment with more to come shorter than
 *      config.min_frag_size, is dropped; a non-first fragment is never read as ports (rules
 *      that need L4 fields do not match it).
 *   7. TCP flag sanity (when enabled): no flags, SYN+FIN, SYN+RST, FIN+PSH+URG without ACK.
 *   8. the match rules (array "rules", first match wins, config.nrules of them): protocol,
 *      source/destination CIDR, port ranges, IP length, TTL and TOS ranges, TCP flags under a
 *      mask, ICMP type/code ranges; action pass, drop, or drop and ban the source.
 *   9. amplification (hash "amp_ports"): UDP from a listed source port to a different
 *      destination port with a payload above the port's max_payload.
 *  10. SYN cookies: a destination receiving more than syn_pps SYNs in a second is in cookie
 *      mode (for that second and the next); its SYNs are answered with a SYN-ACK carrying a
 *      cookie (XDP_TX), and an ACK of a connection the filter does not know ("flows": those
 *      whose SYN it passed, or whose cookie it checked) passes only with a valid cookie
 *      (bpf_tcp_raw_gen/check_syncookie_ipv4/6).
 *  11. the default policy (config.default_action).
 *
 * Built with (clang 14; the object is committed beside this file, since a fresh machine may
 * have no clang), in this directory:
 *   clang -O2 -g -target bpf -I/usr/include/x86_64-linux-gnu -fdebug-prefix-map=$PWD=. -c dos_filter.c -o dos_filter.o
 * and copied to hooks/src/main/resources/org/jxdp/hooks/bundled/dos_filter.o.
 * In the kernel:
 *   bpftool prog load dos_filter.o /sys/fs/bpf/dos type xdp pinmaps /sys/fs/bpf/dos_maps
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

/* Rule ids of the built-in checks; the rules file's own rules start at DOS_RULE_FIRST_USER. */
#define DOS_RULE_DEFAULT        0   /* the default policy decided */
#define DOS_RULE_NON_IP         1   /* not IPv4/IPv6: passed to the stack */
#define DOS_RULE_MALFORMED      2   /* truncated or inconsistent headers */
#define DOS_RULE_ALLOW          3   /* source in the allow list */
#define DOS_RULE_DENY           4   /* source in the deny list */
#define DOS_RULE_BANNED         5   /* source under a temporary ban */
#define DOS_RULE_RATE           6   /* source over its packet or byte rate: banned */
#define DOS_RULE_FRAG_RATE      7   /* source over its fragment rate: banned */
#define DOS_RULE_TINY_FRAGMENT  8   /* first fragment without a whole L4 header, TCP at offset 8, or a short non-last fragment */
#define DOS_RULE_TCP_FLAGS      9   /* impossible TCP flag set */
#define DOS_RULE_SYNCOOKIE_SENT 10  /* SYN answered with a cookie SYN-ACK (XDP_TX) */
#define DOS_RULE_SYNCOOKIE_OK   11  /* handshake ACK with a valid cookie: passed */
#define DOS_RULE_SYNCOOKIE_BAD  12  /* in cookie mode: an ACK of an unknown flow without a valid cookie, or a SYN that could not be answered */
#define DOS_RULE_FIRST_USER     16  /* the first id the rules file hands out */
#define DOS_MAX_RULE_IDS        256 /* size of rule_hits */
#define DOS_MAX_RULES           64  /* match rules in "rules" */

/* Actions of a match rule. */
#define DOS_ACTION_PASS 1  /* pass the frame */
#define DOS_ACTION_DROP 2  /* drop the frame */
#define DOS_ACTION_BAN  3  /* drop the frame and ban its source for ban_ns */

/* Config flags. */
#define DOS_CFG_TCP_SANITY 1  /* drop impossible TCP flag sets */

#define DOS_MAX_VLAN_TAGS 4  /* 802.1Q / 802.1ad tags skipped (as xdp-tools' parsing helpers) */
#define DOS_MAX_IPV6_EXT  6  /* IPv6 extension headers walked */
#define NSEC_PER_SEC 1000000000ULL  /* rate windows are one second */

#define IPV4_MF     0x2000  /* more fragments */
#define IPV4_OFFSET 0x1fff  /* fragment offset in 8-byte units */
#define IPV6_FRAG_OFFSET 0xfff8  /* offset bits of the IPv6 fragment header's frag_off */

#define TCP_FLAG_FIN 0x01  /* byte 13 of the TCP header */
#define TCP_FLAG_SYN 0x02
#define TCP_FLAG_RST 0x04
#define TCP_FLAG_PSH 0x08
#define TCP_FLAG_ACK 0x10
#define TCP_FLAG_URG 0x20

/* The settings a rules file gives besides its rules (one element, key 0). */
struct dos_config {
    __u32 default_action; /* XDP_PASS or XDP_DROP */
    __u32 flags;          /* DOS_CFG_* */
    __u32 nrules;         /* rules in use: rules[0..nrules) */
    __u32 min_frag_size;  /* fragments with more to come shorter than this (IP length) are dropped; 0: none */
    __u64 src_pps;        /* packets per second a source may send; 0: no limit */
    __u64 src_bps;        /* bytes per second a source may send; 0: no limit */
    __u64 src_ban_ns;     /* how long a source over a rate is banned */
    __u64 frag_pps;       /* fragments per second a source may send; 0: no limit */
    __u64 syn_pps;        /* SYNs per second to one destination above which it is in cookie mode; 0: never */
};

/* A match rule: every field must match; ranges are inclusive (0..type max: anything), a zero mask matches anything. */
struct dos_rule {
    __u32 id;           /* rule id: index in rule_hits */
    __u8 action;        /* DOS_ACTION_*; 0: an empty slot, never matches */
    __u8 proto;         /* IPPROTO_*; 0: any */
    __u8 family;        /* 4 or 6; 0: any */
    __u8 needs_l4;      /* matches L4 fields, so never a non-first fragment */
    __u8 tcp_mask;      /* TCP flags (byte 13) that must equal tcp_value */
    __u8 tcp_value;
    __u8 ttl_min, ttl_max;    /* TTL / hop limit range */
    __u8 tos_min, tos_max;    /* TOS / traffic class range */
    __u8 icmp_type_min, icmp_type_max;
    __u8 icmp_code_min, icmp_code_max;
    __u16 sport_min, sport_max;
    __u16 dport_min, dport_max;
    __u16 len_min, len_max;   /* IP length (IPv4 total length, IPv6 40 + payload) */
    __u16 pad;
    __u32 src[4], src_mask[4]; /* source CIDR, IPv4 as ::ffff:a.b.c.d */
    __u32 dst[4], dst_mask[4]; /* destination CIDR */
    __u64 ban_ns;       /* DOS_ACTION_BAN: how long */
};

/* An amplification source port: UDP payloads above max_payload to another port are dropped. */
struct dos_amp_port {
    __u32 max_payload;
    __u32 rule;        /* rule id counted */
};

struct dos_lpm_v4 {
    __u32 prefixlen;
    __u8 addr[4];
};

struct dos_lpm_v6 {
    __u32 prefixlen;
    __u8 addr[16];
};

/* An address: IPv6, or IPv4 as ::ffff:a.b.c.d (network byte order). */
struct dos_addr {
    __u32 w[4];
};

struct dos_ban {
    __u64 expires_ns;  /* bpf_ktime_get_ns() time the ban ends */
    __u32 rule;        /* the rule that banned */
    __u32 pad;
};

struct dos_rate {
    __u64 window_ns;   /* start of the current one-second window */
    __u64 packets;
    __u64 bytes;
    __u64 frags;
};

/* A TCP connection, as the client sends it. */
struct dos_flow {
    struct dos_addr src;
    struct dos_addr dst;
    __u16 sport, dport;  /* network order */
};

struct dos_hits {
    __u64 packets;
    __u64 bytes;
};

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, 1);
    __type(key, __u32);
    __type(value, struct dos_config);
} config SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __uint(max_entries, DOS_MAX_RULES);
    __type(key, __u32);
    __type(value, struct dos_rule);
} rules SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 1024);
    __type(key, __u32);
    __type(value, struct dos_amp_port);
} amp_ports SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_LPM_TRIE);
    __uint(map_flags, BPF_F_NO_PREALLOC);
    __uint(max_entries, 65536);
    __type(key, struct dos_lpm_v4);
    __type(value, __u32);
} allow_v4 SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_LPM_TRIE);
    __uint(map_flags, BPF_F_NO_PREALLOC);
    __uint(max_entries, 65536);
    __type(key, struct dos_lpm_v6);
    __type(value, __u32);
} allow_v6 SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_LPM_TRIE);
    __uint(map_flags, BPF_F_NO_PREALLOC);
    __uint(max_entries, 65536);
    __type(key, struct dos_lpm_v4);
    __type(value, __u32);
} deny_v4 SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_LPM_TRIE);
    __uint(map_flags, BPF_F_NO_PREALLOC);
    __uint(max_entries, 65536);
    __type(key, struct dos_lpm_v6);
    __type(value, __u32);
} deny_v6 SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_LRU_HASH);
    __uint(max_entries, 65536);
    __type(key, struct dos_addr);
    __type(value, struct dos_ban);
} bans SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_LRU_HASH);
    __uint(max_entries, 65536);
    __type(key, struct dos_addr);
    __type(value, struct dos_rate);
} src_rates SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_LRU_HASH);
    __uint(max_entries, 16384);
    __type(key, struct dos_addr);
    __type(value, struct dos_rate);
} syn_rates SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_LRU_HASH);
    __uint(max_entries, 65536);
    __type(key, struct dos_flow);
    __type(value, __u64);
} flows SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
    __uint(max_entries, DOS_MAX_RULE_IDS);
    __type(key, __u32);
    __type(value, struct dos_hits);
} rule_hits SEC(".maps");

struct {
    __uint(type, BPF_MAP_TYPE_LRU_HASH);
    __uint(max_entries, 4096);
    __type(key, struct dos_addr);
    __type(value, __u64);
} talkers SEC(".maps");

struct vlan_hdr {
    __be16 tci;
    __be16 proto;
};

/* The IPv6 fragment header (not in the uapi headers). */
struct ipv6_frag_hdr {
    __u8 nexthdr;
    __u8 reserved;
    __be16 frag_off;
    __be32 identification;
};

/* ICMP and ICMPv6 share the layout of their first 8 bytes. */
struct icmp_hdr {
    __u8 type;
    __u8 code;
    __sum16 checksum;
    __be32 rest;
};

/* What the checks need of a frame, as scalars. */
struct pkt {
    struct dos_addr src;
    struct dos_addr dst;
    __u16 sport, dport;   /* host order; 0 without an L4 header */
    __u16 ip_len;         /* IPv4 total length, IPv6 40 + payload length */
    __u16 udp_payload;    /* UDP length - 8 */
    __u32 l4_room;        /* bytes from the L4 header to the end of the IP packet */
    __u32 frame_len;      /* bytes in the frame */
    __u8 proto;           /* L4 protocol (after IPv6 extension headers) */
    __u8 ttl, tos;
    __u8 tcp_flags;
    __u8 icmp_type, icmp_code;
    __u8 v6;
    __u8 has_l4;          /* the L4 header is here (not a non-first fragment) */
    __u8 fragment;        /* any fragment */
    __u8 more_frags;      /* a fragment with more to come (IPv4 MF, IPv6 M) */
    __u8 pad[2];
};

/* Where the L3 and L4 headers are, for the SYN cookie path. */
struct hdrs {
    void *l3;
    void *l4;
    void *eth;
};

static __always_inline void count_hit(__u32 rule, __u64 bytes)
{
    struct dos_hits *h = bpf_map_lookup_elem(&rule_hits, &rule);
    if (h) {
        h->packets++;
        h->bytes += bytes;
    }
}

/* Leaves the rule id in 4 bytes of XDP metadata, for TC, AF_XDP or jxdp's annotations to read. */
static __always_inline void note_rule(struct xdp_md *ctx, __u32 rule)
{
    if (bpf_xdp_adjust_meta(ctx, -(int)sizeof(__u32)))
        return;
    void *meta = (void *)(long)ctx->data_meta;
    void *data = (void *)(long)ctx->data;
    if (meta + sizeof(__u32) > data)
        return;
    *(__u32 *)meta = rule;
}

static __always_inline void count_drop(struct dos_addr *src)
{
    __u64 *n = bpf_map_lookup_elem(&talkers, src);
    if (n) {
        __sync_fetch_and_add(n, 1);
        return;
    }
    __u64 one = 1;
    bpf_map_update_elem(&talkers, src, &one, BPF_NOEXIST);
}

/* Parses IPv4 from ip; fills p. Returns 0, or DOS_RULE_MALFORMED / DOS_RULE_TINY_FRAGMENT. */
static __always_inline int parse_ipv4(struct iphdr *ip, void *end, struct pkt *p, struct hdrs *h)
{
    if ((void *)(ip + 1) > end)
        return DOS_RULE_MALFORMED;
    if (ip->version != 4 || ip->ihl < 5)
        return DOS_RULE_MALFORMED;
    __u32 hlen = ip->ihl * 4;
    __u32 total = bpf_ntohs(ip->tot_len);
    if (total < hlen || (void *)ip + total > end)
        return DOS_RULE_MALFORMED;
    p->src.w[2] = bpf_htonl(0xffff);
    p->src.w[3] = ip->saddr;
    p->dst.w[2] = bpf_htonl(0xffff);
    p->dst.w[3] = ip->daddr;
    p->ip_len = total;
    p->proto = ip->protocol;
    p->ttl = ip->ttl;
    p->tos = ip->tos;
    __u16 frag = bpf_ntohs(ip->frag_off);
    __u16 offset = frag & IPV4_OFFSET;
    p->fragment = (frag & (IPV4_MF | IPV4_OFFSET)) != 0;
    p->more_frags = (frag & IPV4_MF) != 0;
    if (offset) {
        /* RFC 1858: a TCP fragment at offset 8 can rewrite the flags of the first */
        if (offset == 1 && ip->protocol == IPPROTO_TCP)
            return DOS_RULE_TINY_FRAGMENT;
        return 0;
    }
    p->has_l4 = 1;
    p->l4_room = total - hlen;
    h->l3 = ip;
    h->l4 = (void *)ip + hlen;
    return 0;
}

/* Walks the IPv6 header and its extension headers; fills p. */
static __always_inline int parse_ipv6(struct ipv6hdr *ip6, void *end, struct pkt *p, struct hdrs *h)
{
    if ((void *)(ip6 + 1) > end)
        return DOS_RULE_MALFORMED;
    if (ip6->version != 6)
        return DOS_RULE_MALFORMED;
    __u32 plen = bpf_ntohs(ip6->payload_len);
    if (plen == 0)      /* a jumbogram (hop-by-hop jumbo option): the frame's length */
        plen = end - (void *)(ip6 + 1);
    if ((void *)(ip6 + 1) + plen > end)
        return DOS_RULE_MALFORMED;
    __builtin_memcpy(p->src.w, &ip6->saddr, 16);
    __builtin_memcpy(p->dst.w, &ip6->daddr, 16);
    p->ip_len = plen + 40 > 0xffff ? 0xffff : plen + 40;
    p->ttl = ip6->hop_limit;
    p->tos = (bpf_ntohs(*(__be16 *)ip6) >> 4) & 0xff;
    p->v6 = 1;
    __u8 next = ip6->nexthdr;
    void *cur = ip6 + 1;
    int first = 1;
#pragma unroll
    for (int i = 0; i < DOS_MAX_IPV6_EXT; i++) {
        if (next == IPPROTO_HOPOPTS || next == IPPROTO_ROUTING || next == IPPROTO_DSTOPTS) {
            struct ipv6_opt_hdr *o = cur;
            if ((void *)(o + 1) > end)
                return DOS_RULE_MALFORMED;
            next = o->nexthdr;
            cur += (o->hdrlen + 1) * 8;
        } else if (next == IPPROTO_AH) {
            struct ipv6_opt_hdr *o = cur;
            if ((void *)(o + 1) > end)
                return DOS_RULE_MALFORMED;
            next = o->nexthdr;
            cur += (o->hdrlen + 2) * 4;
        } else if (next == IPPROTO_FRAGMENT) {
            struct ipv6_frag_hdr *f = cur;
            if ((void *)(f + 1) > end)
                return DOS_RULE_MALFORMED;
            p->fragment = 1;
            if (f->frag_off & bpf_htons(IPV6_FRAG_OFFSET))
                first = 0;
            if (f->frag_off & bpf_htons(1))
                p->more_frags = 1;
            next = f->nexthdr;
            cur = f + 1;
        } else {
            break;
        }
    }
    if (next == IPPROTO_HOPOPTS || next == IPPROTO_ROUTING || next == IPPROTO_DSTOPTS || next == IPPROTO_AH
        || next == IPPROTO_FRAGMENT)
        return DOS_RULE_MALFORMED;   /* more extension headers than the walk allows */
    long off = cur - (void *)ip6;
    if (off > 40 + plen)
        return DOS_RULE_MALFORMED;
    p->proto = next;
    if (!first)
        return 0;
    p->has_l4 = 1;
    p->l4_room = 40 + plen - off;
    h->l3 = ip6;
    h->l4 = cur;
    return 0;
}

/* Reads the L4 header at h->l4, which must lie within the IP packet (p->l4_room bytes). */
static __always_inline int parse_l4(struct pkt *p, struct hdrs *h, void *end)
{
    void *l4 = h->l4;
    __u32 room = p->l4_room;
    int short_rule = p->fragment ? DOS_RULE_TINY_FRAGMENT : DOS_RULE_MALFORMED;
    if (p->proto == IPPROTO_TCP) {
        struct tcphdr *th = l4;
        if ((void *)(th + 1) > end || room < sizeof(*th))
            return short_rule;
        if (th->doff < 5)
            return DOS_RULE_MALFORMED;
        if (th->doff * 4 > room)
            return short_rule;
        p->sport = bpf_ntohs(th->source);
        p->dport = bpf_ntohs(th->dest);
        p->tcp_flags = ((__u8 *)th)[13];
    } else if (p->proto == IPPROTO_UDP) {
        struct udphdr *uh = l4;
        if ((void *)(uh + 1) > end || room < sizeof(*uh))
            return short_rule;
        __u32 ulen = bpf_ntohs(uh->len);
        if (ulen < sizeof(*uh))
            return DOS_RULE_MALFORMED;
        if (!p->fragment && ulen > room)
            return DOS_RULE_MALFORMED;
        p->sport = bpf_ntohs(uh->source);
        p->dport = bpf_ntohs(uh->dest);
        p->udp_payload = ulen - sizeof(*uh);
    } else if (p->proto == IPPROTO_ICMP || p->proto == IPPROTO_ICMPV6) {
        struct icmp_hdr *ic = l4;
        if ((void *)(ic + 1) > end || room < sizeof(*ic))
            return short_rule;
        p->icmp_type = ic->type;
        p->icmp_code = ic->code;
    }
    return 0;
}

static __always_inline int addr_in(const struct dos_addr *a, const __u32 *net, const __u32 *mask)
{
    return (a->w[0] & mask[0]) == net[0] && (a->w[1] & mask[1]) == net[1] && (a->w[2] & mask[2]) == net[2]
        && (a->w[3] & mask[3]) == net[3];
}

struct match_ctx {
    struct pkt *p;
    __u32 nrules;
    __u32 matched;   /* index of the rule that matched, or DOS_MAX_RULES */
};

/* bpf_loop callback: does rule i match? Stops the loop (returns 1) on the first match. */
static long match_rule(__u32 i, void *data)
{
    struct match_ctx *m = data;
    if (i >= m->nrules)
        return 1;
    struct dos_rule *r = bpf_map_lookup_elem(&rules, &i);
    if (!r || !r->action)
        return 0;
    struct pkt *p = m->p;
    if (r->proto && r->proto != p->proto)
        return 0;
    if (r->family && r->family != (p->v6 ? 6 : 4))
        return 0;
    if (r->needs_l4 && !p->has_l4)
        return 0;
    if (p->sport < r->sport_min || p->sport > r->sport_max)
        return 0;
    if (p->dport < r->dport_min || p->dport > r->dport_max)
        return 0;
    if (p->ip_len < r->len_min || p->ip_len > r->len_max)
        return 0;
    if (p->ttl < r->ttl_min || p->ttl > r->ttl_max)
        return 0;
    if (p->tos < r->tos_min || p->tos > r->tos_max)
        return 0;
    if ((p->tcp_flags & r->tcp_mask) != r->tcp_value)
        return 0;
    if (p->icmp_type < r->icmp_type_min || p->icmp_type > r->icmp_type_max)
        return 0;
    if (p->icmp_code < r->icmp_code_min || p->icmp_code > r->icmp_code_max)
        return 0;
    if (!addr_in(&p->src, r->src, r->src_mask) || !addr_in(&p->dst, r->dst, r->dst_mask))
        return 0;
    m->matched = i;
    return 1;
}

/* Adds a frame to a one-second window; returns the window's counters after it. */
static __always_inline struct dos_rate *rate_add(void *map, struct dos_addr *key, __u64 now, __u64 bytes,
                                                 __u64 frags)
{
    struct dos_rate *r = bpf_map_lookup_elem(map, key);
    if (!r) {
        struct dos_rate fresh = { .window_ns = now, .packets = 1, .bytes = bytes, .frags = frags };
        bpf_map_update_elem(map, key, &fresh, BPF_ANY);
        return bpf_map_lookup_elem(map, key);
    }
    if (now - r->window_ns >= NSEC_PER_SEC) {
        r->window_ns = now;
        r->packets = 1;
        r->bytes = bytes;
        r->frags = frags;
        return r;
    }
    __sync_fetch_and_add(&r->packets, 1);
    __sync_fetch_and_add(&r->bytes, bytes);
    if (frags)
        __sync_fetch_and_add(&r->frags, 1);
    return r;
}

static __always_inline void ban(struct dos_addr *src, __u64 now, __u64 ns, __u32 rule)
{
    struct dos_ban b = { .expires_ns = now + ns, .rule = rule };
    bpf_map_update_elem(&bans, src, &b, BPF_ANY);
}

/* Folds a 32-bit checksum sum into 16 bits. */
static __always_inline __u16 csum_fold(__u64 sum)
{
    sum = (sum & 0xffffffff) + (sum >> 32);
    sum = (sum & 0xffffffff) + (sum >> 32);
    sum = (sum & 0xffff) + (sum >> 16);
    sum = (sum & 0xffff) + (sum >> 16);
    return ~sum;
}

#define SYNACK_TCP_LEN 24  /* TCP header with one MSS option */

/*
 * Turns the SYN at h into a SYN-ACK carrying a cookie, in place, and shortens the frame to it.
 * Returns XDP_TX, or -1 when the SYN cannot be answered (IPv4 options, helper refusal).
 */
static __always_inline int syncookie_answer(struct xdp_md *ctx, struct pkt *p, __u32 l3_off)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    if (l3_off > 64)
        return -1;
    void *l3 = data + l3_off;
    struct ethhdr *eth = data;
    if ((void *)(eth + 1) > end)
        return -1;
    __s64 cookie;
    struct tcphdr *th;
    __u32 l4_len;
    /* the helper reads th_len bytes of TCP header: a copy on the stack proves they are there */
    __u8 tcpbuf[60] = {};
    if (!p->v6) {
        struct iphdr *ip = l3;
        if ((void *)(ip + 1) > end || ip->ihl != 5)
            return -1;
        th = (void *)(ip + 1);
        if ((void *)(th + 1) > end)
            return -1;
        __u32 thlen = th->doff * 4;
        if (thlen < sizeof(*th) || thlen > sizeof(tcpbuf)
            || bpf_xdp_load_bytes(ctx, l3_off + sizeof(*ip), tcpbuf, thlen))
            return -1;
        cookie = bpf_tcp_raw_gen_syncookie_ipv4(ip, (struct tcphdr *)tcpbuf, thlen);
        if (cookie < 0)
            return -1;
        l4_len = sizeof(struct iphdr);
    } else {
        struct ipv6hdr *ip6 = l3;
        if ((void *)(ip6 + 1) > end || ip6->nexthdr != IPPROTO_TCP)
            return -1;
        th = (void *)(ip6 + 1);
        if ((void *)(th + 1) > end)
            return -1;
        __u32 thlen = th->doff * 4;
        if (thlen < sizeof(*th) || thlen > sizeof(tcpbuf)
            || bpf_xdp_load_bytes(ctx, l3_off + sizeof(*ip6), tcpbuf, thlen))
            return -1;
        cookie = bpf_tcp_raw_gen_syncookie_ipv6(ip6, (struct tcphdr *)tcpbuf, thlen);
        if (cookie < 0)
            return -1;
        l4_len = sizeof(struct ipv6hdr);
    }
    __u32 seq = bpf_ntohl(th->seq);
    __u16 sport = th->source;
    __u16 mss = cookie >> 32;
    /* shorten the frame to L2 + L3 + a 24-byte TCP header */
    int want = l3_off + l4_len + SYNACK_TCP_LEN;
    int delta = want - (int)p->frame_len;
    if (delta && bpf_xdp_adjust_tail(ctx, delta))
        return -1;
    data = (void *)(long)ctx->data;
    end = (void *)(long)ctx->data_end;
    eth = data;
    if ((void *)(eth + 1) > end)
        return -1;
    __u8 mac[ETH_ALEN];
    __builtin_memcpy(mac, eth->h_source, ETH_ALEN);
    __builtin_memcpy(eth->h_source, eth->h_dest, ETH_ALEN);
    __builtin_memcpy(eth->h_dest, mac, ETH_ALEN);
    if (l3_off > 64)
        return -1;
    l3 = data + l3_off;
    __u64 sum = 0;
    if (!p->v6) {
        struct iphdr *ip = l3;
        if ((void *)(ip + 1) + SYNACK_TCP_LEN > end)
            return -1;
        __be32 a = ip->saddr;
        ip->saddr = ip->daddr;
        ip->daddr = a;
        ip->tot_len = bpf_htons(sizeof(struct iphdr) + SYNACK_TCP_LEN);
        ip->ttl = 64;
        ip->id = 0;
        ip->frag_off = bpf_htons(0x4000);  /* DF */
        ip->tos = 0;
        ip->check = 0;
        ip->check = csum_fold(bpf_csum_diff(0, 0, (__be32 *)ip, sizeof(*ip), 0));
        th = (void *)(ip + 1);
        sum = (__u64)ip->saddr + ip->daddr + bpf_htonl(IPPROTO_TCP) + bpf_htonl(SYNACK_TCP_LEN);
    } else {
        struct ipv6hdr *ip6 = l3;
        if ((void *)(ip6 + 1) + SYNACK_TCP_LEN > end)
            return -1;
        struct in6_addr a = ip6->saddr;
        ip6->saddr = ip6->daddr;
        ip6->daddr = a;
        ip6->payload_len = bpf_htons(SYNACK_TCP_LEN);
        ip6->hop_limit = 64;
        th = (void *)(ip6 + 1);
        sum = bpf_csum_diff(0, 0, (__be32 *)&ip6->saddr, 32, 0);
        sum += bpf_htonl(IPPROTO_TCP) + bpf_htonl(SYNACK_TCP_LEN);
    }
    if ((void *)th + SYNACK_TCP_LEN > end)
        return -1;
    th->source = th->dest;
    th->dest = sport;
    th->ack_seq = bpf_htonl(seq + 1);
    th->seq = bpf_htonl((__u32)cookie);
    ((__u8 *)th)[12] = (SYNACK_TCP_LEN / 4) << 4;
    ((__u8 *)th)[13] = TCP_FLAG_SYN | TCP_FLAG_ACK;
    th->window = bpf_htons(0xffff);
    th->urg_ptr = 0;
    th->check = 0;
    __u8 *opt = (__u8 *)(th + 1);
    opt[0] = 2;   /* MSS */
    opt[1] = 4;
    opt[2] = mss >> 8;
    opt[3] = mss & 0xff;
    sum += bpf_csum_diff(0, 0, (__be32 *)th, SYNACK_TCP_LEN, 0);
    th->check = csum_fold(sum);
    return XDP_TX;
}

/* In cookie mode: does this handshake ACK carry a valid cookie? */
static __always_inline int syncookie_valid(struct xdp_md *ctx, struct pkt *p, __u32 l3_off)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    if (l3_off > 64)
        return 0;
    void *l3 = data + l3_off;
    if (!p->v6) {
        struct iphdr *ip = l3;
        if ((void *)(ip + 1) > end || ip->ihl != 5)
            return 0;
        struct tcphdr *th = (void *)(ip + 1);
        if ((void *)(th + 1) > end)
            return 0;
        return bpf_tcp_raw_check_syncookie_ipv4(ip, th) == 0;
    }
    struct ipv6hdr *ip6 = l3;
    if ((void *)(ip6 + 1) > end || ip6->nexthdr != IPPROTO_TCP)
        return 0;
    struct tcphdr *th = (void *)(ip6 + 1);
    if ((void *)(th + 1) > end)
        return 0;
    return bpf_tcp_raw_check_syncookie_ipv6(ip6, th) == 0;
}

/* The verdict for one IP frame; *rule gets the deciding rule's id. */
static __always_inline int decide(struct xdp_md *ctx, struct pkt *p, struct hdrs *h, __u32 l3_off, __u32 *rule)
{
    __u32 zero = 0;
    struct dos_config *cfg = bpf_map_lookup_elem(&config, &zero);
    if (!cfg) {
        *rule = DOS_RULE_DEFAULT;
        return XDP_PASS;
    }
    __u32 *id;
    if (!p->v6) {
        struct dos_lpm_v4 k = { .prefixlen = 32 };
        __builtin_memcpy(k.addr, &p->src.w[3], 4);
        id = bpf_map_lookup_elem(&allow_v4, &k);
        if (id) {
            *rule = *id;
            return XDP_PASS;
        }
        id = bpf_map_lookup_elem(&deny_v4, &k);
    } else {
        struct dos_lpm_v6 k = { .prefixlen = 128 };
        __builtin_memcpy(k.addr, p->src.w, 16);
        id = bpf_map_lookup_elem(&allow_v6, &k);
        if (id) {
            *rule = *id;
            return XDP_PASS;
        }
        id = bpf_map_lookup_elem(&deny_v6, &k);
    }
    if (id) {
        *rule = *id;
        return XDP_DROP;
    }

    __u64 now = bpf_ktime_get_ns();
    /* rates and bans are per IPv4 address and per IPv6 /64 */
    struct dos_addr who = p->src;
    if (p->v6) {
        who.w[2] = 0;
        who.w[3] = 0;
    }
    struct dos_ban *b = bpf_map_lookup_elem(&bans, &who);
    if (b) {
        if (now < b->expires_ns) {
            *rule = DOS_RULE_BANNED;
            return XDP_DROP;
        }
        bpf_map_delete_elem(&bans, &who);
    }
    if (cfg->src_pps || cfg->src_bps || cfg->frag_pps) {
        struct dos_rate *r = rate_add(&src_rates, &who, now, p->ip_len, p->fragment);
        if (r) {
            if ((cfg->src_pps && r->packets > cfg->src_pps) || (cfg->src_bps && r->bytes * 8 > cfg->src_bps)) {
                ban(&who, now, cfg->src_ban_ns, DOS_RULE_RATE);
                *rule = DOS_RULE_RATE;
                return XDP_DROP;
            }
            if (cfg->frag_pps && r->frags > cfg->frag_pps) {
                ban(&who, now, cfg->src_ban_ns, DOS_RULE_FRAG_RATE);
                *rule = DOS_RULE_FRAG_RATE;
                return XDP_DROP;
            }
        }
    }

    if (p->more_frags && p->ip_len < cfg->min_frag_size) {
        *rule = DOS_RULE_TINY_FRAGMENT;
        return XDP_DROP;
    }

    if (h->l4) {   /* not p->has_l4: the verifier must see the pointer is set */
        int bad = parse_l4(p, h, (void *)(long)ctx->data_end);
        if (bad) {
            *rule = bad;
            return XDP_DROP;
        }
    }

    __u8 f = p->tcp_flags;
    if ((cfg->flags & DOS_CFG_TCP_SANITY) && p->has_l4 && p->proto == IPPROTO_TCP) {
        if ((f & (TCP_FLAG_FIN | TCP_FLAG_SYN | TCP_FLAG_RST | TCP_FLAG_PSH | TCP_FLAG_ACK | TCP_FLAG_URG)) == 0
            || ((f & TCP_FLAG_SYN) && (f & (TCP_FLAG_FIN | TCP_FLAG_RST)))
            || (f & (TCP_FLAG_FIN | TCP_FLAG_PSH | TCP_FLAG_URG | TCP_FLAG_ACK))
                   == (TCP_FLAG_FIN | TCP_FLAG_PSH | TCP_FLAG_URG)) {
            *rule = DOS_RULE_TCP_FLAGS;
            return XDP_DROP;
        }
    }

    struct match_ctx m = { .p = p, .nrules = cfg->nrules, .matched = DOS_MAX_RULES };
    if (m.nrules > DOS_MAX_RULES)
        m.nrules = DOS_MAX_RULES;
    if (m.nrules)
        bpf_loop(m.nrules, match_rule, &m, 0);
    if (m.matched < DOS_MAX_RULES) {
        __u32 i = m.matched;
        struct dos_rule *r = bpf_map_lookup_elem(&rules, &i);
        if (r) {
            *rule = r->id;
            if (r->action == DOS_ACTION_PASS)
                return XDP_PASS;
            if (r->action == DOS_ACTION_BAN)
                ban(&who, now, r->ban_ns, r->id);
            return XDP_DROP;
        }
    }

    if (p->has_l4 && p->proto == IPPROTO_UDP && p->sport != p->dport) {
        __u32 port = p->sport;
        struct dos_amp_port *a = bpf_map_lookup_elem(&amp_ports, &port);
        if (a && p->udp_payload > a->max_payload) {
            *rule = a->rule;
            return XDP_DROP;
        }
    }

    if (cfg->syn_pps && p->has_l4 && p->proto == IPPROTO_TCP && !p->fragment) {
        int syn = (f & (TCP_FLAG_SYN | TCP_FLAG_ACK | TCP_FLAG_RST)) == TCP_FLAG_SYN;
        int ack = (f & (TCP_FLAG_SYN | TCP_FLAG_ACK | TCP_FLAG_RST | TCP_FLAG_FIN)) == TCP_FLAG_ACK;
        if (syn || ack) {
            struct dos_rate *r;
            if (syn) {
                r = rate_add(&syn_rates, &p->dst, now, 0, 0);
            } else {
                r = bpf_map_lookup_elem(&syn_rates, &p->dst);
            }
            struct dos_flow flow = { .src = p->src, .dst = p->dst, .sport = bpf_htons(p->sport),
                                     .dport = bpf_htons(p->dport) };
            /* cookie mode: over the limit in this window or the last one */
            if (r && r->packets > cfg->syn_pps && now - r->window_ns < 2 * NSEC_PER_SEC) {
                if (syn) {
                    if (syncookie_answer(ctx, p, l3_off) == XDP_TX) {
                        *rule = DOS_RULE_SYNCOOKIE_SENT;
                        return XDP_TX;
                    }
                    *rule = DOS_RULE_SYNCOOKIE_BAD;
                    return XDP_DROP;
                }
                if (!bpf_map_lookup_elem(&flows, &flow)) {
                    if (!syncookie_valid(ctx, p, l3_off)) {
                        *rule = DOS_RULE_SYNCOOKIE_BAD;
                        return XDP_DROP;
                    }
                    bpf_map_update_elem(&flows, &flow, &now, BPF_ANY);
                    *rule = DOS_RULE_SYNCOOKIE_OK;
                    return XDP_PASS;
                }
            } else if (syn && cfg->default_action != XDP_DROP) {
                bpf_map_update_elem(&flows, &flow, &now, BPF_ANY);
            }
        }
    }

    *rule = DOS_RULE_DEFAULT;
    return cfg->default_action == XDP_DROP ? XDP_DROP : XDP_PASS;
}

SEC("xdp")
int dos_filter(struct xdp_md *ctx)
{
    void *data = (void *)(long)ctx->data;
    void *end = (void *)(long)ctx->data_end;
    __u64 bytes = end - data;
    struct pkt p = {};
    struct hdrs h = {};
    p.frame_len = bytes;
    __u32 rule = DOS_RULE_MALFORMED;
    int verdict = XDP_DROP;

    struct ethhdr *eth = data;
    if ((void *)(eth + 1) > end)
        goto out;
    __u16 proto = eth->h_proto;
    void *cur = eth + 1;
#pragma unroll
    for (int i = 0; i < DOS_MAX_VLAN_TAGS; i++) {
        if (proto != bpf_htons(ETH_P_8021Q) && proto != bpf_htons(ETH_P_8021AD))
            break;
        struct vlan_hdr *v = cur;
        if ((void *)(v + 1) > end)
            goto out;
        proto = v->proto;
        cur = v + 1;
    }
    if (proto == bpf_htons(ETH_P_8021Q) || proto == bpf_htons(ETH_P_8021AD))
        goto out;   /* more tags than the walk allows */
    int bad;
    if (proto == bpf_htons(ETH_P_IP)) {
        bad = parse_ipv4(cur, end, &p, &h);
    } else if (proto == bpf_htons(ETH_P_IPV6)) {
        bad = parse_ipv6(cur, end, &p, &h);
    } else {
        rule = DOS_RULE_NON_IP;
        verdict = XDP_PASS;
        goto out;
    }
    if (bad) {
        rule = bad;
        if (bad == DOS_RULE_TINY_FRAGMENT)
            count_drop(&p.src);
        goto out;
    }
    verdict = decide(ctx, &p, &h, cur - data, &rule);
    if (verdict == XDP_DROP)
        count_drop(&p.src);
out:
    count_hit(rule, bytes);
    note_rule(ctx, rule);
    return verdict;
}

char _license[] SEC("license") = "GPL";
