package org.jxdp.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.Stream;
import org.jxdp.engine.asm.Assembler;
import org.jxdp.engine.asm.AssemblyException;
import org.jxdp.engine.conformance.ConformanceHelpers;
import org.jxdp.engine.isa.Program;
import org.jxdp.engine.verifier.ProgramRejectedException;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.engine.vm.ExecutionContext;
import org.jxdp.engine.vm.Executable;
import org.jxdp.engine.vm.Fault;
import org.jxdp.engine.vm.HelperTable;

/**
 * Runs small assembly programs on an engine, for the engine tests that every engine must pass
 * (one suite, parameterized by engine: {@code @MethodSource("org.jxdp.engine.testing.Engines#all")}).
 */
public final class Engines {
    private Engines() {
    }

    /** Every engine this build has. */
    public static Stream<EngineKind> all() {
        return Arrays.stream(EngineKind.values()).filter(EngineKind::available);
    }

    /** Assembles {@code asm}, or fails the test. */
    public static Program assemble(String asm) {
        try {
            return Assembler.assemble("test", asm);
        } catch (AssemblyException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** Loads {@code p} on {@code engine} with {@code helpers}, or fails the test. */
    public static Executable load(EngineKind engine, Program p, HelperTable helpers) {
        try {
            return engine.load(p, helpers);
        } catch (ProgramRejectedException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** Runs {@code asm} with r1 = a copy of {@code mem} and r2 = its length; returns r0. */
    public static long run(EngineKind engine, String asm, byte... mem) {
        Result r = execute(engine, asm, HelperTable.empty(), mem);
        assertThat(r.fault()).as("fault").isNull();
        return r.r0();
    }

    /** Like {@link #run} with the conformance helpers 0..5 available. */
    public static long runWithTestHelpers(EngineKind engine, String asm, byte... mem) {
        Result r = execute(engine, asm, ConformanceHelpers.table(), mem);
        assertThat(r.fault()).as("fault").isNull();
        return r.r0();
    }

    /** Runs {@code asm} and returns the fault it must end with. */
    public static Fault fault(EngineKind engine, String asm, byte... mem) {
        Result r = execute(engine, asm, HelperTable.empty(), mem);
        assertThat(r.fault()).as("fault").isNotNull();
        return r.fault();
    }

    /**
     * The outcome of one run.
     *
     * @param r0 the result
     * @param fault the fault, or null
     * @param memory the input bytes after the run
     * @param ctx the context it ran in
     */
    public record Result(long r0, Fault fault, byte[] memory, ExecutionContext ctx) {
    }

    /** Runs {@code asm} on a fresh context. */
    public static Result execute(EngineKind engine, String asm, HelperTable helpers, byte... mem) {
        Executable exe = load(engine, assemble(asm), helpers);
        ExecutionContext ctx = new ExecutionContext();
        byte[] copy = mem.length == 0 ? null : mem.clone();
        long r1 = ctx.mapInput(copy);
        long r0 = exe.run(ctx, r1, copy == null ? 0 : copy.length);
        return new Result(r0, ctx.fault(), copy, ctx);
    }
}
