package org.jxdp.capture.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jxdp.capture.gen.Profile;
import org.jxdp.capture.gen.TrafficGenerator;
import org.jxdp.capture.link.LinkType;
import org.jxdp.capture.pcap.CaptureFileFormat;
import org.jxdp.capture.pcap.CaptureWriter;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.hooks.XdpPrograms;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The steady state allocates nothing: two million frames of the benchmark mix through the
 * bundled counting program, written to a pass file and a verdict CSV, with the bytes allocated
 * by the pipeline thread and by every worker thread measured
 * ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}) between a quarter and the
 * end of the run, and no garbage collection in that window. One worker (inline on the pipeline
 * thread) and two worker threads.
 */
class PipelineAllocationTest {
    private static final int FRAMES = 400_000;
    private static final int LOOPS = 5;
    /**
     * Bytes the window may allocate per thread that reads the file (with two workers each reads
     * it, see {@code Worker}): reopening it at each loop takes about 40 KB; under 0.05 bytes a
     * frame.
     */
    private static final long BOUND = 64 * 1024;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void twoMillionFramesAllocateNothingPerFrame(int workers) throws Exception {
        java.lang.management.ThreadMXBean t = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(t instanceof com.sun.management.ThreadMXBean, "no com.sun.management.ThreadMXBean");
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) t;
        Assumptions.assumeTrue(bean.isThreadAllocatedMemorySupported(), "this JVM cannot count allocated bytes");
        bean.setThreadAllocatedMemoryEnabled(true);

        Path in = dir.resolve("mix.pcap");
        try (CaptureWriter w = CaptureWriter.create(in, CaptureFileFormat.PCAP, LinkType.LINKTYPE_ETHERNET)) {
            TrafficGenerator.generate(Profile.MIX, FRAMES, 3, w);
        }
        BpfObject obj;
        try (InputStream s = PipelineAllocationTest.class.getResourceAsStream("/org/jxdp/hooks/bundled/count.o")) {
            obj = BpfObject.open("count.o", s.readAllBytes(), XdpPrograms.options(workers, EngineKind.JIT));
        }
        long total = (long) FRAMES * LOOPS;
        Sampler sampler = new Sampler(bean, total);
        PipelineStats stats;
        try (CaptureFileSource src = CaptureFileSource.open(in, LOOPS)) {
            PipelineConfig c = PipelineConfig.of(obj.programs().get(0).executable(), obj.runtime()).workers(workers)
                    .progress(sampler, 0);
            stats = new Pipeline(c).run(src, List.of(
                    new CaptureFileSinks(Path.of("/dev/null"), null, null, null, () -> false, 1),
                    new VerdictCsvSink(Path.of("/dev/null"))));
        }
        assertThat(stats.frames()).isEqualTo(total);
        assertThat(stats.accounted()).isTrue();
        assertThat(sampler.windowFrames).as("frames in the measured window").isGreaterThan(total / 2);
        System.out.printf("%d worker(s): %,d frames in the window, %,d bytes allocated (%.4f per frame; by thread, "
                + "pipeline first: %s), %d GCs, %.2f Mpps overall%n", workers, sampler.windowFrames, sampler.allocated,
                (double) sampler.allocated / Math.max(1, sampler.windowFrames), java.util.Arrays.toString(sampler.perThread),
                sampler.gcs, stats.mpps());
        assertThat(sampler.allocated).as("bytes allocated by the pipeline and worker threads over %,d frames",
                sampler.windowFrames).isLessThan(BOUND * workers);
        assertThat(sampler.gcs).as("garbage collections during the window").isZero();
    }

    /** Samples the threads' allocated bytes from the progress callback (on the pipeline thread). */
    static final class Sampler implements ProgressListener {
        private final com.sun.management.ThreadMXBean bean;
        private final long total;
        private long[] ids;
        private long[] startPer;
        long[] perThread;
        private long startBytes = -1;
        private long startFrames;
        private long startGcs;
        private long selfAllocated;
        long allocated;
        long windowFrames;
        long gcs;

        Sampler(com.sun.management.ThreadMXBean bean, long total) {
            this.bean = bean;
            this.total = total;
        }

        @Override
        public void progress(long frames, long bytes, long elapsedNanos) {
            long self = bean.getCurrentThreadAllocatedBytes();
            try {
                sample(frames);
            } finally {
                // what the sampling itself allocated (MXBean arrays and lists) is not the pipeline's
                if (startBytes >= 0) {
                    selfAllocated += bean.getCurrentThreadAllocatedBytes() - self;
                }
            }
        }

        private void sample(long frames) {
            if (frames < total / 4) {
                return;
            }
            if (ids == null) {
                List<Long> found = new ArrayList<>();
                found.add(Thread.currentThread().getId());
                for (Thread th : Thread.getAllStackTraces().keySet()) {
                    if (th.getName().startsWith("jxdp-worker-")) {
                        found.add(th.getId());
                    }
                }
                ids = found.stream().mapToLong(Long::longValue).toArray();
                return; // the lookup itself allocated: start at the next call
            }
            long[] per = bean.getThreadAllocatedBytes(ids);
            long now = sum(per);
            if (startPer == null) {
                startPer = per;
            }
            perThread = new long[per.length];
            for (int i = 0; i < per.length; i++) {
                perThread[i] = per[i] - startPer[i] - (i == 0 ? selfAllocated : 0);
            }
            long g = gcCount();
            if (startBytes < 0) {
                startBytes = now;
                startFrames = frames;
                startGcs = g;
                selfAllocated = 0;
                return;
            }
            allocated = now - startBytes - selfAllocated;
            windowFrames = frames - startFrames;
            gcs = g - startGcs;
        }

        private static long sum(long[] v) {
            long s = 0;
            for (long x : v) {
                s += Math.max(0, x);
            }
            return s;
        }

        private static long gcCount() {
            long n = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                n += Math.max(0, gc.getCollectionCount());
            }
            return n;
        }
    }
}
