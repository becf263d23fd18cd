package org.jxdp.capture.link;

/**
 * The 4-byte header of BSD loopback captures: an address family, in the byte order of the host
 * that wrote the file for {@code LINKTYPE_NULL} (0) and in network byte order for
 * {@code LINKTYPE_LOOP} (108). IPv6 has a different {@code AF_INET6} on each BSD; the names are
 * tcpdump's ({@code af.h}).
 * <pre>
 *   +--------+--------+--------+--------+
 *   |      address family (u32)         |   then the IPv4 or IPv6 packet
 *   +--------+--------+--------+--------+
 * </pre>
 * Which byte order a {@code LINKTYPE_NULL} family is in is told the way libpcap and Wireshark
 * tell it: families are small numbers, so a value with any of its upper 16 bits set was written
 * by a host of the other byte order.
 */
public final class NullHeader {
    private NullHeader() {
    }

    /** Length of the header. */
    public static final int NULL_HDR_LEN = 4;
    /** IPv4 on every BSD. */
    public static final int BSD_AFNUM_INET = 2;
    /** IPv6 on NetBSD, OpenBSD and BSD/OS. */
    public static final int BSD_AFNUM_INET6_BSD = 24;
    /** IPv6 on FreeBSD and DragonFly BSD. */
    public static final int BSD_AFNUM_INET6_FREEBSD = 28;
    /** IPv6 on Darwin (macOS, iOS). */
    public static final int BSD_AFNUM_INET6_DARWIN = 30;
}
