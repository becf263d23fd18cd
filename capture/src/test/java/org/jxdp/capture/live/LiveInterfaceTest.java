package org.jxdp.capture.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import org.jxdp.capture.pipeline.FrameSlot;
import org.jxdp.capture.pipeline.FrameSource;
import org.jxdp.capture.pipeline.TestSlots;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Live interfaces on a veth pair in a namespace of the test's own ({@link VethNamespace}):
 * what is sent on one end is read on the other, byte for byte, with that end's ifindex; what an
 * interface sends is never read back on it (capture of incoming frames only); a read and a send
 * allocate nothing; and the refusals are one line. Frames use the local experimental EtherType
 * 0x88b5, which no stack acts on.
 */
class LiveInterfaceTest {
    private static byte[] frame(int i, int length) {
        byte[] f = new byte[length];
        // destination 02:00:00:00:00:01 (locally administered), source 02:00:00:00:00:02
        f[0] = 2;
        f[5] = 1;
        f[6] = 2;
        f[11] = 2;
        f[12] = (byte) 0x88;
        f[13] = (byte) 0xb5;
        for (int k = 14; k < length; k++) {
            f[k] = (byte) (i * 31 + k);
        }
        return f;
    }

    @Test
    void framesCrossTheVethWithTheReceivingIfindexAndAreNotReadBackWhereSent() throws Exception {
        try (VethNamespace ns = VethNamespace.create()) {
            ns.run(() -> {
                try (LiveInterface x0 = LiveInterface.open(VethNamespace.X0, CaptureSettings.DEFAULT);
                     LiveInterface x1 = LiveInterface.open(VethNamespace.X1, CaptureSettings.DEFAULT)) {
                    LiveSource source = new LiveSource(List.of(x0, x1), 1);
                    FrameSlot slot = TestSlots.slot();
                    int frames = 200;
                    for (int i = 0; i < frames; i++) {
                        byte[] f = frame(i, 60 + i * 7);
                        assertThat(x0.send(f, 0, f.length)).isTrue();
                        int r = FrameSource.NONE;
                        for (int tries = 0; tries < 1000 && r != FrameSource.FRAME; tries++) {
                            r = source.next(slot);
                        }
                        assertThat(r).as("frame %d read", i).isEqualTo(FrameSource.FRAME);
                        assertThat(slot.interfaceIndex()).as("read on x1 (position 1)").isEqualTo(1);
                        assertThat(slot.ingressIfindex()).isEqualTo(x1.ifindex());
                        assertThat(Arrays.copyOfRange(slot.array(), slot.offset(), slot.offset() + slot.length()))
                                .isEqualTo(f);
                        assertThat(slot.originalLength()).isEqualTo(f.length);
                    }
                    int extra = 0;
                    for (int k = 0; k < 20; k++) {
                        if (source.next(slot) == FrameSource.FRAME) {
                            extra++;
                        }
                    }
                    assertThat(extra).as("frames read back on the sending end").isZero();
                    InterfaceStats s0 = x0.stats();
                    InterfaceStats s1 = x1.stats();
                    assertThat(s0.sent()).isEqualTo(frames);
                    assertThat(s0.captured()).isZero();
                    assertThat(s1.captured()).isEqualTo(frames);
                    assertThat(s1.received()).isEqualTo(frames);
                    assertThat(s1.dropped()).isZero();
                    source.stop();
                    assertThat(source.next(slot)).isEqualTo(FrameSource.END);
                }
                return null;
            });
        }
    }

    @Test
    void aSendAndAReadAllocateNothing() throws Exception {
        java.lang.management.ThreadMXBean t = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(t instanceof com.sun.management.ThreadMXBean, "no com.sun.management.ThreadMXBean");
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) t;
        bean.setThreadAllocatedMemoryEnabled(true);
        try (VethNamespace ns = VethNamespace.create()) {
            ns.run(() -> {
                try (LiveInterface x0 = LiveInterface.open(VethNamespace.X0, CaptureSettings.DEFAULT);
                     LiveInterface x1 = LiveInterface.open(VethNamespace.X1, CaptureSettings.DEFAULT)) {
                    LiveSource source = new LiveSource(List.of(x1), 1);
                    FrameSlot slot = TestSlots.slot();
                    byte[] f = frame(1, 128);
                    int warm = 20_000;
                    int measured = 100_000;
                    roundTrips(x0, source, slot, f, warm);
                    long before = bean.getCurrentThreadAllocatedBytes();
                    long start = System.nanoTime();
                    roundTrips(x0, source, slot, f, measured);
                    long nanos = System.nanoTime() - start;
                    long allocated = bean.getCurrentThreadAllocatedBytes() - before;
                    System.out.printf("live send + read: %,d frames, %,d bytes allocated (%.4f per frame), "
                            + "%.0f frames/s%n", measured, allocated, (double) allocated / measured,
                            measured * 1e9 / nanos);
                    assertThat(allocated).as("bytes allocated by %,d sends and reads", measured).isLessThan(4096);
                }
                return null;
            });
        }
    }

    private static void roundTrips(LiveInterface x0, LiveSource source, FrameSlot slot, byte[] f, int n)
            throws Exception {
        for (int i = 0; i < n; i++) {
            if (!x0.send(f, 0, f.length)) {
                throw new AssertionError("send failed: " + x0.stats().firstSendError());
            }
            int r = source.next(slot);
            while (r != FrameSource.FRAME) {
                r = source.next(slot);
            }
        }
    }

    @Test
    void refusalsAreOneLine() throws Exception {
        assertThatThrownBy(() -> LiveInterface.open("jxdp-none0", CaptureSettings.DEFAULT))
                .hasMessage("no such interface: jxdp-none0");
        try (VethNamespace ns = VethNamespace.create()) {
            ns.run(() -> {
                assertThatThrownBy(() -> LiveInterface.open(VethNamespace.X0,
                        new CaptureSettings(65_535, false, "udp and and", 1 << 20)))
                        .hasMessageStartingWith("--prefilter 'udp and and': ").hasMessageContaining("syntax error")
                        .hasMessageNotContaining("\n");
                return null;
            });
        }
    }
}
