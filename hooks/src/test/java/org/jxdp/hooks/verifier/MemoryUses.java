package org.jxdp.hooks.verifier;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/** What a class the JIT generated uses of {@code Memory}: the methods it calls and the fields it reads. */
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
}
