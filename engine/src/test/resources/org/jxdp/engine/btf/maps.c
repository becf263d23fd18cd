/* BTF-defined maps of every shape libbpf knows, for MapDefinitionTest. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct flow_key {
	__u32 saddr;
	__u32 daddr;
	__u16 sport;
	__u16 dport;
	__u8 proto;
};

struct flow_stats {
	__u64 packets;
	__u64 bytes;
};

/* A hash with a struct key and a struct value. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, struct flow_key);
	__type(value, struct flow_stats);
	__uint(max_entries, 65536);
} flows SEC(".maps");

/* An array whose value is given by size only, pinned by name. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__uint(value_size, 24);
	__uint(max_entries, 16);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} config SEC(".maps");

struct lpm_v4_key {
	__u32 prefixlen;
	__u8 addr[4];
};

/* An LPM trie, which the kernel only accepts with BPF_F_NO_PREALLOC. */
struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__type(key, struct lpm_v4_key);
	__type(value, __u32);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__uint(max_entries, 1024);
} blocklist SEC(".maps");

SEC("xdp") int handler_a(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("xdp") int handler_b(struct xdp_md *ctx)
{
	return XDP_DROP;
}

/* A program array with initial values in slots 0 and 2. */
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 4);
	__uint(key_size, sizeof(__u32));
	__array(values, int (void *));
} jump_table SEC(".maps") = {
	.values = {
		[0] = (void *)&handler_a,
		[2] = (void *)&handler_b,
	},
};

struct inner_array {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} inner_a SEC(".maps"), inner_b SEC(".maps");

/* An array of maps with a named inner definition and both slots filled. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, struct inner_array);
} outer SEC(".maps") = {
	.values = { &inner_a, &inner_b },
};

/* A hash of maps with an anonymous inner definition and no initial values. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
	__uint(max_entries, 8);
	__type(key, __u32);
	__array(values, struct {
		__uint(type, BPF_MAP_TYPE_HASH);
		__uint(max_entries, 4);
		__type(key, __u32);
		__type(value, __u32);
	});
} outer_hash SEC(".maps");

/* A per-CPU array on NUMA node 1. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__type(key, __u32);
	__type(value, __u64);
	__uint(max_entries, 256);
	__uint(map_flags, BPF_F_NUMA_NODE);
	__uint(numa_node, 1);
} percpu SEC(".maps");

/* A ring buffer: no key, no value. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 256 * 1024);
} events SEC(".maps");

/* A bloom filter with map_extra (the number of hash functions). */
struct {
	__uint(type, BPF_MAP_TYPE_BLOOM_FILTER);
	__type(value, __u32);
	__uint(max_entries, 1000);
	__uint(map_extra, 3);
} bloom SEC(".maps");

SEC("xdp") int prog(struct xdp_md *ctx)
{
	__u32 zero = 0;
	struct flow_key k = {};
	struct lpm_v4_key l = {};

	if (bpf_map_lookup_elem(&flows, &k) || bpf_map_lookup_elem(&config, &zero) ||
	    bpf_map_lookup_elem(&blocklist, &l) || bpf_map_lookup_elem(&outer, &zero) ||
	    bpf_map_lookup_elem(&outer_hash, &zero) || bpf_map_lookup_elem(&percpu, &zero) ||
	    bpf_map_peek_elem(&bloom, &zero) == 0)
		return XDP_DROP;
	bpf_ringbuf_output(&events, &zero, sizeof(zero), 0);
	bpf_tail_call(ctx, &jump_table, 0);
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
