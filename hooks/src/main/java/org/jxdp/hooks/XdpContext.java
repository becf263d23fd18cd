package org.jxdp.hooks;

import org.jxdp.engine.vm.FaultException;
import org.jxdp.engine.vm.FaultKind;
import org.jxdp.engine.vm.Memory;
import org.jxdp.engine.vm.VirtualRegion;

/**
 * The program's view of {@code struct xdp_md}, served as a virtual region: a 32-bit load of
 * {@code data}, {@code data_end} or {@code data_meta} gives a full 64-bit pointer into the packet
 * region, the rewrite the kernel's verifier applies to these loads; the other fields read as
 * u32. Anything else, including every store, is a fault, as the kernel refuses it. The packet
 * edges are the packet region's ({@link Memory#mapPacket}), which the JIT reads directly for the
 * loads the verifier proves, so both engines see one value.
 * <pre>
 *   struct xdp_md {          offset
 *       __u32 data;              0   -&gt; packet pointer
 *       __u32 data_end;          4   -&gt; packet pointer
 *       __u32 data_meta;         8   -&gt; packet pointer
 *       __u32 ingress_ifindex;  12
 *       __u32 rx_queue_index;   16
 *       __u32 egress_ifindex;   20
 *   };
 * </pre>
 */
final class XdpContext implements VirtualRegion {
    /** Size of {@code struct xdp_md}. */
    static final int SIZE = 24;

    /** The packet's edges are read where the runner binds them, so that the JIT's loads of them agree. */
    private final Memory memory;
    private XdpFrame frame;

    XdpContext(Memory memory) {
        this.memory = memory;
    }

    void frame(XdpFrame f) {
        this.frame = f;
    }

    /** The frame being run (or last run). */
    XdpFrame frame() {
        return frame;
    }

    @Override
    public long load(int offset, int size) {
        XdpFrame f = frame;
        if (f == null || size != 4) {
            throw invalid(offset, size);
        }
        switch (offset) {
            case 0: return Memory.address(Memory.REGION_PACKET, memory.packetData());
            case 4: return Memory.address(Memory.REGION_PACKET, memory.hi(Memory.REGION_PACKET));
            case 8: return Memory.address(Memory.REGION_PACKET, memory.lo(Memory.REGION_PACKET));
            case 12: return f.ingressIfindex & 0xffffffffL;
            case 16: return f.rxQueueIndex & 0xffffffffL;
            case 20: return f.egressIfindex & 0xffffffffL;
            default: throw invalid(offset, size);
        }
    }

    private static FaultException invalid(int offset, int size) {
        return new FaultException(FaultKind.OUT_OF_BOUNDS, "invalid access to struct xdp_md: " + size
                + " bytes at offset " + offset + " (only the six u32 fields at offsets 0..20 can be read)");
    }
}
