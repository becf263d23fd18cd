/* The helpers whose results are not packet bytes: the clocks, the random generator, the CPU id,
 * bpf_trace_printk's lengths and refusals, and the argument checks of bpf_loop and
 * bpf_for_each_map_elem. What is not deterministic (times, random numbers) is reduced to facts
 * that hold on every run: non-zero, monotonic, different. */
#include "common.h"

struct {
    __uint(type, BPF_MAP_TYPE_ARRAY);
    __type(key, __u32);
    __type(value, __u64);
    __uint(max_entries, 16);
} res SEC(".maps");

static __always_inline void set(__u32 slot, __u64 v)
{
    __u64 *c = bpf_map_lookup_elem(&res, &slot);
    if (c)
        *c = v;
}

static __always_inline void record(__u32 slot, long v)
{
    __u64 *c = bpf_map_lookup_elem(&res, &slot);
    if (c)
        *c = (*c << 8) | (v & 0xff);
}

SEC("xdp")
int clocks(struct xdp_md *ctx)
{
    __u64 t1 = bpf_ktime_get_ns();
    __u64 b1 = bpf_ktime_get_boot_ns();
    __u64 c1 = bpf_ktime_get_coarse_ns();
    __u64 j1 = bpf_jiffies64();
    __u64 t2 = bpf_ktime_get_ns();
    __u64 b2 = bpf_ktime_get_boot_ns();
    __u64 j2 = bpf_jiffies64();
    __u32 facts = 0;
    facts |= (t1 != 0) << 0;
    facts |= (t2 >= t1) << 1;
    facts |= (b1 != 0) << 2;
    facts |= (b2 >= b1) << 3;
    facts |= (b1 >= t1) << 4;          /* boot time includes suspend: never behind monotonic */
    facts |= (c1 != 0) << 5;
    facts |= (c1 <= t2) << 6;          /* the coarse clock lags */
    facts |= (j1 != 0) << 7;
    facts |= (j2 >= j1) << 8;
    facts |= (t2 - t1 < 1000000000ULL) << 9;   /* two reads within a second */
    return facts;
}

SEC("xdp")
int randomness(struct xdp_md *ctx)
{
    __u32 a = bpf_get_prandom_u32();
    __u32 b = bpf_get_prandom_u32();
    __u32 c = bpf_get_prandom_u32();
    __u32 cpu = bpf_get_smp_processor_id();
    /* three equal 32-bit draws: about one chance in 2^64 */
    __u32 facts = (a != b || b != c) | (cpu == 0) << 1;
    __u64 bits = 0;
    for (int i = 0; i < 64; i++)
        bits |= bpf_get_prandom_u32();
    facts |= (bits == 0xffffffffULL) << 2;   /* 64 draws set every bit but once in ~2^59 */
    return facts | cpu << 8;
}

SEC("xdp")
int printk(struct xdp_md *ctx)
{
    __u32 len = ctx->data_end - ctx->data;
    char f1[] = "jxdp %d %u %x\n";
    char f2[] = "%llx|%5d|%05u\n";
    char f3[] = "%-4d|%+d|% d.\n";
    char f4[] = "%c%c %%%s\n";
    char f5[] = "%pI4 %pi4\n";
    char f6[] = "%pI6\n";
    char f7[] = "%pi6 %X\n";
    char bad_h[] = "%hd\n";
    char bad_n[] = "%n\n";
    char bad_four[] = "%d %d %d %d\n";
    char bad_ctl[] = "tab\tok, bell\a not\n";
    char bad_lll[] = "%lllx\n";
    char bad_lc[] = "%lc\n";
    char unterminated[] = "abc";
    char word[] = "word";
    __u8 v4[4] = {192, 0, 2, 1};
    __u8 v6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1};
    long r;
    r = bpf_trace_printk(f1, sizeof(f1), -(long)len, len, len * 4096);
    record(0, r);
    r = bpf_trace_printk(f2, sizeof(f2), 0x1234567890abcdefULL, len, len);
    record(0, r);
    r = bpf_trace_printk(f3, sizeof(f3), -(long)len, len, len);
    record(0, r);
    r = bpf_trace_printk(f4, sizeof(f4), 'x', 'y', (long)word);
    record(1, r);
    r = bpf_trace_printk(f5, sizeof(f5), (long)v4, (long)v4, 0);
    record(1, r);
    r = bpf_trace_printk(f6, sizeof(f6), (long)v6, 0, 0);
    record(1, r);
    r = bpf_trace_printk(f7, sizeof(f7), (long)v6, 0xabcdef, 0);
    record(1, r);
    r = bpf_trace_printk(f1, sizeof(f1), 5, -5, -5);
    record(2, r);
    char f9[] = "%05d|%-5x|%+u\n";
    r = bpf_trace_printk(f9, sizeof(f9), -(long)len, len, len);
    record(2, r);
    char f10[] = "[%7s|%-3c|%px]\n";
    r = bpf_trace_printk(f10, sizeof(f10), (long)word, 'z', 0xabc);
    record(2, r);
    record(3, bpf_trace_printk(bad_h, sizeof(bad_h), 1, 0, 0));
    record(3, bpf_trace_printk(bad_n, sizeof(bad_n), 1, 0, 0));
    record(3, bpf_trace_printk(bad_four, sizeof(bad_four), 1, 2, 3));
    record(3, bpf_trace_printk(bad_ctl, sizeof(bad_ctl), 0, 0, 0));
    record(4, bpf_trace_printk(bad_lll, sizeof(bad_lll), 1, 0, 0));
    record(4, bpf_trace_printk(bad_lc, sizeof(bad_lc), 'x', 0, 0));
    record(4, bpf_trace_printk(unterminated, sizeof(unterminated) - 1, 0, 0, 0));
    return r;
}

static long count_to(__u32 i, __u64 *limit)
{
    return i >= *limit;
}

static long visit(void *map, __u32 *key, __u64 *value, void *ctx)
{
    return 0;
}

SEC("xdp")
int loops(struct xdp_md *ctx)
{
    __u64 limit = (ctx->data_end - ctx->data) % 7;
    set(8, bpf_loop(10, count_to, &limit, 0));            /* stops after limit + 1 calls */
    set(9, bpf_loop(0, count_to, &limit, 0));
    record(10, bpf_loop(1 << 24, count_to, &limit, 0));   /* more than BPF_MAX_LOOPS: -E2BIG */
    record(10, bpf_loop(3, count_to, &limit, 1));         /* flags: -EINVAL */
    record(11, bpf_for_each_map_elem(&res, visit, 0, 1)); /* flags: -EINVAL */
    set(12, bpf_for_each_map_elem(&res, visit, 0, 0));
    return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
