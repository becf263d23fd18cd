package org.jxdp.capture.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxdp.capture.testing.ClangPrograms;
import org.jxdp.engine.elf.ElfException;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.object.BpfProgram;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.hooks.XdpAction;
import org.jxdp.hooks.XdpPrograms;

/**
 * A new version of a program replaces the running one while frames flow
 * ({@link Pipeline#replaceProgram}), taking over its maps ({@code LoadOptions.reusingMapsOf}):
 * every frame runs wholly on one version, none is lost or run twice, and the shared map counts
 * every frame across both versions.
 */
public class ProgramReplacementTest {
    @TempDir
    static Path objects;
    @TempDir
    Path dir;

    static Path v1;
    static Path v2;
    static Path badMap;

    @BeforeAll
    static void build() throws IOException {
        v1 = version(objects, "v1");
        v2 = version(objects, "v2", "-DVERDICT=XDP_DROP");
        badMap = version(objects, "bad", "-DVERDICT=XDP_DROP", "-DSEEN_ENTRIES=2");
    }

    /** versioned.c built in {@code dir/name} with {@code flags}. */
    public static Path version(Path dir, String name, String... flags) throws IOException {
        return ClangPrograms.compile(java.nio.file.Files.createDirectories(dir.resolve(name)),
                "/org/jxdp/capture/pipeline/versioned.c", flags);
    }

    static long seen(BpfObject obj) {
        byte[] v = obj.map("seen").lookup(new byte[4]);
        ByteBuffer b = ByteBuffer.wrap(v).order(ByteOrder.LITTLE_ENDIAN);
        long sum = 0;
        for (int i = 0; i + 8 <= v.length; i += 8) {
            sum += b.getLong(i);
        }
        return sum;
    }

    @Test
    void aNewVersionTakesOverMidRunWithTheMapsAndEveryFrameRunsOnce() throws Exception {
        int n = 20_000;
        int switchAt = 5_000;
        Path in = PipelineTest.input(dir, n);
        BpfObject first = BpfObject.open(v1, XdpPrograms.options(2, EngineKind.JIT));
        BpfObject second = BpfObject.open(v2, XdpPrograms.options(2, EngineKind.JIT).reusingMapsOf(first));
        assertThat(second.map("seen")).as("the running map, not a new one").isSameAs(first.map("seen"));
        BpfProgram p1 = first.program("versioned");
        BpfProgram p2 = second.program("versioned");

        Pipeline pipeline = new Pipeline(PipelineConfig.of(p1.executable(), first.runtime()).workers(2));
        List<int[]> verdicts = new ArrayList<>();
        VerdictSink record = slot -> {
            verdicts.add(new int[] {slot.worker(), slot.action()});
            if (slot.frameNumber() == switchAt) {
                pipeline.replaceProgram(p2.executable());
            }
        };
        PipelineStats stats;
        try (CaptureFileSource src = CaptureFileSource.open(in, 1)) {
            stats = pipeline.run(src, List.of(record));
        }
        assertThat(verdicts).hasSize(n);
        long pass = verdicts.stream().filter(v -> v[1] == XdpAction.XDP_PASS).count();
        long drop = verdicts.stream().filter(v -> v[1] == XdpAction.XDP_DROP).count();
        assertThat(pass + drop).as("only the two versions' verdicts").isEqualTo(n);
        assertThat(pass).as("frames up to the switch ran on version 1").isGreaterThanOrEqualTo(switchAt);
        assertThat(drop).as("version 2 ran the rest once it was in place").isPositive();
        for (int w = 0; w < 2; w++) {
            boolean switched = false;
            for (int[] v : verdicts) {
                if (v[0] != w) {
                    continue;
                }
                if (v[1] == XdpAction.XDP_DROP) {
                    switched = true;
                } else {
                    assertThat(switched).as("worker %d ran version 1 after version 2", w).isFalse();
                }
            }
        }
        assertThat(seen(first)).as("the shared map counted every frame once, across both versions").isEqualTo(n);
        assertThat(stats.frames).isEqualTo(n);
    }

    @Test
    void aVersionWhoseMapNoLongerMatchesIsRefusedWithTheMapNamed() throws Exception {
        BpfObject first = BpfObject.open(v1, XdpPrograms.options(1, EngineKind.INTERP));
        assertThatThrownBy(() -> BpfObject.open(badMap, XdpPrograms.options(1, EngineKind.INTERP)
                .reusingMapsOf(first)))
                .isInstanceOf(ElfException.class)
                .hasMessageContaining("map seen cannot take over the running map of that name: max_entries 1 vs 2");
    }
}
