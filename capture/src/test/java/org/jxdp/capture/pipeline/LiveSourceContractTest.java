package org.jxdp.capture.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.jxdp.capture.link.LinkType;
import org.jxdp.capture.testing.TestFrames;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.hooks.XdpPrograms;
import org.junit.jupiter.api.Test;

/**
 * What a live source (the pcap4j one to come) can rely on: NONE makes the pipeline carry out
 * what is done and flush its sinks, a full pool makes frames ring drops instead of waiting,
 * stop() ends the run with every admitted frame carried out, the ingress ifindex can be set per
 * frame, and the sinks still see frames in order.
 */
class LiveSourceContractTest {

    /** A source of {@code total} frames that says NONE every 7th call, like a poll timeout. */
    static final class FakeLive implements FrameSource {
        final int total;
        int produced;
        int calls;
        final byte[][] frames = new byte[16][];

        FakeLive(int total) {
            this.total = total;
            for (int i = 0; i < frames.length; i++) {
                frames[i] = TestFrames.udp(i, 1000 + i, 2000, i, 0);
            }
        }

        @Override
        public int next(FrameSlot slot) {
            if (produced == total) {
                return END;
            }
            if (++calls % 7 == 0) {
                return NONE;
            }
            byte[] f = frames[produced % frames.length];
            slot.load(1_700_000_000_000_000_000L + produced * 1000L, f.length, LinkType.LINKTYPE_ETHERNET, 0, f, 0,
                    f.length);
            slot.ingressIfindex(produced % 2 == 0 ? 7 : 9);
            produced++;
            return FRAME;
        }

        @Override
        public boolean replay() {
            return false;
        }

        @Override
        public int linkType() {
            return LinkType.LINKTYPE_ETHERNET;
        }

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public void close() {
        }
    }

    /** Records the order of the frames it is given and how often it was flushed. */
    static final class Recorder implements VerdictSink {
        final List<Long> numbers = new ArrayList<>();
        final List<Integer> ifindexes = new ArrayList<>();
        int flushes;
        boolean closed;

        @Override
        public void accept(FrameSlot s) {
            numbers.add(s.frameNumber());
            ifindexes.add(s.ingressIfindex());
        }

        @Override
        public void flush() {
            flushes++;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    static BpfObject counting(int cpus) throws Exception {
        try (InputStream s = LiveSourceContractTest.class.getResourceAsStream("/org/jxdp/hooks/bundled/count.o")) {
            return BpfObject.open("count.o", s.readAllBytes(), XdpPrograms.options(cpus, EngineKind.JIT));
        }
    }

    @Test
    void aFullPoolIsARingDropAndEveryFrameIsStillAccountedFor() throws Exception {
        BpfObject obj = counting(2);
        FakeLive src = new FakeLive(50_000);
        Recorder rec = new Recorder();
        PipelineStats s = new Pipeline(PipelineConfig.of(obj.programs().get(0).executable(), obj.runtime())
                .workers(2).inlineWorker0(false).poolSize(2).batch(1).clock(ClockMode.WALL)).run(src, List.of(rec));
        assertThat(s.frames()).isEqualTo(50_000);
        assertThat(s.accounted()).isTrue();
        assertThat(rec.numbers).hasSize((int) (s.frames() - s.ringDrops()));
        for (int i = 0; i < rec.numbers.size(); i++) {
            assertThat(rec.numbers.get(i)).isEqualTo(i + 1);
        }
        assertThat(rec.flushes).as("flushes when the source had nothing").isPositive();
        assertThat(rec.closed).isTrue();
        System.out.printf("live contract: %,d frames, %,d ring drops%n", s.frames(), s.ringDrops());
    }

    @Test
    void stopEndsTheRunWithTheFramesInFlightCarriedOut() throws Exception {
        BpfObject obj = counting(1);
        FakeLive src = new FakeLive(Integer.MAX_VALUE);
        Recorder rec = new Recorder();
        Pipeline p = new Pipeline(PipelineConfig.of(obj.programs().get(0).executable(), obj.runtime()).workers(1));
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            p.stop();
        });
        stopper.start();
        PipelineStats s = p.run(src, List.of(rec));
        stopper.join();
        assertThat(s.frames()).isPositive().isEqualTo(rec.numbers.size() + s.ringDrops());
        assertThat(s.accounted()).isTrue();
        assertThat(rec.ifindexes.subList(0, 4)).containsExactly(7, 9, 7, 9);
    }
}
