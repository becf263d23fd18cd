package org.jxdp.capture.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jxdp.capture.link.LinkType;
import org.jxdp.capture.testing.ClangPrograms;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.object.BpfProgram;
import org.jxdp.hooks.XdpAction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Worker threads that read the input for themselves (a file replay's default with more than one
 * worker) against the pipeline thread handing them their frames ({@code workersRead(false)}) and
 * against one worker: every output the same bytes, the same counts, each worker the same frames;
 * and an input that reads differently the second time ends the run with an error, not a hang.
 */
class WorkersReadTest {
    @TempDir
    static Path objects;
    @TempDir
    Path dir;

    static Path verdictObject;

    @BeforeAll
    static void build() throws IOException {
        verdictObject = ClangPrograms.compile(objects, "/org/jxdp/capture/pipeline/verdict.c");
    }

    /** Every file a run writes, by name, its stats, and each worker's ring depth after it. */
    record Outcome(List<byte[]> files, PipelineStats stats, List<Integer> ringDepths) {
    }

    private Outcome run(Path in, int workers, boolean workersRead, String tag) throws Exception {
        BpfObject obj = PipelineTest.load(verdictObject, Math.max(workers, 1));
        obj.map("ports").update(PipelineTest.le(1), PipelineTest.le(9), 0);
        BpfProgram p = obj.program("verdict");
        Path pass = dir.resolve(tag + "-pass.pcap");
        Path drop = dir.resolve(tag + "-drop.pcap");
        Path tx = dir.resolve(tag + "-tx.pcapng");
        Path redirect = dir.resolve(tag + "-redirect-{target}.pcap");
        Path annotate = dir.resolve(tag + "-annotated.pcapng");
        Path csv = dir.resolve(tag + "-verdicts.csv");
        PipelineStats s;
        Pipeline pipeline = new Pipeline(PipelineConfig.of(p.executable(), obj.runtime()).workers(workers)
                .workersRead(workersRead));
        try (CaptureFileSource src = CaptureFileSource.open(in, 2)) {
            s = pipeline.run(src, List.of(new CaptureFileSinks(pass, drop, tx, redirect, () -> true, LinkType.LINKTYPE_ETHERNET),
                    new AnnotateSink(annotate, pc -> p.lines().location(pc)), new VerdictCsvSink(csv)));
        }
        List<byte[]> files = new ArrayList<>();
        for (Path f : List.of(pass, drop, tx, dir.resolve(tag + "-redirect-5.pcap"), dir.resolve(tag + "-redirect-9.pcap"),
                annotate, csv)) {
            files.add(Files.readAllBytes(f));
        }
        return new Outcome(files, s, pipeline.workerCounters().stream().map(WorkerCounters::ringDepth).toList());
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3})
    void workersReadingForThemselvesWriteWhatWorkersHandedTheirFramesWrite(int workers) throws Exception {
        Path in = PipelineTest.input(dir, 6000);
        Outcome one = run(in, 1, true, "one");
        Outcome read = run(in, workers, true, "read");
        Outcome handed = run(in, workers, false, "handed");
        for (int i = 0; i < one.files().size(); i++) {
            assertThat(read.files().get(i)).as("file %d, workers reading", i).isEqualTo(one.files().get(i));
            assertThat(handed.files().get(i)).as("file %d, workers handed frames", i).isEqualTo(one.files().get(i));
        }
        assertThat(one.files().get(1)).as("some frames dropped").isNotEmpty();
        for (XdpAction a : XdpAction.values()) {
            assertThat(read.stats().count(a)).as("%s", a).isEqualTo(one.stats().count(a));
        }
        assertThat(read.stats().count(XdpAction.REDIRECT)).isPositive();
        assertThat(read.stats().count(XdpAction.ABORTED)).isPositive();
        assertThat(read.stats().aborts().stream().map(x -> x.frameNumber() + " " + x.reason()).toList())
                .isEqualTo(one.stats().aborts().stream().map(x -> x.frameNumber() + " " + x.reason()).toList());
        assertThat(read.stats().workerFrames()).isEqualTo(handed.stats().workerFrames());
        assertThat(read.stats().workerFrames()).doesNotContain(0L);
        assertThat(read.stats().accounted()).isTrue();
        assertThat(read.ringDepths()).as("every record carried out has left its ring").containsOnly(0);
    }

    /** A source whose second reading ends early, as a file cut while it is read would. */
    static final class ShrinkingSource implements FrameSource {
        private final FrameSource in;
        private final long limit;
        private long read;

        ShrinkingSource(FrameSource in, long limit) {
            this.in = in;
            this.limit = limit;
        }

        @Override
        public int next(FrameSlot slot) throws IOException {
            return read++ >= limit ? END : in.next(slot);
        }

        @Override
        public FrameSource fork() throws IOException {
            return new ShrinkingSource(in.fork(), limit / 2);
        }

        @Override
        public int linkType() {
            return in.linkType();
        }

        @Override
        public String name() {
            return "shrinking.pcap";
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    @Test
    void anInputThatEndsEarlierForAWorkerStopsTheRunWithAnError() throws Exception {
        Path in = PipelineTest.input(dir, 4000);
        BpfObject obj = PipelineTest.load(verdictObject, 2);
        BpfProgram p = obj.program("verdict");
        try (ShrinkingSource src = new ShrinkingSource(CaptureFileSource.open(in, 1), 4000)) {
            Pipeline pipeline = new Pipeline(PipelineConfig.of(p.executable(), obj.runtime()).workers(2));
            assertThatThrownBy(() -> pipeline.run(src, List.of(new VerdictCsvSink(dir.resolve("v.csv")))))
                    .isInstanceOf(IOException.class)
                    .hasMessageContaining("shrinking.pcap: worker 1 found the input ended before frame")
                    .hasMessageContaining("did the file change while it was read?");
        }
    }
}
