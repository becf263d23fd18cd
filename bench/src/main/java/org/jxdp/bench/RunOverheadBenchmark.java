package org.jxdp.bench;

import java.util.concurrent.TimeUnit;
import org.jxdp.engine.asm.Assembler;
import org.jxdp.engine.asm.AssemblyException;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.verifier.ProgramRejectedException;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.engine.vm.Executable;
import org.jxdp.hooks.XdpAction;
import org.jxdp.hooks.XdpFrame;
import org.jxdp.hooks.XdpHelpers;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Nanoseconds per run of an XDP program that does nothing ({@code r0 = XDP_PASS; exit}): what
 * {@code XdpRunner.run} costs around any program, frame after frame (binding the frame's slot as
 * the packet region and its {@code xdp_md}, resetting the run state, entering and leaving the
 * engine). Each call runs the next of the 48 TCP frames of {@link DosPackets}, each in its own
 * slot, as {@link DosFilterBenchmark} does.
 * <pre>
 *   java -jar bench/target/benchmarks.jar RunOverheadBenchmark
 *   java -jar bench/target/benchmarks.jar RunOverheadBenchmark -jvmArgsAppend -XX:+UseSerialGC
 * </pre>
 * The kernel's counterpart is {@code BPF_PROG_TEST_RUN} of the same two instructions built with
 * clang ({@code bpftool prog run pinned P data_in F repeat 10000000}: "duration (average)"),
 * whose loop reuses one {@code xdp_buff}. Which collector runs matters: a reference stored into
 * an old object costs G1 a post-write barrier, the default on two or more CPUs, where one CPU
 * (for instance under {@code taskset -c 0}) gets the serial collector's plain card mark.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class RunOverheadBenchmark {
    @State(Scope.Thread)
    public static class Pass {
        @Param({"interp", "jit"})
        public String engine;
        XdpRunner runner;
        Executable exe;
        XdpFrame[] frames;
        int next;

        @Setup(Level.Trial)
        public void setUp() throws ProgramRejectedException, AssemblyException {
            BpfRuntime rt = new BpfRuntime(1);
            exe = EngineKind.fromCliName(engine).load(
                    Assembler.assemble("pass", "mov %r0, " + XdpAction.XDP_PASS + "\nexit\n"),
                    rt.environment(XdpHelpers.table(rt)));
            runner = new XdpRunner(rt, 0);
            frames = DosPackets.slots(DosPackets.ofKind("tcp"));
            for (XdpFrame f : frames) {
                long r0 = runner.run(exe, f);
                if (r0 != XdpAction.XDP_PASS) {
                    throw new IllegalStateException("the pass program returned " + r0 + ": " + runner.fault());
                }
            }
        }
    }

    @Benchmark
    public long run(Pass s) {
        int i = s.next;
        s.next = i + 1 == s.frames.length ? 0 : i + 1;
        return s.runner.run(s.exe, s.frames[i]);
    }
}
