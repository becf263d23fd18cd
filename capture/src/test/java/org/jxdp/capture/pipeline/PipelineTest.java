package org.jxdp.capture.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.jxdp.capture.link.LinkType;
import org.jxdp.capture.pcap.CaptureFileFormat;
import org.jxdp.capture.pcap.CaptureReader;
import org.jxdp.capture.pcap.CaptureRecord;
import org.jxdp.capture.pcap.CaptureWriter;
import org.jxdp.capture.testing.ClangPrograms;
import org.jxdp.capture.testing.TestFrames;
import org.jxdp.capture.testing.Tshark;
import org.jxdp.engine.maps.BpfMap;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.object.BpfProgram;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.hooks.XdpAction;
import org.jxdp.hooks.XdpPrograms;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The pipeline end to end on programs built with clang: verdicts carried out into files (checked
 * with tshark), TX frames changed as the program changed them, input order kept with several
 * workers, annotations, the verdict CSV, the accounting identity, faults, link types the program
 * cannot see, and the replay clock.
 */
class PipelineTest {
    @TempDir
    static Path objects;
    @TempDir
    Path dir;

    static Path verdictObject;
    static Path ktimeObject;

    @BeforeAll
    static void build() throws IOException {
        verdictObject = ClangPrograms.compile(objects, "/org/jxdp/capture/pipeline/verdict.c");
        ktimeObject = ClangPrograms.compile(objects, "/org/jxdp/capture/pipeline/ktime.c");
    }

    /** The verdict.c port of frame i: 1001..1007 and an ordinary one, in a fixed cycle. */
    static final int[] PORTS = {1002, 1001, 1003, 1004, 1005, 9999, 1006, 1007, 1002, 1001};

    static int port(int i) {
        return PORTS[(i * 7 + i / 10) % PORTS.length];
    }

    static Path input(Path dir, int n) throws IOException {
        List<byte[]> frames = new ArrayList<>();
        long[] times = new long[n];
        for (int i = 0; i < n; i++) {
            frames.add(TestFrames.udp(i % 37, 40000 + i % 11, port(i), i, i % 5 * 10));
            times[i] = 1_700_000_000_000_000_000L + i * 1_000_000L + (i % 3) * 17;
        }
        return TestFrames.write(dir.resolve("in.pcap"), frames, times);
    }

    static BpfObject load(Path obj, int cpus) throws Exception {
        return BpfObject.open(obj, XdpPrograms.options(cpus, EngineKind.JIT));
    }

    static PipelineStats run(BpfObject obj, String program, int workers, Path in, List<VerdictSink> sinks)
            throws IOException {
        return run(obj, program, workers, true, in, sinks);
    }

    static PipelineStats run(BpfObject obj, String program, int workers, boolean inline, Path in,
                             List<VerdictSink> sinks) throws IOException {
        BpfProgram p = obj.program(program);
        assertThat(p.loaded()).as("%s loaded: %s", program, p.loadError()).isTrue();
        try (CaptureFileSource src = CaptureFileSource.open(in, 1)) {
            return new Pipeline(PipelineConfig.of(p.executable(), obj.runtime()).workers(workers).inlineWorker0(inline))
                    .run(src, sinks);
        }
    }

    record Read(List<byte[]> frames, List<Long> originalLengths) {
        int tag(int i, int at) {
            byte[] f = frames.get(i);
            return ByteBuffer.wrap(f).getInt(at);
        }
    }

    static Read read(Path file) throws IOException {
        List<byte[]> out = new ArrayList<>();
        List<Long> orig = new ArrayList<>();
        try (CaptureReader r = CaptureReader.open(file)) {
            CaptureRecord rec = new CaptureRecord();
            while (r.next(rec)) {
                byte[] b = new byte[rec.capturedLength()];
                rec.copyTo(b, 0);
                out.add(b);
                orig.add(rec.originalLength());
            }
        }
        return new Read(out, orig);
    }

    @Test
    void verdictsAreCarriedOutIntoFilesInInputOrderWithTwoWorkers() throws Exception {
        int n = 2000;
        Path in = input(dir, n);
        BpfObject obj = load(verdictObject, 2);
        BpfMap ports = obj.map("ports");
        ports.update(le(1), le(9), 0);
        Path pass = dir.resolve("pass.pcap");
        Path drop = dir.resolve("drop.pcap");
        Path tx = dir.resolve("tx.pcapng");
        Path redirect = dir.resolve("redirect-{target}.pcap");
        Path annotate = dir.resolve("annotated.pcapng");
        Path csv = dir.resolve("verdicts.csv");
        CaptureFileSinks files = new CaptureFileSinks(pass, drop, tx, redirect, () -> true, LinkType.LINKTYPE_ETHERNET);
        PipelineStats s = run(obj, "verdict", 2, in, List.of(files, new AnnotateSink(annotate,
                pc -> obj.program("verdict").lines().location(pc)), new VerdictCsvSink(csv)));

        // what each frame should have become
        List<Integer> passTags = new ArrayList<>();
        List<Integer> dropTags = new ArrayList<>();
        List<Integer> txTags = new ArrayList<>();
        List<Integer> r5 = new ArrayList<>();
        List<Integer> r9 = new ArrayList<>();
        StringBuilder expectedCsv = new StringBuilder("frame,verdict,length\n");
        List<String> comments = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int len = Math.max(60, 46 + i % 5 * 10);
            String v;
            switch (port(i)) {
                case 1001 -> {
                    dropTags.add(i);
                    v = "DROP";
                }
                case 1003 -> {
                    txTags.add(i);
                    v = "TX";
                    len -= 4;
                }
                case 1004 -> {
                    r5.add(i);
                    v = "REDIRECT";
                }
                case 1005 -> {
                    r9.add(i);
                    v = "REDIRECT";
                }
                case 1006 -> {
                    passTags.add(i);
                    v = "PASS";
                    len -= 8;
                }
                case 1007 -> {
                    dropTags.add(i);
                    v = "ABORTED";
                }
                default -> {
                    passTags.add(i);
                    v = "PASS";
                }
            }
            expectedCsv.append(i + 1).append(',').append(v).append(',').append(len).append('\n');
            comments.add(switch (v) {
                case "REDIRECT" -> "XDP_REDIRECT to ifindex " + (port(i) == 1004 ? 5 : 9);
                case "ABORTED" -> "XDP_ABORTED: invalid XDP action 7";
                default -> "XDP_" + v;
            });
        }

        assertThat(s.frames()).isEqualTo(n);
        assertThat(s.accounted()).isTrue();
        assertThat(s.count(XdpAction.PASS)).isEqualTo(passTags.size());
        assertThat(s.count(XdpAction.DROP) + s.count(XdpAction.ABORTED)).isEqualTo(dropTags.size());
        assertThat(s.count(XdpAction.TX)).isEqualTo(txTags.size());
        assertThat(s.count(XdpAction.REDIRECT)).isEqualTo(r5.size() + r9.size());
        assertThat(s.invalidActions()).isEqualTo(s.count(XdpAction.ABORTED)).isPositive();
        assertThat(s.aborts()).hasSize(PipelineStats.KEPT_ABORTS)
                .allSatisfy(a -> assertThat(a.reason()).isEqualTo("invalid XDP action 7"));
        long[] w = s.workerFrames();
        assertThat(w).hasSize(2);
        assertThat(w[0] + w[1]).isEqualTo(n);
        assertThat(w[0]).isPositive();
        assertThat(w[1]).isPositive();

        // every file in input order, each frame as the program left it 
        assertThat(tags(read(pass))).isEqualTo(passTags);
        assertThat(tags(read(drop))).isEqualTo(dropTags);
        assertThat(tags(read(tx))).isEqualTo(txTags);
        assertThat(tags(read(dir.resolve("redirect-5.pcap")))).isEqualTo(r5);
        assertThat(tags(read(dir.resolve("redirect-9.pcap")))).isEqualTo(r9);
        Read txFrames = read(tx);
        for (int i = 0; i < txFrames.frames().size(); i++) {
            byte[] f = txFrames.frames().get(i);
            int tag = txTags.get(i);
            assertThat(f).hasSize(Math.max(60, 46 + tag % 5 * 10) - 4);
            assertThat(Arrays.copyOfRange(f, 0, 12)).as("MACs swapped")
                    .containsExactly(0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 2);
        }
        assertThat(Files.readString(csv)).isEqualTo(expectedCsv.toString());

        // the same seen by Wireshark's tools
        assertThat(Tshark.capinfosCount(pass)).isEqualTo(passTags.size());
        assertThat(Tshark.capinfosCount(drop)).isEqualTo(dropTags.size());
        assertThat(Tshark.capinfosCount(tx)).isEqualTo(txTags.size());
        assertThat(Tshark.capinfosCount(annotate)).isEqualTo(n);
        List<String[]> txFields = Tshark.fields(tx, "eth.src", "eth.dst", "frame.len");
        assertThat(txFields).allSatisfy(f -> {
            assertThat(f[0]).isEqualTo("00:00:00:00:00:02");
            assertThat(f[1]).isEqualTo("00:00:00:00:00:01");
        });
        List<String> shown = Tshark.fields(annotate, "frame.comment").stream().map(f -> f[0]).toList();
        assertThat(shown).isEqualTo(comments);
    }

    static List<Integer> tags(Read r) {
        List<Integer> out = new ArrayList<>();
        for (byte[] f : r.frames()) {
            // the tag is at byte 42, or 34 once adjust_head(+8) took the first 8 bytes
            boolean shifted = f[4] == 0x08 && f[5] == 0x00 && f[6] == 0x45;
            int at = shifted ? 34 : 42;
            out.add(ByteBuffer.wrap(f).getInt(at));
        }
        return out;
    }

    /** Workers 1 to 4 with worker 0 on the pipeline thread (the default), and -1 to -4: every worker a thread. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, -1, -2, -4})
    void outputsAreTheSameBytesWhateverTheNumberOfWorkers(int signedWorkers) throws Exception {
        int workers = Math.abs(signedWorkers);
        boolean inline = signedWorkers > 0;
        Path in = input(dir, 5000);
        BpfObject one = load(verdictObject, 1);
        Path ref = dir.resolve("ref.pcap");
        Path refCsv = dir.resolve("ref.csv");
        run(one, "verdict", 1, in, List.of(new CaptureFileSinks(ref, ref.resolveSibling("rd.pcap"), ref.resolveSibling("rt.pcap"),
                null, () -> true, 1), new VerdictCsvSink(refCsv)));
        BpfObject many = load(verdictObject, workers);
        Path out = dir.resolve("out.pcap");
        Path csv = dir.resolve("out.csv");
        PipelineStats s = run(many, "verdict", workers, inline, in, List.of(new CaptureFileSinks(out, out.resolveSibling("od.pcap"),
                out.resolveSibling("ot.pcap"), null, () -> true, 1), new VerdictCsvSink(csv)));
        assertThat(s.workerFrames()).hasSize(workers);
        assertThat(Files.readAllBytes(out)).isEqualTo(Files.readAllBytes(ref));
        assertThat(Files.readAllBytes(out.resolveSibling("od.pcap"))).isEqualTo(Files.readAllBytes(ref.resolveSibling("rd.pcap")));
        assertThat(Files.readAllBytes(out.resolveSibling("ot.pcap"))).isEqualTo(Files.readAllBytes(ref.resolveSibling("rt.pcap")));
        assertThat(Files.readString(csv)).isEqualTo(Files.readString(refCsv));
    }

    @Test
    void faultsAbortTheirFramesAndAreReportedWithInstructionAndSourceLine() throws Exception {
        Path in = input(dir, 100);
        // the verifier refuses the fault program (as the kernel's would): loaded without it, the
        // run-time checks end each run with a fault (--no-verify)
        BpfObject refused = load(verdictObject, 2);
        assertThat(refused.program("fault").refusedByVerifier()).isTrue();
        assertThat(refused.program("fault").loadError()).startsWith("insn ").contains("[verdict.c:");
        BpfObject obj = BpfObject.open(verdictObject, XdpPrograms.options(2, EngineKind.JIT).withoutVerifying());
        BpfProgram p = obj.program("fault");
        assertThat(p.loaded()).as(p.loadError()).isTrue();
        Path drop = dir.resolve("drop.pcap");
        Path annotate = dir.resolve("a.pcapng");
        PipelineStats s = run(obj, "fault", 2, in, List.of(new CaptureFileSinks(null, drop, null, null, () -> true, 1),
                new AnnotateSink(annotate, pc -> p.lines().location(pc))));
        assertThat(s.count(XdpAction.ABORTED)).isEqualTo(100);
        assertThat(s.accounted()).isTrue();
        assertThat(s.aborts()).hasSize(5);
        PipelineStats.Abort a = s.aborts().get(0);
        assertThat(a.frameNumber()).isEqualTo(1);
        assertThat(a.fault()).isNotNull();
        assertThat(a.reason()).startsWith("insn ").contains("outside packet");
        assertThat(p.lines().location(a.fault().pc())).startsWith("verdict.c:");
        assertThat(read(drop).frames()).hasSize(100);
        assertThat(Tshark.fields(annotate, "frame.comment")).allSatisfy(f ->
                assertThat(f[0]).startsWith("XDP_ABORTED: insn ").contains("[verdict.c:"));
    }

    @Test
    void framesOfOtherLinkTypesAreTranslatedOrPassedThroughUntouched() throws Exception {
        // raw IP (shown as Ethernet and written back raw) and PPP (not run: passed untouched), in one pcapng
        Path in = dir.resolve("links.pcapng");
        List<Integer> kinds = new ArrayList<>();
        try (CaptureWriter w = CaptureWriter.create(in, CaptureFileFormat.PCAPNG, 1)) {
            for (int i = 0; i < 300; i++) {
                byte[] eth = TestFrames.udp(i % 7, 5000, i % 2 == 0 ? 1003 : 1002, i, 20);
                int kind = i % 3;
                kinds.add(kind);
                long t = 1_600_000_000_000_000_000L + i * 1000L;
                switch (kind) {
                    case 0 -> w.write(0, LinkType.LINKTYPE_ETHERNET, t, eth.length, eth, 0, eth.length);
                    case 1 -> w.write(1, LinkType.LINKTYPE_RAW, t, eth.length - 14, eth, 14, eth.length - 14);
                    default -> {
                        byte[] ppp = new byte[eth.length - 14 + 4];
                        ppp[0] = (byte) 0xff;
                        ppp[1] = 0x03;
                        ppp[3] = 0x21;
                        System.arraycopy(eth, 14, ppp, 4, eth.length - 14);
                        w.write(2, LinkType.LINKTYPE_PPP, t, ppp.length, ppp, 0, ppp.length);
                    }
                }
            }
        }
        BpfObject obj = load(verdictObject, 2);
        Path pass = dir.resolve("pass.pcapng");
        Path tx = dir.resolve("tx.pcapng");
        Path csv = dir.resolve("v.csv");
        PipelineStats s = run(obj, "verdict", 2, in, List.of(new CaptureFileSinks(pass, null, tx, null, () -> true, 1),
                new VerdictCsvSink(csv)));
        assertThat(s.notRun(NotRun.UNSUPPORTED_LINK_TYPE)).isEqualTo(100);
        assertThat(s.frames()).isEqualTo(300);
        assertThat(s.accounted()).isTrue();
        // TX: Ethernet frames and raw frames, each in its own link type, 4 bytes shorter
        List<String[]> txf = Tshark.fields(tx, "frame.interface_id", "frame.len", "ip.src");
        List<String[]> passf = Tshark.fields(pass, "frame.interface_id", "frame.len", "frame.protocols");
        int expectTx = 0;
        int expectPass = 0;
        for (int i = 0; i < 300; i++) {
            if (kinds.get(i) != 2 && i % 2 == 0) {
                expectTx++;
            } else {
                expectPass++;
            }
        }
        assertThat(txf).hasSize(expectTx);
        assertThat(passf).hasSize(expectPass);
        assertThat(txf).allSatisfy(f -> assertThat(f[2]).startsWith("10.0.0."));
        assertThat(passf.stream().filter(f -> f[2].startsWith("ppp")).count()).isEqualTo(100);
        assertThat(Files.readString(csv).lines().skip(1).filter(l -> l.contains(",TX,")).count()).isEqualTo(expectTx);
        // the untouched PPP frames are byte for byte what was read
        Read original = read(in);
        Read passed = read(pass);
        List<String> ppps = original.frames().stream().filter(f -> (f[0] & 0xff) == 0xff).map(PipelineTest::hex).toList();
        List<String> passedPpp = passed.frames().stream().filter(f -> (f[0] & 0xff) == 0xff).map(PipelineTest::hex).toList();
        assertThat(passedPpp).isEqualTo(ppps);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void timeInReplayIsTheCaptureTimestampPlusAFixedOffset(int workers) throws Exception {
        int n = 1000;
        List<byte[]> frames = new ArrayList<>();
        long[] times = new long[n];
        long t = 1_650_000_000_123_456_789L;
        for (int i = 0; i < n; i++) {
            frames.add(TestFrames.udp(i % 13, 7000, 10000 + i, i, 0));
            t += 1000 + (i * 7919L % 1_000_000);
            times[i] = t;
        }
        Path in = TestFrames.write(dir.resolve("t.pcap"), frames, times);
        BpfObject obj = load(ktimeObject, workers);
        PipelineStats s = run(obj, "ktime", workers, in, List.of());
        assertThat(s.clockOffsetNanos()).isEqualTo(1_000_000_000L - times[0]);
        BpfMap m = obj.map("times");
        for (int i = 0; i < n; i++) {
            ByteBuffer v = ByteBuffer.wrap(m.lookup(le(i))).order(ByteOrder.LITTLE_ENDIAN);
            long expected = times[i] + s.clockOffsetNanos();
            assertThat(v.getLong(0)).as("ktime_get_ns of frame %d", i + 1).isEqualTo(expected);
            assertThat(v.getLong(8)).as("ktime_get_boot_ns of frame %d", i + 1).isEqualTo(expected);
            assertThat(v.getLong(16)).as("ktime_get_coarse_ns of frame %d", i + 1).isEqualTo(expected);
        }
    }

    @Test
    void theWallClockOptsOut() throws Exception {
        List<byte[]> frames = new ArrayList<>();
        long[] times = new long[10];
        for (int i = 0; i < 10; i++) {
            frames.add(TestFrames.udp(1, 7000, 10000 + i, i, 0));
            times[i] = 1_650_000_000_000_000_000L + i * 3_600_000_000_000L; // an hour apart
        }
        Path in = TestFrames.write(dir.resolve("t.pcap"), frames, times);
        BpfObject obj = load(ktimeObject, 1);
        BpfProgram p = obj.program("ktime");
        PipelineStats s;
        try (CaptureFileSource src = CaptureFileSource.open(in, 1)) {
            s = new Pipeline(PipelineConfig.of(p.executable(), obj.runtime()).clock(ClockMode.WALL)).run(src, List.of());
        }
        long first = ByteBuffer.wrap(obj.map("times").lookup(le(0))).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        long last = ByteBuffer.wrap(obj.map("times").lookup(le(9))).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertThat(s.clockOffsetNanos()).isZero();
        assertThat(last - first).as("host time between the first and last frame").isBetween(0L, 60_000_000_000L);
    }

    @Test
    void loopsShiftTimeForwardAndPacingFollowsTheTimestamps() throws Exception {
        List<byte[]> frames = new ArrayList<>();
        long[] times = new long[20];
        for (int i = 0; i < 20; i++) {
            frames.add(TestFrames.udp(1, 7000, 9999, i, 0));
            times[i] = 1_650_000_000_000_000_000L + i * 10_000_000L; // 10 ms apart: 190 ms long
        }
        Path in = TestFrames.write(dir.resolve("t.pcap"), frames, times);
        BpfObject obj = load(verdictObject, 1);
        Path pass = dir.resolve("p.pcap");
        PipelineStats s;
        long start = System.nanoTime();
        try (CaptureFileSource src = CaptureFileSource.open(in, 3)) {
            s = new Pipeline(PipelineConfig.of(obj.program("verdict").executable(), obj.runtime()).speed(2))
                    .run(src, List.of(new CaptureFileSinks(pass, null, null, null, () -> true, 1)));
        }
        long took = System.nanoTime() - start;
        assertThat(s.frames()).isEqualTo(60);
        // three loops of 190 ms plus two 10 ms gaps = 590 ms of capture, at twice real time: 295 ms
        assertThat(took).isGreaterThanOrEqualTo(290_000_000L);
        List<String[]> t = Tshark.fields(pass, "frame.time_epoch");
        assertThat(t).hasSize(60);
        long prev = Long.MIN_VALUE;
        for (String[] f : t) {
            long ns = Tshark.epochNanos(f[0]);
            assertThat(ns).isGreaterThan(prev);
            prev = ns;
        }
        assertThat(Tshark.epochNanos(t.get(20)[0]) - Tshark.epochNanos(t.get(19)[0])).isEqualTo(10_000_000L);
    }

    static byte[] le(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x", x));
        }
        return s.toString();
    }

    static String text(Path p) throws IOException {
        return new String(Files.readAllBytes(p), StandardCharsets.US_ASCII).lines().collect(Collectors.joining("\n"));
    }
}
