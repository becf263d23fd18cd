package org.jxdp.engine.asm;

import static org.jxdp.engine.isa.Opcodes.BPF_ADD;
import static org.jxdp.engine.isa.Opcodes.BPF_AND;
import static org.jxdp.engine.isa.Opcodes.BPF_ARSH;
import static org.jxdp.engine.isa.Opcodes.BPF_B;
import static org.jxdp.engine.isa.Opcodes.BPF_DIV;
import static org.jxdp.engine.isa.Opcodes.BPF_DW;
import static org.jxdp.engine.isa.Opcodes.BPF_H;
import static org.jxdp.engine.isa.Opcodes.BPF_JEQ;
import static org.jxdp.engine.isa.Opcodes.BPF_JGE;
import static org.jxdp.engine.isa.Opcodes.BPF_JGT;
import static org.jxdp.engine.isa.Opcodes.BPF_JLE;
import static org.jxdp.engine.isa.Opcodes.BPF_JLT;
import static org.jxdp.engine.isa.Opcodes.BPF_JNE;
import static org.jxdp.engine.isa.Opcodes.BPF_JSET;
import static org.jxdp.engine.isa.Opcodes.BPF_JSGE;
import static org.jxdp.engine.isa.Opcodes.BPF_JSGT;
import static org.jxdp.engine.isa.Opcodes.BPF_JSLE;
import static org.jxdp.engine.isa.Opcodes.BPF_JSLT;
import static org.jxdp.engine.isa.Opcodes.BPF_LSH;
import static org.jxdp.engine.isa.Opcodes.BPF_MOD;
import static org.jxdp.engine.isa.Opcodes.BPF_MOV;
import static org.jxdp.engine.isa.Opcodes.BPF_MUL;
import static org.jxdp.engine.isa.Opcodes.BPF_OR;
import static org.jxdp.engine.isa.Opcodes.BPF_RSH;
import static org.jxdp.engine.isa.Opcodes.BPF_SUB;
import static org.jxdp.engine.isa.Opcodes.BPF_W;
import static org.jxdp.engine.isa.Opcodes.BPF_XOR;

import java.util.Map;

/**
 * The mnemonics of the conformance-suite assembly syntax (uBPF's), shared by
 * {@link Assembler} and {@link Disassembler}.
 */
final class Mnemonics {
    private Mnemonics() {
    }

    /** Binary ALU operations by mnemonic (without the {@code 32} suffix). */
    static final Map<String, Integer> ALU = Map.ofEntries(
            Map.entry("add", BPF_ADD), Map.entry("sub", BPF_SUB), Map.entry("mul", BPF_MUL),
            Map.entry("div", BPF_DIV), Map.entry("or", BPF_OR), Map.entry("and", BPF_AND),
            Map.entry("lsh", BPF_LSH), Map.entry("rsh", BPF_RSH), Map.entry("mod", BPF_MOD),
            Map.entry("xor", BPF_XOR), Map.entry("mov", BPF_MOV), Map.entry("arsh", BPF_ARSH),
            Map.entry("sdiv", BPF_DIV), Map.entry("smod", BPF_MOD));

    /** Conditional jumps by mnemonic (without the {@code 32} suffix). */
    static final Map<String, Integer> JUMP = Map.ofEntries(
            Map.entry("jeq", BPF_JEQ), Map.entry("jgt", BPF_JGT), Map.entry("jge", BPF_JGE),
            Map.entry("jset", BPF_JSET), Map.entry("jne", BPF_JNE), Map.entry("jsgt", BPF_JSGT),
            Map.entry("jsge", BPF_JSGE), Map.entry("jlt", BPF_JLT), Map.entry("jle", BPF_JLE),
            Map.entry("jslt", BPF_JSLT), Map.entry("jsle", BPF_JSLE));

    /** Access sizes by suffix. */
    static final Map<String, Integer> SIZE = Map.of("b", BPF_B, "h", BPF_H, "w", BPF_W, "dw", BPF_DW);

    /** The name of an ALU operation. */
    static String aluName(int op, boolean signed) {
        if (signed && op == BPF_DIV) {
            return "sdiv";
        }
        if (signed && op == BPF_MOD) {
            return "smod";
        }
        for (Map.Entry<String, Integer> e : ALU.entrySet()) {
            if (e.getValue() == op && !e.getKey().equals("sdiv") && !e.getKey().equals("smod")) {
                return e.getKey();
            }
        }
        return null;
    }

    /** The name of a conditional jump. */
    static String jumpName(int op) {
        for (Map.Entry<String, Integer> e : JUMP.entrySet()) {
            if (e.getValue() == op) {
                return e.getKey();
            }
        }
        return null;
    }

    /** The suffix of an access size. */
    static String sizeName(int size) {
        switch (size) {
            case BPF_B: return "b";
            case BPF_H: return "h";
            case BPF_W: return "w";
            default: return "dw";
        }
    }
}
