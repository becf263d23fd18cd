package org.jxdp.engine.jit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jxdp.engine.testing.Engines.run;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.jxdp.engine.conformance.ConformanceHelpers;
import org.jxdp.engine.isa.Program;
import org.jxdp.engine.testing.Engines;
import org.jxdp.engine.verifier.ContextLayout;
import org.jxdp.engine.verifier.ProgramRejectedException;
import org.jxdp.engine.verifier.ProgramStructure;
import org.jxdp.engine.verifier.StructuralChecker;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.engine.vm.HelperTable;
import org.jxdp.engine.vm.LddwConstants;
import org.jxdp.engine.vm.ProgramEnvironment;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.util.TraceClassVisitor;

/**
 * The registers' bit widths the JIT proves, and the ordered compares it then makes without
 * flipping sign bits: never where a value may reach {@code 2^63} (or {@code 2^31} for a 32-bit
 * jump), on every engine.
 */
class ValueWidthsTest {
    private static final String ENGINES = "org.jxdp.engine.testing.Engines#all";
    /** Context loads 0 and 1 proven to read data and data_end, nothing else known. */
    private static final AccessPlan.Proofs PACKET_EDGES = new AccessPlan.Proofs() {
        @Override
        public int region(int pc) {
            return AccessPlan.GUARDED;
        }

        @Override
        public ContextLayout.Yield contextYield(int pc) {
            return pc == 0 ? ContextLayout.Yield.PACKET : pc == 1 ? ContextLayout.Yield.PACKET_END : null;
        }
    };
    /** Every access proven inside the packet (what a verifier says of a parser's loads). */
    private static final AccessPlan.Proofs ALL_PACKET = pc -> AccessPlan.PACKET;
    private static final String BOUNDS_CHECK = String.join("\n",
            "ldxw %r2, [%r1+0]",
            "ldxw %r3, [%r1+4]",
            "mov %r4, %r2",
            "add %r4, 14",
            "jgt %r4, %r3, out",
            "mov %r0, 1",
            "exit",
            "out:",
            "mov %r0, 2",
            "exit");

    @Test
    void loadsAndArithmeticBoundTheWidths() throws ProgramRejectedException {
        ValueWidths w = widths(String.join("\n",
                "ldxb %r2, [%r1+0]",
                "ldxh %r3, [%r1+2]",
                "ldxw %r4, [%r1+4]",
                "ldxdw %r5, [%r1+8]",
                "mov %r6, %r2",
                "lsh %r6, 4",
                "add %r6, %r3",
                "and %r5, 0xff",
                "rsh %r4, 30",
                "mov %r7, -1",
                "mov32 %r8, -1",
                "be16 %r3",
                "mov %r0, 0",
                "exit"), ALL_PACKET);
        int exit = 13;
        assertThat(w.width(exit, 2)).isEqualTo(8);
        assertThat(w.width(exit, 3)).isEqualTo(16);
        assertThat(w.width(exit, 4)).isEqualTo(2);
        assertThat(w.width(exit, 5)).isEqualTo(8);
        assertThat(w.width(exit, 6)).isEqualTo(17);
        assertThat(w.width(exit, 7)).as("a negative immediate sign-extends").isEqualTo(ValueWidths.UNKNOWN);
        assertThat(w.width(exit, 8)).as("32-bit results are zero-extended").isEqualTo(32);
        assertThat(w.width(exit, 1)).as("r1 at entry").isEqualTo(ValueWidths.UNKNOWN);
        assertThat(w.width(0, 2)).as("nothing known before the first load").isEqualTo(ValueWidths.UNKNOWN);
    }

    @Test
    void mergesTakeTheWidestAndCallsForgetTheArgumentRegisters() throws ProgramRejectedException {
        ValueWidths w = widths(String.join("\n",
                "ldxb %r6, [%r1+0]",
                "ldxb %r7, [%r1+1]",
                "ldxb %r2, [%r1+2]",
                "jeq %r6, 0, skip",
                "ldxw %r6, [%r1+4]",
                "skip:",
                "call 0",
                "mov %r0, 0",
                "exit"), ALL_PACKET);
        assertThat(w.width(5, 6)).as("8 bits on one path, 32 on the other").isEqualTo(32);
        assertThat(w.width(5, 2)).isEqualTo(8);
        assertThat(w.width(6, 2)).as("r1..r5 after a call").isEqualTo(ValueWidths.UNKNOWN);
        assertThat(w.width(6, 0)).isEqualTo(ValueWidths.UNKNOWN);
        assertThat(w.width(6, 7)).as("r6..r9 survive a call").isEqualTo(8);
    }

    @Test
    void aLoopReachesAFixedPoint() throws ProgramRejectedException {
        ValueWidths w = widths(String.join("\n",
                "mov %r2, 0",
                "loop:",
                "add %r2, 1",
                "jlt %r2, 10, loop",
                "mov %r0, %r2",
                "exit"), AccessPlan.Proofs.NONE);
        // each round may add a bit: the analysis only settles at "unknown"
        assertThat(w.width(1, 2)).isEqualTo(ValueWidths.UNKNOWN);
        assertThat(w.signedOrderHolds(2, false, false, 2, 0, 10)).isFalse();
    }

    @Test
    void provenPacketPointersCompareWithoutSignFlips() throws ProgramRejectedException {
        ValueWidths proven = widths(BOUNDS_CHECK, PACKET_EDGES);
        assertThat(proven.width(4, 3)).as("data_end").isLessThan(40);
        assertThat(proven.signedOrderHolds(4, false, true, 4, 3, 0)).isTrue();
        assertThat(xors(BOUNDS_CHECK, PACKET_EDGES)).isZero();
        ValueWidths unproven = widths(BOUNDS_CHECK, AccessPlan.Proofs.NONE);
        assertThat(unproven.width(2, 2)).as("a 4-byte context field may be a 64-bit pointer")
                .isEqualTo(ValueWidths.UNKNOWN);
        assertThat(unproven.signedOrderHolds(4, false, true, 4, 3, 0)).isFalse();
        assertThat(xors(BOUNDS_CHECK, AccessPlan.Proofs.NONE)).isPositive();
    }

    @Test
    void unknownOperandsKeepTheUnsignedCompare() throws ProgramRejectedException {
        String asm = String.join("\n",
                "ldxdw %r2, [%r1+0]",
                "ldxdw %r3, [%r1+8]",
                "jgt %r2, %r3, out",
                "mov %r0, 1",
                "exit",
                "out:",
                "mov %r0, 2",
                "exit");
        assertThat(widths(asm, AccessPlan.Proofs.NONE).signedOrderHolds(2, false, true, 2, 3, 0)).isFalse();
        assertThat(xors(asm, AccessPlan.Proofs.NONE)).isPositive();
    }

    @Test
    void aluResultsAreBoundedWithoutAnyProof() throws ProgramRejectedException {
        ValueWidths w = widths(String.join("\n",
                "ldxdw %r2, [%r1+0]",
                "and %r2, 0xfff",
                "mov32 %r3, %r2",
                "rsh %r4, 60",
                "jgt %r2, %r4, out",
                "out:",
                "mov %r0, 0",
                "exit"), AccessPlan.Proofs.NONE);
        assertThat(w.width(4, 2)).isEqualTo(12);
        assertThat(w.width(4, 3)).isEqualTo(32);
        assertThat(w.width(4, 4)).isEqualTo(4);
        assertThat(w.signedOrderHolds(4, false, true, 2, 4, 0)).isTrue();
    }

    @ParameterizedTest
    @MethodSource(ENGINES)
    void comparesAtTheSignBoundaryFollowTheUnsignedOrder(EngineKind e) {
        // 64-bit: 2^63 against 1 (signed order would say less), 2^32 - 1 against -1
        String jgt64 = "ldxdw %r2, [%r1+0]\nldxdw %r3, [%r1+8]\nmov %r0, 0\njgt %r2, %r3, yes\nexit\nyes:\nmov %r0, 1\nexit";
        assertThat(run(e, jgt64, le64(Long.MIN_VALUE, 1))).isEqualTo(1);
        String narrowVsWide = "ldxw %r2, [%r1+0]\nldxdw %r3, [%r1+8]\nmov %r0, 0\njlt %r2, %r3, yes\nexit\nyes:\nmov %r0, 1\nexit";
        assertThat(run(e, narrowVsWide, le64(0xffff_ffffL, -1))).isEqualTo(1);
        // both 32 bits wide: a 32-bit jump must still flip (0x80000000 > 1 unsigned)
        String jgt32 = "ldxw %r2, [%r1+0]\nldxw %r3, [%r1+8]\nmov %r0, 0\njgt32 %r2, %r3, yes\nexit\nyes:\nmov %r0, 1\nexit";
        assertThat(run(e, jgt32, le64(0x8000_0000L, 1))).isEqualTo(1);
        // 16-bit values: the signed order is the unsigned one
        String jge16 = "ldxh %r2, [%r1+0]\nldxh %r3, [%r1+8]\nmov %r0, 0\njge %r2, %r3, yes\nexit\nyes:\nmov %r0, 1\nexit";
        assertThat(run(e, jge16, le64(0xffff, 0x7fff))).isEqualTo(1);
        assertThat(run(e, jge16, le64(0x7fff, 0xffff))).isEqualTo(0);
        // an immediate that sign-extends to 2^64 - 1: unsigned, everything is below it
        String jltImm = "ldxh %r2, [%r1+0]\nmov %r0, 0\njlt %r2, -1, yes\nexit\nyes:\nmov %r0, 1\nexit";
        assertThat(run(e, jltImm, le64(0xffff, 0))).isEqualTo(1);
    }

    private static byte[] le64(long a, long b) {
        byte[] m = new byte[16];
        for (int i = 0; i < 8; i++) {
            m[i] = (byte) (a >>> 8 * i);
            m[8 + i] = (byte) (b >>> 8 * i);
        }
        return m;
    }

    private static ValueWidths widths(String asm, AccessPlan.Proofs proofs) throws ProgramRejectedException {
        Program p = Engines.assemble(asm);
        ProgramStructure s = StructuralChecker.check(p, ConformanceHelpers.table());
        return ValueWidths.of(p, s, AccessPlan.of(p, s, proofs));
    }

    /** How many {@code LXOR}s the JIT's class for {@code asm} has (two per flipped 64-bit compare, in each method that has it). */
    private static int xors(String asm, AccessPlan.Proofs proofs) throws ProgramRejectedException {
        Program p = Engines.assemble(asm);
        ProgramEnvironment env = ProgramEnvironment.of(HelperTable.empty());
        ProgramStructure s = StructuralChecker.check(p, env);
        byte[] bytes = new JitCompiler("org/jxdp/engine/vm/Jit$widths", p, s, LddwConstants.resolve(p, s, env),
                env.helpers(), proofs).compile();
        StringWriter text = new StringWriter();
        new ClassReader(bytes).accept(new TraceClassVisitor(new PrintWriter(text)), 0);
        return text.toString().split("\\bLXOR\\b", -1).length - 1;
    }
}
