package org.jxdp.capture.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import org.jxdp.capture.pipeline.ClockMode;
import org.jxdp.capture.pipeline.Pipeline;
import org.jxdp.capture.pipeline.PipelineConfig;
import org.jxdp.capture.pipeline.PipelineStats;
import org.jxdp.capture.pipeline.ProgressListener;
import org.jxdp.capture.testing.ClangPrograms;
import org.jxdp.capture.testing.TestFrames;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.object.BpfProgram;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.hooks.XdpAction;
import org.jxdp.hooks.XdpPrograms;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole live path allocates nothing per frame: in a namespace of the test's own
 * ({@link VethNamespace}), a thread sends UDP frames into x0 as fast as it can; jxdp captures
 * them on x1 ({@link LiveSource}), runs verdict.c (port 1003: MACs swapped, 4 bytes cut, XDP_TX)
 * on one worker, and sends every frame back out of x1 ({@link TransmitSink}). The pipeline
 * thread's allocated bytes are measured from the 50,000th frame to the end.
 */
class LivePipelineAllocationTest {
    private static final int FRAMES = 200_000;
    private static final long WINDOW_START = 50_000;

    @TempDir
    Path dir;

    @Test
    void capturingRunningAndTransmittingAllocateNothingPerFrame() throws Exception {
        java.lang.management.ThreadMXBean t = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(t instanceof com.sun.management.ThreadMXBean, "no com.sun.management.ThreadMXBean");
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) t;
        bean.setThreadAllocatedMemoryEnabled(true);
        Path obj = ClangPrograms.compile(dir, "/org/jxdp/capture/pipeline/verdict.c");
        BpfObject object = BpfObject.open(obj, XdpPrograms.options(1, EngineKind.JIT));
        BpfProgram program = object.programs().stream().filter(p -> p.name().equals("verdict")).findFirst()
                .orElseThrow();
        byte[] frame = TestFrames.udp(1, 40000, 1003, 7, 40);
        try (VethNamespace ns = VethNamespace.create()) {
            ns.run(() -> {
                try (LiveInterface x0 = LiveInterface.open(VethNamespace.X0, CaptureSettings.DEFAULT);
                     LiveInterface x1 = LiveInterface.open(VethNamespace.X1, CaptureSettings.DEFAULT)) {
                    LiveSource source = new LiveSource(List.of(x1), 1);
                    TransmitSink wire = new TransmitSink(List.of(x1), TransmitSink.Mode.MONITOR);
                    Window window = new Window(bean);
                    long[] returned = new long[1];
                    // created here, the sender is in the namespace too (threads inherit it); it keeps
                    // at most 256 frames in flight, counting the reflected ones as they come back on x0
                    Thread sender = new Thread(() -> {
                        try {
                            returned[0] = sendAndCollect(x0, frame);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        } finally {
                            source.stop();
                        }
                    }, "sender");
                    PipelineConfig c = PipelineConfig.of(program.executable(), object.runtime()).workers(1)
                            .clock(ClockMode.WALL).progress(window, 0);
                    sender.start();
                    PipelineStats stats = new Pipeline(c).run(source, List.of(wire));
                    sender.join();
                    long windowFrames = window.lastFrames - window.startFrames;
                    long allocated = window.lastBytes - window.startBytes;
                    System.out.printf("live pipeline: %,d frames (%,d TX), %,d in the window, %,d bytes allocated "
                            + "there (%.4f per frame), libpcap dropped %,d, %.0f frames/s%n", stats.frames(),
                            stats.count(XdpAction.TX), windowFrames, allocated,
                            (double) allocated / Math.max(1, windowFrames), x1.stats().dropped(),
                            stats.frames() * 1e9 / stats.elapsedNanos());
                    assertThat(stats.accounted()).isTrue();
                    assertThat(stats.count(XdpAction.TX)).isEqualTo(stats.frames() - stats.ringDrops());
                    assertThat(wire.reflected()).isEqualTo(stats.count(XdpAction.TX));
                    assertThat(x1.stats().sent()).isEqualTo(wire.reflected());
                    assertThat(returned[0]).as("reflected frames back on x0 (libpcap may drop some there)")
                            .isLessThanOrEqualTo(wire.reflected())
                            .isGreaterThanOrEqualTo(wire.reflected() - x0.stats().dropped());
                    assertThat(windowFrames).as("frames in the measured window").isGreaterThanOrEqualTo(50_000);
                    assertThat(allocated).as("bytes the pipeline thread allocated over %,d frames", windowFrames)
                            .isLessThan(16 * 1024);
                }
                return null;
            });
        }
    }

    /** Sends FRAMES frames on x0 with at most 256 in flight; returns how many came back. */
    private static long sendAndCollect(LiveInterface x0, byte[] frame) throws Exception {
        LiveSource back = new LiveSource(List.of(x0), 1);
        org.jxdp.capture.pipeline.FrameSlot slot = org.jxdp.capture.pipeline.TestSlots.slot();
        long sent = 0;
        long got = 0;
        long lost = 0;
        long lastProgress = System.nanoTime();
        while (sent < FRAMES || got + lost < sent) {
            if (sent < FRAMES && sent - got - lost < 256) {
                x0.send(frame, 0, frame.length);
                sent++;
            } else if (back.next(slot) == org.jxdp.capture.pipeline.FrameSource.FRAME) {
                got++;
                lastProgress = System.nanoTime();
            } else if (System.nanoTime() - lastProgress > 200_000_000L) {
                lost = sent - got; // dropped on the way: go on
                lastProgress = System.nanoTime();
            }
        }
        return got;
    }

    /** The pipeline thread's allocated bytes at the first progress call past the window start, and at the last. */
    static final class Window implements ProgressListener {
        private final com.sun.management.ThreadMXBean bean;
        long startBytes = -1;
        long startFrames;
        long lastBytes;
        long lastFrames;

        Window(com.sun.management.ThreadMXBean bean) {
            this.bean = bean;
        }

        @Override
        public void progress(long frames, long bytes, long elapsedNanos) {
            if (frames < WINDOW_START) {
                return;
            }
            long now = bean.getCurrentThreadAllocatedBytes();
            if (startBytes < 0) {
                startBytes = now;
                startFrames = frames;
            }
            lastBytes = now;
            lastFrames = frames;
        }
    }
}
