package org.jxdp.capture.link;

/**
 * The Ethernet II header that XDP programs expect at the start of every frame
 * ({@code struct ethhdr}, {@code include/uapi/linux/if_ether.h}); the names are the kernel's.
 * <pre>
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                    h_dest (6 bytes) ...                       |
 *   +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                               |    h_source (6 bytes) ...     |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 *   |                                                               |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |   h_proto (ethertype, BE)     |  payload ...
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class EthernetHeader {
    private EthernetHeader() {
    }

    /** Length of the header: two addresses and the ethertype. */
    public static final int ETH_HLEN = 14;
    /** Length of an Ethernet address. */
    public static final int ETH_ALEN = 6;
    /** Offset of {@code h_dest}. */
    public static final int ETH_DEST_OFFSET = 0;
    /** Offset of {@code h_source}. */
    public static final int ETH_SOURCE_OFFSET = 6;
    /** Offset of {@code h_proto}, the ethertype, big endian. */
    public static final int ETH_PROTO_OFFSET = 12;
    /** Ethertype of IPv4. */
    public static final int ETH_P_IP = 0x0800;
    /** Ethertype of IPv6. */
    public static final int ETH_P_IPV6 = 0x86DD;
    /** Smallest value of {@code h_proto} that is an ethertype; below it is an 802.3 length. */
    public static final int ETH_P_802_3_MIN = 0x0600;
}
