package org.jxdp.engine.asm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.jxdp.engine.isa.Insn;
import org.jxdp.engine.isa.Program;

/** The conformance-suite assembly syntax, FORMAT.md section 4. */
class AssemblerTest {

    private static long[] asm(String text) throws AssemblyException {
        return Assembler.assemble("t", text).slots();
    }

    private static long insn(int code, int dst, int src, int off, int imm) {
        return Insn.encode(code, dst, src, off, imm);
    }

    @Test
    void arithmeticWithImmediatesAndRegisters() throws AssemblyException {
        assertThat(asm("add %r1, 2\nadd32 %r1, %r2\nsdiv %r3, -4\nsmod32 %r3, %r4\nneg %r5\nneg32 %r6"))
                .containsExactly(insn(0x07, 1, 0, 0, 2), insn(0x0c, 1, 2, 0, 0), insn(0x37, 3, 0, 1, -4),
                        insn(0x9c, 3, 4, 1, 0), insn(0x87, 5, 0, 0, 0), insn(0x84, 6, 0, 0, 0));
    }

    @Test
    void hexImmediatesAreRawBitPatternsAndDecimalsMustFit() throws AssemblyException {
        assertThat(asm("mov32 %r0, 0xffffffff")).containsExactly(insn(0xb4, 0, 0, 0, -1));
        assertThat(asm("mov %r0, -2147483648")).containsExactly(insn(0xb7, 0, 0, 0, Integer.MIN_VALUE));
        assertThatThrownBy(() -> asm("mov32 %r0, 2147483648")).hasMessage("line 1: Immediate out of 32-bit range: 2147483648");
        assertThatThrownBy(() -> asm("mov32 %r0, 0x100000000")).hasMessageContaining("Immediate out of 32-bit range");
    }

    @Test
    void lddwTakesSixtyFourBitsInTwoSlots() throws AssemblyException {
        assertThat(asm("lddw %r0, 0x1122334455667788")).containsExactly(0x5566778800000018L, 0x1122334400000000L);
        assertThat(asm("lddw %r1, -1")).containsExactly(insn(0x18, 1, 0, 0, -1), insn(0, 0, 0, 0, -1));
        assertThat(asm("lddw %r1, 0xffffffffffffffff")).isEqualTo(asm("lddw %r1, -1"));
        assertThatThrownBy(() -> asm("lddw %r0")).hasMessageContaining("Invalid number of operands for lddw");
    }

    @Test
    void memoryOperands() throws AssemblyException {
        assertThat(asm("ldxh %r0, [%r1+2]\nldxsb %r0, [%r10-1]\nstw [%r10-8], 5\nstxdw [%r2], %r3\nldxdw %r0, [%r1 + 0x10]"))
                .containsExactly(insn(0x69, 0, 1, 2, 0), insn(0x91, 0, 10, -1, 0), insn(0x62, 10, 0, -8, 5),
                        insn(0x7b, 2, 3, 0, 0), insn(0x79, 0, 1, 16, 0));
        assertThatThrownBy(() -> asm("ldxb %r0, [%r1+0x10000]")).hasMessageContaining("Offset out of 16-bit range");
        assertThatThrownBy(() -> asm("ldxb %r0, %r1")).hasMessageContaining("Invalid memory operand");
        assertThatThrownBy(() -> asm("ldxq %r0, [%r1]")).hasMessage("line 1: Invalid mnemonic: ldxq");
    }

    @Test
    void registers() {
        assertThatThrownBy(() -> asm("or %r0, %r50")).hasMessage("line 1: Invalid register: %r50");
        assertThatThrownBy(() -> asm("\n\nmov %r16, 1")).hasMessage("line 3: Invalid register: %r16");
    }

    @Test
    void jumpsTakeRelativeOffsetsOrLabels() throws AssemblyException {
        assertThat(asm("ja +1\nexit\njeq %r1, 5, -3\njne32 %r1, %r2, +0"))
                .containsExactly(insn(0x05, 0, 0, 1, 0), insn(0x95, 0, 0, 0, 0), insn(0x15, 1, 0, -3, 5),
                        insn(0x5e, 1, 2, 0, 0));
        assertThat(asm("top:\nlddw %r0, 1\nja top\nja32 top")).containsExactly(insn(0x18, 0, 0, 0, 1),
                insn(0, 0, 0, 0, 0), insn(0x05, 0, 0, -3, 0), insn(0x06, 0, 0, 0, -4));
        assertThatThrownBy(() -> asm("ja NOT_A_LABEL\nexit")).hasMessage("line 1: Invalid label: NOT_A_LABEL");
    }

    @Test
    void theFirstExitDefinesTheExitLabel() throws AssemblyException {
        assertThat(asm("jeq %r1, 0, exit\nmov %r0, 1\nexit\nexit")).startsWith(insn(0x15, 1, 0, 1, 0));
        assertThat(asm("jeq %r1, 0, exit\nexit\nexit:\nexit")).startsWith(insn(0x15, 1, 0, 1, 0));
    }

    @Test
    void calls() throws AssemblyException {
        assertThat(asm("call 5\ncall helper 6\ncall %r2\ncall local f\nexit\nf:\nexit\ncall runtime 7"))
                .containsExactly(insn(0x85, 0, 0, 0, 5), insn(0x85, 0, 0, 0, 6), insn(0x8d, 2, 0, 0, 0),
                        insn(0x85, 0, 1, 0, 1), insn(0x95, 0, 0, 0, 0), insn(0x95, 0, 0, 0, 0), insn(0x85, 0, 2, 0, 7));
    }

    @Test
    void atomics() throws AssemblyException {
        assertThat(asm("lock add [%r1+8], %r2\nlock fetch xor32 [%r10-4], %r3\nlock xchg [%r1], %r2\n"
                + "lock cmpxchg32 [%r1], %r2\nlock fetch and [%r1], %r2"))
                .containsExactly(insn(0xdb, 1, 2, 8, 0x00), insn(0xc3, 10, 3, -4, 0xa1), insn(0xdb, 1, 2, 0, 0xe1),
                        insn(0xc3, 1, 2, 0, 0xf1), insn(0xdb, 1, 2, 0, 0x51));
        assertThatThrownBy(() -> asm("lock or [%r10-8]")).hasMessage("line 1: Invalid number of operands for lock");
        assertThatThrownBy(() -> asm("lock")).hasMessage("line 1: Invalid number of operands for lock");
        assertThatThrownBy(() -> asm("lock nand [%r1], %r2")).hasMessageContaining("Invalid atomic operation: nand");
    }

    @Test
    void byteOrderAndSignExtension() throws AssemblyException {
        assertThat(asm("le16 %r1\nbe64 %r2\nbswap32 %r3\nswap16 %r4\nmovsx832 %r0, %r1\nmovsx3264 %r0, %r1"))
                .containsExactly(insn(0xd4, 1, 0, 0, 16), insn(0xdc, 2, 0, 0, 64), insn(0xd7, 3, 0, 0, 32),
                        insn(0xd7, 4, 0, 0, 16), insn(0xbc, 0, 1, 8, 0), insn(0xbf, 0, 1, 32, 0));
        assertThatThrownBy(() -> asm("movsx832 %r0, 5")).hasMessageContaining("takes a register source");
    }

    @Test
    void commentsLabelsAndRawSlots() throws AssemblyException {
        Program p = Assembler.assemble("t", "# header\r\nstart: mov %r0, 1 # trailing\r\n\n.insn 0x0000000000000095\n");
        assertThat(p.slots()).containsExactly(insn(0xb7, 0, 0, 0, 1), 0x95L);
        assertThatThrownBy(() -> asm("a:\na:\nexit")).hasMessage("line 2: Duplicate label: a");
    }
}
