package org.jxdp.capture.pipeline;

/**
 * Why a frame was not shown to the program. Such a frame passes through untouched (it goes to
 * the pass output as it was read) and is counted under its reason, apart from the verdicts:
 * {@code in = pass + drop + tx + redirect + aborted + ring_drops + not_run}.
 */
public enum NotRun {
    /** Its link type has no Ethernet translation (PPP, NFLOG, 802.11, ...). */
    UNSUPPORTED_LINK_TYPE("link type without an Ethernet translation"),
    /** Its link header names a protocol without an ethertype (SLL protocol below 0x0600, ...). */
    UNKNOWN_PROTOCOL("link header without an ethertype"),
    /** Shorter than an Ethernet header once shown as Ethernet (the kernel never runs XDP on those). */
    TOO_SHORT("shorter than an Ethernet header"),
    /** Longer than a frame slot holds (3520 bytes in a page-sized slot, as XDP without multi-buffer). */
    TOO_LONG("longer than a frame slot");

    private final String description;

    NotRun(String description) {
        this.description = description;
    }

    /** {@code longer than a frame slot}. */
    public String description() {
        return description;
    }

    /** A short name for tables and JSON: {@code too_long}. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
