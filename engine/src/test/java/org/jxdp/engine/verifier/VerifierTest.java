package org.jxdp.engine.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.jxdp.engine.verifier.MemoryAccessProof.Region;

/** The verifier on small XDP programs, one rule at a time. */
class VerifierTest {
    private final XdpVerifierFixture x = new XdpVerifierFixture();

    /** r2 = data, r3 = data_end. */
    private static final String PKT = "ldxw %r2, [%r1+0]\nldxw %r3, [%r1+4]\n";
    /** r0 = XDP_DROP; exit, at label out. */
    private static final String OUT = "mov %r0, 2\nexit\nout:\nmov %r0, 1\nexit\n";

    @Nested
    class Packet {
        @Test
        void accessesInsideTheCheckedRangeAreProven() {
            Verification v = x.accepts(PKT + "mov %r4, %r2\nadd %r4, 14\njgt %r4, %r3, out\nldxh %r0, [%r2+12]\n" + OUT);
            MemoryAccessProof p = v.proofs().at(5);
            assertThat(p.region()).isEqualTo(Region.PACKET);
            assertThat(p.kind()).isEqualTo(MemoryAccessProof.Kind.LOAD);
            assertThat(p.size()).isEqualTo(2);
            assertThat(p.minOffset()).isEqualTo(12);
            assertThat(v.proofs().at(0).region()).isEqualTo(Region.CTX);
            assertThat(v.proofs().provenInBounds(2)).isFalse();
        }

        @Test
        void oneByteTooFarIsRefused() {
            Verification.Rejection r = x.refuses(PKT + "mov %r4, %r2\nadd %r4, 14\njgt %r4, %r3, out\n"
                    + "ldxh %r0, [%r2+13]\n" + OUT, "packet access out of bounds");
            assertThat(r.pc()).isEqualTo(5);
            assertThat(r.message()).isEqualTo("insn 5 (r0 = *(u16 *)(r2 + 13)): packet access out of bounds");
            assertThat(r.detail()).contains("2 bytes at offset 13", "only 14 bytes");
            assertThat(r.registers()).isEqualTo("r2 = pkt(r=14)");
            assertThat(r.report()).contains("state: r2=pkt(r=14)");
        }

        @Test
        void everyComparisonFormGrantsItsRange() {
            // pkt' >= end taken means pkt' < end on the fall-through: 15 bytes
            x.accepts(PKT + "mov %r4, %r2\nadd %r4, 14\njge %r4, %r3, out\nldxb %r0, [%r2+14]\n" + OUT);
            // end > pkt' taken: pkt' < end
            x.accepts(PKT + "mov %r4, %r2\nadd %r4, 14\njgt %r3, %r4, ok\nja out\nok:\nldxb %r0, [%r2+14]\n" + OUT);
            // pkt' <= end taken: 14 bytes
            x.accepts(PKT + "mov %r4, %r2\nadd %r4, 14\njle %r4, %r3, ok\nja out\nok:\nldxb %r0, [%r2+13]\n" + OUT);
            x.refuses(PKT + "mov %r4, %r2\nadd %r4, 14\njle %r4, %r3, ok\nja out\nok:\nldxb %r0, [%r2+14]\n" + OUT,
                    "packet access out of bounds");
            // end < pkt' taken goes out
            x.accepts(PKT + "mov %r4, %r2\nadd %r4, 8\njlt %r3, %r4, out\nldxdw %r0, [%r2+0]\n" + OUT);
            // equality proves nothing
            x.refuses(PKT + "mov %r4, %r2\nadd %r4, 8\njeq %r4, %r3, out\nldxdw %r0, [%r2+0]\n" + OUT,
                    "packet access out of bounds");
        }

        @Test
        void theRangeReachesCopiesButNotPointersWithAnotherVariablePart() {
            x.accepts(PKT + "mov %r5, %r2\nadd %r5, 4\nmov %r4, %r2\nadd %r4, 20\njgt %r4, %r3, out\n"
                    + "ldxw %r0, [%r5+12]\n" + OUT);
            x.refuses(PKT + "mov %r4, %r2\nadd %r4, 20\njgt %r4, %r3, out\nldxb %r5, [%r2+0]\nmov %r6, %r2\n"
                    + "add %r6, %r5\nldxb %r0, [%r6+0]\n" + OUT, "packet access out of bounds");
        }

        @Test
        void variableOffsetsNeedTheirOwnCheck() {
            String parse = PKT + "mov %r4, %r2\nadd %r4, 1\njgt %r4, %r3, out\nldxb %r5, [%r2+0]\n";
            x.accepts(parse + "and %r5, 63\nmov %r6, %r2\nadd %r6, %r5\nmov %r7, %r6\nadd %r7, 4\n"
                    + "jgt %r7, %r3, out\nldxw %r0, [%r6+0]\n" + OUT);
            x.refuses(parse + "and %r5, 63\nmov %r6, %r2\nadd %r6, %r5\nmov %r7, %r6\nadd %r7, 4\n"
                    + "jgt %r7, %r3, out\nldxw %r0, [%r6+1]\n" + OUT, "packet access out of bounds");
        }

        @Test
        void aNegativeOffsetIsRefused() {
            x.refuses(PKT + "mov %r4, %r2\nadd %r4, 8\njgt %r4, %r3, out\nldxb %r0, [%r2-1]\n" + OUT,
                    "packet access out of bounds");
        }

        @Test
        void dataEndIsNeverDereferenced() {
            x.refuses(PKT + "ldxb %r0, [%r3-1]\nexit\n", "access through data_end");
            x.refuses(PKT + "add %r3, -1\nexit\n", "arithmetic on a pkt_end pointer");
        }

        @Test
        void metadataIsCheckedAgainstData() {
            String meta = "ldxw %r2, [%r1+0]\nldxw %r4, [%r1+8]\nmov %r5, %r4\nadd %r5, 4\n";
            Verification v = x.accepts(meta + "jgt %r5, %r2, out\nldxw %r0, [%r4+0]\n" + OUT);
            assertThat(v.proofs().at(5).region()).isEqualTo(Region.PACKET_META);
            x.refuses(meta + "jgt %r5, %r2, out\nldxw %r0, [%r4+1]\n" + OUT, "packet access out of bounds");
        }

        @Test
        void storesGoInButPointersDoNot() {
            String checked = PKT + "mov %r4, %r2\nadd %r4, 14\njgt %r4, %r3, out\n";
            x.accepts(checked + "stb [%r2+0], 1\nmov %r5, 7\nstxdw [%r2+6], %r5\n" + OUT);
            x.refuses(checked + "stxdw [%r2+6], %r3\n" + OUT, "pointer leak: a pointer stored into the packet");
        }

        @Test
        void pointersChangeOnlyBy64BitAdditionAndSubtraction() {
            x.refuses(PKT + "add32 %r2, 1\nexit\n", "32-bit arithmetic on a pointer");
            x.refuses(PKT + "and %r2, 255\nexit\n", "pointer arithmetic with &");
            x.refuses(PKT + "add %r2, %r3\nexit\n", "arithmetic between two pointers");
            x.accepts(PKT + "mov %r0, %r3\nsub %r0, %r2\nand %r0, 1\nexit\n");
        }

        @Test
        void aPacketMoveKillsEveryPacketPointer() {
            String moved = PKT + "mov %r6, %r1\nmov %r7, %r2\nmov %r2, 4\ncall 44\n";
            Verification.Rejection r = x.refuses(moved + "ldxb %r0, [%r7+0]\nexit\n",
                    "packet pointer used after the packet moved");
            assertThat(r.detail()).contains("until the helper call at insn 5");
            x.accepts(moved + "ldxw %r2, [%r6+0]\nldxw %r3, [%r6+4]\nmov %r4, %r2\nadd %r4, 1\njgt %r4, %r3, out\n"
                    + "ldxb %r0, [%r2+0]\n" + OUT);
        }
    }

    @Nested
    class Context {
        @Test
        void theReadableFieldsAreWords() {
            x.accepts("ldxw %r0, [%r1+12]\nldxw %r0, [%r1+16]\nmov %r0, 2\nexit\n");
            x.refuses("ldxw %r0, [%r1+20]\nexit\n", "invalid context access");
            x.refuses("ldxh %r0, [%r1+0]\nexit\n", "invalid context access");
            x.refuses("ldxdw %r0, [%r1+0]\nexit\n", "invalid context access");
        }

        @Test
        void itIsReadOnlyAndLoadedThroughTheOriginalPointer() {
            x.refuses("stw [%r1+16], 0\nmov %r0, 2\nexit\n", "store into the context");
            x.refuses("add %r1, 4\nldxw %r0, [%r1+0]\nexit\n", "access through a modified context pointer");
        }
    }

    @Nested
    class Stack {
        @Test
        void spilledPointersComeBack() {
            x.accepts(PKT + "stxdw [%r10-8], %r2\nstxdw [%r10-16], %r3\nldxdw %r4, [%r10-8]\n"
                    + "ldxdw %r5, [%r10-16]\nmov %r6, %r4\nadd %r6, 1\njgt %r6, %r5, out\nldxb %r0, [%r4+0]\n" + OUT);
        }

        @Test
        void bytesNeverWrittenAreNotRead() {
            Verification.Rejection r = x.refuses("ldxdw %r0, [%r10-8]\nexit\n", "read of uninitialised stack");
            assertThat(r.detail()).contains("fp-8 was never written");
            x.refuses("stw [%r10-8], 1\nldxdw %r0, [%r10-8]\nexit\n", "read of uninitialised stack");
            x.accepts("stw [%r10-8], 1\nstw [%r10-4], 2\nldxdw %r0, [%r10-8]\nand %r0, 3\nexit\n");
        }

        @Test
        void accessesStayInTheFrameAndAligned() {
            x.refuses("stdw [%r10-520], 1\nmov %r0, 2\nexit\n", "stack access out of bounds");
            x.refuses("stdw [%r10+0], 1\nmov %r0, 2\nexit\n", "stack access out of bounds");
            x.refuses("stdw [%r10-12], 1\nmov %r0, 2\nexit\n", "misaligned stack access");
            Verification v = x.accepts("stdw [%r10-512], 1\nmov %r0, 2\nexit\n");
            assertThat(v.stats().stackDepth()).isEqualTo(512);
            assertThat(v.proofs().at(0).region()).isEqualTo(Region.STACK);
            assertThat(v.proofs().at(0).minOffset()).isEqualTo(-512);
        }

        @Test
        void pointersAreSpilledWhole() {
            x.refuses(PKT + "stxw [%r10-8], %r2\nmov %r0, 2\nexit\n", "partial spill of a pointer");
            x.refuses(PKT + "stxdw [%r10-8], %r2\nldxw %r0, [%r10-8]\nexit\n", "partial read of a spilled pointer");
        }

        @Test
        void zerosAndNarrowSpillsAreTracked() {
            // a zeroed slot reads back as 0, which decides the branch: the bad load is dead code
            x.accepts("stdw [%r10-8], 0\nldxdw %r0, [%r10-8]\njeq %r0, 0, ok\nldxdw %r0, [%r0+0]\nok:\nexit\n");
            x.accepts("stw [%r10-8], 7\nldxw %r0, [%r10-8]\njeq %r0, 7, ok\nldxdw %r0, [%r0+0]\nok:\nexit\n");
        }

        @Test
        void variableOffsetsStayInsideWrittenBytes() {
            String init = "stdw [%r10-8], 1\nstdw [%r10-16], 2\nldxw %r2, [%r1+16]\nand %r2, 15\nmov %r3, %r10\n"
                    + "add %r3, -16\nadd %r3, %r2\n";
            x.accepts(init + "ldxb %r0, [%r3+0]\nexit\n");
            x.refuses(init + "ldxb %r0, [%r3-1]\nexit\n", "read of uninitialised stack");
        }
    }

    @Nested
    class Maps {
        private static final String LOOKUP = "stw [%r10-4], 0\nmov %r2, %r10\nadd %r2, -4\n"
                + "lddw %r1, map(counters)\ncall 1\n";

        @Test
        void valuesAfterTheNullCheckAndInsideTheValue() {
            Verification v = x.accepts(LOOKUP + "jeq %r0, 0, out\nldxdw %r1, [%r0+0]\nadd %r1, 1\n"
                    + "stxdw [%r0+0], %r1\n" + OUT);
            MemoryAccessProof p = v.proofs().at(7);
            assertThat(p.region()).isEqualTo(Region.MAP_VALUE);
            assertThat(v.proofs().at(9).kind()).isEqualTo(MemoryAccessProof.Kind.STORE);
            assertThat(p.mapId()).isZero();
            Verification.Rejection r = x.refuses(LOOKUP + "ldxdw %r0, [%r0+0]\nexit\n", "missing null check");
            assertThat(r.registers()).isEqualTo("r0 = map_value_or_null(map=counters,id=1)");
            x.refuses(LOOKUP + "jeq %r0, 0, out\nldxw %r1, [%r0+6]\n" + OUT, "map value access out of bounds");
        }

        @Test
        void theNullCheckReachesCopies() {
            x.accepts(LOOKUP + "mov %r6, %r0\njeq %r0, 0, out\nldxdw %r1, [%r6+0]\n" + OUT);
            x.accepts(LOOKUP + "stxdw [%r10-16], %r0\njne %r0, 0, ok\nja out\nok:\nldxdw %r6, [%r10-16]\n"
                    + "ldxdw %r1, [%r6+0]\n" + OUT);
        }

        @Test
        void keysMustBeWritten() {
            x.refuses("mov %r2, %r10\nadd %r2, -4\nlddw %r1, map(counters)\ncall 1\nmov %r0, 2\nexit\n",
                    "read of uninitialised stack");
        }

        @Test
        void readOnlyValuesAreNotWritten() {
            String ro = "stw [%r10-4], 0\nmov %r2, %r10\nadd %r2, -4\nlddw %r1, map(ro)\ncall 1\njeq %r0, 0, out\n";
            x.accepts(ro + "ldxdw %r1, [%r0+0]\n" + OUT);
            x.refuses(ro + "stdw [%r0+0], 1\n" + OUT, "write into a read-only map value");
        }

        @Test
        void helpersTakeTheirMapTypes() {
            x.refuses("mov %r2, %r10\nlddw %r2, map(counters)\nmov %r3, 0\ncall 12\nmov %r0, 2\nexit\n",
                    "map of the wrong type");
            x.refuses("stw [%r10-4], 0\nmov %r2, %r10\nadd %r2, -4\nlddw %r1, map(jumps)\ncall 1\nmov %r0, 2\n"
                    + "exit\n", "map of the wrong type");
            x.refuses("mov %r1, 0\nmov %r2, %r10\nadd %r2, -4\ncall 1\nexit\n",
                    "argument 1 of bpf_map_lookup_elem must be a map");
        }

        @Test
        void atomicsGoToMapValuesAndTheStackAligned() {
            x.accepts(LOOKUP + "jeq %r0, 0, out\nmov %r1, 1\nlock add [%r0+0], %r1\nlock fetch add [%r0+0], %r1\n"
                    + OUT);
            x.refuses(LOOKUP + "jeq %r0, 0, out\nmov %r1, 1\nlock add32 [%r0+2], %r1\n" + OUT,
                    "misaligned atomic access");
            x.refuses(PKT + "mov %r4, %r2\nadd %r4, 8\njgt %r4, %r3, out\nmov %r1, 1\nlock add [%r2+0], %r1\n" + OUT,
                    "atomic operation on pkt memory");
            x.refuses(LOOKUP + "jeq %r0, 0, out\nmov %r1, %r10\nlock xchg [%r0+0], %r1\n" + OUT,
                    "pointer leak: a pointer in an atomic operation");
        }
    }

    @Nested
    class Helpers {
        @Test
        void argumentsMustBeWrittenAndAreGoneAfterTheCall() {
            x.refuses("lddw %r1, map(counters)\ncall 1\nexit\n", "r2 is read before it is written");
            x.refuses("call 5\nmov %r0, %r1\nexit\n", "r1 is read before it is written");
        }

        @Test
        void tailCallsReturnNothing() {
            x.refuses("lddw %r2, map(jumps)\nmov %r3, 0\ncall 12\nexit\n", "r0 is not set at exit");
            x.accepts("lddw %r2, map(jumps)\nmov %r3, 0\ncall 12\nmov %r0, 2\nexit\n");
        }

        @Test
        void sizedMemoryArguments() {
            String buf = "stdw [%r10-8], 0\nmov %r1, %r10\nadd %r1, -8\n";
            x.accepts(buf + "mov %r2, 8\nmov %r3, 0\nmov %r4, 0\nmov %r5, 0\ncall 28\nmov %r0, 2\nexit\n");
            x.refuses("stdw [%r10-16], 0\nmov %r1, %r10\nadd %r1, -16\nmov %r2, 16\nmov %r3, 0\nmov %r4, 0\n"
                    + "mov %r5, 0\ncall 28\nmov %r0, 2\nexit\n", "read of uninitialised stack");
            x.accepts("mov %r1, 0\nmov %r2, 0\nmov %r3, 0\nmov %r4, 0\nmov %r5, 0\ncall 28\nmov %r0, 2\nexit\n");
            x.refuses("mov %r1, 0\nmov %r2, 4\nmov %r3, 0\nmov %r4, 0\nmov %r5, 0\ncall 28\nmov %r0, 2\nexit\n",
                    "NULL memory with a non-zero size");
            x.refuses(buf + "lddw %r2, 0x100000000\nmov %r3, 0\nmov %r4, 0\nmov %r5, 0\ncall 28\n"
                    + "mov %r0, 2\nexit\n", "unbounded size");
            x.refuses(buf + "ldxw %r2, [%r10-8]\nsub %r2, 1\nmov %r3, 0\nmov %r4, 0\nmov %r5, 0\ncall 28\n"
                    + "mov %r0, 2\nexit\n", "size may be negative");
        }

        @Test
        void onlySomeHelpersMayReadThePacket() {
            String checked = PKT + "mov %r4, %r2\nadd %r4, 8\njgt %r4, %r3, out\n";
            x.accepts(checked + "lddw %r1, map(counters)\ncall 1\n" + OUT);
            x.refuses(checked + "mov %r1, %r2\nmov %r2, 8\ncall 6\n" + OUT, "helper access to the packet is not allowed");
        }

        @Test
        void helpersWriteTheStackTheyAreGiven() {
            x.accepts("mov %r6, %r1\nmov %r2, 0\nmov %r3, %r10\nadd %r3, -8\nmov %r4, 8\ncall 189\n"
                    + "ldxdw %r0, [%r10-8]\nand %r0, 3\nexit\n");
        }

        @Test
        void indirectCallsAreRefused() {
            x.refuses("mov %r2, 5\ncall %r2\nexit\n", "indirect call");
        }
    }

    @Nested
    class ControlFlowRules {
        @Test
        void deadCodeIsRefusedButCodeOnAnImpossibleBranchIsNotChecked() {
            x.refuses("mov %r0, 2\nexit\nmov %r0, 1\nexit\n", "unreachable instruction");
            x.accepts("mov %r0, 1\njeq %r0, 1, ok\nldxdw %r0, [%r0+0]\nok:\nexit\n");
        }

        @Test
        void boundedLoopsEndAndOthersAreRefused() {
            x.accepts("mov %r0, 0\nmov %r2, 0\nloop:\nadd %r0, %r2\nadd %r2, 1\njlt %r2, 100, loop\nand %r0, 3\nexit\n");
            Verification v = x.verifier.limits(new VerifierLimits(20_000, 8192, 64, 200_000, 8))
                    .verify(x.program("mov %r0, 0\nloop:\nadd %r0, 1\njne %r0, 0, loop\nexit\n"));
            assertThat(v.rejection().get().message()).matches("insn [12] \\(.*\\): the program is too complex");
            assertThat(v.rejection().get().detail()).isEqualTo("20000 instructions were processed without finishing "
                    + "(an unbounded loop?)");
            x.refuses("stw [%r10-4], 0\nloop:\nldxw %r0, [%r10-4]\njeq %r0, 0, loop\nexit\n", "infinite loop");
        }

        @Test
        void limitsAreRefusalsThatSayWhichLimit() {
            Verification v = x.verifier.limits(new VerifierLimits(50, 8192, 64, 200_000, 8))
                    .verify(x.program("mov %r0, 0\nmov %r2, 0\nloop:\nadd %r2, 1\njlt %r2, 100, loop\nexit\n"));
            assertThat(v.rejection().get().reason()).isEqualTo("the program is too complex");
            assertThat(v.rejection().get().detail()).startsWith("50 instructions");
        }

        @Test
        void functionsGetTheirOwnFramesAndMayUseTheCallers() {
            x.accepts("stdw [%r10-8], 1\nmov %r1, %r10\nadd %r1, -8\ncall local bump\nldxdw %r0, [%r10-8]\n"
                    + "and %r0, 3\nexit\nbump:\nldxdw %r2, [%r1+0]\nadd %r2, 1\nstxdw [%r1+0], %r2\nstdw [%r10-256], 0\n"
                    + "mov %r0, 0\nexit\n");
            x.refuses("call local f\nldxdw %r0, [%r0+0]\nexit\nf:\nstdw [%r10-8], 0\nmov %r0, %r10\nadd %r0, -8\n"
                    + "exit\n", "returning a pointer to the function's own stack");
            x.refuses("call local f\nmov %r0, 2\nexit\nf:\ncall local f\nmov %r0, 0\nexit\n", "recursive call");
            x.refuses("stdw [%r10-512], 0\ncall local f\nmov %r0, 2\nexit\nf:\nstdw [%r10-8], 0\nmov %r0, 0\nexit\n",
                    "combined stack too large");
        }

        @Test
        void callbacksAreCalledBackAndMustReturnZeroOrOne() {
            String loop = "stdw [%r10-8], 0\nmov %r1, 10\nlddw %r2, fn\nmov %r3, %r10\nadd %r3, -8\nmov %r4, 0\n"
                    + "call 181\nldxdw %r0, [%r10-8]\nand %r0, 3\nexit\n";
            String callback = "fn:\nldxdw %r3, [%r2+0]\nadd %r3, %r1\nstxdw [%r2+0], %r3\nmov %r0, RET\nexit\n";
            Verification v = x.verify(loop.replace("lddw %r2, fn", ".insn 0x0000000800004218\n.insn 0x0")
                    + callback.replace("RET", "0"));
            assertThat(v.accepted()).as(() -> v.rejection().map(Verification.Rejection::report).orElse("")).isTrue();
            x.refuses(loop.replace("lddw %r2, fn", ".insn 0x0000000800004218\n.insn 0x0") + callback.replace("RET",
                    "2"), "callback return value out of range");
        }

        @Test
        void theActionMustBeSetAndIsWarnedAboutWhenItMayBeInvalid() {
            x.refuses("exit\n", "r0 is not set at exit");
            Verification v = x.accepts("mov %r0, 42\nexit\n");
            assertThat(v.warnings()).hasSize(1);
            assertThat(v.warnings().get(0).text()).isEqualTo("insn 1 (exit): the return value may not be an XDP "
                    + "action (XDP_ABORTED..XDP_REDIRECT = 0..4): r0 = 42");
            assertThat(x.accepts("mov %r0, %r1\nexit\n").warnings().get(0).message())
                    .startsWith("the program returns a pointer");
            assertThat(x.accepts("mov %r0, 4\nexit\n").warnings()).isEmpty();
        }

        @Test
        void pointersIntoDifferentRegionsAreNotCompared() {
            x.refuses(PKT + "jgt %r2, %r10, out\n" + OUT, "comparison of pointers to different regions");
            x.accepts(PKT + "mov %r4, %r10\nadd %r4, -8\njgt %r4, %r10, out\n" + OUT);
        }

        @Test
        void divisionByAConstantZeroAndWideShiftsAreRefused() {
            x.refuses("mov %r0, 1\ndiv %r0, 0\nexit\n", "division by zero");
            x.refuses("mov %r0, 1\nlsh32 %r0, 32\nexit\n", "invalid shift by 32 (a 32-bit shift takes 0..31)");
            x.accepts("mov %r0, 1\nmov %r2, 0\ndiv %r0, %r2\nexit\n");
        }
    }

    @Nested
    class Precision {
        /** r8 = a value of map flows (16 bytes); r5, r6 = two of its bytes. */
        private static final String VALUE = "stdw [%r10-8], 0\nmov %r2, %r10\nadd %r2, -8\nlddw %r1, map(flows)\n"
                + "call 1\njeq %r0, 0, out\nmov %r8, %r0\nldxb %r5, [%r8+0]\nldxb %r6, [%r8+1]\n";
        /** Index the value by r5, which must be at most 15. */
        private static final String INDEX = "mov %r9, %r8\nadd %r9, %r5\nldxb %r0, [%r9+0]\nmov %r0, 2\nexit\n"
                + "out:\nmov %r0, 1\nexit\n";

        /** Enough work that a checkpoint is kept at the next jump target (the kernel's spacing). */
        private static final String PAD = "ja +0\nja +0\n" + "mov %r1, 0\n".repeat(8);

        @Test
        void aComparisonBoundsTheRegistersSpilledCopy() {
            // spill r5, bound r5, reload the spill: the reload is bounded too (the kernel links
            // a scalar and its spill by id; the bundled DoS filter's load_bytes size relies on it)
            String prog = VALUE + "stxdw [%r10-16], %r5\njgt %r5, 15, out\nldxdw %r5, [%r10-16]\n" + INDEX;
            x.accepts(prog);
            x.refuses(prog.replace("jgt %r5, 15, out", "jgt %r6, 15, out"), "map value access out of bounds");
        }

        @Test
        void aPathIsNotPrunedByOneWhereACopyBoundedTheIndex() {
            // on the first path r7 is a copy of r5, so "r7 > 15" bounds r5; on the second it is not
            String prog = VALUE + "jgt %r6, 100, other\nmov %r7, %r5\n" + PAD + "ja merge\n"
                    + "other:\nldxb %r7, [%r8+2]\n" + PAD + "merge:\njgt %r7, 15, out\n" + INDEX;
            x.refuses(prog, "map value access out of bounds");
            x.accepts(prog.replace("ldxb %r7, [%r8+2]", "mov %r7, %r5"));
        }

        @Test
        void aPathIsNotPrunedByOneWhereTheBoundACopyWasComparedWithDiffers() {
            // "r7 > r4" bounds r5 through its copy r7, so r4 (15 on one path, 200 on the other) matters
            String prog = VALUE + "jgt %r6, 100, other\nmov %r4, 15\n" + PAD + "ja merge\n"
                    + "other:\nmov %r4, 200\n" + PAD + "merge:\nmov %r7, %r5\njgt %r7, %r4, out\n" + INDEX;
            x.refuses(prog, "map value access out of bounds");
            x.accepts(prog.replace("mov %r4, 200", "mov %r4, 15"));
        }

        @Test
        void aPathIsNotPrunedByOneWhereAConstantDecidedABranch() {
            String prog = VALUE + "and %r5, 15\nmov %r4, 0\njgt %r6, 100, other\n" + PAD + "ja merge\n"
                    + "other:\nmov %r4, 1\n" + PAD + "merge:\njeq %r4, 0, safe\nadd %r5, 8\nsafe:\n" + INDEX;
            Verification.Rejection r = x.refuses(prog, "map value access out of bounds");
            assertThat(r.registers()).contains("smax=23");
            x.accepts(prog.replace("add %r5, 8", "add %r5, 0"));
        }

        @Test
        void numbersThatDecideNothingDoNotKeepPathsApart() {
            // eight independent choices of a number that only feeds the return value
            StringBuilder b = new StringBuilder("ldxw %r6, [%r1+16]\nmov %r7, 0\n");
            for (int i = 0; i < 8; i++) {
                b.append("jset %r6, ").append(1 << i).append(", l").append(i).append("\nadd %r7, ").append(i + 1)
                        .append("\nl").append(i).append(":\n");
            }
            b.append("mov %r0, %r7\nand %r0, 3\nexit\n");
            Verification v = x.accepts(b.toString());
            assertThat(v.stats().instructions()).as("processed").isLessThan(200);
        }
    }

    @Nested
    class Results {
        @Test
        void refusalsNameTheSourceLine() {
            Verification v = x.verifier.verify(x.program("ldxdw %r0, [%r10-8]\nexit\n"),
                    pc -> pc == 0 ? "prog.c:37" : null);
            Verification.Rejection r = v.rejection().get();
            assertThat(r.message()).isEqualTo("insn 0 (r0 = *(u64 *)(r10 - 8)): read of uninitialised stack [prog.c:37]");
            assertThat(v.proofs()).isSameAs(AccessProofs.EMPTY);
            assertThatThrownBy(v::orThrow).isInstanceOf(ProgramRejectedException.class)
                    .hasMessageStartingWith("insn 0 (r0 = *(u64 *)(r10 - 8)): read of uninitialised stack [prog.c:37]\n"
                            + "  8 bytes at fp-8: fp-8 was never written");
        }

        @Test
        void statesAreRecordedWhenAsked() {
            Verification v = x.verifier.recordStates(true).verify(x.program(PKT + "mov %r0, 2\nexit\n"));
            assertThat(v.hasStates()).isTrue();
            assertThat(v.statesAt(0)).containsExactly("r1=ctx() r10=fp0");
            assertThat(v.statesAt(2)).containsExactly("r1=ctx() r2=pkt(r=0) r3=pkt_end() r10=fp0");
            assertThat(x.verify(PKT + "mov %r0, 2\nexit\n").statesAt(0)).isEmpty();
        }

        @Test
        void structuralRefusalsComeFirst() {
            Verification.Rejection r = x.refuses("call 53\nexit\n", "call to unknown helper 53");
            assertThat(r.detail()).isEqualTo("bpf_sock_map_update is not one of the helpers jxdp gives XDP programs");
        }
    }
}
