package org.jxdp.capture.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.jxdp.engine.vm.Fault;
import org.jxdp.engine.vm.FaultKind;
import org.jxdp.hooks.XdpAction;
import org.jxdp.hooks.XdpFrame;
import org.junit.jupiter.api.Test;

/**
 * The ring a worker thread hands its outcomes back through: every field and byte comes out as it
 * went in, in order, across the end of the array; a full ring refuses until room is given back;
 * the pipeline thread sees only what was published; the depth counts what waits.
 */
class ResultRingTest {
    private static final int CAPACITY = 16 * 1024;

    /** A frame of {@code length} bytes numbered {@code seq}, with every field the ring carries set from it. */
    private static FrameSlot frame(long seq, int length) {
        FrameSlot s = new FrameSlot(0);
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (seq * 31 + i);
        }
        s.load(1_000_000_000L * seq + 7, length + seq % 5, 1, (int) (seq % 3), b, 0, length);
        s.sequence = seq;
        s.clockNanos = seq * 3;
        s.ingressIfindex = (int) seq % 7 + 1;
        s.action = (int) (seq % 5);
        s.returnValue = seq % 11 == 0 ? 77 : s.action;
        s.redirectKind = s.action == XdpAction.XDP_REDIRECT ? RedirectKind.values()[(int) (seq % 4)] : null;
        s.redirectTarget = s.redirectKind != null ? seq : -1;
        s.fault = seq % 13 == 0 ? new Fault((int) seq, "r0 = *(u8 *)(r1 + 0)", FaultKind.INTERNAL, "frame " + seq) : null;
        s.copiedMeta = seq % 2 == 0 ? seq & 0xffffffffL : -1;
        return s;
    }

    private static void assertSame(FrameSlot got, FrameSlot want) {
        assertThat(got.sequence).isEqualTo(want.sequence);
        assertThat(got.frameNumber).isEqualTo(want.sequence + 1);
        assertThat(got.timestampNanos).isEqualTo(want.timestampNanos);
        assertThat(got.clockNanos).isEqualTo(want.clockNanos);
        assertThat(got.originalLength).isEqualTo(want.originalLength);
        assertThat(got.capturedLength).isEqualTo(want.capturedLength);
        assertThat(got.linkType).isEqualTo(want.linkType);
        assertThat(got.interfaceIndex).isEqualTo(want.interfaceIndex);
        assertThat(got.ingressIfindex).isEqualTo(want.ingressIfindex);
        assertThat(got.action).isEqualTo(want.action);
        assertThat(got.returnValue).isEqualTo(want.returnValue);
        assertThat(got.redirectKind).isEqualTo(want.redirectKind);
        assertThat(got.redirectTarget).isEqualTo(want.redirectTarget);
        assertThat(got.fault).isEqualTo(want.fault);
        assertThat(got.xdpMetaU32()).isEqualTo(want.xdpMetaU32());
        assertThat(Arrays.copyOfRange(got.array, got.offset, got.offset + got.length))
                .isEqualTo(Arrays.copyOfRange(want.array, want.offset, want.offset + want.length));
    }

    @Test
    void recordsComeOutInOrderWithEveryFieldAndByteAcrossTheEndOfTheArray() {
        ResultRing ring = new ResultRing(CAPACITY);
        FrameSlot into = new FrameSlot(-1);
        int[] lengths = {60, 1514, 64, XdpFrame.PAGE_SIZE, 95, 3000, 14, 128};
        long next = 0;
        for (long seq = 0; seq < 400; seq++) {
            FrameSlot f = frame(seq, lengths[(int) (seq % lengths.length)]);
            while (!ring.offer(f)) {
                // full: read back everything published, as the pipeline thread does
                assertThat(ring.nextSequence()).isEqualTo(next);
                while (ring.nextSequence() == next) {
                    assertThat(ring.poll(into, next)).isTrue();
                    assertSame(into, frame(next, lengths[(int) (next % lengths.length)]));
                    next++;
                }
                ring.releaseTail();
            }
        }
        ring.publishRelease(400);
        while (next < 400) {
            assertThat(ring.poll(into, next)).isTrue();
            assertSame(into, frame(next, lengths[(int) (next % lengths.length)]));
            next++;
        }
        assertThat(ring.poll(into, 400)).isFalse();
        assertThat(ring.nextSequence()).isEqualTo(-1);
    }

    @Test
    void aFullRingRefusesUntilRoomIsGivenBackAndTheDepthCountsWhatWaits() {
        ResultRing ring = new ResultRing(CAPACITY);
        int n = 0;
        while (ring.offer(frame(n, 1000))) {
            n++;
        }
        assertThat(n).as("1,080-byte records in 16 KiB").isEqualTo(CAPACITY / (ResultRing.HEADER + 1000));
        assertThat(ring.depth()).as("a refused offer publishes what was written").isEqualTo(n);
        FrameSlot into = new FrameSlot(-1);
        assertThat(ring.poll(into, 0)).isTrue();
        assertThat(ring.offer(frame(n, 1000))).as("the room read is not given back yet").isFalse();
        ring.releaseTail();
        assertThat(ring.depth()).isEqualTo(n - 1);
        assertThat(ring.offer(frame(n, 1000))).isTrue();
    }

    @Test
    void thePipelineThreadSeesOnlyWhatWasPublished() {
        ResultRing ring = new ResultRing(CAPACITY);
        assertThat(ring.offer(frame(5, 100))).isTrue();
        assertThat(ring.nextSequence()).as("fewer than %d records are not published yet", ResultRing.PUBLISH_EVERY)
                .isEqualTo(-1);
        assertThat(ring.scannedAcquire()).isZero();
        ring.publishRelease(9);
        assertThat(ring.nextSequence()).isEqualTo(5);
        assertThat(ring.scannedAcquire()).isEqualTo(9);
        assertThat(ring.depth()).isEqualTo(1);
    }
}
