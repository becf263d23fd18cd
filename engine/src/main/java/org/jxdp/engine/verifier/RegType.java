package org.jxdp.engine.verifier;

/**
 * What a register (or a spilled stack slot) holds, under the kernel's names
 * ({@code enum bpf_reg_type}); {@link #text} is the short form the kernel's log prints.
 */
enum RegType {
    /** Never written: reading it is refused. */
    NOT_INIT("?"),
    /** A number, not a pointer. */
    SCALAR_VALUE("scalar"),
    /** The program's context ({@code struct xdp_md}). */
    PTR_TO_CTX("ctx"),
    /** A pointer into a stack frame. */
    PTR_TO_STACK("fp"),
    /** A pointer into the packet, from {@code ctx->data}. */
    PTR_TO_PACKET("pkt"),
    /** A pointer into the packet's metadata, from {@code ctx->data_meta}. */
    PTR_TO_PACKET_META("pkt_meta"),
    /** The end of the packet, from {@code ctx->data_end}: comparable, never dereferenced. */
    PTR_TO_PACKET_END("pkt_end"),
    /** A pointer into a map's value (a lookup result, or global data). */
    PTR_TO_MAP_VALUE("map_value"),
    /** A map (LDDW of a map): passed to helpers, never dereferenced. */
    CONST_PTR_TO_MAP("map_ptr"),
    /** A pointer to a map's key, handed to a {@code bpf_for_each_map_elem} callback. */
    PTR_TO_MAP_KEY("map_key"),
    /** A program function (LDDW of a function), for callback helpers. */
    PTR_TO_FUNC("func"),
    /** Memory of a known size a helper returned ({@code bpf_ringbuf_reserve}). */
    PTR_TO_MEM("mem");

    final String text;

    RegType(String text) {
        this.text = text;
    }

    /** True for the three kinds that point into the packet region. */
    boolean isPacket() {
        return this == PTR_TO_PACKET || this == PTR_TO_PACKET_META || this == PTR_TO_PACKET_END;
    }

    /** True for every pointer kind. */
    boolean isPointer() {
        return this != NOT_INIT && this != SCALAR_VALUE;
    }
}
