package org.jxdp.engine.jit;

import org.objectweb.asm.MethodVisitor;

/** How control leaves the current place in the method being written: to a block, or out of the function. */
interface ExitEmitter {
    /** Continues at the block that starts at {@code targetPc}. */
    void jump(MethodVisitor mv, int targetPc);

    /**
     * With the operands of {@code jvmOpcode} (an {@code IF*} or {@code IF_ICMP*} instruction) on
     * the stack: continues at {@code targetPc} when it branches.
     */
    void branch(MethodVisitor mv, int jvmOpcode, int targetPc);

    /** With r0 (a long) on the stack: returns from the BPF function. */
    void exit(MethodVisitor mv);
}
