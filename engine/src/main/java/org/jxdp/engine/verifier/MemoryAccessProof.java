package org.jxdp.engine.verifier;

import java.util.Set;

/**
 * What the verifier proved about the memory access of one instruction of an accepted program:
 * on every path that reaches it, the bytes it touches lie inside the region its base register
 * points into, so an engine may drop the run-time bounds check there.
 * <pre>
 *   regions   the kinds of memory the base register may point into on different paths; one kind
 *             (see {@link #region()}) lets a JIT emit a direct access to that kind's array
 *   offsets   [minOffset, maxOffset]: where the first byte may be, relative to
 *               STACK        the top of the frame the pointer points into (fp, so negative)
 *               CTX          the start of the context
 *               PACKET       ctx-&gt;data (the packet's first byte)
 *               PACKET_META  ctx-&gt;data_meta
 *               MAP_VALUE    the start of the value (mapId: the map, or -1 when several)
 *               RINGBUF_RECORD  the start of the record
 * </pre>
 *
 * @param pc the instruction
 * @param regions the region kinds the access reaches on some path
 * @param kind load, store or atomic read-modify-write
 * @param size bytes accessed
 * @param minOffset the lowest offset of the first byte
 * @param maxOffset the highest offset of the first byte
 * @param mapId the map whose values the access touches, or -1 (none, or several)
 */
public record MemoryAccessProof(int pc, Set<Region> regions, Kind kind, int size, long minOffset, long maxOffset,
        int mapId) {

    /** The kinds of memory a program may touch. */
    public enum Region {
        /** A stack frame (the one of the current function, or a caller's). */
        STACK,
        /** The context ({@code struct xdp_md}); loads only. */
        CTX,
        /** The packet, from {@code data}. */
        PACKET,
        /** The packet's metadata, from {@code data_meta}. */
        PACKET_META,
        /** A map's value (global data included). */
        MAP_VALUE,
        /** A ring buffer record from {@code bpf_ringbuf_reserve}. */
        RINGBUF_RECORD,
        /** A map key handed to a {@code bpf_for_each_map_elem} callback; loads only. */
        MAP_KEY
    }

    /** What the instruction does with the memory. */
    public enum Kind {
        LOAD, STORE, ATOMIC
    }

    public MemoryAccessProof {
        regions = Set.copyOf(regions);
    }

    /** The one region kind every path reaches, or null when paths differ. */
    public Region region() {
        return regions.size() == 1 ? regions.iterator().next() : null;
    }
}
