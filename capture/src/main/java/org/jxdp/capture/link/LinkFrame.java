package org.jxdp.capture.link;

/**
 * A frame in a caller's slot, and what its Ethernet translation needs to undo itself: where the
 * frame is, its link type, and the original link header that the synthetic Ethernet header
 * replaced. One per slot, allocated once and reused for every frame the slot holds.
 * <pre>
 *   slot  [ headroom ......... | frame (offset, length) .......... | tailroom ]
 *                              ^ offset moves back by up to 14 bytes when a raw IP
 *                                frame gets its synthetic Ethernet header
 * </pre>
 * Not thread-safe; it travels with its slot.
 */
public final class LinkFrame {
    /** Longest link header this package saves (SLL2). */
    public static final int MAX_SAVED_HEADER = LinuxCookedHeader.SLL2_HDR_LEN;

    private byte[] slot;
    private int offset;
    private int length;
    private int linkType;
    private LinkLayer layer = LinkLayer.OTHER;
    final byte[] savedHeader = new byte[MAX_SAVED_HEADER];
    boolean translated;
    int syntheticEthertype;

    /**
     * Points this frame at {@code slot[offset, offset + length)} holding a frame of
     * {@code linkType}, as read from a capture. Clears any earlier translation state.
     *
     * @throws IllegalArgumentException when the bounds lie outside the slot
     */
    public LinkFrame set(byte[] slot, int offset, int length, int linkType) {
        checkBounds(slot, offset, length);
        this.slot = slot;
        this.offset = offset;
        this.length = length;
        this.linkType = linkType;
        this.layer = LinkLayer.of(linkType);
        this.translated = false;
        return this;
    }

    /**
     * Moves the frame's bounds within its slot, after a program moved its head or tail
     * ({@code bpf_xdp_adjust_head}, {@code bpf_xdp_adjust_tail}).
     *
     * @throws IllegalArgumentException when the bounds lie outside the slot
     */
    public void setBounds(int offset, int length) {
        checkBounds(slot, offset, length);
        this.offset = offset;
        this.length = length;
    }

    /** Gives the frame a synthetic Ethernet header when its link type needs one ({@link LinkLayer#toEthernet}). */
    public Translation toEthernet() {
        return layer.toEthernet(this);
    }

    /** Puts the original link header back ({@link LinkLayer#fromEthernet}). */
    public Translation fromEthernet() {
        return layer.fromEthernet(this);
    }

    /** The slot that holds the frame. */
    public byte[] slot() {
        return slot;
    }

    /** Where the frame starts in the slot. */
    public int offset() {
        return offset;
    }

    /** The frame's length. */
    public int length() {
        return length;
    }

    /** The frame's link type as read from the capture; it does not change with translation. */
    public int linkType() {
        return linkType;
    }

    /** The translation that applies to this frame's link type. */
    public LinkLayer layer() {
        return layer;
    }

    /** True while the frame wears a synthetic Ethernet header in place of its own link header. */
    public boolean translated() {
        return translated;
    }

    void moveTo(int offset, int length) {
        this.offset = offset;
        this.length = length;
    }

    private static void checkBounds(byte[] slot, int offset, int length) {
        if (slot == null) {
            throw new IllegalArgumentException("no slot");
        }
        if (offset < 0 || length < 0 || offset > slot.length - length) {
            throw new IllegalArgumentException("frame [" + offset + ", +" + length + ") lies outside a slot of "
                    + slot.length + " bytes");
        }
    }
}
