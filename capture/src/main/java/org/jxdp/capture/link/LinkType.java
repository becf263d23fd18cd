package org.jxdp.capture.link;

/**
 * Link-layer header types of pcap and pcapng files, under the names of tcpdump.org's
 * {@code LINKTYPE_} list (the values stored in files; the {@code DLT_} values of some platforms
 * differ). Only the types this project names somewhere are listed; every other value is still
 * carried through files untouched and printed by number.
 */
public final class LinkType {
    private LinkType() {
    }

    /** 0: BSD loopback; a 4-byte address family in the byte order of the host that wrote the file. */
    public static final int LINKTYPE_NULL = 0;
    /** 1: IEEE 802.3 Ethernet. */
    public static final int LINKTYPE_ETHERNET = 1;
    /** 9: PPP, RFC 1661 framing. */
    public static final int LINKTYPE_PPP = 9;
    /** 50: PPP in HDLC-like framing, RFC 1662. */
    public static final int LINKTYPE_PPP_HDLC = 50;
    /** 101: raw IP; the packet begins with an IPv4 or IPv6 header, told apart by its version. */
    public static final int LINKTYPE_RAW = 101;
    /** 104: Cisco HDLC. */
    public static final int LINKTYPE_C_HDLC = 104;
    /** 108: OpenBSD loopback; like {@link #LINKTYPE_NULL} but the family is in network byte order. */
    public static final int LINKTYPE_LOOP = 108;
    /** 113: Linux "cooked" capture, version 1 (16-byte SLL header). */
    public static final int LINKTYPE_LINUX_SLL = 113;
    /** 127: radiotap header followed by an IEEE 802.11 frame. */
    public static final int LINKTYPE_IEEE802_11_RADIOTAP = 127;
    /** 226: Solaris ipnet. */
    public static final int LINKTYPE_IPNET = 226;
    /** 228: raw IPv4; the packet begins with an IPv4 header. */
    public static final int LINKTYPE_IPV4 = 228;
    /** 229: raw IPv6; the packet begins with an IPv6 header. */
    public static final int LINKTYPE_IPV6 = 229;
    /** 239: Linux netfilter NFLOG messages. */
    public static final int LINKTYPE_NFLOG = 239;
    /** 274: IEEE 802.3 Ethernet mPackets (preemption). */
    public static final int LINKTYPE_ETHERNET_MPACKET = 274;
    /** 276: Linux "cooked" capture, version 2 (20-byte SLL2 header). */
    public static final int LINKTYPE_LINUX_SLL2 = 276;

    /** {@code LINKTYPE_LINUX_SLL2 (276)}, or {@code 147 (unnamed link type)}. */
    public static String describe(int linkType) {
        String name = switch (linkType) {
            case LINKTYPE_NULL -> "LINKTYPE_NULL";
            case LINKTYPE_ETHERNET -> "LINKTYPE_ETHERNET";
            case LINKTYPE_PPP -> "LINKTYPE_PPP";
            case LINKTYPE_PPP_HDLC -> "LINKTYPE_PPP_HDLC";
            case LINKTYPE_RAW -> "LINKTYPE_RAW";
            case LINKTYPE_C_HDLC -> "LINKTYPE_C_HDLC";
            case LINKTYPE_LOOP -> "LINKTYPE_LOOP";
            case LINKTYPE_LINUX_SLL -> "LINKTYPE_LINUX_SLL";
            case LINKTYPE_IEEE802_11_RADIOTAP -> "LINKTYPE_IEEE802_11_RADIOTAP";
            case LINKTYPE_IPNET -> "LINKTYPE_IPNET";
            case LINKTYPE_IPV4 -> "LINKTYPE_IPV4";
            case LINKTYPE_IPV6 -> "LINKTYPE_IPV6";
            case LINKTYPE_NFLOG -> "LINKTYPE_NFLOG";
            case LINKTYPE_ETHERNET_MPACKET -> "LINKTYPE_ETHERNET_MPACKET";
            case LINKTYPE_LINUX_SLL2 -> "LINKTYPE_LINUX_SLL2";
            default -> null;
        };
        return name != null ? name + " (" + linkType + ")" : linkType + " (unnamed link type)";
    }
}
