package org.jxdp.hooks.fib;

import org.jxdp.engine.vm.Memory;

/**
 * {@code bpf_fib_lookup} for XDP against a {@link RouteTable}, following the kernel's
 * {@code bpf_ipv4_fib_lookup}/{@code bpf_ipv6_fib_lookup}: forwarding must be enabled on the
 * ingress device (even with {@code BPF_FIB_LOOKUP_OUTPUT}), the longest matching route decides, a
 * non-unicast route gives its code, the MTU of the egress device is checked against
 * {@code tot_len}, the next hop's neighbour entry gives the MACs, and a success leaves the
 * egress MTU in {@code mtu_result}. The kernel agreement test (fib.c) compares all of it with
 * Linux in a network namespace holding the same table.
 * <pre>
 *   struct bpf_fib_lookup (64 bytes)
 *   0 family u8   1 l4_protocol u8   2 sport be16   4 dport be16   6 tot_len / mtu_result u16
 *   8 ifindex u32   12 tos / flowinfo / rt_metric u32   16 src (4 or 16)   32 dst (4 or 16)
 *   48 h_vlan_proto be16 / tbid   50 h_vlan_TCI be16   52 smac[6]   58 dmac[6]
 * </pre>
 */
public final class FibLookup {
    private FibLookup() {
    }

    /** Size of {@code struct bpf_fib_lookup}. */
    public static final int SIZE = 64;
    /** Address family IPv4. */
    public static final int AF_INET = 2;
    /** Address family IPv6. */
    public static final int AF_INET6 = 10;
    /** Do a direct table lookup, not a full one through the FIB rules. */
    public static final int BPF_FIB_LOOKUP_DIRECT = 1 << 0;
    /** Look up from an egress perspective. */
    public static final int BPF_FIB_LOOKUP_OUTPUT = 1 << 1;
    /** Do not look the neighbour up; smac and dmac are left alone. */
    public static final int BPF_FIB_LOOKUP_SKIP_NEIGH = 1 << 2;
    /** Use params->tbid as the table (with DIRECT). */
    public static final int BPF_FIB_LOOKUP_TBID = 1 << 3;
    /** Derive the source address for the next hop. */
    public static final int BPF_FIB_LOOKUP_SRC = 1 << 4;

    /** Forwarded; the next hop's neighbour exists. */
    public static final int BPF_FIB_LKUP_RET_SUCCESS = 0;
    /** The destination is blackholed. */
    public static final int BPF_FIB_LKUP_RET_BLACKHOLE = 1;
    /** The destination is unreachable. */
    public static final int BPF_FIB_LKUP_RET_UNREACHABLE = 2;
    /** The destination is prohibited. */
    public static final int BPF_FIB_LKUP_RET_PROHIBIT = 3;
    /** Not forwarded (local, or no route). */
    public static final int BPF_FIB_LKUP_RET_NOT_FWDED = 4;
    /** Forwarding is disabled on the ingress device. */
    public static final int BPF_FIB_LKUP_RET_FWD_DISABLED = 5;
    /** Forwarding would need a lightweight tunnel. */
    public static final int BPF_FIB_LKUP_RET_UNSUPP_LWT = 6;
    /** No neighbour entry for the next hop. */
    public static final int BPF_FIB_LKUP_RET_NO_NEIGH = 7;
    /** The packet is larger than the egress MTU. */
    public static final int BPF_FIB_LKUP_RET_FRAG_NEEDED = 8;
    /** No source address could be derived. */
    public static final int BPF_FIB_LKUP_RET_NO_SRC_ADDR = 9;

    private static final int EINVAL = 22;
    private static final int ENODEV = 19;
    private static final int EAFNOSUPPORT = 97;
    private static final int ALL_FLAGS = BPF_FIB_LOOKUP_DIRECT | BPF_FIB_LOOKUP_OUTPUT | BPF_FIB_LOOKUP_SKIP_NEIGH
            | BPF_FIB_LOOKUP_TBID | BPF_FIB_LOOKUP_SRC;

    /** The helper: reads and writes {@code params} in program memory; returns the kernel's result. */
    public static long lookup(RouteTable t, Memory m, long params, long plen, long flags) {
        if (plen < SIZE) {
            return -EINVAL;
        }
        if ((flags & ~ALL_FLAGS) != 0) {
            return -EINVAL;
        }
        int family = (int) m.load8(params);
        int alen;
        if (family == AF_INET) {
            alen = 4;
        } else if (family == AF_INET6) {
            alen = 16;
        } else {
            return -EAFNOSUPPORT;
        }
        int ifindex = (int) m.load32(params + 8);
        RouteTable.Device in = t.device(ifindex);
        if (in == null) {
            return -ENODEV;
        }
        // checked whatever the flags: BPF_FIB_LOOKUP_OUTPUT does not lift it (Linux 6.18)
        if (!in.forwarding()) {
            return BPF_FIB_LKUP_RET_FWD_DISABLED;
        }
        int dstOff = m.checkWritable(params + 32, alen);
        byte[] p = m.bytes(Memory.regionOf(params + 32));
        if (t.isLocal(p, dstOff, alen)) {
            return BPF_FIB_LKUP_RET_NOT_FWDED;
        }
        RouteTable.Route r = t.route(p, dstOff, alen);
        if (r == null) {
            return BPF_FIB_LKUP_RET_NOT_FWDED;
        }
        switch (r.kind()) {
            case BLACKHOLE: return BPF_FIB_LKUP_RET_BLACKHOLE;
            case UNREACHABLE: return BPF_FIB_LKUP_RET_UNREACHABLE;
            case PROHIBIT: return BPF_FIB_LKUP_RET_PROHIBIT;
            default: break;
        }
        RouteTable.Device out = t.device(r.ifindex());
        if (out == null) {
            return BPF_FIB_LKUP_RET_NOT_FWDED;
        }
        int totLen = (int) m.load16(params + 6);
        if (totLen > out.mtu()) {
            m.store16(params + 6, out.mtu());
            return BPF_FIB_LKUP_RET_FRAG_NEEDED;
        }
        if (r.gateway() != null) {
            m.write(params + 32, r.gateway(), 0, alen);
        }
        m.store32(params + 12, r.metric());
        m.store32(params + 8, out.ifindex());
        if ((flags & BPF_FIB_LOOKUP_SRC) != 0) {
            byte[] src = null;
            for (byte[] a : out.addresses()) {
                if (a.length == alen) {
                    src = a;
                    break;
                }
            }
            if (src == null) {
                return BPF_FIB_LKUP_RET_NO_SRC_ADDR;
            }
            m.write(params + 16, src, 0, alen);
        }
        if ((flags & BPF_FIB_LOOKUP_SKIP_NEIGH) == 0) {
            byte[] mac = t.neighbour(p, dstOff, alen);
            if (mac == null) {
                return BPF_FIB_LKUP_RET_NO_NEIGH;
            }
            m.write(params + 58, mac, 0, 6);
            m.write(params + 52, out.mac(), 0, 6);
        }
        // bpf_fib_set_fwd_params: no VLAN, and the egress MTU in mtu_result (the union with tot_len)
        m.store32(params + 48, 0);
        m.store16(params + 6, out.mtu());
        return BPF_FIB_LKUP_RET_SUCCESS;
    }
}
