package org.jxdp.engine.jit;

import java.lang.reflect.Constructor;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.jxdp.engine.isa.Program;
import org.jxdp.engine.verifier.AccessProofs;
import org.jxdp.engine.verifier.ProgramRejectedException;
import org.jxdp.engine.verifier.ProgramStructure;
import org.jxdp.engine.verifier.StructuralChecker;
import org.jxdp.engine.vm.CompiledProgram;
import org.jxdp.engine.vm.Executable;
import org.jxdp.engine.vm.LddwConstants;
import org.jxdp.engine.vm.ProgramEnvironment;
import org.jxdp.engine.vm.RawByteAccess;
import org.objectweb.asm.ClassTooLargeException;
import org.objectweb.asm.MethodTooLargeException;

/**
 * The JIT engine: checks a program, compiles it to a hidden JVM class ({@link JitCompiler}) and
 * returns an instance ready to run. A program the compiler cannot handle is reported with
 * {@link JitFailure}, so callers can fall back to the interpreter with the reason.
 */
public final class Jit {
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private Jit() {
    }

    /** Checks and compiles {@code program} for {@code env}. */
    public static Executable load(Program program, ProgramEnvironment env) throws ProgramRejectedException {
        return load(program, env, AccessProofs.EMPTY);
    }

    /**
     * Checks and compiles {@code program} for {@code env}, with the verifier's {@code proofs}
     * about it: the stack and packet accesses they prove in bounds become direct array accesses,
     * and the context loads they prove read {@code data}, {@code data_end} or {@code data_meta}
     * read the packet region's edges ({@code Memory.mapPacket}). The proofs must come from
     * verifying this very program for the context it will run in.
     */
    public static Executable load(Program program, ProgramEnvironment env, AccessProofs proofs)
            throws ProgramRejectedException {
        return load(program, env, proofs, RawByteAccess.usable());
    }

    /**
     * As {@link #load(Program, ProgramEnvironment, AccessProofs)}, with multi-byte array accesses
     * raw ({@link RawByteAccess}) or through VarHandles, as on a platform where raw ones cannot
     * be used (tests run both).
     */
    static Executable load(Program program, ProgramEnvironment env, AccessProofs proofs, boolean rawAccess)
            throws ProgramRejectedException {
        return load(program, env, AccessPlan.Proofs.of(proofs, env), rawAccess);
    }

    /** Compiles with {@code proofs} as given (tests: proofs no verifier made). */
    static Executable load(Program program, ProgramEnvironment env, AccessPlan.Proofs proofs, boolean rawAccess)
            throws ProgramRejectedException {
        ProgramStructure structure = StructuralChecker.check(program, env);
        long[] constants = LddwConstants.resolve(program, structure, env);
        String name = "org/jxdp/engine/vm/Jit$" + sanitize(program.name()) + "$" + SEQUENCE.incrementAndGet();
        JitCompiler c = new JitCompiler(name, program, structure, constants, env.helpers(), proofs, rawAccess);
        byte[] bytes;
        try {
            bytes = c.compile();
        } catch (ClassTooLargeException e) {
            throw new JitFailure("the JIT cannot compile " + program.name() + ": its class would need "
                    + e.getConstantPoolCount() + " constant pool entries (the JVM allows 65535)", e);
        } catch (MethodTooLargeException e) {
            throw new JitFailure("the JIT cannot compile " + program.name() + ": method " + e.getMethodName()
                    + " would have " + e.getCodeSize() + " bytes of bytecode (the JVM allows 65535)", e);
        } catch (RuntimeException e) {
            throw new JitFailure("the JIT cannot compile " + program.name() + ": " + e, e);
        }
        dump(name, bytes);
        List<Object> used = c.classData();
        Object[] data = new Object[1 + used.size()];
        data[0] = program;
        for (int i = 0; i < used.size(); i++) {
            data[i + 1] = used.get(i);
        }
        try {
            Class<?> k = CompiledProgram.define(bytes, data);
            Constructor<?> ctor = k.getConstructor(Program.class, ProgramStructure.class,
                    org.jxdp.engine.vm.HelperTable.class);
            return (Executable) ctor.newInstance(program, structure, env.helpers());
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new JitFailure("the JVM refused the code compiled for " + program.name() + ": " + e, e);
        }
    }

    /**
     * Writes the class to {@code <dir>/<name>.class} when the system property
     * {@code jxdp.jit.dump} names a directory, for {@code javap -c -p}; a failure to write is
     * reported on standard error and does not stop the load.
     */
    private static void dump(String name, byte[] bytes) {
        String dir = System.getProperty("jxdp.jit.dump");
        if (dir == null) {
            return;
        }
        java.nio.file.Path file = java.nio.file.Path.of(dir, name.substring(name.lastIndexOf('/') + 1) + ".class");
        try {
            java.nio.file.Files.createDirectories(file.getParent());
            java.nio.file.Files.write(file, bytes);
        } catch (java.io.IOException | RuntimeException e) {
            System.err.println("jxdp: cannot dump the JIT's class to " + file + ": " + e);
        }
    }

    /** The bytes the JIT would generate for {@code program} (for tests and inspection). */
    public static byte[] bytecode(Program program, ProgramEnvironment env) throws ProgramRejectedException {
        return bytecode(program, env, AccessProofs.EMPTY);
    }

    /** The bytes the JIT would generate for {@code program} with the verifier's {@code proofs}. */
    public static byte[] bytecode(Program program, ProgramEnvironment env, AccessProofs proofs)
            throws ProgramRejectedException {
        return bytecode(program, env, proofs, RawByteAccess.usable());
    }

    /** The bytes the JIT would generate with raw array accesses or VarHandles (the approval tests fix it). */
    static byte[] bytecode(Program program, ProgramEnvironment env, AccessProofs proofs, boolean rawAccess)
            throws ProgramRejectedException {
        ProgramStructure structure = StructuralChecker.check(program, env);
        long[] constants = LddwConstants.resolve(program, structure, env);
        return new JitCompiler("org/jxdp/engine/vm/Jit$" + sanitize(program.name()), program, structure, constants,
                env.helpers(), AccessPlan.Proofs.of(proofs, env), rawAccess).compile();
    }

    private static String sanitize(String name) {
        String s = name.replaceAll("[^A-Za-z0-9_]", "_");
        return s.length() > 40 ? s.substring(0, 40) : s;
    }
}
