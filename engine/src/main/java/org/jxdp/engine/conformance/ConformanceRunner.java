package org.jxdp.engine.conformance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.jxdp.engine.asm.Assembler;
import org.jxdp.engine.asm.AssemblyException;
import org.jxdp.engine.isa.Program;
import org.jxdp.engine.verifier.ProgramRejectedException;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.engine.vm.ExecutionContext;
import org.jxdp.engine.vm.Executable;

/**
 * Runs conformance vectors on an engine the way the bpf_conformance runner does: the program in
 * {@code -- raw} (or else assembled from {@code -- asm}) is loaded with
 * {@link ConformanceHelpers}, run with r1 pointing at a private copy of {@code -- mem} (0 when
 * there is none) and r2 holding its length, and the full 64-bit r0 is compared with
 * {@code -- result}.
 *
 * <p>A vector with {@code -- error} passes only if the program is refused (by the assembler or
 * the load-time checks) or faults when run; its message is not compared, since the expected
 * texts are uBPF's own. A vector with both {@code -- asm} and {@code -- raw} but no result is an
 * assembler test: it passes when the text assembles to those slots.
 */
public final class ConformanceRunner {
    /** How one vector fared on one engine. */
    public enum Status { PASS, FAIL, SKIP }

    /**
     * The outcome of one vector on one engine.
     *
     * @param file the vector
     * @param engine the engine it ran on
     * @param status passed, failed or skipped
     * @param reason why it failed or was skipped; for a pass, a short note (may be empty)
     */
    public record Outcome(Path file, EngineKind engine, Status status, String reason) {
    }

    private ConformanceRunner() {
    }

    /** Every {@code .data} file under {@code paths} (directories recursively), sorted. */
    public static List<Path> collect(List<Path> paths) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().endsWith(".data"))
                            .sorted().forEach(out::add);
                }
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                throw new NoSuchFileException(p.toString());
            }
        }
        return out;
    }

    /** Runs the vector at {@code file} on {@code engine}; never throws. */
    public static Outcome run(Path file, EngineKind engine) {
        ConformanceFile t;
        try {
            t = ConformanceFile.parse(file);
        } catch (IOException | IllegalArgumentException e) {
            return new Outcome(file, engine, Status.FAIL, "cannot read the vector: " + e.getMessage());
        }
        return run(t, engine);
    }

    /** Runs a parsed vector on {@code engine}; never throws. */
    public static Outcome run(ConformanceFile t, EngineKind engine) {
        Path file = t.path();
        if (t.skipReason() != null) {
            return new Outcome(file, engine, Status.SKIP, t.skipReason());
        }
        boolean hasAsm = t.asm() != null && !t.asm().isBlank();
        boolean hasRaw = t.raw() != null && t.raw().length > 0;
        if (!hasAsm && !hasRaw) {
            return new Outcome(file, engine, Status.SKIP, "no instructions");
        }
        if (t.result() == null && !t.expectsError()) {
            if (hasAsm && hasRaw) {
                return assemblerVector(t, engine);
            }
            return new Outcome(file, engine, Status.SKIP, "no expected result or error");
        }
        Program program;
        if (hasRaw) {
            program = Program.of(file.getFileName().toString(), t.raw());
            if (hasAsm) {
                Outcome mismatch = checkAsmMatchesRaw(t, engine, program);
                if (mismatch != null) {
                    return mismatch;
                }
            }
        } else {
            try {
                program = Assembler.assemble(file.getFileName().toString(), t.asm());
            } catch (AssemblyException e) {
                return t.expectsError()
                        ? new Outcome(file, engine, Status.PASS, "refused by the assembler: " + e.getMessage())
                        : new Outcome(file, engine, Status.FAIL, "does not assemble: " + e.getMessage());
            }
        }
        Executable exe;
        try {
            exe = engine.load(program, ConformanceHelpers.table());
        } catch (ProgramRejectedException e) {
            return t.expectsError()
                    ? new Outcome(file, engine, Status.PASS, "refused: " + e.getMessage())
                    : new Outcome(file, engine, Status.FAIL, "refused: " + e.getMessage());
        } catch (RuntimeException e) {
            return new Outcome(file, engine, Status.FAIL, "engine error while loading: " + e);
        }
        ExecutionContext ctx = new ExecutionContext();
        byte[] mem = t.mem() == null ? null : t.mem().clone();
        long r1 = ctx.mapInput(mem);
        long r0 = exe.run(ctx, r1, mem == null ? 0 : mem.length);
        if (ctx.fault() != null) {
            return t.expectsError()
                    ? new Outcome(file, engine, Status.PASS, "faulted: " + ctx.fault().message())
                    : new Outcome(file, engine, Status.FAIL, "faulted: " + ctx.fault().message());
        }
        if (t.expectsError()) {
            return new Outcome(file, engine, Status.FAIL, "expected the program to be refused"
                    + (t.error().isEmpty() ? "" : " (\"" + t.error() + "\")") + ", but it ran and returned " + hex(r0));
        }
        if (r0 != t.result()) {
            return new Outcome(file, engine, Status.FAIL, "returned " + hex(r0) + ", expected " + hex(t.result()));
        }
        return new Outcome(file, engine, Status.PASS, "");
    }

    private static Outcome assemblerVector(ConformanceFile t, EngineKind engine) {
        try {
            long[] slots = Assembler.assemble("asm", t.asm()).slots();
            if (Arrays.equals(slots, t.raw())) {
                return new Outcome(t.path(), engine, Status.PASS, "assembles to its -- raw section");
            }
            return new Outcome(t.path(), engine, Status.FAIL, "-- asm assembles to " + slotsText(slots)
                    + ", but -- raw is " + slotsText(t.raw()));
        } catch (AssemblyException e) {
            return new Outcome(t.path(), engine, Status.FAIL, "does not assemble: " + e.getMessage());
        }
    }

    private static Outcome checkAsmMatchesRaw(ConformanceFile t, EngineKind engine, Program raw) {
        try {
            long[] slots = Assembler.assemble("asm", t.asm()).slots();
            if (!Arrays.equals(slots, raw.slots())) {
                return new Outcome(t.path(), engine, Status.FAIL, "-- asm assembles to " + slotsText(slots)
                        + ", but -- raw is " + slotsText(raw.slots()));
            }
            return null;
        } catch (AssemblyException e) {
            return t.expectsError() ? null
                    : new Outcome(t.path(), engine, Status.FAIL, "-- asm does not assemble: " + e.getMessage());
        }
    }

    private static String slotsText(long[] slots) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < slots.length; i++) {
            sb.append(i == 0 ? "" : " ").append(String.format("0x%016x", slots[i]));
        }
        return sb.append(']').toString();
    }

    static String hex(long v) {
        return "0x" + Long.toHexString(v);
    }
}
