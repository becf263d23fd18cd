package org.jxdp.engine.jit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxdp.engine.isa.Insn;
import org.jxdp.engine.isa.Program;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.object.BpfProgram;
import org.jxdp.engine.object.LoadOptions;
import org.jxdp.engine.verifier.AccessProofs;
import org.jxdp.engine.verifier.ContextLayout;
import org.jxdp.engine.verifier.MemoryAccessProof;
import org.jxdp.engine.verifier.MemoryAccessProof.Region;
import org.jxdp.engine.verifier.ProgramStructure;
import org.jxdp.engine.verifier.StructuralChecker;
import org.jxdp.engine.verifier.VerifierTestPrograms;
import org.jxdp.engine.vm.ProgramEnvironment;

/**
 * Which accesses the JIT makes direct: r10 stack accesses always, and what the verifier proved;
 * context loads proven to read a packet edge read the packet region's edges, accesses proven to
 * be elsewhere are checked, and those nothing is known about guarded.
 */
class AccessPlanTest {
    @TempDir
    Path dir;

    @Test
    void provenPacketAndStackAccessesAreDirectMapValuesCheckedAndTheRestGuarded() throws Exception {
        Path obj = VerifierTestPrograms.compile("parse_flow", dir);
        LoadOptions options = LoadOptions.defaults();
        BpfObject o = BpfObject.open(obj, options);
        BpfProgram p = o.program("parse_flow");
        AccessProofs proofs = p.verification().proofs();
        Program code = p.code();
        ProgramEnvironment env = o.runtime().environment(options.helpers().apply(o.runtime()));
        ProgramStructure structure = StructuralChecker.check(code, env);

        AccessPlan plan = AccessPlan.of(code, structure, AccessPlan.Proofs.of(proofs));
        AccessPlan unproven = AccessPlan.of(code, structure, AccessPlan.Proofs.NONE);
        int packet = 0;
        int mapValue = 0;
        int edges = 0;
        for (int pc = 0; pc < code.length(); pc++) {
            MemoryAccessProof proof = proofs.at(pc);
            Region region = proof == null ? null : proof.region();
            boolean r10 = isR10Access(code.slot(pc));
            if (region == Region.PACKET) {
                packet++;
                assertThat(plan.at(pc)).as("insn %d", pc).isEqualTo(AccessPlan.PACKET);
            } else if (region == Region.CTX) {
                ContextLayout.Field f = proofs.contextField(pc);
                int want = f == null ? AccessPlan.CHECKED : switch (f.yields()) {
                    case PACKET -> AccessPlan.CTX_DATA;
                    case PACKET_END -> AccessPlan.CTX_DATA_END;
                    case PACKET_META -> AccessPlan.CTX_DATA_META;
                    case U32 -> AccessPlan.CHECKED;
                };
                edges += want != AccessPlan.CHECKED ? 1 : 0;
                assertThat(plan.at(pc)).as("insn %d (context %s)", pc, f).isEqualTo(want);
            } else if (region == Region.STACK || r10) {
                assertThat(plan.at(pc)).as("insn %d", pc).isEqualTo(AccessPlan.STACK);
            } else {
                mapValue += region == Region.MAP_VALUE ? 1 : 0;
                if (region == null && isAccess(code.slot(pc))) {
                    assertThat(plan.at(pc)).as("insn %d", pc).isEqualTo(AccessPlan.GUARDED);
                } else if (region != null) {
                    assertThat(plan.at(pc)).as("insn %d", pc)
                            .isEqualTo(region == Region.PACKET_META ? AccessPlan.GUARDED : AccessPlan.CHECKED);
                }
            }
            if (isAccess(code.slot(pc))) {
                assertThat(unproven.at(pc)).as("insn %d without proofs", pc)
                        .isEqualTo(r10 ? AccessPlan.STACK : AccessPlan.GUARDED);
            }
        }
        assertThat(packet).as("proven packet accesses").isGreaterThan(3);
        assertThat(edges).as("proven loads of data and data_end").isGreaterThanOrEqualTo(2);
        assertThat(mapValue).as("map value accesses, left checked").isPositive();
        assertThat(plan.usesPacket()).isTrue();
        assertThat(unproven.usesPacket()).as("guarded accesses read the packet's bounds").isTrue();
    }

    /** A load or store that is not an atomic operation. */
    private static boolean isAccess(long insn) {
        int code = Insn.opcode(insn);
        int cls = code & 0x07;
        int mode = code & 0xe0;
        return cls == 0x01 && (mode == 0x60 || mode == 0x80) || (cls == 0x02 || cls == 0x03) && mode == 0x60;
    }

    /** A load or store through r10 at a constant offset inside the frame. */
    private static boolean isR10Access(long insn) {
        int code = Insn.opcode(insn);
        int cls = code & 0x07;
        int mode = code & 0xe0;
        boolean load = cls == 0x01 && (mode == 0x60 || mode == 0x80);
        boolean store = (cls == 0x02 || cls == 0x03) && mode == 0x60;
        int size = switch (code & 0x18) {
            case 0x10 -> 1;
            case 0x08 -> 2;
            case 0x00 -> 4;
            default -> 8;
        };
        int off = Insn.off(insn);
        return (load || store) && (load ? Insn.src(insn) : Insn.dst(insn)) == 10 && off >= -512 && off + size <= 0;
    }
}
