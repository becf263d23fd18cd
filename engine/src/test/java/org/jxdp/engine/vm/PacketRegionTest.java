package org.jxdp.engine.vm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jxdp.engine.vm.Memory.REGION_PACKET;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@link Memory#mapPacket}, frame after frame: whatever the packet region was before (never
 * mapped, an array, virtual, unmapped), afterwards it is the new slot's {@code [meta, end)},
 * writable, with {@code data} where given, and bad edges are refused the same way.
 */
class PacketRegionTest {
    private static long at(int offset) {
        return Memory.address(REGION_PACKET, offset);
    }

    private static byte[] slot(int fill) {
        byte[] s = new byte[64];
        Arrays.fill(s, (byte) fill);
        return s;
    }

    @Test
    void eachFrameReplacesTheEdgesAndTheArray() {
        Memory m = new Memory();
        byte[] a = slot(1);
        byte[] b = slot(2);
        m.mapPacket(a, 8, 10, 40);
        assertThat(m.load8(at(8))).isEqualTo(1);
        m.mapPacket(b, 4, 4, 20);
        assertThat(m.lo(REGION_PACKET)).isEqualTo(4);
        assertThat(m.hi(REGION_PACKET)).isEqualTo(20);
        assertThat(m.writableHi(REGION_PACKET)).isEqualTo(20);
        assertThat(m.packetData()).isEqualTo(4);
        assertThat(m.load8(at(4))).isEqualTo(2);
        m.store8(at(19), 9);
        assertThat(b[19]).isEqualTo((byte) 9);
        assertThat(a[19]).isEqualTo((byte) 1);
        assertThatThrownBy(() -> m.load8(at(20))).isInstanceOf(FaultException.class);
        assertThatThrownBy(() -> m.load8(at(3))).isInstanceOf(FaultException.class);
        // the same array again, other edges
        m.mapPacket(b, 0, 30, 64);
        assertThat(m.packetData()).isEqualTo(30);
        assertThat(m.load8(at(63))).isEqualTo(2);
    }

    @Test
    void aVirtualOrUnmappedPacketRegionBecomesAnArrayAgain() {
        Memory m = new Memory();
        byte[] a = slot(5);
        m.mapPacket(a, 0, 0, 64);
        m.mapVirtual(REGION_PACKET, (offset, size) -> 77);
        assertThat(m.load8(at(0))).isEqualTo(77);
        m.mapPacket(a, 0, 2, 64);
        assertThat(m.load8(at(0))).isEqualTo(5);
        m.store8(at(1), 6);
        assertThat(a[1]).isEqualTo((byte) 6);
        m.unmap(REGION_PACKET);
        assertThatThrownBy(() -> m.load8(at(0))).isInstanceOf(FaultException.class);
        m.mapPacket(a, 16, 16, 32);
        assertThat(m.load8(at(16))).isEqualTo(5);
        assertThat(m.packetData()).isEqualTo(16);
    }

    @Test
    void aReadOnlyPacketRegionIsMadeWritable() {
        Memory m = new Memory();
        byte[] a = slot(3);
        m.map(REGION_PACKET, a, 0, 64, false);
        assertThatThrownBy(() -> m.store8(at(0), 1)).isInstanceOf(FaultException.class);
        m.mapPacket(a, 0, 0, 64);
        m.store8(at(0), 1);
        assertThat(a[0]).isEqualTo((byte) 1);
    }

    /**
     * The fields generated code reads for the packet region ({@code packetBytes}, {@code packetLo},
     * {@code packetHi}, {@code packetWritableHi}) equal the region's array and bounds after every
     * way of changing it.
     */
    @Test
    void theCopiesGeneratedCodeReadsFollowEveryChange() {
        Memory m = new Memory();
        byte[] a = slot(1);
        byte[] b = slot(2);
        copiesMatch(m);
        m.mapPacket(a, 8, 10, 40);
        copiesMatch(m);
        m.setBounds(REGION_PACKET, 12, 30);
        copiesMatch(m);
        m.map(REGION_PACKET, b, 0, 64, false);
        copiesMatch(m);
        assertThat(m.packetWritableHi).as("read-only: nothing writable").isZero();
        m.mapVirtual(REGION_PACKET, (offset, size) -> 77);
        copiesMatch(m);
        m.mapPacket(b, 4, 4, 20);
        copiesMatch(m);
        m.map(Memory.REGION_STACK, a, 0, 64, true);
        copiesMatch(m);
        assertThat(m.packetBytes).isSameAs(b);
        m.unmap(REGION_PACKET);
        copiesMatch(m);
    }

    private static void copiesMatch(Memory m) {
        assertThat(m.packetBytes).isSameAs(m.bytes[REGION_PACKET]);
        assertThat(m.packetLo).isEqualTo(m.lo[REGION_PACKET]);
        assertThat(m.packetHi).isEqualTo(m.hi[REGION_PACKET]);
        assertThat(m.packetWritableHi).isEqualTo(m.writableHi[REGION_PACKET]);
    }

    @Test
    void badEdgesAreRefusedWhateverWasMappedBefore() {
        Memory m = new Memory();
        byte[] a = slot(0);
        for (int round = 0; round < 2; round++) { // first with nothing mapped, then over a mapped frame
            assertThatThrownBy(() -> m.mapPacket(a, 10, 9, 20)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("packet data at 9 outside [10, 20]");
            assertThatThrownBy(() -> m.mapPacket(a, 10, 21, 20)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("packet data at 21 outside [10, 20]");
            assertThatThrownBy(() -> m.mapPacket(a, 0, 0, 65)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("bounds [0, 65) outside an array of 64");
            assertThatThrownBy(() -> m.mapPacket(a, -1, 0, 8)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("bounds [-1, 8) outside an array of 64");
            m.mapPacket(a, 0, 0, 64);
        }
        // a refused frame leaves the last good one in place
        assertThat(m.hi(REGION_PACKET)).isEqualTo(64);
    }
}
