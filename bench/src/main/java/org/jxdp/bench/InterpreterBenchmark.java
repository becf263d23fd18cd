package org.jxdp.bench;

import java.util.concurrent.TimeUnit;
import org.jxdp.engine.isa.Program;
import org.jxdp.engine.verifier.ProgramRejectedException;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.engine.vm.ExecutionContext;
import org.jxdp.engine.vm.Executable;
import org.jxdp.engine.vm.HelperTable;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Nanoseconds per executed eBPF instruction. Each benchmark method runs one program once; JMH
 * divides by the instruction count the program executes ({@code @OperationsPerInvocation}), which
 * setup checks against a real run, so the score is ns per instruction.
 * <pre>
 *   java -jar bench/target/benchmarks.jar InterpreterBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class InterpreterBenchmark {
    /** Instructions the xorshift loop executes: 3 (an LDDW counts once) + 1000 * 12 + 1. */
    static final int LOOP_INSNS = 12_004;
    /** Instructions the packet parser executes on the TCP SYN frame. */
    static final int PARSE_INSNS = 50;

    @State(Scope.Thread)
    public static class Loop {
        @Param({"interp", "jit"})
        public String engine;
        Executable exe;
        ExecutionContext ctx;

        @Setup(Level.Trial)
        public void setUp() throws ProgramRejectedException {
            exe = load(engine, BenchPrograms.load("xorshift-loop.asm"));
            ctx = new ExecutionContext();
            check(exe, ctx, 0, 0, LOOP_INSNS);
        }
    }

    @State(Scope.Thread)
    public static class Parse {
        @Param({"interp", "jit"})
        public String engine;
        Executable exe;
        ExecutionContext ctx;
        long packet;
        int length;

        @Setup(Level.Trial)
        public void setUp() throws ProgramRejectedException {
            exe = load(engine, BenchPrograms.load("parse-packet.asm"));
            ctx = new ExecutionContext();
            byte[] frame = BenchPrograms.tcpSyn();
            packet = ctx.mapInput(frame);
            length = frame.length;
            long r0 = check(exe, ctx, packet, length, PARSE_INSNS);
            if (r0 != 2) {
                throw new IllegalStateException("the parser should pass the SYN to port 80, returned " + r0);
            }
        }
    }

    static Executable load(String engine, Program p) throws ProgramRejectedException {
        return EngineKind.fromCliName(engine).load(p, HelperTable.empty());
    }

    static long check(Executable exe, ExecutionContext ctx, long r1, long r2, int insns) {
        long r0 = exe.run(ctx, r1, r2);
        if (ctx.fault() != null) {
            throw new IllegalStateException(ctx.fault().message());
        }
        if (ctx.executed() != insns) {
            throw new IllegalStateException("executed " + ctx.executed() + " instructions, the benchmark divides by "
                    + insns);
        }
        return r0;
    }

    @Benchmark
    @OperationsPerInvocation(LOOP_INSNS)
    public long loopHeavy(Loop s) {
        return s.exe.run(s.ctx, 0, 0);
    }

    @Benchmark
    @OperationsPerInvocation(PARSE_INSNS)
    public long packetParsing(Parse s) {
        return s.exe.run(s.ctx, s.packet, s.length);
    }
}
