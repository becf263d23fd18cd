package org.jxdp.engine.helpers;

/**
 * The ids of the Linux kernel's BPF helper functions ({@code enum bpf_func_id} in
 * {@code include/uapi/linux/bpf.h}), under their kernel names, each with its C prototype.
 * A program calls a helper by id ({@code call 1} is {@code bpf_map_lookup_elem}).
 *
 * <p>This is the kernel's list, not jxdp's: which of these jxdp implements, and for which program
 * types, is decided by the helper tables built from it. Every id here has a name, so a program
 * that calls a helper jxdp lacks is refused with both.
 */
public final class BpfFunc {
    private BpfFunc() {
    }

    /** (no helper: the id is reserved) */
    public static final int BPF_FUNC_unspec = 0;
    /** void *bpf_map_lookup_elem(void *map, const void *key) */
    public static final int BPF_FUNC_map_lookup_elem = 1;
    /** long bpf_map_update_elem(void *map, const void *key, const void *value, __u64 flags) */
    public static final int BPF_FUNC_map_update_elem = 2;
    /** long bpf_map_delete_elem(void *map, const void *key) */
    public static final int BPF_FUNC_map_delete_elem = 3;
    /** long bpf_probe_read(void *dst, __u32 size, const void *unsafe_ptr) */
    public static final int BPF_FUNC_probe_read = 4;
    /** __u64 bpf_ktime_get_ns(void) */
    public static final int BPF_FUNC_ktime_get_ns = 5;
    /** long bpf_trace_printk(const char *fmt, __u32 fmt_size, ...) */
    public static final int BPF_FUNC_trace_printk = 6;
    /** __u32 bpf_get_prandom_u32(void) */
    public static final int BPF_FUNC_get_prandom_u32 = 7;
    /** __u32 bpf_get_smp_processor_id(void) */
    public static final int BPF_FUNC_get_smp_processor_id = 8;
    /** long bpf_skb_store_bytes(struct __sk_buff *skb, __u32 offset, const void *from, __u32 len, __u64 flags) */
    public static final int BPF_FUNC_skb_store_bytes = 9;
    /** long bpf_l3_csum_replace(struct __sk_buff *skb, __u32 offset, __u64 from, __u64 to, __u64 size) */
    public static final int BPF_FUNC_l3_csum_replace = 10;
    /** long bpf_l4_csum_replace(struct __sk_buff *skb, __u32 offset, __u64 from, __u64 to, __u64 flags) */
    public static final int BPF_FUNC_l4_csum_replace = 11;
    /** long bpf_tail_call(void *ctx, void *prog_array_map, __u32 index) */
    public static final int BPF_FUNC_tail_call = 12;
    /** long bpf_clone_redirect(struct __sk_buff *skb, __u32 ifindex, __u64 flags) */
    public static final int BPF_FUNC_clone_redirect = 13;
    /** __u64 bpf_get_current_pid_tgid(void) */
    public static final int BPF_FUNC_get_current_pid_tgid = 14;
    /** __u64 bpf_get_current_uid_gid(void) */
    public static final int BPF_FUNC_get_current_uid_gid = 15;
    /** long bpf_get_current_comm(void *buf, __u32 size_of_buf) */
    public static final int BPF_FUNC_get_current_comm = 16;
    /** __u32 bpf_get_cgroup_classid(struct __sk_buff *skb) */
    public static final int BPF_FUNC_get_cgroup_classid = 17;
    /** long bpf_skb_vlan_push(struct __sk_buff *skb, __be16 vlan_proto, __u16 vlan_tci) */
    public static final int BPF_FUNC_skb_vlan_push = 18;
    /** long bpf_skb_vlan_pop(struct __sk_buff *skb) */
    public static final int BPF_FUNC_skb_vlan_pop = 19;
    /** long bpf_skb_get_tunnel_key(struct __sk_buff *skb, struct bpf_tunnel_key *key, __u32 size, __u64 flags) */
    public static final int BPF_FUNC_skb_get_tunnel_key = 20;
    /** long bpf_skb_set_tunnel_key(struct __sk_buff *skb, struct bpf_tunnel_key *key, __u32 size, __u64 flags) */
    public static final int BPF_FUNC_skb_set_tunnel_key = 21;
    /** __u64 bpf_perf_event_read(void *map, __u64 flags) */
    public static final int BPF_FUNC_perf_event_read = 22;
    /** long bpf_redirect(__u32 ifindex, __u64 flags) */
    public static final int BPF_FUNC_redirect = 23;
    /** __u32 bpf_get_route_realm(struct __sk_buff *skb) */
    public static final int BPF_FUNC_get_route_realm = 24;
    /** long bpf_perf_event_output(void *ctx, void *map, __u64 flags, void *data, __u64 size) */
    public static final int BPF_FUNC_perf_event_output = 25;
    /** long bpf_skb_load_bytes(const void *skb, __u32 offset, void *to, __u32 len) */
    public static final int BPF_FUNC_skb_load_bytes = 26;
    /** long bpf_get_stackid(void *ctx, void *map, __u64 flags) */
    public static final int BPF_FUNC_get_stackid = 27;
    /** __s64 bpf_csum_diff(__be32 *from, __u32 from_size, __be32 *to, __u32 to_size, __wsum seed) */
    public static final int BPF_FUNC_csum_diff = 28;
    /** long bpf_skb_get_tunnel_opt(struct __sk_buff *skb, void *opt, __u32 size) */
    public static final int BPF_FUNC_skb_get_tunnel_opt = 29;
    /** long bpf_skb_set_tunnel_opt(struct __sk_buff *skb, void *opt, __u32 size) */
    public static final int BPF_FUNC_skb_set_tunnel_opt = 30;
    /** long bpf_skb_change_proto(struct __sk_buff *skb, __be16 proto, __u64 flags) */
    public static final int BPF_FUNC_skb_change_proto = 31;
    /** long bpf_skb_change_type(struct __sk_buff *skb, __u32 type) */
    public static final int BPF_FUNC_skb_change_type = 32;
    /** long bpf_skb_under_cgroup(struct __sk_buff *skb, void *map, __u32 index) */
    public static final int BPF_FUNC_skb_under_cgroup = 33;
    /** __u32 bpf_get_hash_recalc(struct __sk_buff *skb) */
    public static final int BPF_FUNC_get_hash_recalc = 34;
    /** __u64 bpf_get_current_task(void) */
    public static final int BPF_FUNC_get_current_task = 35;
    /** long bpf_probe_write_user(void *dst, const void *src, __u32 len) */
    public static final int BPF_FUNC_probe_write_user = 36;
    /** long bpf_current_task_under_cgroup(void *map, __u32 index) */
    public static final int BPF_FUNC_current_task_under_cgroup = 37;
    /** long bpf_skb_change_tail(struct __sk_buff *skb, __u32 len, __u64 flags) */
    public static final int BPF_FUNC_skb_change_tail = 38;
    /** long bpf_skb_pull_data(struct __sk_buff *skb, __u32 len) */
    public static final int BPF_FUNC_skb_pull_data = 39;
    /** __s64 bpf_csum_update(struct __sk_buff *skb, __wsum csum) */
    public static final int BPF_FUNC_csum_update = 40;
    /** void bpf_set_hash_invalid(struct __sk_buff *skb) */
    public static final int BPF_FUNC_set_hash_invalid = 41;
    /** long bpf_get_numa_node_id(void) */
    public static final int BPF_FUNC_get_numa_node_id = 42;
    /** long bpf_skb_change_head(struct __sk_buff *skb, __u32 len, __u64 flags) */
    public static final int BPF_FUNC_skb_change_head = 43;
    /** long bpf_xdp_adjust_head(struct xdp_md *xdp_md, int delta) */
    public static final int BPF_FUNC_xdp_adjust_head = 44;
    /** long bpf_probe_read_str(void *dst, __u32 size, const void *unsafe_ptr) */
    public static final int BPF_FUNC_probe_read_str = 45;
    /** __u64 bpf_get_socket_cookie(void *ctx) */
    public static final int BPF_FUNC_get_socket_cookie = 46;
    /** __u32 bpf_get_socket_uid(struct __sk_buff *skb) */
    public static final int BPF_FUNC_get_socket_uid = 47;
    /** long bpf_set_hash(struct __sk_buff *skb, __u32 hash) */
    public static final int BPF_FUNC_set_hash = 48;
    /** long bpf_setsockopt(void *bpf_socket, int level, int optname, void *optval, int optlen) */
    public static final int BPF_FUNC_setsockopt = 49;
    /** long bpf_skb_adjust_room(struct __sk_buff *skb, __s32 len_diff, __u32 mode, __u64 flags) */
    public static final int BPF_FUNC_skb_adjust_room = 50;
    /** long bpf_redirect_map(void *map, __u64 key, __u64 flags) */
    public static final int BPF_FUNC_redirect_map = 51;
    /** long bpf_sk_redirect_map(struct __sk_buff *skb, void *map, __u32 key, __u64 flags) */
    public static final int BPF_FUNC_sk_redirect_map = 52;
    /** long bpf_sock_map_update(struct bpf_sock_ops *skops, void *map, void *key, __u64 flags) */
    public static final int BPF_FUNC_sock_map_update = 53;
    /** long bpf_xdp_adjust_meta(struct xdp_md *xdp_md, int delta) */
    public static final int BPF_FUNC_xdp_adjust_meta = 54;
    /** long bpf_perf_event_read_value(void *map, __u64 flags, struct bpf_perf_event_value *buf, __u32 buf_size) */
    public static final int BPF_FUNC_perf_event_read_value = 55;
    /** long bpf_perf_prog_read_value(struct bpf_perf_event_data *ctx, struct bpf_perf_event_value *buf, __u32 buf_size) */
    public static final int BPF_FUNC_perf_prog_read_value = 56;
    /** long bpf_getsockopt(void *bpf_socket, int level, int optname, void *optval, int optlen) */
    public static final int BPF_FUNC_getsockopt = 57;
    /** long bpf_override_return(struct pt_regs *regs, __u64 rc) */
    public static final int BPF_FUNC_override_return = 58;
    /** long bpf_sock_ops_cb_flags_set(struct bpf_sock_ops *bpf_sock, int argval) */
    public static final int BPF_FUNC_sock_ops_cb_flags_set = 59;
    /** long bpf_msg_redirect_map(struct sk_msg_md *msg, void *map, __u32 key, __u64 flags) */
    public static final int BPF_FUNC_msg_redirect_map = 60;
    /** long bpf_msg_apply_bytes(struct sk_msg_md *msg, __u32 bytes) */
    public static final int BPF_FUNC_msg_apply_bytes = 61;
    /** long bpf_msg_cork_bytes(struct sk_msg_md *msg, __u32 bytes) */
    public static final int BPF_FUNC_msg_cork_bytes = 62;
    /** long bpf_msg_pull_data(struct sk_msg_md *msg, __u32 start, __u32 end, __u64 flags) */
    public static final int BPF_FUNC_msg_pull_data = 63;
    /** long bpf_bind(struct bpf_sock_addr *ctx, struct sockaddr *addr, int addr_len) */
    public static final int BPF_FUNC_bind = 64;
    /** long bpf_xdp_adjust_tail(struct xdp_md *xdp_md, int delta) */
    public static final int BPF_FUNC_xdp_adjust_tail = 65;
    /** long bpf_skb_get_xfrm_state(struct __sk_buff *skb, __u32 index, struct bpf_xfrm_state *xfrm_state, __u32 size, __u64 flags) */
    public static final int BPF_FUNC_skb_get_xfrm_state = 66;
    /** long bpf_get_stack(void *ctx, void *buf, __u32 size, __u64 flags) */
    public static final int BPF_FUNC_get_stack = 67;
    /** long bpf_skb_load_bytes_relative(const void *skb, __u32 offset, void *to, __u32 len, __u32 start_header) */
    public static final int BPF_FUNC_skb_load_bytes_relative = 68;
    /** long bpf_fib_lookup(void *ctx, struct bpf_fib_lookup *params, int plen, __u32 flags) */
    public static final int BPF_FUNC_fib_lookup = 69;
    /** long bpf_sock_hash_update(struct bpf_sock_ops *skops, void *map, void *key, __u64 flags) */
    public static final int BPF_FUNC_sock_hash_update = 70;
    /** long bpf_msg_redirect_hash(struct sk_msg_md *msg, void *map, void *key, __u64 flags) */
    public static final int BPF_FUNC_msg_redirect_hash = 71;
    /** long bpf_sk_redirect_hash(struct __sk_buff *skb, void *map, void *key, __u64 flags) */
    public static final int BPF_FUNC_sk_redirect_hash = 72;
    /** long bpf_lwt_push_encap(struct __sk_buff *skb, __u32 type, void *hdr, __u32 len) */
    public static final int BPF_FUNC_lwt_push_encap = 73;
    /** long bpf_lwt_seg6_store_bytes(struct __sk_buff *skb, __u32 offset, const void *from, __u32 len) */
    public static final int BPF_FUNC_lwt_seg6_store_bytes = 74;
    /** long bpf_lwt_seg6_adjust_srh(struct __sk_buff *skb, __u32 offset, __s32 delta) */
    public static final int BPF_FUNC_lwt_seg6_adjust_srh = 75;
    /** long bpf_lwt_seg6_action(struct __sk_buff *skb, __u32 action, void *param, __u32 param_len) */
    public static final int BPF_FUNC_lwt_seg6_action = 76;
    /** long bpf_rc_repeat(void *ctx) */
    public static final int BPF_FUNC_rc_repeat = 77;
    /** long bpf_rc_keydown(void *ctx, __u32 protocol, __u64 scancode, __u32 toggle) */
    public static final int BPF_FUNC_rc_keydown = 78;
    /** __u64 bpf_skb_cgroup_id(struct __sk_buff *skb) */
    public static final int BPF_FUNC_skb_cgroup_id = 79;
    /** __u64 bpf_get_current_cgroup_id(void) */
    public static final int BPF_FUNC_get_current_cgroup_id = 80;
    /** void *bpf_get_local_storage(void *map, __u64 flags) */
    public static final int BPF_FUNC_get_local_storage = 81;
    /** long bpf_sk_select_reuseport(struct sk_reuseport_md *reuse, void *map, void *key, __u64 flags) */
    public static final int BPF_FUNC_sk_select_reuseport = 82;
    /** __u64 bpf_skb_ancestor_cgroup_id(struct __sk_buff *skb, int ancestor_level) */
    public static final int BPF_FUNC_skb_ancestor_cgroup_id = 83;
    /** struct bpf_sock *bpf_sk_lookup_tcp(void *ctx, struct bpf_sock_tuple *tuple, __u32 tuple_size, __u64 netns, __u64 flags) */
    public static final int BPF_FUNC_sk_lookup_tcp = 84;
    /** struct bpf_sock *bpf_sk_lookup_udp(void *ctx, struct bpf_sock_tuple *tuple, __u32 tuple_size, __u64 netns, __u64 flags) */
    public static final int BPF_FUNC_sk_lookup_udp = 85;
    /** long bpf_sk_release(void *sock) */
    public static final int BPF_FUNC_sk_release = 86;
    /** long bpf_map_push_elem(void *map, const void *value, __u64 flags) */
    public static final int BPF_FUNC_map_push_elem = 87;
    /** long bpf_map_pop_elem(void *map, void *value) */
    public static final int BPF_FUNC_map_pop_elem = 88;
    /** long bpf_map_peek_elem(void *map, void *value) */
    public static final int BPF_FUNC_map_peek_elem = 89;
    /** long bpf_msg_push_data(struct sk_msg_md *msg, __u32 start, __u32 len, __u64 flags) */
    public static final int BPF_FUNC_msg_push_data = 90;
    /** long bpf_msg_pop_data(struct sk_msg_md *msg, __u32 start, __u32 len, __u64 flags) */
    public static final int BPF_FUNC_msg_pop_data = 91;
    /** long bpf_rc_pointer_rel(void *ctx, __s32 rel_x, __s32 rel_y) */
    public static final int BPF_FUNC_rc_pointer_rel = 92;
    /** long bpf_spin_lock(struct bpf_spin_lock *lock) */
    public static final int BPF_FUNC_spin_lock = 93;
    /** long bpf_spin_unlock(struct bpf_spin_lock *lock) */
    public static final int BPF_FUNC_spin_unlock = 94;
    /** struct bpf_sock *bpf_sk_fullsock(struct bpf_sock *sk) */
    public static final int BPF_FUNC_sk_fullsock = 95;
    /** struct bpf_tcp_sock *bpf_tcp_sock(struct bpf_sock *sk) */
    public static final int BPF_FUNC_tcp_sock = 96;
    /** long bpf_skb_ecn_set_ce(struct __sk_buff *skb) */
    public static final int BPF_FUNC_skb_ecn_set_ce = 97;
    /** struct bpf_sock *bpf_get_listener_sock(struct bpf_sock *sk) */
    public static final int BPF_FUNC_get_listener_sock = 98;
    /** struct bpf_sock *bpf_skc_lookup_tcp(void *ctx, struct bpf_sock_tuple *tuple, __u32 tuple_size, __u64 netns, __u64 flags) */
    public static final int BPF_FUNC_skc_lookup_tcp = 99;
    /** long bpf_tcp_check_syncookie(void *sk, void *iph, __u32 iph_len, struct tcphdr *th, __u32 th_len) */
    public static final int BPF_FUNC_tcp_check_syncookie = 100;
    /** long bpf_sysctl_get_name(struct bpf_sysctl *ctx, char *buf, unsigned long buf_len, __u64 flags) */
    public static final int BPF_FUNC_sysctl_get_name = 101;
    /** long bpf_sysctl_get_current_value(struct bpf_sysctl *ctx, char *buf, unsigned long buf_len) */
    public static final int BPF_FUNC_sysctl_get_current_value = 102;
    /** long bpf_sysctl_get_new_value(struct bpf_sysctl *ctx, char *buf, unsigned long buf_len) */
    public static final int BPF_FUNC_sysctl_get_new_value = 103;
    /** long bpf_sysctl_set_new_value(struct bpf_sysctl *ctx, const char *buf, unsigned long buf_len) */
    public static final int BPF_FUNC_sysctl_set_new_value = 104;
    /** long bpf_strtol(const char *buf, unsigned long buf_len, __u64 flags, long *res) */
    public static final int BPF_FUNC_strtol = 105;
    /** long bpf_strtoul(const char *buf, unsigned long buf_len, __u64 flags, unsigned long *res) */
    public static final int BPF_FUNC_strtoul = 106;
    /** void *bpf_sk_storage_get(void *map, void *sk, void *value, __u64 flags) */
    public static final int BPF_FUNC_sk_storage_get = 107;
    /** long bpf_sk_storage_delete(void *map, void *sk) */
    public static final int BPF_FUNC_sk_storage_delete = 108;
    /** long bpf_send_signal(__u32 sig) */
    public static final int BPF_FUNC_send_signal = 109;
    /** __s64 bpf_tcp_gen_syncookie(void *sk, void *iph, __u32 iph_len, struct tcphdr *th, __u32 th_len) */
    public static final int BPF_FUNC_tcp_gen_syncookie = 110;
    /** long bpf_skb_output(void *ctx, void *map, __u64 flags, void *data, __u64 size) */
    public static final int BPF_FUNC_skb_output = 111;
    /** long bpf_probe_read_user(void *dst, __u32 size, const void *unsafe_ptr) */
    public static final int BPF_FUNC_probe_read_user = 112;
    /** long bpf_probe_read_kernel(void *dst, __u32 size, const void *unsafe_ptr) */
    public static final int BPF_FUNC_probe_read_kernel = 113;
    /** long bpf_probe_read_user_str(void *dst, __u32 size, const void *unsafe_ptr) */
    public static final int BPF_FUNC_probe_read_user_str = 114;
    /** long bpf_probe_read_kernel_str(void *dst, __u32 size, const void *unsafe_ptr) */
    public static final int BPF_FUNC_probe_read_kernel_str = 115;
    /** long bpf_tcp_send_ack(void *tp, __u32 rcv_nxt) */
    public static final int BPF_FUNC_tcp_send_ack = 116;
    /** long bpf_send_signal_thread(__u32 sig) */
    public static final int BPF_FUNC_send_signal_thread = 117;
    /** __u64 bpf_jiffies64(void) */
    public static final int BPF_FUNC_jiffies64 = 118;
    /** long bpf_read_branch_records(struct bpf_perf_event_data *ctx, void *buf, __u32 size, __u64 flags) */
    public static final int BPF_FUNC_read_branch_records = 119;
    /** long bpf_get_ns_current_pid_tgid(__u64 dev, __u64 ino, struct bpf_pidns_info *nsdata, __u32 size) */
    public static final int BPF_FUNC_get_ns_current_pid_tgid = 120;
    /** long bpf_xdp_output(void *ctx, void *map, __u64 flags, void *data, __u64 size) */
    public static final int BPF_FUNC_xdp_output = 121;
    /** __u64 bpf_get_netns_cookie(void *ctx) */
    public static final int BPF_FUNC_get_netns_cookie = 122;
    /** __u64 bpf_get_current_ancestor_cgroup_id(int ancestor_level) */
    public static final int BPF_FUNC_get_current_ancestor_cgroup_id = 123;
    /** long bpf_sk_assign(void *ctx, void *sk, __u64 flags) */
    public static final int BPF_FUNC_sk_assign = 124;
    /** __u64 bpf_ktime_get_boot_ns(void) */
    public static final int BPF_FUNC_ktime_get_boot_ns = 125;
    /** long bpf_seq_printf(struct seq_file *m, const char *fmt, __u32 fmt_size, const void *data, __u32 data_len) */
    public static final int BPF_FUNC_seq_printf = 126;
    /** long bpf_seq_write(struct seq_file *m, const void *data, __u32 len) */
    public static final int BPF_FUNC_seq_write = 127;
    /** __u64 bpf_sk_cgroup_id(void *sk) */
    public static final int BPF_FUNC_sk_cgroup_id = 128;
    /** __u64 bpf_sk_ancestor_cgroup_id(void *sk, int ancestor_level) */
    public static final int BPF_FUNC_sk_ancestor_cgroup_id = 129;
    /** long bpf_ringbuf_output(void *ringbuf, void *data, __u64 size, __u64 flags) */
    public static final int BPF_FUNC_ringbuf_output = 130;
    /** void *bpf_ringbuf_reserve(void *ringbuf, __u64 size, __u64 flags) */
    public static final int BPF_FUNC_ringbuf_reserve = 131;
    /** void bpf_ringbuf_submit(void *data, __u64 flags) */
    public static final int BPF_FUNC_ringbuf_submit = 132;
    /** void bpf_ringbuf_discard(void *data, __u64 flags) */
    public static final int BPF_FUNC_ringbuf_discard = 133;
    /** __u64 bpf_ringbuf_query(void *ringbuf, __u64 flags) */
    public static final int BPF_FUNC_ringbuf_query = 134;
    /** long bpf_csum_level(struct __sk_buff *skb, __u64 level) */
    public static final int BPF_FUNC_csum_level = 135;
    /** struct tcp6_sock *bpf_skc_to_tcp6_sock(void *sk) */
    public static final int BPF_FUNC_skc_to_tcp6_sock = 136;
    /** struct tcp_sock *bpf_skc_to_tcp_sock(void *sk) */
    public static final int BPF_FUNC_skc_to_tcp_sock = 137;
    /** struct tcp_timewait_sock *bpf_skc_to_tcp_timewait_sock(void *sk) */
    public static final int BPF_FUNC_skc_to_tcp_timewait_sock = 138;
    /** struct tcp_request_sock *bpf_skc_to_tcp_request_sock(void *sk) */
    public static final int BPF_FUNC_skc_to_tcp_request_sock = 139;
    /** struct udp6_sock *bpf_skc_to_udp6_sock(void *sk) */
    public static final int BPF_FUNC_skc_to_udp6_sock = 140;
    /** long bpf_get_task_stack(struct task_struct *task, void *buf, __u32 size, __u64 flags) */
    public static final int BPF_FUNC_get_task_stack = 141;
    /** long bpf_load_hdr_opt(struct bpf_sock_ops *skops, void *searchby_res, __u32 len, __u64 flags) */
    public static final int BPF_FUNC_load_hdr_opt = 142;
    /** long bpf_store_hdr_opt(struct bpf_sock_ops *skops, const void *from, __u32 len, __u64 flags) */
    public static final int BPF_FUNC_store_hdr_opt = 143;
    /** long bpf_reserve_hdr_opt(struct bpf_sock_ops *skops, __u32 len, __u64 flags) */
    public static final int BPF_FUNC_reserve_hdr_opt = 144;
    /** void *bpf_inode_storage_get(void *map, void *inode, void *value, __u64 flags) */
    public static final int BPF_FUNC_inode_storage_get = 145;
    /** int bpf_inode_storage_delete(void *map, void *inode) */
    public static final int BPF_FUNC_inode_storage_delete = 146;
    /** long bpf_d_path(struct path *path, char *buf, __u32 sz) */
    public static final int BPF_FUNC_d_path = 147;
    /** long bpf_copy_from_user(void *dst, __u32 size, const void *user_ptr) */
    public static final int BPF_FUNC_copy_from_user = 148;
    /** long bpf_snprintf_btf(char *str, __u32 str_size, struct btf_ptr *ptr, __u32 btf_ptr_size, __u64 flags) */
    public static final int BPF_FUNC_snprintf_btf = 149;
    /** long bpf_seq_printf_btf(struct seq_file *m, struct btf_ptr *ptr, __u32 ptr_size, __u64 flags) */
    public static final int BPF_FUNC_seq_printf_btf = 150;
    /** __u64 bpf_skb_cgroup_classid(struct __sk_buff *skb) */
    public static final int BPF_FUNC_skb_cgroup_classid = 151;
    /** long bpf_redirect_neigh(__u32 ifindex, struct bpf_redir_neigh *params, int plen, __u64 flags) */
    public static final int BPF_FUNC_redirect_neigh = 152;
    /** void *bpf_per_cpu_ptr(const void *percpu_ptr, __u32 cpu) */
    public static final int BPF_FUNC_per_cpu_ptr = 153;
    /** void *bpf_this_cpu_ptr(const void *percpu_ptr) */
    public static final int BPF_FUNC_this_cpu_ptr = 154;
    /** long bpf_redirect_peer(__u32 ifindex, __u64 flags) */
    public static final int BPF_FUNC_redirect_peer = 155;
    /** void *bpf_task_storage_get(void *map, struct task_struct *task, void *value, __u64 flags) */
    public static final int BPF_FUNC_task_storage_get = 156;
    /** long bpf_task_storage_delete(void *map, struct task_struct *task) */
    public static final int BPF_FUNC_task_storage_delete = 157;
    /** struct task_struct *bpf_get_current_task_btf(void) */
    public static final int BPF_FUNC_get_current_task_btf = 158;
    /** long bpf_bprm_opts_set(struct linux_binprm *bprm, __u64 flags) */
    public static final int BPF_FUNC_bprm_opts_set = 159;
    /** __u64 bpf_ktime_get_coarse_ns(void) */
    public static final int BPF_FUNC_ktime_get_coarse_ns = 160;
    /** long bpf_ima_inode_hash(struct inode *inode, void *dst, __u32 size) */
    public static final int BPF_FUNC_ima_inode_hash = 161;
    /** struct socket *bpf_sock_from_file(struct file *file) */
    public static final int BPF_FUNC_sock_from_file = 162;
    /** long bpf_check_mtu(void *ctx, __u32 ifindex, __u32 *mtu_len, __s32 len_diff, __u64 flags) */
    public static final int BPF_FUNC_check_mtu = 163;
    /** long bpf_for_each_map_elem(void *map, void *callback_fn, void *callback_ctx, __u64 flags) */
    public static final int BPF_FUNC_for_each_map_elem = 164;
    /** long bpf_snprintf(char *str, __u32 str_size, const char *fmt, __u64 *data, __u32 data_len) */
    public static final int BPF_FUNC_snprintf = 165;
    /** long bpf_sys_bpf(__u32 cmd, void *attr, __u32 attr_size) */
    public static final int BPF_FUNC_sys_bpf = 166;
    /** long bpf_btf_find_by_name_kind(char *name, int name_sz, __u32 kind, int flags) */
    public static final int BPF_FUNC_btf_find_by_name_kind = 167;
    /** long bpf_sys_close(__u32 fd) */
    public static final int BPF_FUNC_sys_close = 168;
    /** long bpf_timer_init(struct bpf_timer *timer, void *map, __u64 flags) */
    public static final int BPF_FUNC_timer_init = 169;
    /** long bpf_timer_set_callback(struct bpf_timer *timer, void *callback_fn) */
    public static final int BPF_FUNC_timer_set_callback = 170;
    /** long bpf_timer_start(struct bpf_timer *timer, __u64 nsecs, __u64 flags) */
    public static final int BPF_FUNC_timer_start = 171;
    /** long bpf_timer_cancel(struct bpf_timer *timer) */
    public static final int BPF_FUNC_timer_cancel = 172;
    /** __u64 bpf_get_func_ip(void *ctx) */
    public static final int BPF_FUNC_get_func_ip = 173;
    /** __u64 bpf_get_attach_cookie(void *ctx) */
    public static final int BPF_FUNC_get_attach_cookie = 174;
    /** long bpf_task_pt_regs(struct task_struct *task) */
    public static final int BPF_FUNC_task_pt_regs = 175;
    /** long bpf_get_branch_snapshot(void *entries, __u32 size, __u64 flags) */
    public static final int BPF_FUNC_get_branch_snapshot = 176;
    /** long bpf_trace_vprintk(const char *fmt, __u32 fmt_size, const void *data, __u32 data_len) */
    public static final int BPF_FUNC_trace_vprintk = 177;
    /** struct unix_sock *bpf_skc_to_unix_sock(void *sk) */
    public static final int BPF_FUNC_skc_to_unix_sock = 178;
    /** long bpf_kallsyms_lookup_name(const char *name, int name_sz, int flags, __u64 *res) */
    public static final int BPF_FUNC_kallsyms_lookup_name = 179;
    /** long bpf_find_vma(struct task_struct *task, __u64 addr, void *callback_fn, void *callback_ctx, __u64 flags) */
    public static final int BPF_FUNC_find_vma = 180;
    /** long bpf_loop(__u32 nr_loops, void *callback_fn, void *callback_ctx, __u64 flags) */
    public static final int BPF_FUNC_loop = 181;
    /** long bpf_strncmp(const char *s1, __u32 s1_sz, const char *s2) */
    public static final int BPF_FUNC_strncmp = 182;
    /** long bpf_get_func_arg(void *ctx, __u32 n, __u64 *value) */
    public static final int BPF_FUNC_get_func_arg = 183;
    /** long bpf_get_func_ret(void *ctx, __u64 *value) */
    public static final int BPF_FUNC_get_func_ret = 184;
    /** long bpf_get_func_arg_cnt(void *ctx) */
    public static final int BPF_FUNC_get_func_arg_cnt = 185;
    /** int bpf_get_retval(void) */
    public static final int BPF_FUNC_get_retval = 186;
    /** int bpf_set_retval(int retval) */
    public static final int BPF_FUNC_set_retval = 187;
    /** __u64 bpf_xdp_get_buff_len(struct xdp_md *xdp_md) */
    public static final int BPF_FUNC_xdp_get_buff_len = 188;
    /** long bpf_xdp_load_bytes(struct xdp_md *xdp_md, __u32 offset, void *buf, __u32 len) */
    public static final int BPF_FUNC_xdp_load_bytes = 189;
    /** long bpf_xdp_store_bytes(struct xdp_md *xdp_md, __u32 offset, void *buf, __u32 len) */
    public static final int BPF_FUNC_xdp_store_bytes = 190;
    /** long bpf_copy_from_user_task(void *dst, __u32 size, const void *user_ptr, struct task_struct *tsk, __u64 flags) */
    public static final int BPF_FUNC_copy_from_user_task = 191;
    /** long bpf_skb_set_tstamp(struct __sk_buff *skb, __u64 tstamp, __u32 tstamp_type) */
    public static final int BPF_FUNC_skb_set_tstamp = 192;
    /** long bpf_ima_file_hash(struct file *file, void *dst, __u32 size) */
    public static final int BPF_FUNC_ima_file_hash = 193;
    /** void *bpf_kptr_xchg(void *map_value, void *ptr) */
    public static final int BPF_FUNC_kptr_xchg = 194;
    /** void *bpf_map_lookup_percpu_elem(void *map, const void *key, __u32 cpu) */
    public static final int BPF_FUNC_map_lookup_percpu_elem = 195;
    /** struct mptcp_sock *bpf_skc_to_mptcp_sock(void *sk) */
    public static final int BPF_FUNC_skc_to_mptcp_sock = 196;
    /** long bpf_dynptr_from_mem(void *data, __u32 size, __u64 flags, struct bpf_dynptr *ptr) */
    public static final int BPF_FUNC_dynptr_from_mem = 197;
    /** long bpf_ringbuf_reserve_dynptr(void *ringbuf, __u32 size, __u64 flags, struct bpf_dynptr *ptr) */
    public static final int BPF_FUNC_ringbuf_reserve_dynptr = 198;
    /** void bpf_ringbuf_submit_dynptr(struct bpf_dynptr *ptr, __u64 flags) */
    public static final int BPF_FUNC_ringbuf_submit_dynptr = 199;
    /** void bpf_ringbuf_discard_dynptr(struct bpf_dynptr *ptr, __u64 flags) */
    public static final int BPF_FUNC_ringbuf_discard_dynptr = 200;
    /** long bpf_dynptr_read(void *dst, __u32 len, const struct bpf_dynptr *src, __u32 offset, __u64 flags) */
    public static final int BPF_FUNC_dynptr_read = 201;
    /** long bpf_dynptr_write(const struct bpf_dynptr *dst, __u32 offset, void *src, __u32 len, __u64 flags) */
    public static final int BPF_FUNC_dynptr_write = 202;
    /** void *bpf_dynptr_data(const struct bpf_dynptr *ptr, __u32 offset, __u32 len) */
    public static final int BPF_FUNC_dynptr_data = 203;
    /** __s64 bpf_tcp_raw_gen_syncookie_ipv4(struct iphdr *iph, struct tcphdr *th, __u32 th_len) */
    public static final int BPF_FUNC_tcp_raw_gen_syncookie_ipv4 = 204;
    /** __s64 bpf_tcp_raw_gen_syncookie_ipv6(struct ipv6hdr *iph, struct tcphdr *th, __u32 th_len) */
    public static final int BPF_FUNC_tcp_raw_gen_syncookie_ipv6 = 205;
    /** long bpf_tcp_raw_check_syncookie_ipv4(struct iphdr *iph, struct tcphdr *th) */
    public static final int BPF_FUNC_tcp_raw_check_syncookie_ipv4 = 206;
    /** long bpf_tcp_raw_check_syncookie_ipv6(struct ipv6hdr *iph, struct tcphdr *th) */
    public static final int BPF_FUNC_tcp_raw_check_syncookie_ipv6 = 207;
    /** __u64 bpf_ktime_get_tai_ns(void) */
    public static final int BPF_FUNC_ktime_get_tai_ns = 208;
    /** long bpf_user_ringbuf_drain(void *map, void *callback_fn, void *ctx, __u64 flags) */
    public static final int BPF_FUNC_user_ringbuf_drain = 209;

    private static final String[] NAMES = {
        "unspec",
        "map_lookup_elem",
        "map_update_elem",
        "map_delete_elem",
        "probe_read",
        "ktime_get_ns",
        "trace_printk",
        "get_prandom_u32",
        "get_smp_processor_id",
        "skb_store_bytes",
        "l3_csum_replace",
        "l4_csum_replace",
        "tail_call",
        "clone_redirect",
        "get_current_pid_tgid",
        "get_current_uid_gid",
        "get_current_comm",
        "get_cgroup_classid",
        "skb_vlan_push",
        "skb_vlan_pop",
        "skb_get_tunnel_key",
        "skb_set_tunnel_key",
        "perf_event_read",
        "redirect",
        "get_route_realm",
        "perf_event_output",
        "skb_load_bytes",
        "get_stackid",
        "csum_diff",
        "skb_get_tunnel_opt",
        "skb_set_tunnel_opt",
        "skb_change_proto",
        "skb_change_type",
        "skb_under_cgroup",
        "get_hash_recalc",
        "get_current_task",
        "probe_write_user",
        "current_task_under_cgroup",
        "skb_change_tail",
        "skb_pull_data",
        "csum_update",
        "set_hash_invalid",
        "get_numa_node_id",
        "skb_change_head",
        "xdp_adjust_head",
        "probe_read_str",
        "get_socket_cookie",
        "get_socket_uid",
        "set_hash",
        "setsockopt",
        "skb_adjust_room",
        "redirect_map",
        "sk_redirect_map",
        "sock_map_update",
        "xdp_adjust_meta",
        "perf_event_read_value",
        "perf_prog_read_value",
        "getsockopt",
        "override_return",
        "sock_ops_cb_flags_set",
        "msg_redirect_map",
        "msg_apply_bytes",
        "msg_cork_bytes",
        "msg_pull_data",
        "bind",
        "xdp_adjust_tail",
        "skb_get_xfrm_state",
        "get_stack",
        "skb_load_bytes_relative",
        "fib_lookup",
        "sock_hash_update",
        "msg_redirect_hash",
        "sk_redirect_hash",
        "lwt_push_encap",
        "lwt_seg6_store_bytes",
        "lwt_seg6_adjust_srh",
        "lwt_seg6_action",
        "rc_repeat",
        "rc_keydown",
        "skb_cgroup_id",
        "get_current_cgroup_id",
        "get_local_storage",
        "sk_select_reuseport",
        "skb_ancestor_cgroup_id",
        "sk_lookup_tcp",
        "sk_lookup_udp",
        "sk_release",
        "map_push_elem",
        "map_pop_elem",
        "map_peek_elem",
        "msg_push_data",
        "msg_pop_data",
        "rc_pointer_rel",
        "spin_lock",
        "spin_unlock",
        "sk_fullsock",
        "tcp_sock",
        "skb_ecn_set_ce",
        "get_listener_sock",
        "skc_lookup_tcp",
        "tcp_check_syncookie",
        "sysctl_get_name",
        "sysctl_get_current_value",
        "sysctl_get_new_value",
        "sysctl_set_new_value",
        "strtol",
        "strtoul",
        "sk_storage_get",
        "sk_storage_delete",
        "send_signal",
        "tcp_gen_syncookie",
        "skb_output",
        "probe_read_user",
        "probe_read_kernel",
        "probe_read_user_str",
        "probe_read_kernel_str",
        "tcp_send_ack",
        "send_signal_thread",
        "jiffies64",
        "read_branch_records",
        "get_ns_current_pid_tgid",
        "xdp_output",
        "get_netns_cookie",
        "get_current_ancestor_cgroup_id",
        "sk_assign",
        "ktime_get_boot_ns",
        "seq_printf",
        "seq_write",
        "sk_cgroup_id",
        "sk_ancestor_cgroup_id",
        "ringbuf_output",
        "ringbuf_reserve",
        "ringbuf_submit",
        "ringbuf_discard",
        "ringbuf_query",
        "csum_level",
        "skc_to_tcp6_sock",
        "skc_to_tcp_sock",
        "skc_to_tcp_timewait_sock",
        "skc_to_tcp_request_sock",
        "skc_to_udp6_sock",
        "get_task_stack",
        "load_hdr_opt",
        "store_hdr_opt",
        "reserve_hdr_opt",
        "inode_storage_get",
        "inode_storage_delete",
        "d_path",
        "copy_from_user",
        "snprintf_btf",
        "seq_printf_btf",
        "skb_cgroup_classid",
        "redirect_neigh",
        "per_cpu_ptr",
        "this_cpu_ptr",
        "redirect_peer",
        "task_storage_get",
        "task_storage_delete",
        "get_current_task_btf",
        "bprm_opts_set",
        "ktime_get_coarse_ns",
        "ima_inode_hash",
        "sock_from_file",
        "check_mtu",
        "for_each_map_elem",
        "snprintf",
        "sys_bpf",
        "btf_find_by_name_kind",
        "sys_close",
        "timer_init",
        "timer_set_callback",
        "timer_start",
        "timer_cancel",
        "get_func_ip",
        "get_attach_cookie",
        "task_pt_regs",
        "get_branch_snapshot",
        "trace_vprintk",
        "skc_to_unix_sock",
        "kallsyms_lookup_name",
        "find_vma",
        "loop",
        "strncmp",
        "get_func_arg",
        "get_func_ret",
        "get_func_arg_cnt",
        "get_retval",
        "set_retval",
        "xdp_get_buff_len",
        "xdp_load_bytes",
        "xdp_store_bytes",
        "copy_from_user_task",
        "skb_set_tstamp",
        "ima_file_hash",
        "kptr_xchg",
        "map_lookup_percpu_elem",
        "skc_to_mptcp_sock",
        "dynptr_from_mem",
        "ringbuf_reserve_dynptr",
        "ringbuf_submit_dynptr",
        "ringbuf_discard_dynptr",
        "dynptr_read",
        "dynptr_write",
        "dynptr_data",
        "tcp_raw_gen_syncookie_ipv4",
        "tcp_raw_gen_syncookie_ipv6",
        "tcp_raw_check_syncookie_ipv4",
        "tcp_raw_check_syncookie_ipv6",
        "ktime_get_tai_ns",
        "user_ringbuf_drain",
    };

    /** The number of helper ids the kernel defines here, 0 included. */
    public static final int COUNT = NAMES.length;

    /** {@code bpf_map_lookup_elem} for 1; {@code null} for an id the kernel does not define. */
    public static String name(long id) {
        return id > 0 && id < NAMES.length ? "bpf_" + NAMES[(int) id] : null;
    }

    /**
     * True for the helpers that run program code before they return: {@code bpf_tail_call}, and
     * the ones that call a callback ({@code bpf_loop}, {@code bpf_for_each_map_elem},
     * {@code bpf_find_vma}, {@code bpf_user_ringbuf_drain}). Engines hand such a call the
     * caller's frame and the budget used so far; any other helper runs no program code.
     */
    public static boolean runsProgramCode(long id) {
        return id == BPF_FUNC_tail_call || id == BPF_FUNC_loop || id == BPF_FUNC_for_each_map_elem
                || id == BPF_FUNC_find_vma || id == BPF_FUNC_user_ringbuf_drain;
    }
}
