package org.jxdp.engine.jit;

import java.util.LinkedHashMap;
import java.util.Map;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * What tests read of the methods of a generated class file: the bytecode size of each, from its
 * {@code Code} attribute, and the keys of its {@code lookupswitch}es.
 */
final class ClassFileMethods {
    private ClassFileMethods() {
    }

    /** Method name and descriptor to {@code code_length}. */
    static Map<String, Integer> codeLengths(byte[] classFile) {
        ClassReader r = new ClassReader(classFile);
        char[] buf = new char[r.getMaxStringLength()];
        int at = r.header + 6;
        at += 2 + 2 * r.readUnsignedShort(at);
        at = skipMembers(r, at);
        Map<String, Integer> out = new LinkedHashMap<>();
        int methods = r.readUnsignedShort(at);
        at += 2;
        for (int m = 0; m < methods; m++) {
            String name = r.readUTF8(at + 2, buf) + r.readUTF8(at + 4, buf);
            int attributes = r.readUnsignedShort(at + 6);
            at += 8;
            for (int a = 0; a < attributes; a++) {
                String attr = r.readUTF8(at, buf);
                int length = r.readInt(at + 2);
                if (attr.equals("Code")) {
                    out.put(name, r.readInt(at + 10));
                }
                at += 6 + length;
            }
        }
        return out;
    }

    /** Method name to the keys of its first {@code lookupswitch}, for the methods that have one. */
    static Map<String, int[]> lookupSwitchKeys(byte[] classFile) {
        Map<String, int[]> out = new LinkedHashMap<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                    String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9) {
                    @Override
                    public void visitLookupSwitchInsn(Label dflt, int[] keys, Label[] labels) {
                        out.putIfAbsent(name, keys.clone());
                    }
                };
            }
        }, ClassReader.SKIP_DEBUG);
        return out;
    }

    private static int skipMembers(ClassReader r, int at) {
        int count = r.readUnsignedShort(at);
        at += 2;
        for (int i = 0; i < count; i++) {
            int attributes = r.readUnsignedShort(at + 6);
            at += 8;
            for (int a = 0; a < attributes; a++) {
                at += 6 + r.readInt(at + 2);
            }
        }
        return at;
    }
}
