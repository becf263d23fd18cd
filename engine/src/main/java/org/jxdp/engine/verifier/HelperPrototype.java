package org.jxdp.engine.verifier;

import java.util.List;
import java.util.Set;
import org.jxdp.engine.maps.MapType;

/**
 * A helper's contract with the verifier (the kernel's {@code struct bpf_func_proto} plus what
 * {@code check_map_func_compatibility} and {@code bpf_helper_changes_pkt_data} say of it).
 *
 * @param id the helper id ({@code BPF_FUNC_*})
 * @param name the helper's name, {@code bpf_map_lookup_elem}
 * @param ret what r0 holds after the call
 * @param args the argument kinds of r1..r5 ({@link ArgType#ARG_DONTCARE} for unused ones)
 * @param fixedSize the byte counts of {@link ArgType#ARG_PTR_TO_FIXED_SIZE_MEM} arguments, by index
 * @param gplOnly only programs under a GPL-compatible licence may call it
 * @param changesPacket it may move the packet's edges: every packet pointer is forgotten after it
 * @param pktAccess it may be handed packet pointers as memory arguments (the kernel's {@code pkt_access})
 * @param mapTypes the map types its {@link ArgType#ARG_CONST_MAP_PTR} must be (empty: any map a
 *     program may pass to helpers in general)
 */
record HelperPrototype(int id, String name, RetType ret, List<ArgType> args, int[] fixedSize, boolean gplOnly,
        boolean changesPacket, boolean pktAccess, Set<MapType> mapTypes) {

    /** What a helper returns (the kernel's {@code enum bpf_return_type}). */
    enum RetType {
        /** A number. */
        RET_INTEGER,
        /** Nothing: r0 is not readable after the call. */
        RET_VOID,
        /** A pointer into the value of the map argument, or NULL. */
        RET_PTR_TO_MAP_VALUE_OR_NULL,
        /** A new ring buffer record of the allocation size argument, or NULL; must be released. */
        RET_PTR_TO_RINGBUF_MEM_OR_NULL
    }

    /** The argument kind of r{@code i + 1}. */
    ArgType arg(int i) {
        return i < args.size() ? args.get(i) : ArgType.ARG_DONTCARE;
    }

    /** How many argument registers the helper reads. */
    int argCount() {
        int n = 0;
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i) != ArgType.ARG_DONTCARE) {
                n = i + 1;
            }
        }
        return n;
    }
}
