package org.jxdp.capture.pipeline;

/**
 * The symmetric flow hash that picks a frame's worker, so that both directions of a flow meet
 * the same per-CPU state (as RSS with a symmetric key does):
 * <ul>
 *   <li>IPv4 and IPv6 (behind up to two VLAN tags, 802.1Q or 802.1ad): addresses, protocol, and
 *       for TCP, UDP and SCTP the ports;</li>
 *   <li>fragments (IPv4 with MF or an offset; IPv6 with a fragment header) by addresses and
 *       protocol only, so that every fragment of a datagram, first or not, meets the same worker;</li>
 *   <li>IPv6 skips up to four extension headers (hop-by-hop, routing, destination options) to
 *       find the transport header;</li>
 *   <li>every other frame (ARP, LLDP, truncated headers) by its two MAC addresses.</li>
 * </ul>
 * Symmetric: the two endpoints (address and port together) are put in a fixed order before
 * they are mixed, so A→B and B→A hash alike. Allocation-free; reads only within
 * {@code [offset, offset + length)}.
 */
public final class FlowHash {
    private static final int ETH_P_IP = 0x0800;
    private static final int ETH_P_IPV6 = 0x86dd;
    private static final int ETH_P_8021Q = 0x8100;
    private static final int ETH_P_8021AD = 0x88a8;
    private static final int IPPROTO_TCP = 6;
    private static final int IPPROTO_UDP = 17;
    private static final int IPPROTO_SCTP = 132;

    private FlowHash() {
    }

    /** The worker of a frame: its hash reduced to {@code [0, workers)}. */
    public static int worker(byte[] s, int offset, int length, int workers) {
        if (workers == 1) {
            return 0;
        }
        return (int) (((hash(s, offset, length) & 0xffffffffL) * workers) >>> 32);
    }

    /** The frame's symmetric flow hash; the frame is Ethernet at {@code s[offset]}. */
    public static int hash(byte[] s, int offset, int length) {
        int end = offset + length;
        int p = offset + 12;
        if (p + 2 > end) {
            return macs(s, offset, end);
        }
        int type = u16(s, p);
        for (int tags = 0; tags < 2 && (type == ETH_P_8021Q || type == ETH_P_8021AD); tags++) {
            p += 4;
            if (p + 2 > end) {
                return macs(s, offset, end);
            }
            type = u16(s, p);
        }
        int l3 = p + 2;
        if (type == ETH_P_IP) {
            return ipv4(s, offset, l3, end);
        }
        if (type == ETH_P_IPV6) {
            return ipv6(s, offset, l3, end);
        }
        return macs(s, offset, end);
    }

    private static int ipv4(byte[] s, int frame, int l3, int end) {
        if (l3 + 20 > end) {
            return macs(s, frame, end);
        }
        int ihl = (s[l3] & 0x0f) * 4;
        int proto = s[l3 + 9] & 0xff;
        long a = u32(s, l3 + 12) & 0xffffffffL;
        long b = u32(s, l3 + 16) & 0xffffffffL;
        int frag = u16(s, l3 + 6) & 0x3fff; // MF and offset
        int ports = 0;
        int l4 = l3 + ihl;
        if (frag == 0 && ihl >= 20 && hasPorts(proto) && l4 + 4 <= end) {
            ports = u32(s, l4);
        }
        return endpoints(a, b, ports, proto);
    }

    private static int ipv6(byte[] s, int frame, int l3, int end) {
        if (l3 + 40 > end) {
            return macs(s, frame, end);
        }
        long a0 = u64(s, l3 + 8);
        long a1 = u64(s, l3 + 16);
        long b0 = u64(s, l3 + 24);
        long b1 = u64(s, l3 + 32);
        int next = s[l3 + 6] & 0xff;
        int p = l3 + 40;
        boolean fragment = false;
        for (int i = 0; i < 4; i++) {
            if (next == 0 || next == 43 || next == 60) { // hop-by-hop, routing, destination options
                if (p + 8 > end) {
                    break;
                }
                int len = ((s[p + 1] & 0xff) + 1) * 8;
                next = s[p] & 0xff;
                p += len;
            } else if (next == 44) { // fragment header
                if (p + 8 > end) {
                    break;
                }
                next = s[p] & 0xff;
                fragment = true;
                break;
            } else {
                break;
            }
        }
        int ports = 0;
        if (!fragment && hasPorts(next) && p + 4 <= end) {
            ports = u32(s, p);
        }
        long a = mix64(a0) * 31 + a1;
        long b = mix64(b0) * 31 + b1;
        return endpoints(a, b, ports, next);
    }

    /** Orders the endpoints (address with port) and mixes them, so that the hash is symmetric. */
    private static int endpoints(long a, long b, int ports, int proto) {
        long x = mix64(a) ^ (ports >>> 16);
        long y = mix64(b) ^ (ports & 0xffff);
        long lo = Math.min(x, y);
        long hi = Math.max(x, y);
        long h = mix64(mix64(lo * 0x9E3779B97F4A7C15L + hi) ^ proto);
        return (int) (h ^ h >>> 32);
    }

    private static int macs(byte[] s, int offset, int end) {
        if (offset + 12 > end) {
            return 0;
        }
        long d = (u64(s, offset) >>> 16) & 0xffffffffffffL;
        long src = (u64(s, offset + 4) & 0xffffffffffffL);
        long lo = Math.min(d, src);
        long hi = Math.max(d, src);
        long h = mix64(lo * 0x9E3779B97F4A7C15L + hi);
        return (int) (h ^ h >>> 32);
    }

    private static boolean hasPorts(int proto) {
        return proto == IPPROTO_TCP || proto == IPPROTO_UDP || proto == IPPROTO_SCTP;
    }

    private static long mix64(long z) {
        z = (z ^ z >>> 33) * 0xff51afd7ed558ccdL;
        z = (z ^ z >>> 33) * 0xc4ceb9fe1a85ec53L;
        return z ^ z >>> 33;
    }

    private static int u16(byte[] s, int o) {
        return (s[o] & 0xff) << 8 | (s[o + 1] & 0xff);
    }

    private static int u32(byte[] s, int o) {
        return (s[o] & 0xff) << 24 | (s[o + 1] & 0xff) << 16 | (s[o + 2] & 0xff) << 8 | (s[o + 3] & 0xff);
    }

    private static long u64(byte[] s, int o) {
        return (long) u32(s, o) << 32 | (u32(s, o + 4) & 0xffffffffL);
    }
}
