package org.jxdp.engine.vm;

import org.jxdp.engine.asm.ObjdumpSyntax;
import org.jxdp.engine.isa.Program;

/**
 * The reason a run ended abnormally, with the place: {@code insn 14 (r2 = *(u32 *)(r1 + 4)):
 * load of 4 bytes at 0x300000104 is outside packet [0x100, 0x13c)}.
 *
 * @param pc the index of the instruction that faulted
 * @param text the instruction in llvm-objdump syntax
 * @param kind what went wrong
 * @param detail the reason, without the place
 */
public record Fault(int pc, String text, FaultKind kind, String detail) {

    /** A fault at {@code pc} of {@code program}. */
    public static Fault at(Program program, int pc, FaultKind kind, String detail) {
        String text = pc >= 0 && pc < program.length() ? ObjdumpSyntax.format(program, pc) : "?";
        return new Fault(pc, text, kind, detail);
    }

    /** The one-line message in the project's error vocabulary. */
    public String message() {
        return "insn " + pc + " (" + text + "): " + detail;
    }

    @Override
    public String toString() {
        return message();
    }
}
