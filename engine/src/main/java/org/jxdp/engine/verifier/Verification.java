package org.jxdp.engine.verifier;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of verifying one program: accepted (with the warnings, the proofs about its memory
 * accesses, and statistics) or refused (with the instruction, the reason and the state that
 * could not be proven safe). Immutable.
 * <pre>
 *   Verification v = verifier.verify(program, lines::location);
 *   if (!v.accepted()) {
 *       System.err.println(v.rejection().get().report());
 *       // insn 14 (r2 = *(u32 *)(r1 + 4)): packet access out of bounds [prog.c:37]
 *       //   r1 = pkt(r=0)
 *       //   ...
 *   }
 * </pre>
 */
public final class Verification {
    private final String program;
    private final Rejection rejection;
    private final List<Warning> warnings;
    private final AccessProofs proofs;
    private final Stats stats;
    private final List<List<String>> states;
    private final boolean cached;

    Verification(String program, Rejection rejection, List<Warning> warnings, AccessProofs proofs, Stats stats,
            List<List<String>> states) {
        this(program, rejection, warnings, proofs, stats, states, false);
    }

    Verification(String program, Rejection rejection, List<Warning> warnings, AccessProofs proofs, Stats stats,
            List<List<String>> states, boolean cached) {
        this.program = program;
        this.rejection = rejection;
        this.warnings = List.copyOf(warnings);
        this.proofs = proofs;
        this.stats = stats;
        this.states = states;
        this.cached = cached;
    }

    /**
     * Why a program was refused.
     *
     * @param pc the instruction, or -1 when the refusal is about the program as a whole
     * @param instruction the instruction in llvm-objdump's syntax ("" when pc is -1)
     * @param reason what could not be proven, in a few words
     * @param detail the explanation, or ""
     * @param source the source location ({@code prog.c:37}), or null
     * @param registers the registers the reason is about, one per line ({@code r1 = pkt(r=0)}), or ""
     * @param state the whole abstract state at the instruction, or ""
     */
    public record Rejection(int pc, String instruction, String reason, String detail, String source,
            String registers, String state) {

        /** One line: {@code insn 14 (r2 = *(u32 *)(r1 + 4)): packet access out of bounds [prog.c:37]}. */
        public String message() {
            String where = source == null ? "" : " [" + source + "]";
            return (pc < 0 ? reason : "insn " + pc + " (" + instruction + "): " + reason) + where;
        }

        /** The message, then the explanation and the state, one item per line, indented. */
        public String report() {
            StringBuilder b = new StringBuilder(message());
            if (!detail.isEmpty()) {
                b.append("\n  ").append(detail);
            }
            if (!registers.isEmpty()) {
                for (String line : registers.split("\n")) {
                    b.append("\n  ").append(line);
                }
            }
            if (!state.isEmpty()) {
                b.append("\n  state: ").append(state.replace("\n", "\n         "));
            }
            return b.toString();
        }
    }

    /**
     * Something the verifier could not prove but does not refuse (an XDP return value that may
     * not be an action).
     *
     * @param pc the instruction
     * @param instruction the instruction in llvm-objdump's syntax
     * @param message what may go wrong
     * @param source the source location, or null
     */
    public record Warning(int pc, String instruction, String message, String source) {
        /** One line, like a refusal's. */
        public String text() {
            return "insn " + pc + " (" + instruction + "): " + message + (source == null ? "" : " [" + source + "]");
        }
    }

    /**
     * How much work verification took.
     *
     * @param instructions instructions processed over all paths (the kernel's "processed N insns")
     * @param statesKept states kept for pruning when it ended
     * @param peakStatesPerInsn the most states kept at one instruction
     * @param pruned paths cut short because a kept state covered them
     * @param joins states joined into a kept one
     * @param stackDepth the deepest stack use of the entry function, in bytes
     * @param nanos wall time
     */
    public record Stats(int instructions, int statesKept, int peakStatesPerInsn, int pruned, int joins,
            int stackDepth, long nanos) {
    }

    /** The program's name. */
    public String program() {
        return program;
    }

    /** True when every path was proven safe. */
    public boolean accepted() {
        return rejection == null;
    }

    /** Why the program was refused; empty when it was accepted. */
    public Optional<Rejection> rejection() {
        return Optional.ofNullable(rejection);
    }

    /** What the verifier could not prove but let pass, in instruction order. */
    public List<Warning> warnings() {
        return warnings;
    }

    /** The proofs about memory accesses ({@link AccessProofs#EMPTY} when refused). */
    public AccessProofs proofs() {
        return proofs;
    }

    /** How much work the verification took (for a {@link #cached} one: when it was done). */
    public Stats stats() {
        return stats;
    }

    /**
     * True when this acceptance was read from a {@link VerificationCache}: the same verifier
     * code accepted the same inputs before, and these are its warnings and proofs.
     */
    public boolean cached() {
        return cached;
    }

    /**
     * The distinct states the analysis met before instruction {@code pc} (at most a few), when
     * the verifier was asked to record them; empty otherwise.
     */
    public List<String> statesAt(int pc) {
        return states == null || pc < 0 || pc >= states.size() || states.get(pc) == null ? List.of()
                : List.copyOf(states.get(pc));
    }

    /** True when states were recorded ({@link Verifier#recordStates}). */
    public boolean hasStates() {
        return states != null;
    }

    /**
     * Returns when the program was accepted; otherwise throws the refusal in the form the
     * loader reports ({@code insn N (text): reason [file.c:L]}, then the details).
     */
    public void orThrow() throws ProgramRejectedException {
        if (rejection != null) {
            String rest = rejection.report().substring(rejection.message().length());
            String reason = rejection.reason() + (rejection.source() == null ? "" : " [" + rejection.source() + "]")
                    + rest;
            throw new ProgramRejectedException(rejection.pc(), rejection.instruction(), reason);
        }
    }
}
