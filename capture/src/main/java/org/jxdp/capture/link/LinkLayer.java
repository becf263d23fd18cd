package org.jxdp.capture.link;

import static org.jxdp.capture.link.EthernetHeader.ETH_ALEN;
import static org.jxdp.capture.link.EthernetHeader.ETH_DEST_OFFSET;
import static org.jxdp.capture.link.EthernetHeader.ETH_HLEN;
import static org.jxdp.capture.link.EthernetHeader.ETH_P_802_3_MIN;
import static org.jxdp.capture.link.EthernetHeader.ETH_P_IP;
import static org.jxdp.capture.link.EthernetHeader.ETH_P_IPV6;
import static org.jxdp.capture.link.EthernetHeader.ETH_PROTO_OFFSET;
import static org.jxdp.capture.link.EthernetHeader.ETH_SOURCE_OFFSET;
import static org.jxdp.capture.link.LinuxCookedHeader.PACKET_BROADCAST;
import static org.jxdp.capture.link.LinuxCookedHeader.SLL2_ADDR_OFFSET;
import static org.jxdp.capture.link.LinuxCookedHeader.SLL2_HALEN_OFFSET;
import static org.jxdp.capture.link.LinuxCookedHeader.SLL2_HDR_LEN;
import static org.jxdp.capture.link.LinuxCookedHeader.SLL2_PKTTYPE_OFFSET;
import static org.jxdp.capture.link.LinuxCookedHeader.SLL2_PROTOCOL_OFFSET;
import static org.jxdp.capture.link.LinuxCookedHeader.SLL_ADDR_OFFSET;
import static org.jxdp.capture.link.LinuxCookedHeader.SLL_HALEN_OFFSET;
import static org.jxdp.capture.link.LinuxCookedHeader.SLL_HDR_LEN;
import static org.jxdp.capture.link.LinuxCookedHeader.SLL_PKTTYPE_OFFSET;
import static org.jxdp.capture.link.LinuxCookedHeader.SLL_PROTOCOL_OFFSET;
import static org.jxdp.capture.link.NullHeader.BSD_AFNUM_INET;
import static org.jxdp.capture.link.NullHeader.BSD_AFNUM_INET6_BSD;
import static org.jxdp.capture.link.NullHeader.BSD_AFNUM_INET6_DARWIN;
import static org.jxdp.capture.link.NullHeader.BSD_AFNUM_INET6_FREEBSD;
import static org.jxdp.capture.link.NullHeader.NULL_HDR_LEN;

/**
 * How a link type is shown to an XDP program, which always sees Ethernet, and put back
 * afterwards.
 *
 * <ul>
 *   <li>{@link #ETHERNET} frames pass as they are.</li>
 *   <li>{@link #LINUX_SLL}, {@link #LINUX_SLL2}, {@link #RAW}, {@link #IPV4}, {@link #IPV6},
 *       {@link #NULL} and {@link #LOOP} frames get a synthetic 14-byte Ethernet header in place
 *       of their own link header: the ethertype comes from the SLL protocol field, the loopback
 *       address family or the IP version; the source address is the SLL sender address when it
 *       is 6 bytes long; the destination is ff:ff:ff:ff:ff:ff for an SLL broadcast and zeros
 *       otherwise, as are both addresses for raw IP and loopback.</li>
 *   <li>{@link #OTHER} (every other link type) is left untouched and reported.</li>
 * </ul>
 *
 * <p>{@link #fromEthernet} strips the 14 bytes in front of the frame and puts the original link
 * header back, so an output file keeps the input's link type and everything the program changed
 * behind the Ethernet header. Changes to the synthetic addresses are lost; a changed ethertype
 * is carried into the SLL and SLL2 protocol field, and into the loopback family when it changed
 * between IPv4 and IPv6 (IPv6 is then written as {@link NullHeader#BSD_AFNUM_INET6_BSD}).
 *
 * <p>Everything happens in place in the caller's slot and allocates nothing. The synthetic
 * header is written just before the L3 payload, so a frame whose own header is shorter than 14
 * bytes (raw IP: 0, loopback: 4) eats into the headroom; {@link #copyOffset(int)} says where to
 * copy a frame so that its Ethernet header starts exactly at the slot's headroom.
 */
public enum LinkLayer {
    /** {@code LINKTYPE_ETHERNET}: nothing to do. */
    ETHERNET(LinkType.LINKTYPE_ETHERNET, ETH_HLEN, ETH_HLEN) {
        @Override
        public Translation toEthernet(LinkFrame f) {
            return Translation.ETHERNET;
        }

        @Override
        public Translation fromEthernet(LinkFrame f) {
            return Translation.ETHERNET;
        }

        @Override
        int ethertype(byte[] s, int o, int length) {
            return u16(s, o + ETH_PROTO_OFFSET);
        }
    },

    /** {@code LINKTYPE_LINUX_SLL}: the 16-byte SLL header, see {@link LinuxCookedHeader}. */
    LINUX_SLL(LinkType.LINKTYPE_LINUX_SLL, SLL_HDR_LEN, SLL_HDR_LEN) {
        @Override
        int ethertype(byte[] s, int o, int length) {
            int p = u16(s, o + SLL_PROTOCOL_OFFSET);
            return p >= ETH_P_802_3_MIN ? p : -1;
        }

        @Override
        void addresses(byte[] saved, byte[] s, int eth) {
            cookedAddresses(s, eth, u16(saved, SLL_PKTTYPE_OFFSET), u16(saved, SLL_HALEN_OFFSET), saved, SLL_ADDR_OFFSET);
        }

        @Override
        void restore(LinkFrame f, byte[] s, int start, int ethertype) {
            putU16(s, start + SLL_PROTOCOL_OFFSET, ethertype);
        }
    },

    /** {@code LINKTYPE_LINUX_SLL2}: the 20-byte SLL2 header, see {@link LinuxCookedHeader}. */
    LINUX_SLL2(LinkType.LINKTYPE_LINUX_SLL2, SLL2_HDR_LEN, SLL2_HDR_LEN) {
        @Override
        int ethertype(byte[] s, int o, int length) {
            int p = u16(s, o + SLL2_PROTOCOL_OFFSET);
            return p >= ETH_P_802_3_MIN ? p : -1;
        }

        @Override
        void addresses(byte[] saved, byte[] s, int eth) {
            cookedAddresses(s, eth, saved[SLL2_PKTTYPE_OFFSET] & 0xff, saved[SLL2_HALEN_OFFSET] & 0xff, saved, SLL2_ADDR_OFFSET);
        }

        @Override
        void restore(LinkFrame f, byte[] s, int start, int ethertype) {
            putU16(s, start + SLL2_PROTOCOL_OFFSET, ethertype);
        }
    },

    /** {@code LINKTYPE_RAW}: IPv4 or IPv6, told by the version nibble. */
    RAW(LinkType.LINKTYPE_RAW, 0, 1) {
        @Override
        int ethertype(byte[] s, int o, int length) {
            return switch ((s[o] & 0xf0) >>> 4) {
                case 4 -> ETH_P_IP;
                case 6 -> ETH_P_IPV6;
                default -> -1;
            };
        }
    },

    /** {@code LINKTYPE_IPV4}: IPv4 whatever the first byte says. */
    IPV4(LinkType.LINKTYPE_IPV4, 0, 1) {
        @Override
        int ethertype(byte[] s, int o, int length) {
            return ETH_P_IP;
        }
    },

    /** {@code LINKTYPE_IPV6}: IPv6 whatever the first byte says. */
    IPV6(LinkType.LINKTYPE_IPV6, 0, 1) {
        @Override
        int ethertype(byte[] s, int o, int length) {
            return ETH_P_IPV6;
        }
    },

    /** {@code LINKTYPE_NULL}: a 4-byte address family in the writer's byte order, see {@link NullHeader}. */
    NULL(LinkType.LINKTYPE_NULL, NULL_HDR_LEN, NULL_HDR_LEN) {
        @Override
        int ethertype(byte[] s, int o, int length) {
            return familyEthertype(family(s, o, bigEndian(s, o)));
        }

        @Override
        void restore(LinkFrame f, byte[] s, int start, int ethertype) {
            restoreFamily(f, s, start, ethertype, bigEndian(f.savedHeader, 0));
        }
    },

    /** {@code LINKTYPE_LOOP}: a 4-byte address family in network byte order, see {@link NullHeader}. */
    LOOP(LinkType.LINKTYPE_LOOP, NULL_HDR_LEN, NULL_HDR_LEN) {
        @Override
        int ethertype(byte[] s, int o, int length) {
            return familyEthertype(family(s, o, true));
        }

        @Override
        void restore(LinkFrame f, byte[] s, int start, int ethertype) {
            restoreFamily(f, s, start, ethertype, true);
        }
    },

    /** Every other link type: passed through untouched and reported as unsupported. */
    OTHER(-1, 0, 0) {
        @Override
        public Translation toEthernet(LinkFrame f) {
            return Translation.UNSUPPORTED_LINK_TYPE;
        }

        @Override
        public Translation fromEthernet(LinkFrame f) {
            return Translation.UNSUPPORTED_LINK_TYPE;
        }

        @Override
        int ethertype(byte[] s, int o, int length) {
            return -1;
        }
    };

    private final int linkType;
    private final int headerLength;
    private final int minLength;

    LinkLayer(int linkType, int headerLength, int minLength) {
        this.linkType = linkType;
        this.headerLength = headerLength;
        this.minLength = minLength;
    }

    /** The translation for a link type; {@link #OTHER} for those without one. */
    public static LinkLayer of(int linkType) {
        return switch (linkType) {
            case LinkType.LINKTYPE_ETHERNET -> ETHERNET;
            case LinkType.LINKTYPE_LINUX_SLL -> LINUX_SLL;
            case LinkType.LINKTYPE_LINUX_SLL2 -> LINUX_SLL2;
            case LinkType.LINKTYPE_RAW -> RAW;
            case LinkType.LINKTYPE_IPV4 -> IPV4;
            case LinkType.LINKTYPE_IPV6 -> IPV6;
            case LinkType.LINKTYPE_NULL -> NULL;
            case LinkType.LINKTYPE_LOOP -> LOOP;
            default -> OTHER;
        };
    }

    /** The link type this translation is for; -1 for {@link #OTHER}. */
    public int linkType() {
        return linkType;
    }

    /** Length of the link header the synthetic Ethernet header replaces (14 for Ethernet itself). */
    public int headerLength() {
        return headerLength;
    }

    /** False only for {@link #OTHER}: frames of this link type can be shown to a program. */
    public boolean supported() {
        return this != OTHER;
    }

    /**
     * Where to copy a captured frame of this link type in a slot with {@code headroom} bytes
     * before the packet data, so that after {@link #toEthernet} its Ethernet header starts
     * exactly at {@code headroom}: {@code headroom + 14 - headerLength()} (for {@link #OTHER},
     * {@code headroom}). The slot then needs {@code 14 - headerLength()} more bytes of tailroom
     * for raw IP and loopback frames.
     */
    public int copyOffset(int headroom) {
        return this == OTHER ? headroom : headroom + ETH_HLEN - headerLength;
    }

    /**
     * Replaces the frame's link header by a synthetic Ethernet header, in place: the frame's
     * offset moves by {@code headerLength() - 14} and its length by the opposite. The original
     * header is kept in the frame for {@link #fromEthernet}.
     *
     * @return {@link Translation#TRANSLATED}, or {@link Translation#ETHERNET} for Ethernet; any
     *     other result leaves the frame untouched
     */
    public Translation toEthernet(LinkFrame f) {
        if (f.translated) {
            return Translation.TRANSLATED;
        }
        byte[] s = f.slot();
        int o = f.offset();
        int length = f.length();
        if (length < minLength) {
            return Translation.TOO_SHORT;
        }
        int ethertype = ethertype(s, o, length);
        if (ethertype < 0) {
            return Translation.UNKNOWN_PROTOCOL;
        }
        int eth = o + headerLength - ETH_HLEN;
        if (eth < 0) {
            return Translation.NO_HEADROOM;
        }
        byte[] saved = f.savedHeader;
        System.arraycopy(s, o, saved, 0, headerLength);
        for (int i = 0; i < 2 * ETH_ALEN; i++) {
            s[eth + i] = 0;
        }
        addresses(saved, s, eth);
        putU16(s, eth + ETH_PROTO_OFFSET, ethertype);
        f.syntheticEthertype = ethertype;
        f.translated = true;
        f.moveTo(eth, length - headerLength + ETH_HLEN);
        return Translation.TRANSLATED;
    }

    /**
     * Strips the 14 bytes in front of the frame and puts back the link header that
     * {@link #toEthernet} replaced, in place.
     *
     * @return {@link Translation#TRANSLATED}, or {@link Translation#ETHERNET} for Ethernet;
     *     {@link Translation#NOT_TRANSLATED} for a frame {@code toEthernet} did not translate;
     *     any result but {@code TRANSLATED} leaves the frame untouched
     */
    public Translation fromEthernet(LinkFrame f) {
        if (!f.translated) {
            return Translation.NOT_TRANSLATED;
        }
        byte[] s = f.slot();
        int o = f.offset();
        int length = f.length();
        if (length < ETH_HLEN) {
            return Translation.TOO_SHORT;
        }
        int start = o + ETH_HLEN - headerLength;
        if (start < 0) {
            return Translation.NO_HEADROOM;
        }
        int ethertype = u16(s, o + ETH_PROTO_OFFSET);
        System.arraycopy(f.savedHeader, 0, s, start, headerLength);
        restore(f, s, start, ethertype);
        f.translated = false;
        f.moveTo(start, length - ETH_HLEN + headerLength);
        return Translation.TRANSLATED;
    }

    /** The ethertype the frame at {@code s[o]} carries, or -1 when it has none. */
    abstract int ethertype(byte[] s, int o, int length);

    /** Writes the synthetic addresses (already zeroed) from the saved original header. */
    void addresses(byte[] saved, byte[] s, int eth) {
    }

    /** Adjusts the restored original header at {@code s[start]} to the frame's final ethertype. */
    void restore(LinkFrame f, byte[] s, int start, int ethertype) {
    }

    private static void cookedAddresses(byte[] s, int eth, int packetType, int addressLength, byte[] saved, int addr) {
        if (packetType == PACKET_BROADCAST) {
            for (int i = 0; i < ETH_ALEN; i++) {
                s[eth + ETH_DEST_OFFSET + i] = (byte) 0xff;
            }
        }
        if (addressLength == ETH_ALEN) {
            System.arraycopy(saved, addr, s, eth + ETH_SOURCE_OFFSET, ETH_ALEN);
        }
    }

    private static boolean bigEndian(byte[] s, int o) {
        // a family is a small number: upper 16 bits set in the little-endian reading means big endian
        return (s[o + 2] | s[o + 3]) != 0;
    }

    private static int family(byte[] s, int o, boolean bigEndian) {
        return bigEndian ? (s[o] & 0xff) << 24 | (s[o + 1] & 0xff) << 16 | (s[o + 2] & 0xff) << 8 | (s[o + 3] & 0xff)
                : (s[o + 3] & 0xff) << 24 | (s[o + 2] & 0xff) << 16 | (s[o + 1] & 0xff) << 8 | (s[o] & 0xff);
    }

    private static int familyEthertype(int family) {
        return switch (family) {
            case BSD_AFNUM_INET -> ETH_P_IP;
            case BSD_AFNUM_INET6_BSD, BSD_AFNUM_INET6_FREEBSD, BSD_AFNUM_INET6_DARWIN -> ETH_P_IPV6;
            default -> -1;
        };
    }

    private static void restoreFamily(LinkFrame f, byte[] s, int start, int ethertype, boolean bigEndian) {
        if (ethertype == f.syntheticEthertype) {
            return;
        }
        int family;
        if (ethertype == ETH_P_IP) {
            family = BSD_AFNUM_INET;
        } else if (ethertype == ETH_P_IPV6) {
            family = BSD_AFNUM_INET6_BSD;
        } else {
            return;
        }
        for (int i = 0; i < NULL_HDR_LEN; i++) {
            int shift = bigEndian ? 8 * (NULL_HDR_LEN - 1 - i) : 8 * i;
            s[start + i] = (byte) (family >>> shift);
        }
    }

    static int u16(byte[] s, int o) {
        return (s[o] & 0xff) << 8 | (s[o + 1] & 0xff);
    }

    static void putU16(byte[] s, int o, int v) {
        s[o] = (byte) (v >>> 8);
        s[o + 1] = (byte) v;
    }
}
