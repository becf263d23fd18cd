package org.jxdp.capture.link;

/**
 * What {@link LinkLayer#toEthernet} or {@link LinkLayer#fromEthernet} did to a frame. Only
 * {@link #ETHERNET} and {@link #TRANSLATED} leave a frame an XDP program may see; after any other
 * result the frame is exactly as it was, and the caller counts it as not run.
 */
public enum Translation {
    /** The frame is Ethernet already and was left as it is. */
    ETHERNET,
    /** The link header was replaced: by a synthetic Ethernet header, or back by the original. */
    TRANSLATED,
    /** The link type has no Ethernet translation (PPP, NFLOG, 802.11, ...); untouched. */
    UNSUPPORTED_LINK_TYPE,
    /** The link header names a protocol that has no ethertype (SLL protocol below 0x0600,
     *  an unknown loopback family, raw IP that is neither version 4 nor 6); untouched. */
    UNKNOWN_PROTOCOL,
    /** The frame is shorter than its link header (or, going back, than an Ethernet header); untouched. */
    TOO_SHORT,
    /** The slot has too little room before the frame for the header that goes there; untouched. */
    NO_HEADROOM,
    /** {@code fromEthernet} on a frame that {@code toEthernet} did not translate; untouched. */
    NOT_TRANSLATED;

    /** True when the frame is now Ethernet (or back in its own form) and may be run or written. */
    public boolean ok() {
        return this == ETHERNET || this == TRANSLATED;
    }
}
