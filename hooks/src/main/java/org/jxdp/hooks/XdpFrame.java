package org.jxdp.hooks;

/**
 * One frame slot, the {@code xdp_buff} of the kernel: a preallocated page-sized array with
 * headroom before the frame and tailroom after it, so that {@code bpf_xdp_adjust_head},
 * {@code _meta} and {@code _tail} move the frame's edges in place.
 * <pre>
 *   0        40                 dataMeta  data               dataEnd        hardEnd   size
 *   +--------+------------------+---------+------------------+--------------+---------+
 *   |xdp_frame| free headroom   | metadata|  frame bytes     | free tailroom| shinfo  |
 *   +--------+------------------+---------+------------------+--------------+---------+
 *            ^ adjust_head and adjust_meta may not go below here
 *                                         data = 256 (XDP_PACKET_HEADROOM) when a frame arrives
 *                                                            adjust_tail may grow up to hardEnd
 * </pre>
 * The default slot is the kernel's: a 4096-byte page, 256 bytes of headroom, 320 bytes of tail
 * reserved for {@code struct skb_shared_info}, so frames of up to 3520 bytes fit. Not
 * thread-safe: a slot belongs to one worker at a time.
 */
public final class XdpFrame {
    /** Headroom before the frame when it arrives ({@code XDP_PACKET_HEADROOM}). */
    public static final int XDP_PACKET_HEADROOM = 256;
    /** Bytes at the start of the slot that the kernel keeps for {@code struct xdp_frame}. */
    public static final int XDP_FRAME_SIZE = 40;
    /** Bytes at the end of the slot the kernel keeps for {@code struct skb_shared_info}. */
    public static final int SKB_SHARED_INFO_SIZE = 320;
    /** Size of a slot: a page. */
    public static final int PAGE_SIZE = 4096;
    /** The largest frame a default slot holds. */
    public static final int MAX_FRAME = PAGE_SIZE - XDP_PACKET_HEADROOM - SKB_SHARED_INFO_SIZE;
    /** Minimum bytes adjust_head and adjust_tail leave in a frame ({@code ETH_HLEN}). */
    public static final int ETH_HLEN = 14;
    /** Most metadata bytes adjust_meta allows: skb_shared_info.meta_len is a u8, rounded down to 4. */
    public static final int MAX_METADATA = 252;

    private final byte[] slot;
    int dataMeta;
    int data;
    int dataEnd;
    /** {@code xdp_md.ingress_ifindex}. */
    public int ingressIfindex = 1;
    /** {@code xdp_md.rx_queue_index}. */
    public int rxQueueIndex;
    /** {@code xdp_md.egress_ifindex} (0 on ingress). */
    public int egressIfindex;

    /** A page-sized slot. */
    public XdpFrame() {
        this(PAGE_SIZE);
    }

    /** A slot of {@code size} bytes (at least headroom + shared info + 14). */
    public XdpFrame(int size) {
        if (size < XDP_PACKET_HEADROOM + SKB_SHARED_INFO_SIZE + ETH_HLEN) {
            throw new IllegalArgumentException("slot of " + size + " bytes is too small");
        }
        this.slot = new byte[size];
        reset(0);
    }

    /** Empties the slot: a frame of {@code length} bytes (to be written) at the standard headroom. */
    public void reset(int length) {
        if (length < 0 || length > maxFrame()) {
            throw new IllegalArgumentException("frame of " + length + " bytes does not fit a slot of " + slot.length);
        }
        data = XDP_PACKET_HEADROOM;
        dataMeta = data;
        dataEnd = data + length;
    }

    /** Puts {@code length} bytes of {@code src} in the slot as a new frame. */
    public void load(byte[] src, int offset, int length) {
        reset(length);
        System.arraycopy(src, offset, slot, data, length);
    }

    /** The slot's bytes (the frame is at [{@link #data()}, {@link #dataEnd()})). */
    public byte[] slot() {
        return slot;
    }

    /** The largest frame this slot holds at the standard headroom. */
    public int maxFrame() {
        return slot.length - XDP_PACKET_HEADROOM - SKB_SHARED_INFO_SIZE;
    }

    public int dataMeta() {
        return dataMeta;
    }

    public int data() {
        return data;
    }

    public int dataEnd() {
        return dataEnd;
    }

    /** Frame length: {@code data_end - data}. */
    public int length() {
        return dataEnd - data;
    }

    /** Metadata length: {@code data - data_meta}. */
    public int metaLength() {
        return data - dataMeta;
    }

    /** The end of the room the frame may grow into: the start of the shared-info reserve. */
    public int hardEnd() {
        return slot.length - SKB_SHARED_INFO_SIZE;
    }

    /** A copy of the frame's bytes. */
    public byte[] bytes() {
        byte[] out = new byte[length()];
        System.arraycopy(slot, data, out, 0, out.length);
        return out;
    }

    /** Sets metadata of {@code length} bytes in front of the frame (what ctx_in.data_meta does). */
    public void metadata(byte[] meta) {
        if (meta.length > MAX_METADATA || (meta.length & 3) != 0 || data - meta.length < XDP_FRAME_SIZE) {
            throw new IllegalArgumentException("metadata of " + meta.length + " bytes is not allowed");
        }
        dataMeta = data - meta.length;
        System.arraycopy(meta, 0, slot, dataMeta, meta.length);
    }
}
