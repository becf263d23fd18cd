package org.jxdp.engine.jit;

import static org.jxdp.engine.isa.Opcodes.BPF_CMPXCHG;
import static org.jxdp.engine.isa.Opcodes.BPF_FETCH;
import static org.jxdp.engine.isa.Opcodes.BPF_LOAD_ACQ;
import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_CALL;
import static org.jxdp.engine.isa.Opcodes.BPF_STORE_REL;
import static org.jxdp.engine.isa.Opcodes.LDDW;
import static org.jxdp.engine.isa.Opcodes.MAX_BPF_STACK;
import static org.jxdp.engine.isa.Opcodes.MAX_CALL_FRAMES;
import static org.objectweb.asm.Opcodes.*;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.jxdp.engine.helpers.BpfFunc;
import org.jxdp.engine.isa.Insn;
import org.jxdp.engine.isa.Program;
import org.jxdp.engine.maps.BpfMap;
import org.jxdp.engine.verifier.ProgramStructure;
import org.jxdp.engine.vm.HelperTable;
import org.jxdp.engine.vm.RawByteAccess;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;

/**
 * Translates a checked program into the bytes of one JVM class extending
 * {@code org.jxdp.engine.vm.CompiledProgram} (see there for the layout): one static method per
 * BPF function, BPF registers in JVM locals, BPF jumps as JVM jumps, each block charging its
 * length to the budget, memory through {@code Memory}'s checked accessors, helpers through
 * static final fields (so HotSpot inlines them), and the meaning of every non-trivial operation
 * taken from {@code OpcodeSemantics}, the methods the interpreter uses.
 *
 * <p>A function too big for one JVM method is split into parts ({@link FunctionSplitter}).
 */
final class JitCompiler {
    static final String BASE = "org/jxdp/engine/vm/CompiledProgram";
    static final String CTX = "org/jxdp/engine/vm/ExecutionContext";
    static final String MEM = "org/jxdp/engine/vm/Memory";
    static final String SEM = "org/jxdp/engine/vm/OpcodeSemantics";
    static final String HELPER = "org/jxdp/engine/vm/Helper";
    static final String FAULT = "org/jxdp/engine/vm/FaultException";
    static final String UNWIND = "org/jxdp/engine/vm/UnwindSignal";
    static final String PROGRAM = "org/jxdp/engine/isa/Program";
    static final String EXECUTABLE = "org/jxdp/engine/vm/Executable";
    static final String MAP = "org/jxdp/engine/maps/BpfMap";
    /** Descriptor of a function method. */
    static final String FN_DESC = "(L" + CTX + ";L" + MEM + ";JJJJJJI)J";


    private final String className;
    private final Program program;
    private final ProgramStructure structure;
    private final long[] constants;
    private final HelperTable helpers;
    private final int[] functionStarts;
    /** The helper fields of the class, in class-data order (after the program at index 0). */
    private final List<String> helperFields = new ArrayList<>();
    /** The helper each field holds. */
    private final List<org.jxdp.engine.vm.Helper> helperObjects = new ArrayList<>();
    /** The field each helper call site reads, by pc. */
    private final java.util.Map<Integer, String> helperFieldAt = new java.util.HashMap<>();
    /**
     * The map fields of the class, in class-data order (after the helpers): maps whose lookups
     * call {@link BpfMap#lookupKey} directly ({@link #keyLookupMap}).
     */
    private final List<String> mapFields = new ArrayList<>();
    /** The map each map field holds. */
    private final List<BpfMap> mapObjects = new ArrayList<>();
    /** The map field each direct lookup reads, by pc. */
    private final java.util.Map<Integer, String> mapFieldAt = new java.util.HashMap<>();
    private final AccessPlan access;
    /** Registers' bit widths, for ordered compares that need no sign flips. */
    private final ValueWidths widths;
    /**
     * The budget is charged one unit per round of a loop and per subprogram call
     * ({@code ProgramStructure.checksBoundedBudget}), not per instruction: the program was
     * verified, so every run ends ({@link AccessPlan.Proofs#boundsRuns}), and the budget only
     * guards against a verifier bug. No count is carried in a local then.
     */
    private final boolean unitBudget;
    /**
     * Multi-byte array accesses through {@code sun.misc.Unsafe} after {@code Objects.checkIndex}
     * ({@link RawByteAccess}) rather than the byte-array view {@code VarHandle}s: the same code
     * once C2 has compiled it, and far cheaper before (HotSpot's interpreter and C1 run the
     * VarHandle's method-handle chain at every access).
     */
    private final boolean rawAccess;
    /** Raw accesses written so far (the function splitter weighs a method's size by them). */
    private int rawAccesses;
    /**
     * Bytes a raw access's bytecode has beyond a VarHandle access's: {@code SWAP DUP_X1
     * ARRAYLENGTH ICONST ISUB INVOKESTATIC I2L GETSTATIC LADD} (13 or 14) against nothing.
     */
    static final int RAW_ACCESS_EXTRA_BYTES = 13;

    JitCompiler(String className, Program program, ProgramStructure structure, long[] constants, HelperTable helpers) {
        this(className, program, structure, constants, helpers, AccessPlan.Proofs.NONE);
    }

    JitCompiler(String className, Program program, ProgramStructure structure, long[] constants, HelperTable helpers,
            AccessPlan.Proofs proofs) {
        this(className, program, structure, constants, helpers, proofs, RawByteAccess.usable());
    }

    JitCompiler(String className, Program program, ProgramStructure structure, long[] constants, HelperTable helpers,
            AccessPlan.Proofs proofs, boolean rawAccess) {
        this.rawAccess = rawAccess;
        this.access = AccessPlan.of(program, structure, proofs);
        this.widths = ValueWidths.of(program, structure, access);
        this.unitBudget = proofs.boundsRuns();
        this.className = className;
        this.program = program;
        this.structure = structure;
        this.constants = constants;
        this.helpers = helpers;
        this.functionStarts = structure.functionStarts();
    }

    /** Raw array accesses written so far, in every method (scratch ones included). */
    int rawAccesses() {
        return rawAccesses;
    }

    /**
     * What the class data holds after the program at index 0, in field order: the helpers, then
     * the maps of the direct lookups.
     */
    List<Object> classData() {
        List<Object> data = new ArrayList<>(helperObjects);
        data.addAll(mapObjects);
        return data;
    }

    /**
     * Chooses the helper each call site calls: {@code H<id>}, the table's helper, or, when the
     * call's r1 is a map constant loaded in the same block, {@code H<id>_<r1>}, the helper bound
     * to it ({@link org.jxdp.engine.vm.Helper#bind}).
     */
    private void chooseHelpers() {
        int leader = 0;
        for (int pc = 0; pc < program.length(); pc++) {
            if (structure.isLddwTail(pc)) {
                continue;
            }
            if (structure.blockLength(pc) > 0) {
                leader = pc;
            }
            long insn = program.slot(pc);
            if (Insn.opcode(insn) != 0x85 || Insn.src(insn) == BPF_PSEUDO_CALL) {
                continue;
            }
            int id = Insn.imm(insn);
            org.jxdp.engine.vm.Helper h = helpers.get(id);
            long r1 = h == null ? -1 : constantR1(leader, pc);
            org.jxdp.engine.vm.Helper bound = r1 == -1 ? h : h.bind(r1);
            String field = bound == h ? "H" + id : "H" + id + "_" + Long.toHexString(r1);
            if (!helperFields.contains(field)) {
                helperFields.add(field);
                helperObjects.add(bound);
            }
            helperFieldAt.put(pc, field);
            BpfMap direct = keyLookupMap(bound, pc);
            if (direct != null) {
                String mapField = "M" + Long.toHexString(r1);
                if (!mapFields.contains(mapField)) {
                    mapFields.add(mapField);
                    mapObjects.add(direct);
                }
                mapFieldAt.put(pc, mapField);
            }
        }
    }

    /**
     * The map the call at {@code pc} looks up by calling {@link BpfMap#lookupKey} with the stack's
     * array, or null: when the call is a {@code bpf_map_lookup_elem} bound to a map that answers
     * from the key alone (an array map does not say so: its lookups are written out in place),
     * and the verifier proved the key on the stack. What the helper does before its lookup (find the key's region
     * and check the key inside it) is what the proof settled; the stack array's own bounds check
     * stays.
     */
    private BpfMap keyLookupMap(org.jxdp.engine.vm.Helper bound, int pc) {
        BpfMap map = org.jxdp.engine.helpers.GenericHelpers.boundLookupMap(bound);
        return map != null && map.looksUpByKeyAlone() && access.at(pc) == AccessPlan.STACK ? map : null;
    }

    /**
     * The map constant r1 holds at the call at {@code call}, when the last instruction of the
     * block (from {@code leader}) that writes r1 is an LDDW of a map; -1 otherwise.
     */
    private long constantR1(int leader, int call) {
        for (int pc = call - 1; pc >= leader; pc--) {
            if (structure.isLddwTail(pc)) {
                continue;
            }
            long insn = program.slot(pc);
            int code = Insn.opcode(insn);
            int cls = code & 0x07;
            boolean writesR1 = Insn.dst(insn) == 1 && (cls == 0x00 || cls == 0x01 || cls == 0x04 || cls == 0x07)
                    || cls == 0x03 && (code & 0xe0) == 0xc0 && Insn.src(insn) == 1
                    && ((Insn.imm(insn) & BPF_FETCH) != 0 || Insn.imm(insn) == BPF_CMPXCHG);
            if (!writesR1) {
                continue;
            }
            if (code == LDDW && org.jxdp.engine.vm.Memory.regionOf(constants[pc])
                    == org.jxdp.engine.vm.Memory.REGION_MAP) {
                return constants[pc];
            }
            return -1;
        }
        return -1;
    }

    byte[] compile() {
        chooseHelpers();
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                return "java/lang/Object";
            }
        };
        cw.visit(V17, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, className, null, BASE, null);
        cw.visitField(ACC_STATIC | ACC_FINAL, "PROGRAM", "L" + PROGRAM + ";", null, null).visitEnd();
        cw.visitField(ACC_STATIC, "SELF", "L" + BASE + ";", null, null).visitEnd();
        for (String field : helperFields) {
            cw.visitField(ACC_STATIC | ACC_FINAL, field, "L" + HELPER + ";", null, null).visitEnd();
        }
        for (String field : mapFields) {
            cw.visitField(ACC_STATIC | ACC_FINAL, field, "L" + MAP + ";", null, null).visitEnd();
        }
        emitClinit(cw);
        emitConstructor(cw);
        FunctionSplitter[] functions = new FunctionSplitter[functionStarts.length];
        for (int f = 0; f < functionStarts.length; f++) {
            functions[f] = new FunctionSplitter(this, cw, f, functionStarts[f],
                    structure.functionEnd(f, program.length()));
        }
        emitDispatch(cw, functions[0].writesEntry());
        for (FunctionSplitter f : functions) {
            f.emit();
        }
        cw.visitEnd();
        return cw.toByteArray();
    }

    private void emitClinit(ClassWriter cw) {
        MethodVisitor mv = cw.visitMethod(ACC_STATIC, "<clinit>", "()V", null, null);
        mv.visitCode();
        mv.visitMethodInsn(INVOKESTATIC, "java/lang/invoke/MethodHandles", "lookup",
                "()Ljava/lang/invoke/MethodHandles$Lookup;", false);
        mv.visitLdcInsn("_");
        mv.visitLdcInsn(org.objectweb.asm.Type.getType("[Ljava/lang/Object;"));
        mv.visitMethodInsn(INVOKESTATIC, "java/lang/invoke/MethodHandles", "classData",
                "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;)Ljava/lang/Object;", false);
        mv.visitTypeInsn(CHECKCAST, "[Ljava/lang/Object;");
        mv.visitVarInsn(ASTORE, 0);
        mv.visitVarInsn(ALOAD, 0);
        mv.visitInsn(ICONST_0);
        mv.visitInsn(AALOAD);
        mv.visitTypeInsn(CHECKCAST, PROGRAM);
        mv.visitFieldInsn(PUTSTATIC, className, "PROGRAM", "L" + PROGRAM + ";");
        for (int i = 0; i < helperFields.size(); i++) {
            mv.visitVarInsn(ALOAD, 0);
            intConst(mv, i + 1);
            mv.visitInsn(AALOAD);
            mv.visitTypeInsn(CHECKCAST, HELPER);
            mv.visitFieldInsn(PUTSTATIC, className, helperFields.get(i), "L" + HELPER + ";");
        }
        for (int i = 0; i < mapFields.size(); i++) {
            mv.visitVarInsn(ALOAD, 0);
            intConst(mv, 1 + helperFields.size() + i);
            mv.visitInsn(AALOAD);
            mv.visitTypeInsn(CHECKCAST, MAP);
            mv.visitFieldInsn(PUTSTATIC, className, mapFields.get(i), "L" + MAP + ";");
        }
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    private void emitConstructor(ClassWriter cw) {
        String desc = "(L" + PROGRAM + ";Lorg/jxdp/engine/verifier/ProgramStructure;Lorg/jxdp/engine/vm/HelperTable;)V";
        MethodVisitor mv = cw.visitMethod(ACC_PUBLIC, "<init>", desc, null, null);
        mv.visitCode();
        mv.visitVarInsn(ALOAD, 0);
        mv.visitVarInsn(ALOAD, 1);
        mv.visitVarInsn(ALOAD, 2);
        mv.visitVarInsn(ALOAD, 3);
        mv.visitMethodInsn(INVOKESPECIAL, BASE, "<init>", desc, false);
        mv.visitVarInsn(ALOAD, 0);
        mv.visitFieldInsn(PUTSTATIC, className, "SELF", "L" + BASE + ";");
        mv.visitInsn(RETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /**
     * {@code call(fn, c, m, r1..r5, r10, depth)}: a switch over the functions; with an
     * {@code entry} method, function 0 at depth 0 with r10 at the top of the stack (every run's
     * start, and a tail call from a program's main function) goes there.
     */
    private void emitDispatch(ClassWriter cw, boolean entry) {
        MethodVisitor mv = cw.visitMethod(ACC_PROTECTED, "call", "(IL" + CTX + ";L" + MEM + ";JJJJJJI)J", null, null);
        mv.visitCode();
        Label[] cases = new Label[functionStarts.length];
        for (int i = 0; i < cases.length; i++) {
            cases[i] = new Label();
        }
        Label bad = new Label();
        mv.visitVarInsn(ILOAD, 1);
        mv.visitTableSwitchInsn(0, cases.length - 1, bad, cases);
        for (int i = 0; i < cases.length; i++) {
            mv.visitLabel(cases[i]);
            Label general = new Label();
            if (i == 0 && entry) {
                mv.visitVarInsn(ILOAD, 16);
                mv.visitJumpInsn(IFNE, general);
                mv.visitVarInsn(LLOAD, 14);
                mv.visitLdcInsn(org.jxdp.engine.vm.ExecutionContext.entryFramePointer());
                mv.visitInsn(LCMP);
                mv.visitJumpInsn(IFNE, general);
                callWithTheArguments(mv, entryName());
            }
            mv.visitLabel(general);
            callWithTheArguments(mv, functionName(i));
        }
        mv.visitLabel(bad);
        mv.visitTypeInsn(NEW, "java/lang/IllegalArgumentException");
        mv.visitInsn(DUP);
        mv.visitMethodInsn(INVOKESPECIAL, "java/lang/IllegalArgumentException", "<init>", "()V", false);
        mv.visitInsn(ATHROW);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** In {@code call}: returns what {@code method} returns for the arguments of {@code call} after {@code fn}. */
    private void callWithTheArguments(MethodVisitor mv, String method) {
        mv.visitVarInsn(ALOAD, 2);
        mv.visitVarInsn(ALOAD, 3);
        for (int slot = 4; slot <= 14; slot += 2) {
            mv.visitVarInsn(LLOAD, slot);
        }
        mv.visitVarInsn(ILOAD, 16);
        mv.visitMethodInsn(INVOKESTATIC, className, method, FN_DESC, false);
        mv.visitInsn(LRETURN);
    }

    static String functionName(int index) {
        return "f" + index;
    }

    /** The method of function 0 for runs that start it at depth 0 ({@link FunctionSplitter#emit}). */
    static String entryName() {
        return "e0";
    }

    // ---------------------------------------------------------------- accessors for the emitters

    String className() {
        return className;
    }

    Program program() {
        return program;
    }

    ProgramStructure structure() {
        return structure;
    }

    long constant(int pc) {
        return constants[pc];
    }

    int functionIndexAt(int pc) {
        return structure.functionOf(pc);
    }

    boolean isUnwind(int id) {
        return id == helpers.unwindId();
    }


    // ---------------------------------------------------------------- instruction emission

    /**
     * Emits instruction {@code pc}. Jumps go to {@code labels}; {@code exits} emits what leaving
     * the function (EXIT, or a tail call) means for the method being written.
     */
    void emitInsn(MethodVisitor mv, Layout L, int pc, TreeMap<Integer, Label> labels, ExitEmitter exits) {
        long insn = program.slot(pc);
        int code = Insn.opcode(insn);
        int dst = Insn.dst(insn);
        int src = Insn.src(insn);
        int off = Insn.off(insn);
        int imm = Insn.imm(insn);
        switch (code & 0x07) {
            case 0x07:
            case 0x04:
                emitAlu(mv, L, code, dst, src, off, imm);
                return;
            case 0x00:
                lconst(mv, constant(pc));
                mv.visitVarInsn(LSTORE, L.reg(dst));
                return;
            case 0x01: {
                int how = access.at(pc);
                if (how == AccessPlan.CHECKED || how == AccessPlan.GUARDED) {
                    setPc(mv, L, pc);
                }
                if (how >= AccessPlan.CTX_DATA) {
                    packetEdge(mv, L, how);
                } else if (how == AccessPlan.GUARDED) {
                    guardedLoad(mv, L, src, off, code & 0x18);
                } else if (how == AccessPlan.VALUE) {
                    valueLoad(mv, L, pc, src, off, code & 0x18);
                } else if (how != AccessPlan.CHECKED) {
                    directLoad(mv, L, how, L.reg(src), off, code & 0x18);
                } else {
                    mv.visitVarInsn(ALOAD, L.m());
                    address(mv, L, src, off);
                    mv.visitMethodInsn(INVOKEVIRTUAL, MEM, load(code & 0x18), "(J)J", false);
                }
                if ((code & 0xe0) == 0x80) {
                    signExtend(mv, (code & 0x18) == 0x10 ? 8 : (code & 0x18) == 0x08 ? 16 : 32);
                }
                mv.visitVarInsn(LSTORE, L.reg(dst));
                return;
            }
            case 0x02: {
                int how = access.at(pc);
                if (how == AccessPlan.GUARDED) {
                    setPc(mv, L, pc);
                    guardedStore(mv, L, dst, off, code & 0x18, () -> lconst(mv, imm));
                    return;
                }
                if (how == AccessPlan.VALUE) {
                    valueStore(mv, L, pc, dst, off, code & 0x18, () -> lconst(mv, imm));
                    return;
                }
                if (how != AccessPlan.CHECKED) {
                    directStore(mv, L, how, L.reg(dst), off, code & 0x18, () -> lconst(mv, imm));
                    return;
                }
                setPc(mv, L, pc);
                mv.visitVarInsn(ALOAD, L.m());
                address(mv, L, dst, off);
                lconst(mv, imm);
                mv.visitMethodInsn(INVOKEVIRTUAL, MEM, store(code & 0x18), "(JJ)V", false);
                return;
            }
            case 0x03: {
                int how = access.at(pc);
                if (how == AccessPlan.CHECKED || how == AccessPlan.GUARDED || (code & 0xe0) == 0xc0) {
                    setPc(mv, L, pc);
                }
                if ((code & 0xe0) == 0xc0) {
                    emitAtomic(mv, L, code, dst, src, off, imm);
                    return;
                }
                if (how == AccessPlan.GUARDED) {
                    guardedStore(mv, L, dst, off, code & 0x18, () -> mv.visitVarInsn(LLOAD, L.reg(src)));
                    return;
                }
                if (how == AccessPlan.VALUE) {
                    valueStore(mv, L, pc, dst, off, code & 0x18, () -> mv.visitVarInsn(LLOAD, L.reg(src)));
                    return;
                }
                if (how != AccessPlan.CHECKED) {
                    directStore(mv, L, how, L.reg(dst), off, code & 0x18, () -> mv.visitVarInsn(LLOAD, L.reg(src)));
                    return;
                }
                mv.visitVarInsn(ALOAD, L.m());
                address(mv, L, dst, off);
                mv.visitVarInsn(LLOAD, L.reg(src));
                mv.visitMethodInsn(INVOKEVIRTUAL, MEM, store(code & 0x18), "(JJ)V", false);
                return;
            }
            default:
                emitJmp(mv, L, pc, code, dst, src, off, imm, labels, exits);
        }
    }

    private static String load(int size) {
        switch (size) {
            case 0x10: return "load8";
            case 0x08: return "load16";
            case 0x00: return "load32";
            default: return "load64";
        }
    }

    private static String store(int size) {
        switch (size) {
            case 0x10: return "store8";
            case 0x08: return "store16";
            case 0x00: return "store32";
            default: return "store64";
        }
    }

    private static int bytes(int size) {
        switch (size) {
            case 0x10: return 1;
            case 0x08: return 2;
            case 0x00: return 4;
            default: return 8;
        }
    }

    /**
     * Pushes the address a proven context load of {@code data}, {@code data_end} or
     * {@code data_meta} gives: {@code REGION_PACKET << 32 | edge}, the edge read from
     * {@code Memory} (current after any helper that moved it), no call.
     */
    private static void packetEdge(MethodVisitor mv, Layout L, int how) {
        lconst(mv, (long) org.jxdp.engine.vm.Memory.REGION_PACKET << 32);
        mv.visitVarInsn(ALOAD, L.m());
        if (how == AccessPlan.CTX_DATA) {
            mv.visitFieldInsn(GETFIELD, MEM, "packetData", "I");
        } else {
            mv.visitFieldInsn(GETFIELD, MEM, how == AccessPlan.CTX_DATA_END ? "packetHi" : "packetLo", "I");
        }
        mv.visitInsn(I2L);
        mv.visitLdcInsn(0xffffffffL);
        mv.visitInsn(LAND);
        mv.visitInsn(LOR);
    }

    /** Pushes {@code reg + off} (a long address). */
    private static void address(MethodVisitor mv, Layout L, int r, int off) {
        mv.visitVarInsn(LLOAD, L.reg(r));
        if (off != 0) {
            lconst(mv, off);
            mv.visitInsn(LADD);
        }
    }

    private static final String VH = "java/lang/invoke/VarHandle";
    private static final String RAW_ACCESS = "org/jxdp/engine/vm/RawByteAccess";
    private static final String UNSAFE = "sun/misc/Unsafe";
    private static final String VH_DESC = "Ljava/lang/invoke/VarHandle;";

    /** The little-endian view of {@code Memory} for a size code other than BPF_B. */
    private static void viewHandle(MethodVisitor mv, int size) {
        String name = size == 0x08 ? "SHORT" : size == 0x00 ? "INT" : "LONG";
        mv.visitFieldInsn(GETSTATIC, MEM, name, VH_DESC);
    }

    /**
     * A load that is a direct packet access when the address {@code r + off} is inside the
     * packet's current bounds, and a checked {@code Memory} load otherwise:
     * <pre>
     *   tmp = r + off
     *   if (tmp &gt;&gt;&gt; 32 == REGION_PACKET &amp;&amp; lo &lt;= (int) tmp &amp;&amp; (int) tmp &lt;= hi - size)
     *       value = packet[(int) tmp ...]          (the JVM's bounds check stays)
     *   else
     *       value = m.loadN(tmp)                    (any region, or the fault)
     * </pre>
     */
    private void guardedLoad(MethodVisitor mv, Layout L, int r, int off, int size) {
        Label slow = new Label();
        Label done = new Label();
        packetGuard(mv, L, r, off, size, L.packetHi(), slow);
        directLoad(mv, L, AccessPlan.PACKET, L.tmp(), 0, size);
        mv.visitJumpInsn(GOTO, done);
        mv.visitLabel(slow);
        mv.visitVarInsn(ALOAD, L.m());
        mv.visitVarInsn(LLOAD, L.tmp());
        mv.visitMethodInsn(INVOKEVIRTUAL, MEM, load(size), "(J)J", false);
        mv.visitLabel(done);
    }

    /**
     * A load from a proven map value, straight from the array behind the address's region:
     * <pre>
     *   tmp = r + off
     *   try   { value = m.bytes[(int) (tmp &gt;&gt;&gt; 32)][(int) tmp ...] }
     *   catch (IndexOutOfBoundsException e) { value = m.loadN(tmp) }   (a region not bound yet)
     * </pre>
     * The verifier proved the access inside the value, so the region's own bounds (the whole
     * value storage) need no test; the JVM's array bounds check stays as defence in depth.
     */
    private void valueLoad(MethodVisitor mv, Layout L, int pc, int r, int off, int size) {
        Label slow = new Label();
        Label done = new Label();
        Label end = new Label();
        int region = access.valueRegion(pc);
        Label elsewhere = valueAccessStart(mv, L, r, off, region, end, slow);
        arrayLoad(mv, size, () -> valueIndex(mv, L, region), end);
        mv.visitJumpInsn(GOTO, done);
        if (elsewhere != null) {
            valueElsewhere(mv, L, pc, elsewhere);
            mv.visitMethodInsn(INVOKEVIRTUAL, MEM, load(size), "(J)J", false);
            mv.visitJumpInsn(GOTO, done);
        }
        valueSlowPath(mv, L, pc, slow);
        mv.visitMethodInsn(INVOKEVIRTUAL, MEM, load(size), "(J)J", false);
        mv.visitLabel(done);
    }

    /** A store into a proven map value, as {@link #valueLoad} reads one. */
    private void valueStore(MethodVisitor mv, Layout L, int pc, int r, int off, int size, Runnable value) {
        Label slow = new Label();
        Label done = new Label();
        Label end = new Label();
        int region = access.valueRegion(pc);
        Label elsewhere = valueAccessStart(mv, L, r, off, region, end, slow);
        arrayStore(mv, size, () -> valueIndex(mv, L, region), value);
        mv.visitLabel(end);
        mv.visitJumpInsn(GOTO, done);
        if (elsewhere != null) {
            valueElsewhere(mv, L, pc, elsewhere);
            value.run();
            mv.visitMethodInsn(INVOKEVIRTUAL, MEM, store(size), "(JJ)V", false);
            mv.visitJumpInsn(GOTO, done);
        }
        valueSlowPath(mv, L, pc, slow);
        value.run();
        mv.visitMethodInsn(INVOKEVIRTUAL, MEM, store(size), "(JJ)V", false);
        mv.visitLabel(done);
    }

    /**
     * {@code tmp = r + off}, and the start of the range whose index errors go to {@code slow}.
     * With the map's value {@code region} known (not -1), also the test that the pointer is in it,
     * which goes to the returned label when not (a verifier bug, so Memory decides then).
     */
    private Label valueAccessStart(MethodVisitor mv, Layout L, int r, int off, int region, Label end, Label slow) {
        Label start = new Label();
        address(mv, L, r, off);
        mv.visitVarInsn(LSTORE, L.tmp());
        Label elsewhere = null;
        if (region >= 0) {
            elsewhere = new Label();
            mv.visitVarInsn(LLOAD, L.tmp());
            intConst(mv, 32);
            mv.visitInsn(LUSHR);
            mv.visitInsn(L2I);
            intConst(mv, region);
            mv.visitJumpInsn(IF_ICMPNE, elsewhere);
        }
        valueRanges.add(new Label[] {start, end, slow});
        mv.visitLabel(start);
        return elsewhere;
    }

    /** Where a value access whose pointer is not in the map's region goes: names the instruction, pushes {@code m, tmp}. */
    private static void valueElsewhere(MethodVisitor mv, Layout L, int pc, Label elsewhere) {
        mv.visitLabel(elsewhere);
        setPc(mv, L, pc);
        mv.visitVarInsn(ALOAD, L.m());
        mv.visitVarInsn(LLOAD, L.tmp());
    }

    /** The handler: drops the exception, names the instruction and pushes {@code m, tmp} for Memory. */
    private static void valueSlowPath(MethodVisitor mv, Layout L, int pc, Label slow) {
        mv.visitLabel(slow);
        mv.visitInsn(POP);
        setPc(mv, L, pc);
        mv.visitVarInsn(ALOAD, L.m());
        mv.visitVarInsn(LLOAD, L.tmp());
    }

    /**
     * Pushes {@code m.bytes[region]} and {@code (int) tmp}: the region is the constant one of the
     * map when known, so that C2 reads the array once for all the accesses to that map's values
     * between two calls; otherwise {@code (int) (tmp >>> 32)}.
     */
    private static void valueIndex(MethodVisitor mv, Layout L, int region) {
        mv.visitVarInsn(ALOAD, L.m());
        mv.visitFieldInsn(GETFIELD, MEM, "bytes", "[[B");
        if (region >= 0) {
            intConst(mv, region);
        } else {
            mv.visitVarInsn(LLOAD, L.tmp());
            intConst(mv, 32);
            mv.visitInsn(LUSHR);
            mv.visitInsn(L2I);
        }
        mv.visitInsn(AALOAD);
        mv.visitVarInsn(LLOAD, L.tmp());
        mv.visitInsn(L2I);
    }

    /**
     * The [start, end, handler] labels of the map value accesses emitted since the last call,
     * whose {@code IndexOutOfBoundsException} handlers the method writer registers ahead of its
     * own (the JVM takes the first matching entry of the exception table).
     */
    private final List<Label[]> valueRanges = new ArrayList<>();

    /** The map value accesses emitted since the last call, cleared. */
    List<Label[]> takeValueRanges() {
        List<Label[]> out = new ArrayList<>(valueRanges);
        valueRanges.clear();
        return out;
    }

    /** A store that is a direct packet access when the address is inside the packet's writable bounds. */
    private void guardedStore(MethodVisitor mv, Layout L, int r, int off, int size, Runnable value) {
        Label slow = new Label();
        Label done = new Label();
        packetGuard(mv, L, r, off, size, L.packetWritableHi(), slow);
        directStore(mv, L, AccessPlan.PACKET, L.tmp(), 0, size, value);
        mv.visitJumpInsn(GOTO, done);
        mv.visitLabel(slow);
        mv.visitVarInsn(ALOAD, L.m());
        mv.visitVarInsn(LLOAD, L.tmp());
        value.run();
        mv.visitMethodInsn(INVOKEVIRTUAL, MEM, store(size), "(JJ)V", false);
        mv.visitLabel(done);
    }

    /** {@code tmp = r + off}; jumps to {@code slow} unless tmp is in the packet inside [lo, hiSlot - size]. */
    private static void packetGuard(MethodVisitor mv, Layout L, int r, int off, int size, int hiSlot, Label slow) {
        int bytes = size == 0x10 ? 1 : size == 0x08 ? 2 : size == 0x00 ? 4 : 8;
        address(mv, L, r, off);
        mv.visitInsn(DUP2);
        mv.visitVarInsn(LSTORE, L.tmp());
        intConst(mv, 32);
        mv.visitInsn(LUSHR);
        lconst(mv, org.jxdp.engine.vm.Memory.REGION_PACKET);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFNE, slow);
        mv.visitVarInsn(LLOAD, L.tmp());
        mv.visitInsn(L2I);
        mv.visitVarInsn(ILOAD, L.packetLo());
        mv.visitJumpInsn(IF_ICMPLT, slow);
        mv.visitVarInsn(LLOAD, L.tmp());
        mv.visitInsn(L2I);
        mv.visitVarInsn(ILOAD, hiSlot);
        intConst(mv, bytes);
        mv.visitInsn(ISUB);
        mv.visitJumpInsn(IF_ICMPGT, slow);
    }

    /**
     * A load straight from the region's array, zero-extended to 64 bits, written out in bytecode
     * (not a call) so it costs nothing of C2's inlining budget for the method.
     */
    private void directLoad(MethodVisitor mv, Layout L, int region, int slot, int off, int size) {
        arrayLoad(mv, size, () -> directIndex(mv, L, region, slot, off), null);
    }

    /** A store straight into the region's array of the long {@code value} pushes. */
    private void directStore(MethodVisitor mv, Layout L, int region, int slot, int off, int size, Runnable value) {
        arrayStore(mv, size, () -> directIndex(mv, L, region, slot, off), value);
    }

    /**
     * A little-endian load of {@code size} from the array and index {@code at} pushes, zero-extended
     * to a long (a byte load, or {@link #rawAccess a raw or VarHandle access} of 2, 4 or 8 bytes,
     * both bounds-checked by the JVM); {@code afterAccess}, when given, is placed right after the
     * array access (the end of a range an exception handler covers).
     */
    private void arrayLoad(MethodVisitor mv, int size, Runnable at, Label afterAccess) {
        arrayOperands(mv, size, at);
        switch (size) {
            case 0x10:
                mv.visitInsn(BALOAD);
                placeLabel(mv, afterAccess);
                intConst(mv, 0xff);
                mv.visitInsn(IAND);
                mv.visitInsn(I2L);
                break;
            case 0x08:
                getOp(mv, 2);
                placeLabel(mv, afterAccess);
                intConst(mv, 0xffff);
                mv.visitInsn(IAND);
                mv.visitInsn(I2L);
                break;
            case 0x00:
                getOp(mv, 4);
                placeLabel(mv, afterAccess);
                mv.visitInsn(I2L);
                mv.visitLdcInsn(0xffffffffL);
                mv.visitInsn(LAND);
                break;
            default:
                getOp(mv, 8);
                placeLabel(mv, afterAccess);
        }
    }

    /** A little-endian store of the low {@code size} bytes of {@code value} at the array and index {@code at} pushes. */
    private void arrayStore(MethodVisitor mv, int size, Runnable at, Runnable value) {
        arrayOperands(mv, size, at);
        value.run();
        switch (size) {
            case 0x10:
                mv.visitInsn(L2I);
                mv.visitInsn(BASTORE);
                break;
            case 0x08:
                mv.visitInsn(L2I);
                mv.visitInsn(I2S);
                setOp(mv, 2);
                break;
            case 0x00:
                mv.visitInsn(L2I);
                setOp(mv, 4);
                break;
            default:
                setOp(mv, 8);
        }
    }

    /** Bytes of a BPF size code (BPF_H, BPF_W, BPF_DW). */
    private static int bytesOf(int size) {
        return size == 0x08 ? 2 : size == 0x00 ? 4 : 8;
    }

    /**
     * Pushes what an access of {@code size} takes before its value: for a byte, the array and
     * index {@code at} pushes; for 2, 4 or 8 bytes, the Unsafe, the array and the Unsafe offset of
     * the checked index ({@code RawByteAccess.BASE + Objects.checkIndex(i, a.length - (n - 1))}),
     * or the view VarHandle, the array and the index.
     */
    private void arrayOperands(MethodVisitor mv, int size, Runnable at) {
        if (size == 0x10) {
            at.run();
            return;
        }
        if (!rawAccess) {
            viewHandle(mv, size);
            at.run();
            return;
        }
        rawAccesses++;
        mv.visitFieldInsn(GETSTATIC, RAW_ACCESS, "UNSAFE", "L" + UNSAFE + ";");
        at.run();
        mv.visitInsn(SWAP);
        mv.visitInsn(DUP_X1);
        mv.visitInsn(ARRAYLENGTH);
        intConst(mv, bytesOf(size) - 1);
        mv.visitInsn(ISUB);
        mv.visitMethodInsn(INVOKESTATIC, "java/util/Objects", "checkIndex", "(II)I", false);
        mv.visitInsn(I2L);
        mv.visitFieldInsn(GETSTATIC, RAW_ACCESS, "BASE", "J");
        mv.visitInsn(LADD);
    }

    /** The load of {@code n} bytes (2, 4, 8) whose operands {@link #arrayOperands} pushed. */
    private void getOp(MethodVisitor mv, int n) {
        String t = n == 2 ? "Short" : n == 4 ? "Int" : "Long";
        String d = n == 2 ? "S" : n == 4 ? "I" : "J";
        if (rawAccess) {
            mv.visitMethodInsn(INVOKEVIRTUAL, UNSAFE, "get" + t, "(Ljava/lang/Object;J)" + d, false);
        } else {
            mv.visitMethodInsn(INVOKEVIRTUAL, VH, "get", "([BI)" + d, false);
        }
    }

    /** The store of {@code n} bytes (2, 4, 8) whose operands and value are on the stack. */
    private void setOp(MethodVisitor mv, int n) {
        String t = n == 2 ? "Short" : n == 4 ? "Int" : "Long";
        String d = n == 2 ? "S" : n == 4 ? "I" : "J";
        if (rawAccess) {
            mv.visitMethodInsn(INVOKEVIRTUAL, UNSAFE, "put" + t, "(Ljava/lang/Object;J" + d + ")V", false);
        } else {
            mv.visitMethodInsn(INVOKEVIRTUAL, VH, "set", "([BI" + d + ")V", false);
        }
    }

    private static void placeLabel(MethodVisitor mv, Label label) {
        if (label != null) {
            mv.visitLabel(label);
        }
    }

    /** Pushes the byte array of {@code region} and the index {@code (int) (local + off)} in it. */
    private static void directIndex(MethodVisitor mv, Layout L, int region, int slot, int off) {
        mv.visitVarInsn(ALOAD, region == AccessPlan.STACK ? L.stack() : L.packet());
        mv.visitVarInsn(LLOAD, slot);
        mv.visitInsn(L2I);
        if (off != 0) {
            intConst(mv, off);
            mv.visitInsn(IADD);
        }
    }

    /**
     * Loads the stack's and the packet's byte arrays into their locals, for the direct accesses
     * (at a method's entry; {@code packetOnly} after a call, which may have moved the packet).
     */
    void loadDirectArrays(MethodVisitor mv, Layout L, boolean packetOnly) {
        if (access.usesStack() && !packetOnly) {
            regionArray(mv, L, "bytes", "[[B", org.jxdp.engine.vm.Memory.REGION_STACK);
            mv.visitInsn(AALOAD);
            mv.visitVarInsn(ASTORE, L.stack());
        }
        if (access.usesPacket()) {
            mv.visitVarInsn(ALOAD, L.m());
            mv.visitFieldInsn(GETFIELD, MEM, "packetBytes", "[B");
            mv.visitVarInsn(ASTORE, L.packet());
            packetBound(mv, L, "packetLo", L.packetLo());
            packetBound(mv, L, "packetHi", L.packetHi());
            packetBound(mv, L, "packetWritableHi", L.packetWritableHi());
        }
    }

    /**
     * Pushes {@code m.<field>} (one of {@code Memory}'s per-region arrays, read as a field: the
     * generated class shares its package) and the index {@code region}.
     */
    private static void regionArray(MethodVisitor mv, Layout L, String field, String desc, int region) {
        mv.visitVarInsn(ALOAD, L.m());
        mv.visitFieldInsn(GETFIELD, MEM, field, desc);
        intConst(mv, region);
    }

    /** {@code local = m.<bound>}, one of the packet region's bounds as {@code Memory} mirrors them. */
    private static void packetBound(MethodVisitor mv, Layout L, String bound, int local) {
        mv.visitVarInsn(ALOAD, L.m());
        mv.visitFieldInsn(GETFIELD, MEM, bound, "I");
        mv.visitVarInsn(ISTORE, local);
    }

    /** True when the block at {@code pc} checks the budget (which checks depends on {@link #unitBudget}). */
    boolean checksBudget(int pc) {
        return unitBudget ? structure.checksBoundedBudget(pc) : structure.checksBudget(pc);
    }

    /** At a method's entry: {@code used = 0} (instructions charged since the last settle). */
    void budgetStart(MethodVisitor mv, Layout L) {
        if (unitBudget) {
            return;
        }
        mv.visitInsn(ICONST_0);
        mv.visitVarInsn(ISTORE, L.budget());
    }

    /** Charges a block of {@code len} instructions: {@code used += len} (nothing when runs are bounded). */
    void budgetCharge(MethodVisitor mv, Layout L, int len) {
        if (unitBudget) {
            return;
        }
        mv.visitIincInsn(L.budget(), len);
    }

    /**
     * {@code c.budgetLeft -= used; used = 0}: before every call out of the method that runs
     * program code and every return, so that callees, callers and the run see what is left.
     */
    void budgetStore(MethodVisitor mv, Layout L) {
        if (unitBudget) {
            return;
        }
        budgetSettle(mv, L);
        mv.visitInsn(ICONST_0);
        mv.visitVarInsn(ISTORE, L.budget());
    }

    /**
     * A budget check: settles, then jumps to {@code exhausted} when the run has used more than
     * its budget. When runs are bounded, it charges the check's one unit instead:
     * {@code if (--c.budgetLeft < 0) exhausted}.
     */
    void budgetCheck(MethodVisitor mv, Layout L, Label exhausted) {
        mv.visitVarInsn(ALOAD, L.c());
        mv.visitInsn(DUP);
        mv.visitFieldInsn(GETFIELD, CTX, "budgetLeft", "J");
        if (unitBudget) {
            mv.visitInsn(LCONST_1);
        } else {
            mv.visitVarInsn(ILOAD, L.budget());
            mv.visitInsn(I2L);
        }
        mv.visitInsn(LSUB);
        mv.visitInsn(DUP2_X1);
        mv.visitFieldInsn(PUTFIELD, CTX, "budgetLeft", "J");
        if (!unitBudget) {
            mv.visitInsn(ICONST_0);
            mv.visitVarInsn(ISTORE, L.budget());
        }
        mv.visitInsn(LCONST_0);
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFLT, exhausted);
    }

    /**
     * {@code c.budgetLeft -= used}; in a handler too, where a callee that faulted has already
     * settled what it used (and this method's {@code used} was settled before the call).
     */
    void budgetSettle(MethodVisitor mv, Layout L) {
        if (unitBudget) {
            return;
        }
        mv.visitVarInsn(ALOAD, L.c());
        mv.visitInsn(DUP);
        mv.visitFieldInsn(GETFIELD, CTX, "budgetLeft", "J");
        mv.visitVarInsn(ILOAD, L.budget());
        mv.visitInsn(I2L);
        mv.visitInsn(LSUB);
        mv.visitFieldInsn(PUTFIELD, CTX, "budgetLeft", "J");
    }

    static void setPc(MethodVisitor mv, Layout L, int pc) {
        intConst(mv, pc);
        mv.visitVarInsn(ISTORE, L.pc());
    }

    /**
     * An ALU instruction. The simple operations are written out in bytecode that computes exactly
     * what {@code OpcodeSemantics} defines (32-bit results zero-extended, shift counts masked as
     * the JVM masks them: 63 for long, 31 for int), so that they cost C2 nothing of the method's
     * inlining budget; division and modulo, with their zero and overflow rules, call
     * {@code OpcodeSemantics}. The differential tests hold the two to the same results.
     */
    private void emitAlu(MethodVisitor mv, Layout L, int code, int dst, int src, int off, int imm) {
        boolean is64 = (code & 0x07) == 0x07;
        boolean x = (code & 0x08) != 0;
        int op = code & 0xf0;
        if (op == 0xb0) { // MOV / MOVSX
            if (x) {
                mv.visitVarInsn(LLOAD, L.reg(src));
                if (off != 0) {
                    signExtend(mv, off);
                }
                if (!is64) {
                    zeroExtend32(mv);
                }
            } else {
                lconst(mv, is64 ? (long) imm : imm & 0xffffffffL);
            }
            mv.visitVarInsn(LSTORE, L.reg(dst));
            return;
        }
        if (op == 0xd0) { // END
            mv.visitVarInsn(LLOAD, L.reg(dst));
            if (is64 || x) {
                switch (imm) {
                    case 16:
                        mv.visitInsn(L2I);
                        mv.visitInsn(I2S);
                        mv.visitMethodInsn(INVOKESTATIC, "java/lang/Short", "reverseBytes", "(S)S", false);
                        intConst(mv, 0xffff);
                        mv.visitInsn(IAND);
                        mv.visitInsn(I2L);
                        break;
                    case 32:
                        mv.visitInsn(L2I);
                        mv.visitMethodInsn(INVOKESTATIC, "java/lang/Integer", "reverseBytes", "(I)I", false);
                        mv.visitInsn(I2L);
                        zeroExtend32(mv);
                        break;
                    default:
                        mv.visitMethodInsn(INVOKESTATIC, "java/lang/Long", "reverseBytes", "(J)J", false);
                }
            } else if (imm == 16) {
                lconst(mv, 0xffffL);
                mv.visitInsn(LAND);
            } else if (imm == 32) {
                zeroExtend32(mv);
            }
            mv.visitVarInsn(LSTORE, L.reg(dst));
            return;
        }
        if (op == 0x30 || op == 0x90) { // DIV, MOD, signed or not
            mv.visitVarInsn(LLOAD, L.reg(dst));
            if (x) {
                mv.visitVarInsn(LLOAD, L.reg(src));
            } else {
                lconst(mv, imm);
            }
            String name = (off == 1 ? "s" : "") + (op == 0x30 ? "div" : "mod") + (is64 ? "64" : "32");
            sem(mv, name);
            mv.visitVarInsn(LSTORE, L.reg(dst));
            return;
        }
        boolean shift = op == 0x60 || op == 0x70 || op == 0xc0;
        mv.visitVarInsn(LLOAD, L.reg(dst));
        if (!is64) {
            mv.visitInsn(L2I);
        }
        if (op == 0x80) {
            mv.visitInsn(is64 ? LNEG : INEG);
        } else {
            // the second operand: an int for shifts and 32-bit operations, else a long
            if (x) {
                mv.visitVarInsn(LLOAD, L.reg(src));
                if (shift || !is64) {
                    mv.visitInsn(L2I);
                }
            } else if (shift || !is64) {
                intConst(mv, imm);
            } else {
                lconst(mv, imm);
            }
            int insn;
            switch (op) {
                case 0x00: insn = is64 ? LADD : IADD; break;
                case 0x10: insn = is64 ? LSUB : ISUB; break;
                case 0x20: insn = is64 ? LMUL : IMUL; break;
                case 0x40: insn = is64 ? LOR : IOR; break;
                case 0x50: insn = is64 ? LAND : IAND; break;
                case 0xa0: insn = is64 ? LXOR : IXOR; break;
                case 0x60: insn = is64 ? LSHL : ISHL; break;
                case 0x70: insn = is64 ? LUSHR : IUSHR; break;
                case 0xc0: insn = is64 ? LSHR : ISHR; break;
                default: throw new IllegalStateException("ALU op " + op);
            }
            mv.visitInsn(insn);
        }
        if (!is64) {
            mv.visitInsn(I2L);
            zeroExtend32(mv);
        }
        mv.visitVarInsn(LSTORE, L.reg(dst));
    }

    /** {@code v & 0xffffffff} on the long on the stack. */
    private static void zeroExtend32(MethodVisitor mv) {
        mv.visitLdcInsn(0xffffffffL);
        mv.visitInsn(LAND);
    }

    /** Sign-extends the low {@code bits} (8, 16 or 32) of the long on the stack. */
    private static void signExtend(MethodVisitor mv, int bits) {
        mv.visitInsn(L2I);
        if (bits == 8) {
            mv.visitInsn(I2B);
        } else if (bits == 16) {
            mv.visitInsn(I2S);
        }
        mv.visitInsn(I2L);
    }

    private static void sem(MethodVisitor mv, String name) {
        mv.visitMethodInsn(INVOKESTATIC, SEM, name, "(JJ)J", false);
    }

    private void emitAtomic(MethodVisitor mv, Layout L, int code, int dst, int src, int off, int imm) {
        int size = bytes(code & 0x18);
        if (imm == BPF_LOAD_ACQ) {
            mv.visitVarInsn(ALOAD, L.m());
            address(mv, L, src, off);
            intConst(mv, size);
            mv.visitMethodInsn(INVOKEVIRTUAL, MEM, "loadAcquire", "(JI)J", false);
            mv.visitVarInsn(LSTORE, L.reg(dst));
            return;
        }
        if (imm == BPF_STORE_REL) {
            mv.visitVarInsn(ALOAD, L.m());
            address(mv, L, dst, off);
            intConst(mv, size);
            mv.visitVarInsn(LLOAD, L.reg(src));
            mv.visitMethodInsn(INVOKEVIRTUAL, MEM, "storeRelease", "(JIJ)V", false);
            return;
        }
        mv.visitVarInsn(ALOAD, L.m());
        address(mv, L, dst, off);
        if (imm == BPF_CMPXCHG) {
            mv.visitVarInsn(LLOAD, L.reg(0));
            mv.visitVarInsn(LLOAD, L.reg(src));
            intConst(mv, size);
            mv.visitMethodInsn(INVOKESTATIC, BASE, "cmpxchg", "(L" + MEM + ";JJJI)J", false);
            mv.visitVarInsn(LSTORE, L.reg(0));
            return;
        }
        intConst(mv, imm);
        mv.visitVarInsn(LLOAD, L.reg(src));
        intConst(mv, size);
        mv.visitMethodInsn(INVOKESTATIC, BASE, "atomic", "(L" + MEM + ";JIJI)J", false);
        if ((imm & BPF_FETCH) != 0) {
            mv.visitVarInsn(LSTORE, L.reg(src));
        } else {
            mv.visitInsn(POP2);
        }
    }

    private void emitJmp(MethodVisitor mv, Layout L, int pc, int code, int dst, int src, int off, int imm,
            TreeMap<Integer, Label> labels, ExitEmitter exits) {
        boolean is32 = (code & 0x07) == 0x06;
        boolean x = (code & 0x08) != 0;
        int op = code & 0xf0;
        switch (op) {
            case 0x00:
                exits.jump(mv, pc + 1 + (is32 ? imm : off));
                return;
            case 0x90:
                mv.visitVarInsn(LLOAD, L.reg(0));
                exits.exit(mv);
                return;
            case 0x80:
                if (x) {
                    emitCallx(mv, L, pc, dst, exits);
                } else if (Insn.src(program.slot(pc)) == BPF_PSEUDO_CALL) {
                    emitLocalCall(mv, L, pc, pc + 1 + imm);
                } else {
                    emitHelperCall(mv, L, pc, imm, exits);
                }
                return;
            default:
                break;
        }
        int target = pc + 1 + off;
        // unsigned order, unless both operands are known non-negative (then the signed order is the same)
        boolean unsigned = (op == 0x20 || op == 0x30 || op == 0xa0 || op == 0xb0)
                && !widths.signedOrderHolds(pc, is32, x, dst, src, imm);
        if (is32) {
            // the low 32 bits as ints; unsigned order by flipping the sign bits
            mv.visitVarInsn(LLOAD, L.reg(dst));
            mv.visitInsn(L2I);
            if (unsigned) {
                intConst(mv, Integer.MIN_VALUE);
                mv.visitInsn(IXOR);
            }
            if (x) {
                mv.visitVarInsn(LLOAD, L.reg(src));
                mv.visitInsn(L2I);
                if (unsigned) {
                    intConst(mv, Integer.MIN_VALUE);
                    mv.visitInsn(IXOR);
                }
            } else {
                intConst(mv, unsigned ? imm ^ Integer.MIN_VALUE : imm);
            }
            if (op == 0x40) {
                mv.visitInsn(IAND);
                exits.branch(mv, IFNE, target);
            } else {
                exits.branch(mv, intCompare(op), target);
            }
            return;
        }
        mv.visitVarInsn(LLOAD, L.reg(dst));
        if (unsigned) {
            lconst(mv, Long.MIN_VALUE);
            mv.visitInsn(LXOR);
        }
        if (x) {
            mv.visitVarInsn(LLOAD, L.reg(src));
            if (unsigned) {
                lconst(mv, Long.MIN_VALUE);
                mv.visitInsn(LXOR);
            }
        } else {
            lconst(mv, unsigned ? (long) imm ^ Long.MIN_VALUE : imm);
        }
        if (op == 0x40) {
            mv.visitInsn(LAND);
            mv.visitInsn(LCONST_0);
        }
        mv.visitInsn(LCMP);
        exits.branch(mv, op == 0x40 ? IFNE : longCompare(op), target);
    }

    /** The {@code IF_ICMP*} that branches when the condition of jump {@code op} holds. */
    private static int intCompare(int op) {
        switch (op) {
            case 0x10: return IF_ICMPEQ;
            case 0x50: return IF_ICMPNE;
            case 0x20: case 0x60: return IF_ICMPGT;
            case 0x30: case 0x70: return IF_ICMPGE;
            case 0xa0: case 0xc0: return IF_ICMPLT;
            case 0xb0: case 0xd0: return IF_ICMPLE;
            default: throw new IllegalStateException("jump op " + op);
        }
    }

    /** The {@code IF*} that, after {@code LCMP}, branches when the condition of jump {@code op} holds. */
    private static int longCompare(int op) {
        switch (op) {
            case 0x10: return IFEQ;
            case 0x50: return IFNE;
            case 0x20: case 0x60: return IFGT;
            case 0x30: case 0x70: return IFGE;
            case 0xa0: case 0xc0: return IFLT;
            case 0xb0: case 0xd0: return IFLE;
            default: throw new IllegalStateException("jump op " + op);
        }
    }

    /** A bpf-to-bpf call: r0 = fN(c, m, r1..r5, r10 - 512, depth + 1), after the depth check. */
    private void emitLocalCall(MethodVisitor mv, Layout L, int pc, int target) {
        setPc(mv, L, pc);
        Label ok = new Label();
        mv.visitVarInsn(ILOAD, L.depth());
        intConst(mv, MAX_CALL_FRAMES - 1);
        mv.visitJumpInsn(IF_ICMPLT, ok);
        mv.visitMethodInsn(INVOKESTATIC, BASE, "callDepth", "()L" + FAULT + ";", false);
        mv.visitInsn(ATHROW);
        mv.visitLabel(ok);
        mv.visitVarInsn(ALOAD, L.c());
        mv.visitVarInsn(ALOAD, L.m());
        for (int r = 1; r <= 5; r++) {
            mv.visitVarInsn(LLOAD, L.reg(r));
        }
        mv.visitVarInsn(LLOAD, L.reg(10));
        lconst(mv, MAX_BPF_STACK);
        mv.visitInsn(LSUB);
        mv.visitVarInsn(ILOAD, L.depth());
        mv.visitInsn(ICONST_1);
        mv.visitInsn(IADD);
        budgetStore(mv, L);
        mv.visitMethodInsn(INVOKESTATIC, className, functionName(functionIndexAt(target)), FN_DESC, false);
        mv.visitVarInsn(LSTORE, L.reg(0));
        loadDirectArrays(mv, L, true);
    }

    /** A helper call through its static final field, with the unwind and tail-call protocols. */
    private void emitHelperCall(MethodVisitor mv, Layout L, int pc, int id, ExitEmitter exits) {
        setPc(mv, L, pc);
        org.jxdp.engine.maps.ArrayMap array = inlinedArrayLookup(pc);
        if (array != null) {
            emitArrayLookup(mv, L, array, access.at(pc) == AccessPlan.STACK);
            return;
        }
        String mapField = mapFieldAt.get(pc);
        if (mapField != null) {
            // r0 = map.lookupKey(stack, (int) r2): the key proven on the stack; nothing the
            // lookup does moves the packet, so its array and bounds stay in their locals
            mv.visitFieldInsn(GETSTATIC, className, mapField, "L" + MAP + ";");
            mv.visitVarInsn(ALOAD, L.stack());
            mv.visitVarInsn(LLOAD, L.reg(2));
            mv.visitInsn(L2I);
            mv.visitMethodInsn(INVOKEVIRTUAL, MAP, "lookupKey", "([BI)J", false);
            mv.visitVarInsn(LSTORE, L.reg(0));
            return;
        }
        if (BpfFunc.runsProgramCode(id) || isUnwind(id)) {
            // program code runs before the call returns: it charges the budget, and its frames
            // go below this one. What CompiledProgram.enterHelper does, written out:
            // c.frameR10 = r10; c.depth = depth. Any other helper reads neither, and when it
            // faults, this method's handler settles the budget.
            budgetStore(mv, L);
            mv.visitVarInsn(ALOAD, L.c());
            mv.visitVarInsn(LLOAD, L.reg(10));
            mv.visitFieldInsn(PUTFIELD, CTX, "frameR10", "J");
            mv.visitVarInsn(ALOAD, L.c());
            mv.visitVarInsn(ILOAD, L.depth());
            mv.visitFieldInsn(PUTFIELD, CTX, "depth", "I");
        }
        boolean tail = id == BpfFunc.BPF_FUNC_tail_call;
        if (tail) {
            mv.visitVarInsn(LLOAD, L.reg(0));
            mv.visitVarInsn(LSTORE, L.tmp());
        }
        mv.visitFieldInsn(GETSTATIC, className, helperFieldAt.get(pc), "L" + HELPER + ";");
        mv.visitVarInsn(ALOAD, L.c());
        for (int r = 1; r <= 5; r++) {
            mv.visitVarInsn(LLOAD, L.reg(r));
        }
        mv.visitMethodInsn(INVOKEINTERFACE, HELPER, "call", "(L" + CTX + ";JJJJJ)J", true);
        mv.visitVarInsn(LSTORE, L.reg(0));
        loadDirectArrays(mv, L, true);
        if (isUnwind(id)) {
            Label go = new Label();
            mv.visitVarInsn(LLOAD, L.reg(0));
            mv.visitInsn(LCONST_0);
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(IFNE, go);
            mv.visitMethodInsn(INVOKESTATIC, BASE, "unwind", "()Ljava/lang/RuntimeException;", false);
            mv.visitInsn(ATHROW);
            mv.visitLabel(go);
        }
        if (tail) {
            Label failed = new Label();
            Label done = new Label();
            mv.visitVarInsn(ALOAD, L.c());
            mv.visitMethodInsn(INVOKESTATIC, BASE, "tailCallTarget", "(L" + CTX + ";)L" + EXECUTABLE + ";", false);
            mv.visitInsn(DUP);
            mv.visitJumpInsn(IFNULL, failed);
            mv.visitVarInsn(ALOAD, L.c());
            mv.visitVarInsn(LLOAD, L.reg(1));
            mv.visitMethodInsn(INVOKEINTERFACE, EXECUTABLE, "tailCall", "(L" + CTX + ";J)J", true);
                exits.exit(mv);
            mv.visitLabel(failed);
            mv.visitInsn(POP);
            mv.visitVarInsn(LLOAD, L.tmp());
            mv.visitVarInsn(LSTORE, L.reg(0));
            mv.visitLabel(done);
        }
    }

    /**
     * The array map whose lookup the call at {@code pc} is, when the call is a
     * {@code bpf_map_lookup_elem} bound to an {@code ARRAY} or {@code PERCPU_ARRAY} map (then
     * written out in place, as the kernel's verifier does with {@code map_gen_lookup}); null
     * otherwise.
     */
    private org.jxdp.engine.maps.ArrayMap inlinedArrayLookup(int pc) {
        int i = helperFields.indexOf(helperFieldAt.get(pc));
        return i >= 0 && org.jxdp.engine.helpers.GenericHelpers.boundLookupMap(helperObjects.get(i))
                instanceof org.jxdp.engine.maps.ArrayMap a ? a : null;
    }

    /**
     * {@code r0 = bpf_map_lookup_elem(array, r2)} in place, what {@code ArrayMap.lookupElem}
     * does, without the call (and the spilling of every live register around it that C2 does
     * for a call it does not inline):
     * <pre>
     *   tmp = r2
     *   if (tmp &gt;&gt;&gt; 32 == REGION_STACK &amp;&amp; lo[STACK] &lt;= (int) tmp &lt;= hi[STACK] - 4)
     *       index = u32 at stack[(int) tmp]          (Memory.load32's own fast path)
     *   else
     *       index = m.load32(tmp)                    (any region, or the fault)
     *   r0 = index &lt; max_entries ? address(value region, index * elem) : 0
     * </pre>
     * When the verifier proved the key inside the stack on every path ({@code keyOnStack}), the
     * key is read from the stack's array directly, with no test. The pc is already stored, so a
     * fault names the call; a fault's handler settles the budget.
     */
    private void emitArrayLookup(MethodVisitor mv, Layout L, org.jxdp.engine.maps.ArrayMap array,
            boolean keyOnStack) {
        int stack = org.jxdp.engine.vm.Memory.REGION_STACK;
        Label slow = new Label();
        Label have = new Label();
        Label miss = new Label();
        Label done = new Label();
        if (keyOnStack) {
            // the verifier proved the key inside the stack on every path: read it from the array
            directLoad(mv, L, AccessPlan.STACK, L.reg(2), 0, 0x00);
        } else {
            mv.visitVarInsn(LLOAD, L.reg(2));
            mv.visitVarInsn(LSTORE, L.tmp());
            mv.visitVarInsn(LLOAD, L.tmp());
            intConst(mv, 32);
            mv.visitInsn(LUSHR);
            lconst(mv, stack);
            mv.visitInsn(LCMP);
            mv.visitJumpInsn(IFNE, slow);
            mv.visitVarInsn(LLOAD, L.tmp());
            mv.visitInsn(L2I);
            regionArray(mv, L, "lo", "[I", stack);
            mv.visitInsn(IALOAD);
            mv.visitJumpInsn(IF_ICMPLT, slow);
            mv.visitVarInsn(LLOAD, L.tmp());
            mv.visitInsn(L2I);
            regionArray(mv, L, "hi", "[I", stack);
            mv.visitInsn(IALOAD);
            intConst(mv, 4);
            mv.visitInsn(ISUB);
            mv.visitJumpInsn(IF_ICMPGT, slow);
            arrayLoad(mv, 0x00, () -> {
                regionArray(mv, L, "bytes", "[[B", stack);
                mv.visitInsn(AALOAD);
                mv.visitVarInsn(LLOAD, L.tmp());
                mv.visitInsn(L2I);
            }, null);
            mv.visitJumpInsn(GOTO, have);
            mv.visitLabel(slow);
            mv.visitVarInsn(ALOAD, L.m());
            mv.visitVarInsn(LLOAD, L.tmp());
            mv.visitMethodInsn(INVOKEVIRTUAL, MEM, "load32", "(J)J", false);
        }
        mv.visitLabel(have);
        mv.visitInsn(DUP2);
        lconst(mv, array.definition().maxEntries());
        mv.visitInsn(LCMP);
        mv.visitJumpInsn(IFGE, miss);
        lconst(mv, array.elementSize());
        mv.visitInsn(LMUL);
        mv.visitLdcInsn((long) array.valueRegion() << 32);
        mv.visitInsn(LOR);
        mv.visitJumpInsn(GOTO, done);
        mv.visitLabel(miss);
        mv.visitInsn(POP2);
        mv.visitInsn(LCONST_0);
        mv.visitLabel(done);
        mv.visitVarInsn(LSTORE, L.reg(0));
    }

    /** callx through the base class; a tail call made that way returns at once. */
    private void emitCallx(MethodVisitor mv, Layout L, int pc, int dst, ExitEmitter exits) {
        setPc(mv, L, pc);
        mv.visitFieldInsn(GETSTATIC, className, "SELF", "L" + BASE + ";");
        mv.visitVarInsn(ALOAD, L.c());
        mv.visitVarInsn(ALOAD, L.m());
        mv.visitVarInsn(LLOAD, L.reg(dst));
        for (int r = 1; r <= 5; r++) {
            mv.visitVarInsn(LLOAD, L.reg(r));
        }
        mv.visitVarInsn(LLOAD, L.reg(10));
        mv.visitVarInsn(ILOAD, L.depth());
        mv.visitVarInsn(LLOAD, L.reg(0));
        budgetStore(mv, L);
        mv.visitMethodInsn(INVOKEVIRTUAL, BASE, "callx", "(L" + CTX + ";L" + MEM + ";JJJJJJJIJ)J", false);
        mv.visitVarInsn(LSTORE, L.reg(0));
        loadDirectArrays(mv, L, true);
        Label go = new Label();
        mv.visitVarInsn(ALOAD, L.c());
        mv.visitMethodInsn(INVOKESTATIC, BASE, "tailReturned", "(L" + CTX + ";)Z", false);
        mv.visitJumpInsn(IFEQ, go);
        mv.visitVarInsn(LLOAD, L.reg(0));
        exits.exit(mv);
        mv.visitLabel(go);
    }

    // ---------------------------------------------------------------- constants

    static void lconst(MethodVisitor mv, long v) {
        if (v == 0) {
            mv.visitInsn(LCONST_0);
        } else if (v == 1) {
            mv.visitInsn(LCONST_1);
        } else if (v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE) {
            intConst(mv, (int) v);
            mv.visitInsn(I2L);
        } else {
            mv.visitLdcInsn(v);
        }
    }

    static void intConst(MethodVisitor mv, int v) {
        if (v >= -1 && v <= 5) {
            mv.visitInsn(ICONST_0 + v);
        } else if (v >= Byte.MIN_VALUE && v <= Byte.MAX_VALUE) {
            mv.visitIntInsn(BIPUSH, v);
        } else if (v >= Short.MIN_VALUE && v <= Short.MAX_VALUE) {
            mv.visitIntInsn(SIPUSH, v);
        } else {
            mv.visitLdcInsn(v);
        }
    }

    /** True when slot {@code pc} is an LDDW's first slot. */
    boolean isLddw(int pc) {
        return !structure.isLddwTail(pc) && Insn.opcode(program.slot(pc)) == LDDW;
    }
}
