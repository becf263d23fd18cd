package org.jxdp.capture.gen;

import java.util.Locale;

/**
 * The protocol counters of the bundled counting program ({@code count.c} in hooks, map
 * {@code counters}, index = ordinal), which the generator also computes for the frames it
 * writes, so that a replay can be checked against what was generated. Definitions (as in
 * count.c): Ethernet with up to two VLAN tags; {@code fragment} is IPv4 with MF or an offset, or
 * IPv6 whose next header is a fragment header; TCP, UDP, ICMP (and ICMPv6) and SYN (without ACK)
 * are counted only on frames that are not fragments.
 */
public enum ProtocolCounter {
    /** Every frame. */
    FRAMES,
    /** Bytes of every frame. */
    BYTES,
    /** Frames with at least one VLAN tag. */
    VLAN,
    /** IPv4 frames. */
    IPV4,
    /** IPv6 frames. */
    IPV6,
    /** Frames that are neither IPv4 nor IPv6 (ARP, ...). */
    NON_IP,
    /** IP fragments. */
    FRAGMENT,
    /** Unfragmented TCP. */
    TCP,
    /** Unfragmented UDP. */
    UDP,
    /** Unfragmented ICMP and ICMPv6. */
    ICMP,
    /** Unfragmented TCP with SYN and without ACK. */
    TCP_SYN;

    /** {@code tcp_syn}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Adds the frame {@code f[0, length)} to {@code counts} (indexed by ordinal). */
    public static void count(byte[] f, int length, long[] counts) {
        counts[FRAMES.ordinal()]++;
        counts[BYTES.ordinal()] += length;
        if (length < 14) {
            counts[NON_IP.ordinal()]++;
            return;
        }
        int p = 12;
        int type = u16(f, p);
        boolean vlan = false;
        for (int i = 0; i < 2 && (type == 0x8100 || type == 0x88a8) && p + 6 <= length; i++) {
            p += 4;
            type = u16(f, p);
            vlan = true;
        }
        if (vlan) {
            counts[VLAN.ordinal()]++;
        }
        int l3 = p + 2;
        int proto;
        int l4;
        if (type == 0x0800 && l3 + 20 <= length) {
            counts[IPV4.ordinal()]++;
            if ((u16(f, l3 + 6) & 0x3fff) != 0) {
                counts[FRAGMENT.ordinal()]++;
                return;
            }
            proto = f[l3 + 9] & 0xff;
            l4 = l3 + (f[l3] & 0x0f) * 4;
        } else if (type == 0x86dd && l3 + 40 <= length) {
            counts[IPV6.ordinal()]++;
            proto = f[l3 + 6] & 0xff;
            if (proto == 44) {
                counts[FRAGMENT.ordinal()]++;
                return;
            }
            l4 = l3 + 40;
        } else {
            counts[NON_IP.ordinal()]++;
            return;
        }
        if (proto == 6) {
            counts[TCP.ordinal()]++;
            if (l4 + 20 <= length && (f[l4 + 13] & 0x12) == 0x02) {
                counts[TCP_SYN.ordinal()]++;
            }
        } else if (proto == 17) {
            counts[UDP.ordinal()]++;
        } else if (proto == 1 || proto == 58) {
            counts[ICMP.ordinal()]++;
        }
    }

    private static int u16(byte[] f, int o) {
        return (f[o] & 0xff) << 8 | (f[o + 1] & 0xff);
    }
}
