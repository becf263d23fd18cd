package org.jxdp.capture.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.jxdp.capture.testing.SharedCaptures;
import org.jxdp.capture.testing.Tshark;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.hooks.XdpAction;
import org.jxdp.hooks.XdpPrograms;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every capture of {@code ../shared/pcaps} (many link types, damaged and malformed packets)
 * replayed through the bundled counting program with two workers: no crash, every frame
 * accounted for, as many frames as {@code capinfos -c -M} counts, and the pass file (every frame
 * passes, run or not) holding as many.
 */
class SharedCapturesReplayTest {
    @TempDir
    Path dir;

    @TestFactory
    Stream<DynamicTest> everySharedCaptureReplays() {
        return SharedCaptures.all().stream().map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
            BpfObject obj;
            try (InputStream s = getClass().getResourceAsStream("/org/jxdp/hooks/bundled/count.o")) {
                obj = BpfObject.open("count.o", s.readAllBytes(), XdpPrograms.options(2, EngineKind.JIT));
            }
            Path pass = dir.resolve(f.getFileName() + ".out.pcapng");
            Path csv = dir.resolve(f.getFileName() + ".csv");
            PipelineStats s;
            try (CaptureFileSource src = CaptureFileSource.open(f, 1)) {
                s = new Pipeline(PipelineConfig.of(obj.programs().get(0).executable(), obj.runtime()).workers(2))
                        .run(src, List.of(new CaptureFileSinks(pass, null, null, null, src::nanosecondTimestamps,
                                src.linkType()), new VerdictCsvSink(csv)));
            }
            long expected = Tshark.capinfosCount(f);
            assertThat(s.frames()).as("frames against capinfos").isEqualTo(expected);
            assertThat(s.accounted()).isTrue();
            assertThat(s.count(XdpAction.PASS) + s.notRun()).isEqualTo(expected);
            assertThat(Tshark.capinfosCount(pass)).as("frames in the pass output").isEqualTo(expected);
            assertThat(java.nio.file.Files.readAllLines(csv)).hasSize((int) expected + 1);
        }));
    }
}
