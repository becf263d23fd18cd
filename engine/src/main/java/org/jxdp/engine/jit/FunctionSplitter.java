package org.jxdp.engine.jit;

import static org.objectweb.asm.Opcodes.*;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import org.jxdp.engine.isa.Insn;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodTooLargeException;
import org.objectweb.asm.MethodVisitor;

/**
 * Writes one BPF function as JVM methods. A function whose code fits HotSpot's limit for
 * compiling a method ({@link #LIMIT}, under {@code -XX:HugeMethodLimit=8000}) becomes one method
 * with the registers in locals. A bigger one is cut at block boundaries into part methods of at
 * most {@link #PART_LIMIT} bytes, run
 * by a small loop in the function's method; a part keeps the registers in locals and hands them
 * over in the frame's register array only when control moves to another part. A part's entry
 * switch lists only the blocks control can enter it at ({@link #entries}).
 * <pre>
 *   fN(c, m, r1..r5, r10, depth):  regs = c.jitFrames[depth]; regs[1..5,10] = args
 *       block = entry
 *       loop: block = (block in part 0) ? fN_p0(c, m, regs, block, depth)
 *                   : (block in part 1) ? fN_p1(...) : ...
 *             until block &lt; 0; return regs[0]
 * </pre>
 * Sizes are measured, not guessed: each method is first written to a scratch class.
 */
final class FunctionSplitter {
    /** Most bytecode bytes a generated method may have, with a margin under HotSpot's 8000. */
    static final int LIMIT = 7600;
    /**
     * Most bytecode bytes of a part, once a function has to be cut anyway: small enough for C1,
     * whose register allocator gave up on generated methods of 5,500 bytes and more ("out of
     * virtual registers", when every array access inlined a VarHandle's chain), so that a part C2
     * deoptimizes (a branch it had never seen taken) runs C1's code, not the bytecode
     * interpreter, until C2 compiles it again. Raw array accesses are weighed as the VarHandle
     * accesses they replace ({@link JitCompiler#RAW_ACCESS_EXTRA_BYTES} fewer bytes each): their
     * extra bytes are stack shuffles and a bounds check, far less for C1 and C2 than the chain.
     */
    static final int PART_LIMIT = 4800;

    private final JitCompiler jc;
    private final ClassWriter cw;
    private final int index;
    private final int start;
    private final int end;
    private final List<Integer> leaders = new ArrayList<>();

    FunctionSplitter(JitCompiler jc, ClassWriter cw, int index, int start, int end) {
        this.jc = jc;
        this.cw = cw;
        this.index = index;
        this.start = start;
        this.end = end;
        for (int pc = start; pc < end; pc++) {
            if (jc.structure().blockLength(pc) > 0) {
                leaders.add(pc);
            }
        }
    }

    /** The size of the function as one method, measured once; -1 until then. */
    private int singleSize = -1;

    private boolean fitsOneMethod() {
        if (singleSize < 0) {
            singleSize = measure(cv -> single(cv, false));
        }
        return singleSize <= LIMIT;
    }

    /**
     * Whether {@link #emit} writes an entry method ({@link JitCompiler#entryName()}) beside the
     * function's: for the program's function 0 when it fits one method, written once more for
     * runs that start it at depth 0, where r10 is the top of the stack, so that C2 folds every
     * stack offset into the access instead of computing (and keeping) one per offset from the
     * parameter.
     */
    boolean writesEntry() {
        return index == 0 && fitsOneMethod();
    }

    void emit() {
        if (fitsOneMethod()) {
            single(cw, false);
            if (writesEntry()) {
                single(cw, true);
            }
            return;
        }
        // The fewest parts that each fit: counts grow by half until one fits, then a binary
        // search between it and the last that did not (every part entered costs a hand-over of
        // the registers, so fewer parts mean fewer of them on a frame's way through)
        int tooFew = 1;
        for (int parts = 2; parts <= leaders.size(); parts = parts * 3 / 2 + 1) {
            if (partsFit(parts)) {
                int lo = tooFew + 1;
                int hi = parts - 1;
                while (lo <= hi) {
                    int mid = (lo + hi) >>> 1;
                    if (partsFit(mid)) {
                        parts = mid;
                        hi = mid - 1;
                    } else {
                        lo = mid + 1;
                    }
                }
                emitParts(ranges(parts));
                return;
            }
            tooFew = parts;
        }
        // A single block bigger than the limit: one method per block still compiles, if huge.
        emitParts(ranges(leaders.size()));
    }

    /** Whether each of {@code parts} parts ({@link #ranges}) fits {@link #PART_LIMIT}. */
    private boolean partsFit(int parts) {
        List<int[]> ranges = ranges(parts);
        Set<Integer> entries = entries(ranges);
        for (int k = 0; k < ranges.size(); k++) {
            int[] r = ranges.get(k);
            int kk = k;
            int before = jc.rawAccesses();
            int size = measure(cv -> part(cv, kk, r[0], r[1], entries));
            int weighed = size == Integer.MAX_VALUE ? size
                    : size - JitCompiler.RAW_ACCESS_EXTRA_BYTES * (jc.rawAccesses() - before);
            if (size > LIMIT || weighed > PART_LIMIT) {
                return false;
            }
        }
        return true;
    }

    /** Writes the function as the driver and a part method per range. */
    private void emitParts(List<int[]> ranges) {
        driver(cw, ranges);
        Set<Integer> entries = entries(ranges);
        for (int k = 0; k < ranges.size(); k++) {
            part(cw, k, ranges.get(k)[0], ranges.get(k)[1], entries);
        }
    }

    /**
     * The blocks control can enter a part at, given the cut into {@code ranges}: the function's
     * first block, the target of every jump from another part, and the first block of a part the
     * one before runs off the end into. Only these are cases of a part's entry switch: a block
     * reached only from inside its own part is not, so that C2 sees the part's control flow as
     * the program's, not every block as a possible start with every register unknown.
     */
    private Set<Integer> entries(List<int[]> ranges) {
        Set<Integer> out = new HashSet<>();
        out.add(start);
        int[] partOf = new int[end - start];
        for (int k = 0; k < ranges.size(); k++) {
            Arrays.fill(partOf, ranges.get(k)[0] - start, ranges.get(k)[1] - start, k);
        }
        int last = -1;
        for (int pc = start; pc < end; pc++) {
            if (jc.structure().isLddwTail(pc)) {
                continue;
            }
            if (last >= 0 && partOf[last - start] != partOf[pc - start] && fallsThrough(last)) {
                out.add(pc);
            }
            int target = Insn.jumpTarget(pc, jc.program().slot(pc));
            if (target >= start && target < end && partOf[target - start] != partOf[pc - start]) {
                out.add(target);
            }
            last = pc;
        }
        return out;
    }

    /** {@code parts} contiguous ranges of blocks with about as many instructions each. */
    private List<int[]> ranges(int parts) {
        int total = end - start;
        List<int[]> out = new ArrayList<>();
        int from = start;
        int li = 0;
        for (int k = 0; k < parts && from < end; k++) {
            int goal = start + (int) ((long) total * (k + 1) / parts);
            int to = end;
            while (li < leaders.size() && leaders.get(li) <= from) {
                li++;
            }
            for (int j = li; j < leaders.size(); j++) {
                if (leaders.get(j) >= goal) {
                    to = leaders.get(j);
                    break;
                }
            }
            if (k == parts - 1) {
                to = end;
            }
            out.add(new int[] {from, to});
            from = to;
        }
        return out;
    }

    private interface Writer {
        Label write(ClassVisitor cv);
    }

    /** The bytecode size of what {@code w} writes, from a scratch class. */
    private int measure(Writer w) {
        ClassWriter scratch = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        scratch.visit(V17, ACC_PUBLIC, jc.className(), null, JitCompiler.BASE, null);
        Label endLabel = w.write(scratch);
        scratch.visitEnd();
        try {
            scratch.toByteArray();
        } catch (MethodTooLargeException | ArrayIndexOutOfBoundsException e) {
            // Too large for one method; ASM may also fail while widening jumps beyond 32 KiB.
            return Integer.MAX_VALUE;
        }
        return endLabel.getOffset();
    }

    // ---------------------------------------------------------------- one method

    /**
     * The function as one method; as the entry method ({@code entry}) the same code, with r10
     * and the depth replaced by the constants they are when a run starts (the dispatcher calls
     * it only then), which C2 then propagates.
     */
    private Label single(ClassVisitor cv, boolean entry) {
        Layout L = Layout.FUNCTION;
        MethodVisitor mv = cv.visitMethod(ACC_STATIC | ACC_PRIVATE,
                entry ? JitCompiler.entryName() : JitCompiler.functionName(index), JitCompiler.FN_DESC, null, null);
        mv.visitCode();
        for (int r : new int[] {0, 6, 7, 8, 9}) {
            mv.visitInsn(LCONST_0);
            mv.visitVarInsn(LSTORE, L.reg(r));
        }
        if (entry) {
            mv.visitLdcInsn(org.jxdp.engine.vm.ExecutionContext.entryFramePointer());
            mv.visitVarInsn(LSTORE, L.reg(10));
            mv.visitInsn(ICONST_0);
            mv.visitVarInsn(ISTORE, L.depth());
        }
        TreeMap<Integer, Label> labels = new TreeMap<>();
        for (int pc : leaders) {
            labels.put(pc, new Label());
        }
        ExitEmitter exits = new ExitEmitter() {
            @Override
            public void jump(MethodVisitor m, int target) {
                m.visitJumpInsn(GOTO, labels.get(target));
            }

            @Override
            public void branch(MethodVisitor m, int opcode, int target) {
                m.visitJumpInsn(opcode, labels.get(target));
            }

            @Override
            public void exit(MethodVisitor m) {
                jc.budgetStore(m, L);
                m.visitInsn(LRETURN);
            }
        };
        return body(mv, L, start, end, labels, exits, null, null);
    }

    /**
     * The code of blocks [{@code from}, {@code to}), inside the fault handlers; returns a label at
     * the end of the method's code.
     */
    private Label body(MethodVisitor mv, Layout L, int from, int to, TreeMap<Integer, Label> labels,
            ExitEmitter exits, Runnable afterEntry, Runnable beforeEnd) {
        JitCompiler.setPc(mv, L, from);
        Label tryStart = new Label();
        Label tryEnd = new Label();
        Label onUnwind = new Label();
        Label onFault = new Label();
        Label onOther = new Label();
        jc.budgetStart(mv, L);
        Label exhausted = new Label();
        mv.visitLabel(tryStart);
        jc.loadDirectArrays(mv, L, false);
        if (afterEntry != null) {
            afterEntry.run();
        }
        int last = -1;
        for (int pc = from; pc < to; pc++) {
            if (jc.structure().isLddwTail(pc)) {
                continue;
            }
            int len = jc.structure().blockLength(pc);
            if (len > 0) {
                mv.visitLabel(labels.get(pc));
                // used += len; at a budget check: settle, and fault if the budget is spent
                jc.budgetCharge(mv, L, len);
                if (jc.checksBudget(pc)) {
                    JitCompiler.setPc(mv, L, pc);
                    jc.budgetCheck(mv, L, exhausted);
                }
            }
            jc.emitInsn(mv, L, pc, labels, exits);
            last = pc;
        }
        if (last >= 0 && to < end && fallsThrough(last)) {
            exits.jump(mv, to);
        }
        if (beforeEnd != null) {
            beforeEnd.run();
        }
        // The exception table: the map value accesses' own handlers first, then the method's
        // (ASM resolves the labels when the method ends, so registering them late is fine).
        jc.takeValueRanges().forEach(v -> mv.visitTryCatchBlock(v[0], v[1], v[2],
                "java/lang/IndexOutOfBoundsException"));
        mv.visitTryCatchBlock(tryStart, tryEnd, onUnwind, JitCompiler.UNWIND);
        mv.visitTryCatchBlock(tryStart, tryEnd, onFault, JitCompiler.FAULT);
        mv.visitTryCatchBlock(tryStart, tryEnd, onOther, "java/lang/RuntimeException");
        mv.visitLabel(exhausted);
        mv.visitVarInsn(ALOAD, L.c());
        mv.visitMethodInsn(INVOKESTATIC, JitCompiler.BASE, "budgetExhausted",
                "(L" + JitCompiler.CTX + ";)L" + JitCompiler.FAULT + ";", false);
        mv.visitInsn(ATHROW);
        mv.visitLabel(tryEnd);
        mv.visitLabel(onUnwind);
        jc.budgetSettle(mv, L);
        mv.visitInsn(ATHROW);
        mv.visitLabel(onFault);
        jc.budgetSettle(mv, L);
        mv.visitFieldInsn(GETSTATIC, jc.className(), "PROGRAM", "L" + JitCompiler.PROGRAM + ";");
        mv.visitVarInsn(ILOAD, L.pc());
        mv.visitMethodInsn(INVOKEVIRTUAL, JitCompiler.FAULT, "at",
                "(L" + JitCompiler.PROGRAM + ";I)L" + JitCompiler.FAULT + ";", false);
        mv.visitInsn(ATHROW);
        mv.visitLabel(onOther);
        jc.budgetSettle(mv, L);
        mv.visitFieldInsn(GETSTATIC, jc.className(), "SELF", "L" + JitCompiler.BASE + ";");
        mv.visitInsn(SWAP);
        mv.visitVarInsn(ILOAD, L.pc());
        mv.visitMethodInsn(INVOKEVIRTUAL, JitCompiler.BASE, "internal",
                "(Ljava/lang/RuntimeException;I)L" + JitCompiler.FAULT + ";", false);
        mv.visitInsn(ATHROW);
        Label codeEnd = new Label();
        mv.visitLabel(codeEnd);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
        return codeEnd;
    }

    /** True when control can run off the end of instruction {@code pc} into the next one. */
    private boolean fallsThrough(int pc) {
        int code = Insn.opcode(jc.program().slot(pc));
        return code != 0x95 && code != 0x05 && code != 0x06;
    }

    // ---------------------------------------------------------------- parts

    private static String partName(int function, int part) {
        return JitCompiler.functionName(function) + "_p" + part;
    }

    private static final String PART_DESC = "(L" + JitCompiler.CTX + ";L" + JitCompiler.MEM + ";[JII)I";

    /** The function's method: set up the frame's register array, then run parts until exit. */
    private void driver(ClassVisitor cv, List<int[]> ranges) {
        Layout L = Layout.FUNCTION;
        int regs = 15;
        int block = 16;
        MethodVisitor mv = cv.visitMethod(ACC_STATIC | ACC_PRIVATE, JitCompiler.functionName(index),
                JitCompiler.FN_DESC, null, null);
        mv.visitCode();
        mv.visitVarInsn(ALOAD, L.c());
        mv.visitFieldInsn(GETFIELD, JitCompiler.CTX, "jitFrames", "[[J");
        mv.visitVarInsn(ILOAD, L.depth());
        mv.visitInsn(AALOAD);
        mv.visitVarInsn(ASTORE, regs);
        for (int r = 0; r <= 10; r++) {
            mv.visitVarInsn(ALOAD, regs);
            JitCompiler.intConst(mv, r);
            if (r >= 1 && r <= 5 || r == 10) {
                mv.visitVarInsn(LLOAD, L.reg(r));
            } else {
                mv.visitInsn(LCONST_0);
            }
            mv.visitInsn(LASTORE);
        }
        JitCompiler.intConst(mv, start);
        mv.visitVarInsn(ISTORE, block);
        Label loop = new Label();
        Label done = new Label();
        mv.visitLabel(loop);
        mv.visitVarInsn(ILOAD, block);
        mv.visitJumpInsn(IFLT, done);
        for (int k = 0; k < ranges.size(); k++) {
            Label next = new Label();
            if (k < ranges.size() - 1) {
                mv.visitVarInsn(ILOAD, block);
                JitCompiler.intConst(mv, ranges.get(k)[1]);
                mv.visitJumpInsn(IF_ICMPGE, next);
            }
            mv.visitVarInsn(ALOAD, L.c());
            mv.visitVarInsn(ALOAD, L.m());
            mv.visitVarInsn(ALOAD, regs);
            mv.visitVarInsn(ILOAD, block);
            mv.visitVarInsn(ILOAD, L.depth());
            mv.visitMethodInsn(INVOKESTATIC, jc.className(), partName(index, k), PART_DESC, false);
            mv.visitVarInsn(ISTORE, block);
            mv.visitJumpInsn(GOTO, loop);
            mv.visitLabel(next);
        }
        mv.visitLabel(done);
        mv.visitVarInsn(ALOAD, regs);
        mv.visitInsn(ICONST_0);
        mv.visitInsn(LALOAD);
        mv.visitInsn(LRETURN);
        mv.visitMaxs(0, 0);
        mv.visitEnd();
    }

    /** Part {@code k}: blocks [{@code from}, {@code to}), entered at those of {@code entries}. */
    private Label part(ClassVisitor cv, int k, int from, int to, Set<Integer> entries) {
        Layout L = Layout.PART;
        MethodVisitor mv = cv.visitMethod(ACC_STATIC | ACC_PRIVATE, partName(index, k), PART_DESC, null, null);
        mv.visitCode();
        for (int r = 0; r <= 10; r++) {
            mv.visitVarInsn(ALOAD, Layout.PART_REGS);
            JitCompiler.intConst(mv, r);
            mv.visitInsn(LALOAD);
            mv.visitVarInsn(LSTORE, L.reg(r));
        }
        TreeMap<Integer, Label> labels = new TreeMap<>();
        List<Integer> entered = new ArrayList<>();
        for (int pc : leaders) {
            if (pc >= from && pc < to) {
                labels.put(pc, new Label());
                if (entries.contains(pc)) {
                    entered.add(pc);
                }
            }
        }
        TreeMap<Integer, Label> away = new TreeMap<>();
        ExitEmitter exits = new ExitEmitter() {
            @Override
            public void jump(MethodVisitor m, int target) {
                m.visitJumpInsn(GOTO, target(target));
            }

            @Override
            public void branch(MethodVisitor m, int opcode, int target) {
                m.visitJumpInsn(opcode, target(target));
            }

            private Label target(int pc) {
                Label l = labels.get(pc);
                return l != null ? l : away.computeIfAbsent(pc, x -> new Label());
            }

            @Override
            public void exit(MethodVisitor m) {
                jc.budgetStore(m, L);
                m.visitVarInsn(LSTORE, L.tmp());
                m.visitVarInsn(ALOAD, Layout.PART_REGS);
                m.visitInsn(ICONST_0);
                m.visitVarInsn(LLOAD, L.tmp());
                m.visitInsn(LASTORE);
                m.visitInsn(ICONST_M1);
                m.visitInsn(IRETURN);
            }
        };
        Label[] cases = new Label[entered.size()];
        int[] keys = new int[entered.size()];
        for (int i = 0; i < entered.size(); i++) {
            keys[i] = entered.get(i);
            cases[i] = labels.get(entered.get(i));
        }
        Label bad = new Label();
        Runnable entry = () -> {
            mv.visitVarInsn(ILOAD, Layout.PART_BLOCK);
            mv.visitLookupSwitchInsn(bad, keys, cases);
            mv.visitLabel(bad);
            mv.visitTypeInsn(NEW, "java/lang/IllegalStateException");
            mv.visitInsn(DUP);
            mv.visitMethodInsn(INVOKESPECIAL, "java/lang/IllegalStateException", "<init>", "()V", false);
            mv.visitInsn(ATHROW);
        };
        Runnable trampolines = () -> {
            // Leaving the part: name the block to go on with, hand the registers over (one shared
            // sequence) and return the block.
            if (away.isEmpty()) {
                return;
            }
            Label handOver = new Label();
            for (var e : away.entrySet()) {
                mv.visitLabel(e.getValue());
                JitCompiler.intConst(mv, e.getKey());
                mv.visitVarInsn(ISTORE, L.tmp());
                mv.visitJumpInsn(GOTO, handOver);
            }
            mv.visitLabel(handOver);
            for (int r = 0; r <= 10; r++) {
                mv.visitVarInsn(ALOAD, Layout.PART_REGS);
                JitCompiler.intConst(mv, r);
                mv.visitVarInsn(LLOAD, L.reg(r));
                mv.visitInsn(LASTORE);
            }
            jc.budgetStore(mv, L);
            mv.visitVarInsn(ILOAD, L.tmp());
            mv.visitInsn(IRETURN);
        };
        return body(mv, L, from, to, labels, exits, entry, trampolines);
    }
}
