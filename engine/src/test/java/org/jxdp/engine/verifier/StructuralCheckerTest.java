package org.jxdp.engine.verifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.jxdp.engine.conformance.ConformanceHelpers;
import org.jxdp.engine.isa.Insn;
import org.jxdp.engine.isa.Program;
import org.jxdp.engine.testing.Engines;
import org.jxdp.engine.vm.HelperTable;
import org.jxdp.engine.vm.ProgramEnvironment;

/** Every load-time refusal names the instruction and says why. */
class StructuralCheckerTest {

    private static ProgramStructure check(String asm) throws ProgramRejectedException {
        return StructuralChecker.check(Engines.assemble(asm), ConformanceHelpers.table());
    }

    private static ProgramStructure check(long... slots) throws ProgramRejectedException {
        return StructuralChecker.check(Program.of("t", slots), ConformanceHelpers.table());
    }

    private static String refusal(String asm) {
        try {
            check(asm);
        } catch (ProgramRejectedException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + asm);
    }

    private static String refusal(long... slots) {
        try {
            check(slots);
        } catch (ProgramRejectedException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted");
    }

    private static long insn(int code, int dst, int src, int off, int imm) {
        return Insn.encode(code, dst, src, off, imm);
    }

    private static final long EXIT = insn(0x95, 0, 0, 0, 0);

    @Test
    void anEmptyProgramIsRefused() {
        assertThat(refusal(new long[0])).isEqualTo("the program has no instructions");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0x8e", "0x9d", "0x0d", "0xe4", "0xf7", "0xdf", "0x99", "0x00", "0x86", "0x96",
        "0xe5", "0x42", "0x82", "0x83", "0x19"})
    void unknownOpcodesAreRefused(String code) {
        int c = Integer.decode(code);
        assertThat(refusal(insn(c, 0, 0, 0, 0), EXIT))
                .startsWith("insn 0 (").endsWith("unknown opcode " + String.format("0x%02x", c));
    }

    @Test
    void legacyPacketLoadsAreRefusedWithAClearMessage() {
        assertThat(refusal("ldabsh 12\nexit"))
                .isEqualTo("insn 0 (r0 = *(u16 *)skb[12]): legacy packet access (BPF_LD | BPF_ABS) is not supported;"
                        + " use direct packet access through ctx->data");
        assertThat(refusal("ldindb %r1, 2\nexit")).contains("BPF_LD | BPF_IND");
    }

    @Test
    void registersBeyondR10AreRefused() {
        assertThat(refusal(insn(0xb7, 11, 0, 0, 1), EXIT)).isEqualTo(
                "insn 0 (r11 = 1): invalid destination register r11 (registers are r0..r10)");
        assertThat(refusal(insn(0xbf, 0, 12, 0, 0), EXIT)).contains("invalid source register r12");
        assertThat(refusal(insn(0x8d, 11, 0, 0, 0), EXIT)).contains("invalid destination register r11");
        assertThat(refusal(insn(0x1d, 0, 15, 0, 0), EXIT)).contains("invalid source register r15");
    }

    @Test
    void writesToTheFramePointerAreRefused() {
        assertThat(refusal("mov %r10, 1\nexit")).isEqualTo("insn 0 (r10 = 1): writes r10, the read-only frame pointer");
        assertThat(refusal("ldxdw %r10, [%r1]\nexit")).contains("writes r10");
        assertThat(refusal("lddw %r10, 1\nexit")).contains("writes r10");
        assertThat(refusal("lock fetch add [%r1], %r10\nexit")).contains("writes r10");
    }

    @Test
    void storesThroughTheFramePointerAreFine() throws ProgramRejectedException {
        check("stdw [%r10-8], 1\nstxdw [%r10-16], %r10\nmov %r0, 0\nexit");
    }

    @Test
    void jumpsMustLandInsideTheProgram() {
        assertThat(refusal("ja +5\nexit")).isEqualTo("insn 0 (goto +5): jump target 6 is outside the program (insns 0..1)");
        assertThat(refusal("jeq %r0, 0, -2\nexit")).contains("jump target -1 is outside");
        assertThat(refusal("ja32 +100\nexit")).contains("jump target 101 is outside");
    }

    @Test
    void jumpsIntoTheMiddleOfAnLddwAreRefused() {
        assertThat(refusal("ja +1\nlddw %r0, 1\nexit")).isEqualTo(
                "insn 0 (goto +1): jump target 2 is the second half of an LDDW");
    }

    @Test
    void lddwMustBeWhole() {
        assertThat(refusal(insn(0x18, 0, 0, 0, 1))).isEqualTo(
                "insn 0 (r0 = <incomplete lddw>): incomplete LDDW: the program ends before its second slot");
        assertThat(refusal(insn(0x18, 0, 0, 0, 1), insn(0, 1, 0, 0, 0), EXIT))
                .contains("LDDW second slot must have zero opcode, registers and offset");
        assertThat(refusal(insn(0x18, 0, 0, 0, 1), insn(0x95, 0, 0, 0, 0), EXIT)).contains("LDDW second slot");
        assertThat(refusal(insn(0x18, 0, 0, 3, 1), insn(0, 0, 0, 0, 0), EXIT)).contains("reserved offset field is 3");
    }

    @Test
    void lddwPseudoSourcesNeedWhatTheyReferTo() {
        assertThat(refusal(insn(0x18, 1, 1, 0, 0), insn(0, 0, 0, 0, 0), EXIT))
                .isEqualTo("insn 0 (r1 = map[fd:0]): LDDW refers to map 0, which does not exist");
        assertThat(refusal(insn(0x18, 1, 3, 0, 7), insn(0, 0, 0, 0, 0), EXIT)).contains("BPF_PSEUDO_BTF_ID");
        assertThat(refusal(insn(0x18, 1, 9, 0, 0), insn(0, 0, 0, 0, 0), EXIT)).contains("unknown pseudo source 9");
        assertThat(refusal(insn(0x18, 1, 4, 0, 50), insn(0, 0, 0, 0, 0), EXIT)).contains("function pointer target 51");
    }

    @Test
    void mapReferencesMustNameExistingMapsAndValues() throws ProgramRejectedException {
        ProgramEnvironment env = new ProgramEnvironment() {
            @Override
            public HelperTable helpers() {
                return HelperTable.empty();
            }

            @Override
            public boolean mapExists(long id) {
                return id == 2;
            }

            @Override
            public long mapValueAddress(long id, long offset) {
                return offset < 8 ? offset : -1;
            }
        };
        StructuralChecker.check(Program.of("t", insn(0x18, 1, 1, 0, 2), insn(0, 0, 0, 0, 0), EXIT), env);
        StructuralChecker.check(Program.of("t", insn(0x18, 1, 2, 0, 2), insn(0, 0, 0, 0, 7), EXIT), env);
        assertThatThrownBy(() -> StructuralChecker.check(
                Program.of("t", insn(0x18, 1, 2, 0, 2), insn(0, 0, 0, 0, 8), EXIT), env))
                .hasMessageContaining("offset 8 of the value of map 2, which does not allow direct value access");
        assertThatThrownBy(() -> StructuralChecker.check(
                Program.of("t", insn(0x18, 1, 5, 0, 1), insn(0, 0, 0, 0, 0), EXIT), env))
                .hasMessageContaining("LDDW refers to map 1, which does not exist");
    }

    @Test
    void programsMustEndWithExitOrAJump() {
        assertThat(refusal("mov %r0, 0")).isEqualTo(
                "insn 0 (r0 = 0): the program does not end with exit or an unconditional jump");
        assertThat(refusal("mov %r0, 0\nja -2")).isEqualTo("insn 0 (r0 = 0): the program has no exit instruction");
    }

    @Test
    void functionsMustEndAndHaveAnExit() {
        assertThat(refusal("call local f\nexit\nf:\nmov %r0, 1"))
                .isEqualTo("insn 2 (r0 = 1): the function at insn 2 does not end with exit or an unconditional jump");
        assertThat(refusal("call local f\nexit\nf:\nja f")).contains("the function at insn 2 has no exit instruction");
        assertThat(refusal("mov %r0, 1\ncall local f\nf:\nexit"))
                .contains("the function at insn 0 does not end with exit");
    }

    @Test
    void jumpsMayNotLeaveTheirFunction() {
        assertThat(refusal("call local f\nja g\nexit\nf:\nmov %r0, 1\ng:\nexit")).isEqualTo(
                "insn 1 (goto +2): jump to insn 4 leaves the function at insns [0, 2]");
    }

    @Test
    void callsNameAKnownHelperOrAFunction() {
        assertThat(refusal("call 63\nexit")).isEqualTo("insn 0 (call 63): call to unknown helper 63");
        assertThat(refusal("call -1\nexit")).contains("call to unknown helper 4294967295");
        assertThat(refusal("call local +9\nexit")).contains("call target 10 is outside the program");
        assertThat(refusal("call runtime 12\nexit")).contains("kfunc 12");
        assertThat(refusal(insn(0x85, 0, 7, 0, 0), EXIT)).contains("call has unknown source 7");
    }

    @Test
    void reservedFieldsOfOperationsMustBeZero() {
        assertThat(refusal(insn(0x87, 0, 0, 0, 1), EXIT)).contains("reserved immediate field is 1");
        assertThat(refusal(insn(0x8f, 0, 0, 0, 0), EXIT)).contains("BPF_NEG takes no source operand");
        assertThat(refusal(insn(0xd4, 0, 0, 0, 8), EXIT)).contains("byte swap width must be 16, 32 or 64, not 8");
        assertThat(refusal(insn(0x3f, 0, 1, 2, 0), EXIT)).contains("reserved offset field is 2");
        assertThat(refusal(insn(0x1f, 0, 1, 1, 0), EXIT)).contains("reserved offset field is 1");
        assertThat(refusal(insn(0xbc, 0, 1, 32, 0), EXIT)).contains("sign-extending move from 32 bits is not defined for 32-bit ALU");
        assertThat(refusal(insn(0xb7, 0, 0, 8, 0), EXIT)).contains("reserved offset field is 8");
        assertThat(refusal(insn(0x05, 0, 0, 0, 1), EXIT)).contains("reserved immediate field is 1");
        assertThat(refusal(insn(0x06, 0, 0, 1, 0), EXIT)).contains("reserved offset field is 1");
    }

    @Test
    void atomicsAreDefinedOnWordsAndDoubleWords() {
        assertThat(refusal(insn(0xd3, 1, 2, 0, 0), EXIT))
                .contains("atomic operations are defined on 32 and 64 bits only, not on 8 bits");
        assertThat(refusal(insn(0xdb, 1, 2, 0, 0x10), EXIT)).contains("unknown atomic operation 0x10");
        assertThat(refusal(insn(0xdb, 1, 2, 0, 0xe0), EXIT)).contains("unknown atomic operation 0xe0");
    }

    @Test
    void theStructureListsFunctionsAndLddwHalves() throws ProgramRejectedException {
        ProgramStructure s = check("lddw %r0, 1\ncall local f\nexit\nf:\nexit");
        assertThat(s.functionStarts()).containsExactly(0, 4);
        assertThat(s.isLddwTail(1)).isTrue();
        assertThat(s.isLddwTail(0)).isFalse();
        assertThat(s.functionOf(3)).isZero();
        assertThat(s.functionOf(4)).isEqualTo(1);
    }

    @Test
    void boundedRunsCheckTheBudgetOnlyWhereARunCanGoRound() throws ProgramRejectedException {
        // 1-2: a loop closed by the jump at 2; 4: a block reached by falling through and by a
        // backward jump (7) that closes no cycle (4 goes on to an exit); 8: a subprogram.
        ProgramStructure s = check(String.join("\n",
                "mov %r1, 3",
                "loop: sub %r1, 1",
                "jne %r1, 0, loop",
                "jeq %r1, 7, later",
                "shared: mov %r0, 0",
                "exit",
                "later: call local f",
                "ja shared",
                "f: exit"));
        assertThat(s.checksBudget(1)).isTrue();
        assertThat(s.checksBudget(4)).as("every backward target checks an unbounded run").isTrue();
        assertThat(s.checksBudget(0)).isTrue();
        assertThat(s.checksBoundedBudget(1)).as("the loop header").isTrue();
        assertThat(s.checksBoundedBudget(4)).as("a backward target on no cycle").isFalse();
        assertThat(s.checksBoundedBudget(0)).as("the program's entry").isFalse();
        assertThat(s.checksBoundedBudget(8)).as("a subprogram's entry").isTrue();
        // a jump to itself and a cycle through a call are cycles too
        assertThat(check("self: ja self\nexit").checksBoundedBudget(0)).isTrue();
        ProgramStructure viaCall = check("top: call local f\njeq %r0, 1, done\nja top\ndone: exit\nf: mov %r0, 0\nexit");
        assertThat(viaCall.checksBoundedBudget(0)).isTrue();
    }
}
