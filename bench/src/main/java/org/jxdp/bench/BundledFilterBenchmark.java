package org.jxdp.bench;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jxdp.engine.elf.ElfException;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.runtime.BpfClock;
import org.jxdp.engine.runtime.WorkerState;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.engine.vm.Executable;
import org.jxdp.hooks.XdpFrame;
import org.jxdp.hooks.XdpRunner;
import org.jxdp.hooks.dos.DosFilter;
import org.jxdp.hooks.dos.DosMaps;
import org.jxdp.hooks.dos.RulesFile;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Nanoseconds per packet of jxdp's bundled DoS filter (the program {@code jxdp replay} runs when
 * no {@code --prog} is given), with its default rules, over the mixed packet set of
 * {@link DosPackets}: each call puts the next frame of the set into its slot and runs the filter
 * on it.
 * <pre>
 *   java -jar bench/target/benchmarks.jar BundledFilterBenchmark
 *   java -jar bench/target/benchmarks.jar BundledFilterBenchmark -p engine=jit -f 1 -wi 5 -i 5
 * </pre>
 * The bundled filter is a bigger program than the benchmark's {@code dos_filter.c} (about 500
 * instructions on a TCP frame against 118): its main function is too big for one JVM method, so
 * this measures the JIT's functions cut into parts, its {@code bpf_loop} callbacks (the rules)
 * and more map kinds. Unlike {@link DosFilterBenchmark}, a call includes copying the frame into
 * its slot, as a replay does, because this filter writes some frames (the SYN-ACK of a SYN
 * cookie) and moves their edges (XDP metadata). The clock is the replay clock, one pass over the
 * set spanning {@link DosFilterBenchmark#PASS_NS} of it.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 10, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class BundledFilterBenchmark {
    @State(Scope.Thread)
    public static class Filter {
        @Param({"jit", "interp"})
        public String engine;

        byte[][] packets;
        XdpFrame[] frames;
        Executable exe;
        XdpRunner runner;
        WorkerState worker;
        long now;
        long step;
        int next;

        @Setup
        public void setUp() throws IOException, ElfException {
            BpfObject object = DosFilter.open(1, EngineKind.fromCliName(engine));
            DosMaps.apply(object, RulesFile.defaults(), DosFilter.START_NS);
            object.runtime().clock(BpfClock.frameTime(0));
            exe = object.program(DosFilter.PROGRAM).executable();
            runner = new XdpRunner(object.runtime(), 0);
            worker = WorkerState.of(runner.context());
            List<DosPackets.Packet> set = DosPackets.mixed();
            packets = new byte[set.size()][];
            frames = new XdpFrame[set.size()];
            for (int i = 0; i < packets.length; i++) {
                packets[i] = set.get(i).frame();
                frames[i] = new XdpFrame();
            }
            now = DosFilter.START_NS;
            step = DosFilterBenchmark.PASS_NS / packets.length;
        }
    }

    @Benchmark
    public long packet(Filter s) {
        int i = s.next;
        s.next = i + 1 == s.frames.length ? 0 : i + 1;
        byte[] p = s.packets[i];
        XdpFrame f = s.frames[i];
        f.load(p, 0, p.length);
        s.worker.frameTimeNs = s.now += s.step;
        return s.runner.run(s.exe, f);
    }
}
