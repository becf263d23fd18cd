package org.jxdp.hooks.verifier;

import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * What a class the JIT generated uses of {@code Memory}: the methods it calls and the fields it
 * reads, and which regions' arrays it takes by a constant index.
 */
final class MemoryUses {
    private static final String MEMORY = "org/jxdp/engine/vm/Memory";

    private MemoryUses() {
    }

    /** The names of the {@code Memory} methods called and fields read, space-separated, in code order. */
    static String of(byte[] classBytes) {
        StringBuilder uses = new StringBuilder();
        new ClassReader(classBytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitMethodInsn(int op, String owner, String n, String d, boolean itf) {
                        if (owner.equals(MEMORY)) {
                            uses.append(n).append(' ');
                        }
                    }

                    @Override
                    public void visitFieldInsn(int op, String owner, String n, String d) {
                        if (owner.equals(MEMORY)) {
                            uses.append(n).append(' ');
                        }
                    }
                };
            }
        }, 0);
        return uses.toString();
    }

    /**
     * The constant indexes of {@code Memory.bytes} that method {@code method} of the class reads
     * ({@code m.bytes[k]} with {@code k} pushed by an instruction of its own), in code order.
     */
    static List<Integer> constantRegions(byte[] classBytes, String method) {
        List<Integer> regions = new ArrayList<>();
        new ClassReader(classBytes).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String desc, String sig, String[] exceptions) {
                if (!name.equals(method)) {
                    return null;
                }
                return new MethodVisitor(Opcodes.ASM9) {
                    private boolean afterBytes;

                    @Override
                    public void visitFieldInsn(int op, String owner, String n, String d) {
                        afterBytes = owner.equals(MEMORY) && n.equals("bytes");
                    }

                    @Override
                    public void visitInsn(int op) {
                        if (afterBytes && op >= Opcodes.ICONST_0 && op <= Opcodes.ICONST_5) {
                            regions.add(op - Opcodes.ICONST_0);
                        }
                        afterBytes = false;
                    }

                    @Override
                    public void visitIntInsn(int op, int operand) {
                        if (afterBytes && (op == Opcodes.BIPUSH || op == Opcodes.SIPUSH)) {
                            regions.add(operand);
                        }
                        afterBytes = false;
                    }

                    @Override
                    public void visitVarInsn(int op, int var) {
                        afterBytes = false;
                    }

                    @Override
                    public void visitLdcInsn(Object value) {
                        afterBytes = false;
                    }
                };
            }
        }, 0);
        return regions;
    }
}
