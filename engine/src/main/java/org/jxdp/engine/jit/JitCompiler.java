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
import org.jxdp.engine.verifier.ProgramStructure;
import org.jxdp.engine.vm.HelperTable;
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
    /** Descriptor of a function method. */
    static final String FN_DESC = "(L" + CTX + ";L" + MEM + ";JJJJJJI)J";


    private final String className;
    private final Program program;
    private final ProgramStructure structure;
    private final long[] constants;
    private final HelperTable helpers;
    private final int[] functionStarts;
    private final List<Integer> usedHelpers = new ArrayList<>();
    private final AccessPlan access;

    JitCompiler(String className, Program program, ProgramStructure structure, long[] constants, HelperTable helpers) {
        this(className, program, structure, constants, helpers, AccessPlan.Proofs.NONE);
    }

    JitCompiler(String className, Program program, ProgramStructure structure, long[] constants, HelperTable helpers,
            AccessPlan.Proofs proofs) {
        this.access = AccessPlan.of(program, structure, proofs);
        this.className = className;
        this.program = program;
        this.structure = structure;
        this.constants = constants;
        this.helpers = helpers;
        this.functionStarts = structure.functionStarts();
    }

    /** The helper ids the class data holds, in field order (after the program at index 0). */
    List<Integer> usedHelpers() {
        return usedHelpers;
    }

    byte[] compile() {
        for (int pc = 0; pc < program.length(); pc++) {
            long insn = program.slot(pc);
            if (!structure.isLddwTail(pc) && Insn.opcode(insn) == 0x85 && Insn.src(insn) != BPF_PSEUDO_CALL) {
                int id = Insn.imm(insn);
                if (!usedHelpers.contains(id)) {
                    usedHelpers.add(id);
                }
            }
        }
        ClassWriter cw = new ClassWriter(ClassWriter.COMPUTE_FRAMES) {
            @Override
            protected String getCommonSuperClass(String a, String b) {
                return "java/lang/Object";
            }
        };
        cw.visit(V17, ACC_PUBLIC | ACC_FINAL | ACC_SUPER, className, null, BASE, null);
        cw.visitField(ACC_STATIC | ACC_FINAL, "PROGRAM", "L" + PROGRAM + ";", null, null).visitEnd();
        cw.visitField(ACC_STATIC, "SELF", "L" + BASE + ";", null, null).visitEnd();
        for (int id : usedHelpers) {
            cw.visitField(ACC_STATIC | ACC_FINAL, "H" + id, "L" + HELPER + ";", null, null).visitEnd();
        }
        emitClinit(cw);
        emitConstructor(cw);
        emitDispatch(cw);
        for (int f = 0; f < functionStarts.length; f++) {
            int start = functionStarts[f];
            int end = structure.functionEnd(f, program.length());
            new FunctionSplitter(this, cw, f, start, end).emit();
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
        for (int i = 0; i < usedHelpers.size(); i++) {
            mv.visitVarInsn(ALOAD, 0);
            intConst(mv, i + 1);
            mv.visitInsn(AALOAD);
            mv.visitTypeInsn(CHECKCAST, HELPER);
            mv.visitFieldInsn(PUTSTATIC, className, "H" + usedHelpers.get(i), "L" + HELPER + ";");
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

    /** {@code call(fn, c, m, r1..r5, r10, depth)}: a switch over the functions. */
    private void emitDispatch(ClassWriter cw) {
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
            mv.visitVarInsn(ALOAD, 2);
            mv.visitVarInsn(ALOAD, 3);
            for (int slot = 4; slot <= 14; slot += 2) {
                mv.visitVarInsn(LLOAD, slot);
            }
            mv.visitVarInsn(ILOAD, 16);
            mv.visitMethodInsn(INVOKESTATIC, className, functionName(i), FN_DESC, false);
            mv.visitInsn(LRETURN);
        }
        mv.visitLabel(bad);
        mv.visitTypeInsn(NEW, "java/lang/IllegalArgumentException");
        mv.visitInsn(DUP);
        mv.visitMethodInsn(INVOKESPECIAL, "java/lang/IllegalArgumentException", "<init>", "()V", false);
        mv.visitInsn(ATHROW);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    static String functionName(int index) {
        return "f" + index;
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
            case 0x01:
                setPc(mv, L, pc);
                if (access.at(pc) != AccessPlan.CHECKED) {
                    directIndex(mv, L, access.at(pc), src, off);
                    mv.visitMethodInsn(INVOKESTATIC, BASE, "direct" + load(code & 0x18), "([BI)J", false);
                } else {
                    mv.visitVarInsn(ALOAD, L.m());
                    address(mv, L, src, off);
                    mv.visitMethodInsn(INVOKEVIRTUAL, MEM, load(code & 0x18), "(J)J", false);
                }
                if ((code & 0xe0) == 0x80) {
                    mv.visitMethodInsn(INVOKESTATIC, SEM, sext(code & 0x18), "(J)J", false);
                }
                mv.visitVarInsn(LSTORE, L.reg(dst));
                return;
            case 0x02:
                setPc(mv, L, pc);
                if (access.at(pc) != AccessPlan.CHECKED) {
                    directIndex(mv, L, access.at(pc), dst, off);
                    lconst(mv, imm);
                    mv.visitMethodInsn(INVOKESTATIC, BASE, "direct" + store(code & 0x18), "([BIJ)V", false);
                    return;
                }
                mv.visitVarInsn(ALOAD, L.m());
                address(mv, L, dst, off);
                lconst(mv, imm);
                mv.visitMethodInsn(INVOKEVIRTUAL, MEM, store(code & 0x18), "(JJ)V", false);
                return;
            case 0x03:
                setPc(mv, L, pc);
                if ((code & 0xe0) == 0xc0) {
                    emitAtomic(mv, L, code, dst, src, off, imm);
                    return;
                }
                if (access.at(pc) != AccessPlan.CHECKED) {
                    directIndex(mv, L, access.at(pc), dst, off);
                    mv.visitVarInsn(LLOAD, L.reg(src));
                    mv.visitMethodInsn(INVOKESTATIC, BASE, "direct" + store(code & 0x18), "([BIJ)V", false);
                    return;
                }
                mv.visitVarInsn(ALOAD, L.m());
                address(mv, L, dst, off);
                mv.visitVarInsn(LLOAD, L.reg(src));
                mv.visitMethodInsn(INVOKEVIRTUAL, MEM, store(code & 0x18), "(JJ)V", false);
                return;
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

    private static String sext(int size) {
        switch (size) {
            case 0x10: return "sext8";
            case 0x08: return "sext16";
            default: return "sext32";
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

    /** Pushes {@code reg + off} (a long address). */
    private static void address(MethodVisitor mv, Layout L, int r, int off) {
        mv.visitVarInsn(LLOAD, L.reg(r));
        if (off != 0) {
            lconst(mv, off);
            mv.visitInsn(LADD);
        }
    }

    /** Pushes the byte array of {@code region} and the index {@code (int) (r + off)} in it. */
    private static void directIndex(MethodVisitor mv, Layout L, int region, int r, int off) {
        mv.visitVarInsn(ALOAD, region == AccessPlan.STACK ? L.stack() : L.packet());
        mv.visitVarInsn(LLOAD, L.reg(r));
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
            mv.visitVarInsn(ALOAD, L.m());
            intConst(mv, org.jxdp.engine.vm.Memory.REGION_STACK);
            mv.visitMethodInsn(INVOKEVIRTUAL, MEM, "bytes", "(I)[B", false);
            mv.visitVarInsn(ASTORE, L.stack());
        }
        if (access.usesPacket()) {
            mv.visitVarInsn(ALOAD, L.m());
            intConst(mv, org.jxdp.engine.vm.Memory.REGION_PACKET);
            mv.visitMethodInsn(INVOKEVIRTUAL, MEM, "bytes", "(I)[B", false);
            mv.visitVarInsn(ASTORE, L.packet());
        }
    }

    static void setPc(MethodVisitor mv, Layout L, int pc) {
        intConst(mv, pc);
        mv.visitVarInsn(ISTORE, L.pc());
    }

    private void emitAlu(MethodVisitor mv, Layout L, int code, int dst, int src, int off, int imm) {
        boolean is64 = (code & 0x07) == 0x07;
        boolean x = (code & 0x08) != 0;
        int op = code & 0xf0;
        if (op == 0xb0) { // MOV / MOVSX
            if (x) {
                mv.visitVarInsn(LLOAD, L.reg(src));
                if (off != 0) {
                    mv.visitMethodInsn(INVOKESTATIC, SEM, "movsx" + off + "To" + (is64 ? "64" : "32"), "(J)J", false);
                } else if (!is64) {
                    mv.visitMethodInsn(INVOKESTATIC, SEM, "mov32", "(J)J", false);
                }
            } else {
                lconst(mv, is64 ? (long) imm : imm & 0xffffffffL);
            }
            mv.visitVarInsn(LSTORE, L.reg(dst));
            return;
        }
        if (op == 0xd0) { // END
            mv.visitVarInsn(LLOAD, L.reg(dst));
            String name;
            if (is64 || x) {
                name = "bswap" + imm;
            } else {
                name = "le" + imm;
            }
            mv.visitMethodInsn(INVOKESTATIC, SEM, name, "(J)J", false);
            mv.visitVarInsn(LSTORE, L.reg(dst));
            return;
        }
        mv.visitVarInsn(LLOAD, L.reg(dst));
        if (op == 0x80) {
            if (is64) {
                mv.visitInsn(LNEG);
            } else {
                mv.visitMethodInsn(INVOKESTATIC, SEM, "neg32", "(J)J", false);
            }
            mv.visitVarInsn(LSTORE, L.reg(dst));
            return;
        }
        if (x) {
            mv.visitVarInsn(LLOAD, L.reg(src));
        } else {
            lconst(mv, imm);
        }
        if (is64) {
            switch (op) {
                case 0x00: mv.visitInsn(LADD); break;
                case 0x10: mv.visitInsn(LSUB); break;
                case 0x20: mv.visitInsn(LMUL); break;
                case 0x40: mv.visitInsn(LOR); break;
                case 0x50: mv.visitInsn(LAND); break;
                case 0xa0: mv.visitInsn(LXOR); break;
                case 0x30: sem(mv, off == 1 ? "sdiv64" : "div64"); break;
                case 0x90: sem(mv, off == 1 ? "smod64" : "mod64"); break;
                case 0x60: sem(mv, "lsh64"); break;
                case 0x70: sem(mv, "rsh64"); break;
                case 0xc0: sem(mv, "arsh64"); break;
                default: throw new IllegalStateException("ALU64 op " + op);
            }
        } else {
            switch (op) {
                case 0x00: sem(mv, "add32"); break;
                case 0x10: sem(mv, "sub32"); break;
                case 0x20: sem(mv, "mul32"); break;
                case 0x40: sem(mv, "or32"); break;
                case 0x50: sem(mv, "and32"); break;
                case 0xa0: sem(mv, "xor32"); break;
                case 0x30: sem(mv, off == 1 ? "sdiv32" : "div32"); break;
                case 0x90: sem(mv, off == 1 ? "smod32" : "mod32"); break;
                case 0x60: sem(mv, "lsh32"); break;
                case 0x70: sem(mv, "rsh32"); break;
                case 0xc0: sem(mv, "arsh32"); break;
                default: throw new IllegalStateException("ALU op " + op);
            }
        }
        mv.visitVarInsn(LSTORE, L.reg(dst));
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
        mv.visitVarInsn(LLOAD, L.reg(dst));
        if (x) {
            mv.visitVarInsn(LLOAD, L.reg(src));
        } else {
            lconst(mv, imm);
        }
        String name = condition(op) + (is32 ? "32" : "64");
        mv.visitMethodInsn(INVOKESTATIC, SEM, name, "(JJ)Z", false);
        exits.branchIfTrue(mv, target);
    }

    private static String condition(int op) {
        switch (op) {
            case 0x10: return "jeq";
            case 0x20: return "jgt";
            case 0x30: return "jge";
            case 0x40: return "jset";
            case 0x50: return "jne";
            case 0x60: return "jsgt";
            case 0x70: return "jsge";
            case 0xa0: return "jlt";
            case 0xb0: return "jle";
            case 0xc0: return "jslt";
            case 0xd0: return "jsle";
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
        mv.visitMethodInsn(INVOKESTATIC, className, functionName(functionIndexAt(target)), FN_DESC, false);
        mv.visitVarInsn(LSTORE, L.reg(0));
        loadDirectArrays(mv, L, true);
    }

    /** A helper call through its static final field, with the unwind and tail-call protocols. */
    private void emitHelperCall(MethodVisitor mv, Layout L, int pc, int id, ExitEmitter exits) {
        setPc(mv, L, pc);
        mv.visitVarInsn(ALOAD, L.c());
        mv.visitVarInsn(LLOAD, L.reg(10));
        mv.visitVarInsn(ILOAD, L.depth());
        mv.visitMethodInsn(INVOKESTATIC, BASE, "enterHelper", "(L" + CTX + ";JI)V", false);
        boolean tail = id == BpfFunc.BPF_FUNC_tail_call;
        if (tail) {
            mv.visitVarInsn(LLOAD, L.reg(0));
            mv.visitVarInsn(LSTORE, L.tmp());
        }
        mv.visitFieldInsn(GETSTATIC, className, "H" + id, "L" + HELPER + ";");
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
