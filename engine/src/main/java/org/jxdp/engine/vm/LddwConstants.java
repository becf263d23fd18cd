package org.jxdp.engine.vm;

import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_FUNC;
import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_MAP_FD;
import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_MAP_IDX;
import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_MAP_IDX_VALUE;
import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_MAP_VALUE;
import static org.jxdp.engine.isa.Opcodes.LDDW;

import org.jxdp.engine.isa.Insn;
import org.jxdp.engine.isa.Program;
import org.jxdp.engine.verifier.ProgramStructure;

/**
 * The 64-bit value of every LDDW of a checked program, its pseudo source resolved the way the
 * kernel's verifier resolves it at load time: a plain constant; a function pointer
 * ({@link Memory#REGION_FUNC}); a map pointer ({@link Memory#REGION_MAP} with the map id); the
 * address of a byte in a map's value (global data). Both engines load these, so they agree.
 */
public final class LddwConstants {
    private LddwConstants() {
    }

    /** Values indexed by the LDDW's first slot; other slots hold 0. */
    public static long[] resolve(Program p, ProgramStructure s, ProgramEnvironment env) {
        long[] out = new long[p.length()];
        for (int pc = 0; pc + 1 < p.length(); pc++) {
            long first = p.slot(pc);
            if (s.isLddwTail(pc) || Insn.opcode(first) != LDDW) {
                continue;
            }
            long second = p.slot(pc + 1);
            int imm = Insn.imm(first);
            switch (Insn.src(first)) {
                case BPF_PSEUDO_FUNC:
                    out[pc] = Memory.address(Memory.REGION_FUNC, pc + 1 + imm);
                    break;
                case BPF_PSEUDO_MAP_FD:
                case BPF_PSEUDO_MAP_IDX:
                    out[pc] = Memory.address(Memory.REGION_MAP, imm);
                    break;
                case BPF_PSEUDO_MAP_VALUE:
                case BPF_PSEUDO_MAP_IDX_VALUE:
                    out[pc] = env.mapValueAddress(imm, Insn.imm(second) & 0xffffffffL);
                    break;
                default:
                    out[pc] = Insn.imm64(first, second);
                    break;
            }
        }
        return out;
    }
}
