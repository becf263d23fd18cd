package org.jxdp.engine.verifier;

import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_FUNC;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.LongFunction;
import org.jxdp.engine.asm.ObjdumpSyntax;
import org.jxdp.engine.helpers.BpfFunc;
import org.jxdp.engine.isa.Insn;
import org.jxdp.engine.isa.Program;
import org.jxdp.engine.maps.MapDefinition;
import org.jxdp.engine.vm.ProgramEnvironment;

/**
 * The load-time verifier: proves, by abstract interpretation, that a linked XDP program only
 * touches memory it may, never reads uninitialised stack, calls helpers as their prototypes say,
 * terminates and leaks no pointer; or refuses it, naming the instruction. It agrees with the
 * Linux kernel's verifier (as a privileged loader sees it) except where it is deliberately
 * stricter (see the package documentation).
 * <pre>
 *   ProgramEnvironment env = runtime.environment(XdpHelpers.table(runtime));
 *   Verifier v = Verifier.forXdp(env, id -&gt; runtime.map(id) == null ? null : runtime.map(id).definition())
 *           .license(object.license());
 *   Verification result = v.verify(program.code(), program.lines()::location);
 *   result.orThrow();                        // or inspect result.accepted(), rejection(), warnings()
 *   AccessProofs proofs = result.proofs();   // for the JIT
 * </pre>
 * A verifier is immutable and may verify many programs, from several threads.
 */
public final class Verifier {
    /** Licences the kernel treats as GPL-compatible ({@code license_is_gpl_compatible}). */
    private static final Set<String> GPL_COMPATIBLE = Set.of("GPL", "GPL v2", "GPL and additional rights",
            "Dual BSD/GPL", "Dual MIT/GPL", "Dual MPL/GPL");

    private final ProgramEnvironment env;
    private final LongFunction<MapDefinition> maps;
    private final HelperPrototypes protos;
    private final ContextLayout ctx;
    private final boolean gpl;
    private final VerifierLimits limits;
    private final boolean recordStates;

    private Verifier(ProgramEnvironment env, LongFunction<MapDefinition> maps, HelperPrototypes protos,
            ContextLayout ctx, boolean gpl, VerifierLimits limits, boolean recordStates) {
        this.env = env;
        this.maps = maps;
        this.protos = protos;
        this.ctx = ctx;
        this.gpl = gpl;
        this.limits = limits;
        this.recordStates = recordStates;
    }

    /**
     * A verifier for XDP programs (context {@link ContextLayout#XDP_MD}, the XDP helpers'
     * prototypes), for a program not under a GPL-compatible licence until {@link #license} says
     * otherwise.
     *
     * @param env the helpers the program may call and the maps it refers to (by runtime id)
     * @param maps the definition of each map by runtime id (null for ids that are not maps)
     */
    public static Verifier forXdp(ProgramEnvironment env, LongFunction<MapDefinition> maps) {
        return new Verifier(env, maps, HelperPrototypes.xdp(), ContextLayout.XDP_MD, false, VerifierLimits.DEFAULT,
                false);
    }

    /** The context programs are verified for. */
    ContextLayout context() {
        return ctx;
    }

    /** This verifier for a program under {@code license} (the object's {@code license} section). */
    public Verifier license(String license) {
        return new Verifier(env, maps, protos, ctx, license != null && GPL_COMPATIBLE.contains(license), limits,
                recordStates);
    }

    /** This verifier with other limits. */
    public Verifier limits(VerifierLimits l) {
        return new Verifier(env, maps, protos, ctx, gpl, l, recordStates);
    }

    /** This verifier, recording the states met at each instruction ({@link Verification#statesAt}); slower. */
    public Verifier recordStates(boolean record) {
        return new Verifier(env, maps, protos, ctx, gpl, limits, record);
    }

    /** Verifies a program that has no source lines. */
    public Verification verify(Program program) {
        return verify(program, pc -> null);
    }

    /**
     * Verifies {@code program}: first the structural checks ({@link StructuralChecker}), then the
     * abstract interpretation.
     *
     * @param sourceLines the source location of each instruction ({@code file.c:37}), or null
     */
    public Verification verify(Program program, IntFunction<String> sourceLines) {
        long started = System.nanoTime();
        IntFunction<String> lines = pc -> sourceLines.apply(pc);
        ProgramStructure structure;
        try {
            structure = StructuralChecker.check(program, env);
        } catch (ProgramRejectedException e) {
            return structural(program, e, lines, started);
        }
        int n = program.length();
        boolean[] tails = new boolean[n];
        for (int pc = 0; pc < n; pc++) {
            tails[pc] = structure.isLddwTail(pc);
        }
        ControlFlow cf;
        try {
            cf = ControlFlow.of(program, structure.functionStarts(), tails, id -> {
                HelperPrototype p = protos.get(id);
                return p == null ? 5 : p.argCount();
            });
        } catch (Refusal r) {
            return refused(program, r.pc, r.reason, r.detail == null ? "" : r.detail, lines, started);
        }
        return new Analysis(program, cf, env, maps, protos, ctx, gpl, limits, recordStates, lines).run(started);
    }

    /**
     * Feeds {@code digest} everything this verifier's verdict on {@code program} depends on
     * besides the verifier's own code: the instructions, the definitions of the maps they name,
     * the helpers there are, the context, the licence and the limits. Maps are named by their
     * order of first use, not by runtime id, so that the same object loaded into another runtime
     * (or again into the same one) digests the same. Source lines are left out: they only
     * decorate messages.
     *
     * @return the runtime ids of the maps the program names, in order of first use (what a
     *     digest's map number stands for); null when the verdict cannot be reused: a verifier
     *     that records states
     */
    long[] digestInputs(Program program, MessageDigest digest) {
        if (recordStates) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        b.append("ctx ").append(ctx).append('\n');
        b.append("gpl ").append(gpl).append('\n');
        b.append("limits ").append(limits).append('\n');
        b.append("helpers ").append(env.helpers()).append('\n');
        b.append("slots ").append(program.length()).append('\n');
        List<Long> ids = new ArrayList<>();
        for (int pc = 0; pc < program.length(); pc++) {
            long s = program.slot(pc);
            int src = Insn.src(s);
            if (Insn.opcode(s) == 0x18 && src != 0 && src != BPF_PSEUDO_FUNC) {
                long id = Insn.imm(s) & 0xffffffffL;
                int k = ids.indexOf(id);
                if (k < 0) {
                    k = ids.size();
                    ids.add(id);
                    b.append("map #").append(k).append(' ').append(maps.apply(id)).append('\n');
                }
                b.append(Long.toHexString(s & 0xffffffffL)).append(" #").append(k).append(' ');
            } else {
                b.append(Long.toHexString(s)).append(' ');
            }
        }
        digest.update(b.toString().getBytes(StandardCharsets.UTF_8));
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    private static Verification structural(Program program, ProgramRejectedException e, IntFunction<String> lines,
            long started) {
        int pc = e.pc();
        String detail = "";
        if (pc >= 0 && Insn.opcode(program.slot(pc)) == 0x85 && Insn.src(program.slot(pc)) == 0
                && e.reason().startsWith("call to unknown helper")) {
            String name = BpfFunc.name(Insn.imm(program.slot(pc)) & 0xffffffffL);
            detail = (name == null ? "the kernel defines no such helper" : name
                    + " is not one of the helpers jxdp gives XDP programs");
        }
        return refused(program, pc, e.reason(), detail, lines, started);
    }

    private static Verification refused(Program program, int pc, String reason, String detail,
            IntFunction<String> lines, long started) {
        String text = pc >= 0 ? ObjdumpSyntax.format(program, pc) : "";
        Verification.Rejection rej = new Verification.Rejection(pc, text, reason, detail,
                pc >= 0 ? lines.apply(pc) : null, "", "");
        return new Verification(program.name(), rej, List.of(), AccessProofs.EMPTY,
                new Verification.Stats(0, 0, 0, 0, 0, 0, System.nanoTime() - started), null);
    }
}
