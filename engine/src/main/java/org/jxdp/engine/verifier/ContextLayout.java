package org.jxdp.engine.verifier;

import java.util.List;

/**
 * The fields of a program type's context that programs may read, and what each load yields (the
 * kernel's {@code is_valid_access} of the program type). Every other access to the context,
 * stores included, is refused.
 *
 * @param name the C type, for messages
 * @param size its size in bytes
 * @param fields the readable fields
 */
public record ContextLayout(String name, int size, List<Field> fields) {

    /**
     * One readable field.
     *
     * @param name the C member name
     * @param offset its byte offset
     * @param size the only load size allowed
     * @param yields what the load gives: a packet pointer kind, or a scalar
     */
    public record Field(String name, int offset, int size, Yield yields) {
        /** As {@link ContextLayout#toString()}. */
        @Override
        public String toString() {
            return "Field[name=" + name + ", offset=" + offset + ", size=" + size + ", yields=" + yields + "]";
        }
    }

    /** What loading a context field gives. */
    public enum Yield {
        /** A pointer to the packet's first byte ({@code data}). */
        PACKET,
        /** A pointer just past the packet's last byte ({@code data_end}). */
        PACKET_END,
        /** A pointer to the packet's metadata ({@code data_meta}). */
        PACKET_META,
        /** A 32-bit number. */
        U32
    }

    /**
     * {@code struct xdp_md} as the kernel lets XDP programs read it ({@code xdp_is_valid_access}):
     * 4-byte loads at 4-byte offsets; {@code egress_ifindex} (offset 20) only for programs
     * attached to device maps, so not here.
     * <pre>
     *   offset  0  data              -&gt; packet pointer
     *           4  data_end          -&gt; packet end
     *           8  data_meta         -&gt; packet metadata pointer
     *          12  ingress_ifindex   -&gt; u32
     *          16  rx_queue_index    -&gt; u32
     *          20  egress_ifindex    (refused)
     * </pre>
     */
    public static final ContextLayout XDP_MD = new ContextLayout("struct xdp_md", 24, List.of(
            new Field("data", 0, 4, Yield.PACKET),
            new Field("data_end", 4, 4, Yield.PACKET_END),
            new Field("data_meta", 8, 4, Yield.PACKET_META),
            new Field("ingress_ifindex", 12, 4, Yield.U32),
            new Field("rx_queue_index", 16, 4, Yield.U32)));

    /** The field a load of {@code size} bytes at {@code offset} reads, or null when the load is invalid. */
    public Field fieldAt(int offset, int size) {
        for (Field f : fields) {
            if (f.offset == offset && f.size == size) {
                return f;
            }
        }
        return null;
    }

    /**
     * The same text as a record's own {@code toString}, written out: the verification cache's
     * keys hold it, and the generated one is bootstrapped at its first call (about 10 ms of each
     * start for each record).
     */
    @Override
    public String toString() {
        return "ContextLayout[name=" + name + ", size=" + size + ", fields=" + fields + "]";
    }
}
