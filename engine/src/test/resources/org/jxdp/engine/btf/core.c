/* CO-RE relocations: field offsets, sizes, existence and a bitfield, for BtfExtTest. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

struct pkt_meta {
	__u32 mark;
	__u16 vlan;
	__u8 flags : 3;
	__u8 prio : 5;
	__u64 ts;
} __attribute__((preserve_access_index));

struct pkt_meta meta_storage;

SEC("xdp") int core_prog(struct xdp_md *ctx)
{
	struct pkt_meta *m = &meta_storage;
	__u32 r = 0;

	r += BPF_CORE_READ(m, vlan);
	if (bpf_core_field_exists(m->ts))
		r += bpf_core_field_size(m->ts);
	r += BPF_CORE_READ_BITFIELD_PROBED(m, prio);
	return r & 3;
}

char LICENSE[] SEC("license") = "GPL";
