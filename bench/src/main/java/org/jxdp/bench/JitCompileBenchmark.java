package org.jxdp.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jxdp.engine.asm.Assembler;
import org.jxdp.engine.asm.AssemblyException;
import org.jxdp.engine.elf.ElfException;
import org.jxdp.engine.isa.Program;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.verifier.ProgramRejectedException;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.engine.vm.ExecutionContext;
import org.jxdp.engine.vm.Executable;
import org.jxdp.engine.vm.HelperTable;
import org.jxdp.engine.vm.ProgramEnvironment;
import org.jxdp.hooks.XdpHelpers;
import org.jxdp.hooks.XdpPrograms;
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
 * Milliseconds to load a program on an engine: for the JIT, the structural checks, the
 * translation to a JVM class, its definition as a hidden class and its instantiation (not the
 * JVM's own later compilation of that class to machine code, which happens in the background
 * as the program runs).
 * <pre>
 *   java -jar bench/target/benchmarks.jar JitCompileBenchmark                    # warm JVM
 *   java -jar bench/target/benchmarks.jar JitCompileBenchmark.coldLoad -f 10      # first load in a fresh JVM
 * </pre>
 * Programs: {@code synthetic-1000}, generated here: 1,000 instructions of packet-parser shape
 * (100 blocks, each a bounds check, a 4-byte load, ALU work and a conditional skip), and
 * {@code dos_filter}, the benchmark's DoS filter (590 instructions after linking, 3 helpers,
 * 5 maps; built with clang). {@code engine=interp} gives the cost of the checks alone.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class JitCompileBenchmark {
    /** Blocks of the synthetic program; 10 instructions each. */
    static final int BLOCKS = 100;

    @State(Scope.Thread)
    public static class Source {
        @Param({"synthetic-1000", "dos_filter"})
        public String program;
        @Param({"jit", "interp"})
        public String engine;

        Program code;
        ProgramEnvironment env;
        EngineKind kind;

        @Setup(Level.Trial)
        public void setUp() throws IOException, ElfException, ProgramRejectedException {
            kind = EngineKind.fromCliName(engine);
            if (program.equals("synthetic-1000")) {
                code = synthetic();
                env = ProgramEnvironment.of(HelperTable.empty());
                checkSynthetic(kind.load(code, env));
            } else {
                Path dir = Files.createTempDirectory("jxdp-compile-bench");
                try {
                    BpfObject o = BpfObject.open(DosFilter.compile(dir), XdpPrograms.options(1, EngineKind.INTERP));
                    code = o.program("dos_filter").code();
                    env = o.runtime().environment(XdpHelpers.table(o.runtime()));
                } finally {
                    try (Stream<Path> s = Files.walk(dir)) {
                        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                            Files.deleteIfExists(p);
                        }
                    }
                }
            }
            System.out.printf(Locale.ROOT, "%s: %d instructions%n", program, code.length());
        }
    }

    /**
     * The synthetic program: r1 = a buffer, r2 = its length; returns a checksum of the buffer.
     * <pre>
     *   r6 = r1; r7 = r1 + r2; r0 = 0
     *   block i (off = 4 * (i % 16)):
     *     r3 = r6; r3 += off + 4; if r3 &gt; r7 goto out
     *     r4 = *(u32 *)(r6 + off); r0 ^= r4; r5 = r0; r5 &gt;&gt;= 7; r0 += r5
     *     if r4 == 0x5a5a5a5a goto skip_i; r0 *= 31
     *   skip_i: ...
     *   out: exit
     * </pre>
     */
    static Program synthetic() {
        StringBuilder a = new StringBuilder("mov %r6, %r1\nmov %r7, %r1\nadd %r7, %r2\nmov %r0, 0\n");
        for (int i = 0; i < BLOCKS; i++) {
            int off = 4 * (i % 16);
            a.append("mov %r3, %r6\n").append("add %r3, ").append(off + 4).append('\n')
                    .append("jgt %r3, %r7, out\n").append("ldxw %r4, [%r6+").append(off).append("]\n")
                    .append("xor %r0, %r4\n").append("mov %r5, %r0\n").append("rsh %r5, 7\n")
                    .append("add %r0, %r5\n").append("jeq %r4, 0x5a5a5a5a, skip").append(i).append('\n')
                    .append("mul %r0, 31\n").append("skip").append(i).append(":\n");
        }
        a.append("out:\nexit\n");
        try {
            return Assembler.assemble("synthetic-1000", a.toString());
        } catch (AssemblyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The synthetic program runs through every block on a 64-byte buffer. */
    static void checkSynthetic(Executable exe) {
        ExecutionContext ctx = new ExecutionContext();
        byte[] buf = FrameBuilder.pattern(64, 1);
        exe.run(ctx, ctx.mapInput(buf), buf.length);
        if (ctx.fault() != null || ctx.executed() < 1000) {
            throw new IllegalStateException("the synthetic program should run all its blocks: " + ctx.executed()
                    + " instructions, fault " + ctx.fault());
        }
    }

    @Benchmark
    public Executable load(Source s) throws ProgramRejectedException {
        return s.kind.load(s.code, s.env);
    }

    /** The first load in the JVM: class loading and the JVM's interpretation of the compiler included. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    @Fork(10)
    public Executable coldLoad(Source s) throws ProgramRejectedException {
        return s.kind.load(s.code, s.env);
    }
}
