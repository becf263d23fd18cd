package org.jxdp.engine.vm;

import org.jxdp.engine.isa.Program;
import org.jxdp.engine.verifier.AccessProofs;
import org.jxdp.engine.verifier.ProgramRejectedException;

/** The engines that run programs. Both give every program the same meaning. */
public enum EngineKind {
    /** The interpreter: starts at once; the reference semantics. */
    INTERP("interp"),
    /** The compiler to JVM bytecode: the default engine. */
    JIT("jit");

    private final String cliName;

    EngineKind(String cliName) {
        this.cliName = cliName;
    }

    /** The name used on the command line. */
    public String cliName() {
        return cliName;
    }

    /** True when this engine exists in this build. */
    public boolean available() {
        return true;
    }

    /** Why this engine cannot be used, or null when it can. */
    public String unavailableReason() {
        return null;
    }

    /**
     * Checks and loads {@code program} for this engine.
     *
     * @throws ProgramRejectedException when the program fails the structural checks
     * @throws UnsupportedOperationException when this engine is not {@link #available()}
     */
    public Executable load(Program program, ProgramEnvironment env) throws ProgramRejectedException {
        return load(program, env, AccessProofs.EMPTY);
    }

    /**
     * Checks and loads {@code program} for this engine, with what the verifier proved about its
     * memory accesses (the JIT drops the checks they make unnecessary; the interpreter checks
     * everything). With an accepted verification's proofs, both engines charge the budget per
     * loop round and function entry, not per instruction ({@link AccessProofs#boundsRuns}).
     *
     * @throws ProgramRejectedException when the program fails the structural checks
     */
    public Executable load(Program program, ProgramEnvironment env, AccessProofs proofs)
            throws ProgramRejectedException {
        if (this == JIT) {
            return org.jxdp.engine.jit.Jit.load(program, env, proofs);
        }
        return Interpreter.load(program, env, proofs.boundsRuns());
    }

    /**
     * Loads {@code program} for this engine; if this is the JIT and it cannot compile the program,
     * loads it on the interpreter instead and tells {@code warning} why.
     *
     * @throws ProgramRejectedException when the program fails the structural checks
     */
    public Executable loadOrFallBack(Program program, ProgramEnvironment env, java.util.function.Consumer<String> warning)
            throws ProgramRejectedException {
        return loadOrFallBack(program, env, AccessProofs.EMPTY, warning);
    }

    /** {@link #loadOrFallBack(Program, ProgramEnvironment, java.util.function.Consumer)} with the verifier's proofs. */
    public Executable loadOrFallBack(Program program, ProgramEnvironment env, AccessProofs proofs,
            java.util.function.Consumer<String> warning) throws ProgramRejectedException {
        try {
            return load(program, env, proofs);
        } catch (org.jxdp.engine.jit.JitFailure e) {
            warning.accept(e.getMessage() + "; running it on the interpreter");
            return INTERP.load(program, env, proofs);
        }
    }

    /** Checks and loads a program that uses no maps. */
    public Executable load(Program program, HelperTable helpers) throws ProgramRejectedException {
        return load(program, ProgramEnvironment.of(helpers));
    }

    /** The engine with this command-line name. */
    public static EngineKind fromCliName(String name) {
        for (EngineKind k : values()) {
            if (k.cliName.equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown engine '" + name + "' (expected interp or jit)");
    }
}
