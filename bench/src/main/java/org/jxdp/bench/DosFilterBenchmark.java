package org.jxdp.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jxdp.engine.elf.ElfException;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.runtime.BpfClock;
import org.jxdp.engine.runtime.WorkerState;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.engine.vm.Executable;
import org.jxdp.hooks.XdpFrame;
import org.jxdp.hooks.XdpRunner;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Nanoseconds per packet of a realistic XDP DoS filter ({@code dos_filter.c}, built with clang in
 * setup) over the mixed packet set of {@link DosPackets}: each benchmark call runs the program on
 * the next frame of the set, round and round.
 * <pre>
 *   java -jar bench/target/benchmarks.jar DosFilterBenchmark                 # every engine and kind
 *   java -jar bench/target/benchmarks.jar DosFilterBenchmark -p mix=all      # the mixed set only
 *   java -jar bench/target/benchmarks.jar DosFilterBenchmark -p mix=all -prof gc   # allocation per packet
 * </pre>
 * What one call includes: choosing the frame, setting the replay clock, {@code XdpRunner.run}
 * (binding the frame's slot as the packet region and its {@code xdp_md}, resetting the run state)
 * and the program itself with its helper calls. It does not include copying the frame: each frame
 * of the set sits in its own slot from setup on, which is sound because the filter never writes
 * the packet (setup checks that the bytes are unchanged).
 *
 * <p>{@code mix} chooses the frames: {@code all} (the 207-frame mix, the headline figure) or one
 * kind of {@link DosPackets#KINDS}. The clock is the replay clock: each pass over the chosen
 * frames spans {@link #PASS_NS} of virtual time, so in the steady state a flooding source earns
 * 10 SYNs per pass and sends 24 (14 are dropped), while a client that sends one SYN per pass is
 * never limited, whatever the speed of the engine. Setup first checks that every engine gives the
 * whole set its expected verdicts ({@link DosCheck}); teardown prints the verdicts of the measured
 * runs.
 *
 * <p>Ten warm-up iterations: HotSpot's C2 takes a few seconds to compile the filter's 6.8 KB
 * generated method on the 2-core development machine, and until it has, calls cost several times
 * more.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class DosFilterBenchmark {
    /** Virtual time one pass over the frames spans: 100 ms. */
    public static final long PASS_NS = 100_000_000L;

    @State(Scope.Thread)
    public static class Filter {
        @Param({"interp", "jit"})
        public String engine;
        @Param({"all", "tcp", "syn", "udp", "amp", "deny", "icmp", "other"})
        public String mix;
        /** Prefixes in the deny lists: the 5 the set attacks from, or those and 5000 random ones. */
        @Param({"5005", "5"})
        public int denylist;

        Path dir;
        BpfObject object;
        Executable exe;
        XdpRunner runner;
        XdpFrame[] frames;
        WorkerState worker;
        long now;
        long step;
        int next;
        long[] statsBefore;

        @Setup(Level.Trial)
        public void setUp() throws IOException, ElfException {
            dir = Files.createTempDirectory("jxdp-dos-bench");
            Path obj = DosFilter.compile(dir);
            System.out.println(DosCheck.agree(obj, denylist, DosPackets.mixed()));
            List<DosPackets.Packet> set = DosPackets.ofKind(mix);
            object = DosFilter.load(obj, EngineKind.fromCliName(engine), denylist);
            object.runtime().clock(BpfClock.frameTime(0));
            exe = object.program("dos_filter").executable();
            runner = new XdpRunner(object.runtime(), 0);
            worker = WorkerState.of(runner.context());
            frames = DosPackets.slots(set);
            now = DosCheck.FROZEN_NS;
            step = PASS_NS / frames.length;
            statsBefore = DosFilter.stats(object);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws IOException {
            if (object != null) {
                long[] after = DosFilter.stats(object);
                long total = 0;
                for (int i = 0; i < after.length; i++) {
                    after[i] -= statsBefore[i];
                    total += after[i];
                }
                System.out.println("verdicts of the " + total + " measured runs (" + engine + ", mix " + mix + "): "
                        + DosCheck.describe(after));
            }
            if (dir != null) {
                try (Stream<Path> s = Files.walk(dir)) {
                    for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                        Files.deleteIfExists(p);
                    }
                }
            }
        }
    }

    @Benchmark
    public long packet(Filter s) {
        int i = s.next;
        s.next = i + 1 == s.frames.length ? 0 : i + 1;
        s.worker.frameTimeNs = s.now += s.step;
        return s.runner.run(s.exe, s.frames[i]);
    }
}
