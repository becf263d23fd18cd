package org.jxdp.capture.link;

/**
 * The headers of Linux "cooked" captures, which libpcap writes for the {@code any} device and
 * for devices whose own link header it cannot keep: {@code LINKTYPE_LINUX_SLL} (113) and
 * {@code LINKTYPE_LINUX_SLL2} (276). Multi-byte fields are big endian. Names follow libpcap's
 * {@code pcap/sll.h} and the kernel's {@code include/uapi/linux/if_packet.h}.
 * <pre>
 *   SLL (16 bytes)                          SLL2 (20 bytes)
 *   +---------------------------------+     +---------------------------------+
 *  0| packet type (PACKET_*)       u16|    0| protocol (ethertype)         u16|
 *   +---------------------------------+     +---------------------------------+
 *  2| ARPHRD_ type                 u16|    2| reserved (MBZ)               u16|
 *   +---------------------------------+     +---------------------------------+
 *  4| link-layer address length    u16|    4| interface index              u32|
 *   +---------------------------------+     +---------------------------------+
 *  6| link-layer address, 8 bytes     |    8| ARPHRD_ type                 u16|
 *   |  (the sender's; zero padded)    |     +----------------+----------------+
 *   +---------------------------------+   10| packet type  u8| addr length  u8|
 * 14| protocol (ethertype)         u16|     +----------------+----------------+
 *   +---------------------------------+   12| link-layer address, 8 bytes     |
 *                                           +---------------------------------+
 * </pre>
 * A protocol below {@code 0x0600} is not an ethertype: 1 is Novell 802.3 without 802.2 LLC, 4
 * is 802.2 LLC, and other ARPHRD_ types (netlink, CAN) put their own numbers there.
 */
public final class LinuxCookedHeader {
    private LinuxCookedHeader() {
    }

    /** Length of the SLL header. */
    public static final int SLL_HDR_LEN = 16;
    /** Length of the SLL2 header. */
    public static final int SLL2_HDR_LEN = 20;
    /** Room for the link-layer address in both headers. */
    public static final int SLL_ADDRLEN = 8;

    /** SLL: offset of the packet type. */
    public static final int SLL_PKTTYPE_OFFSET = 0;
    /** SLL: offset of the ARPHRD_ type. */
    public static final int SLL_HATYPE_OFFSET = 2;
    /** SLL: offset of the address length. */
    public static final int SLL_HALEN_OFFSET = 4;
    /** SLL: offset of the address. */
    public static final int SLL_ADDR_OFFSET = 6;
    /** SLL: offset of the protocol. */
    public static final int SLL_PROTOCOL_OFFSET = 14;

    /** SLL2: offset of the protocol. */
    public static final int SLL2_PROTOCOL_OFFSET = 0;
    /** SLL2: offset of the interface index. */
    public static final int SLL2_IF_INDEX_OFFSET = 4;
    /** SLL2: offset of the ARPHRD_ type. */
    public static final int SLL2_HATYPE_OFFSET = 8;
    /** SLL2: offset of the packet type. */
    public static final int SLL2_PKTTYPE_OFFSET = 10;
    /** SLL2: offset of the address length. */
    public static final int SLL2_HALEN_OFFSET = 11;
    /** SLL2: offset of the address. */
    public static final int SLL2_ADDR_OFFSET = 12;

    /** Packet type: addressed to this host. */
    public static final int PACKET_HOST = 0;
    /** Packet type: link-layer broadcast. */
    public static final int PACKET_BROADCAST = 1;
    /** Packet type: link-layer multicast. */
    public static final int PACKET_MULTICAST = 2;
    /** Packet type: addressed to another host (promiscuous mode). */
    public static final int PACKET_OTHERHOST = 3;
    /** Packet type: sent by this host. */
    public static final int PACKET_OUTGOING = 4;
}
