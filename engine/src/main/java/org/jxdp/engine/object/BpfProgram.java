package org.jxdp.engine.object;

import org.jxdp.engine.isa.Program;
import org.jxdp.engine.verifier.Verification;
import org.jxdp.engine.vm.Executable;

/**
 * One program of an object: its function's name, its section, its linked instructions (with the
 * subprograms it calls appended and relocations applied), its source lines, and, once loaded,
 * what runs it. A program that failed its load-time checks (the verifier's, by default) keeps the
 * reason.
 */
public final class BpfProgram {
    private final BpfObject object;
    private final String name;
    private final String section;
    private final ProgramType type;
    private final Program code;
    private final SourceLines lines;
    private final Executable executable;
    private final String loadError;
    private final String warning;
    private final int id;
    private final Verification verification;

    BpfProgram(BpfObject object, String name, String section, ProgramType type, Program code, SourceLines lines,
            Executable executable, String loadError, String warning, int id, Verification verification) {
        this.object = object;
        this.name = name;
        this.section = section;
        this.type = type;
        this.code = code;
        this.lines = lines;
        this.executable = executable;
        this.loadError = loadError;
        this.warning = warning;
        this.id = id;
        this.verification = verification;
    }

    /**
     * The verifier's verdict on this program, or {@code null} when it was not verified (loaded
     * without verification, or not an XDP program, or not loaded at all).
     */
    public Verification verification() {
        return verification;
    }

    /** True when the verifier refused the program (its {@link #loadError} is the refusal). */
    public boolean refusedByVerifier() {
        return verification != null && !verification.accepted();
    }

    /** The object this program came from. */
    public BpfObject object() {
        return object;
    }

    /** The function's name (the ELF symbol), or the section's name for objects without function symbols. */
    public String name() {
        return name;
    }

    /** The ELF section the program is in ({@code xdp}, {@code xdp_prog/0}...). */
    public String section() {
        return section;
    }

    public ProgramType type() {
        return type;
    }

    /** The linked instructions. */
    public Program code() {
        return code;
    }

    /** Where each instruction comes from in the source. */
    public SourceLines lines() {
        return lines;
    }

    /** True when the program passed its load-time checks and can run. */
    public boolean loaded() {
        return executable != null;
    }

    /** Why the program was not loaded ({@code null} when it was). */
    public String loadError() {
        return loadError;
    }

    /**
     * What the user should know about how the program was loaded (the JIT could not compile it,
     * so the interpreter runs it), or {@code null}.
     */
    public String warning() {
        return warning;
    }

    /** The program's id in its runtime (for prog arrays), or -1 when not loaded. */
    public int id() {
        return id;
    }

    /**
     * What runs the program.
     *
     * @throws IllegalStateException with the reason when the program was not loaded
     */
    public Executable executable() {
        if (executable == null) {
            throw new IllegalStateException(name + " is not loaded: " + loadError);
        }
        return executable;
    }

    @Override
    public String toString() {
        return section + "/" + name + " (" + code.length() + " insns)";
    }
}
