package org.jxdp.engine.jit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.jxdp.engine.conformance.ConformanceHelpers;
import org.jxdp.engine.isa.Insn;
import org.jxdp.engine.isa.Program;
import org.jxdp.engine.testing.EngineDifferential;
import org.jxdp.engine.testing.ProgramGenerator;
import org.jxdp.engine.verifier.ProgramRejectedException;
import org.jxdp.engine.vm.ProgramEnvironment;

/**
 * Every method the JIT generates stays within HotSpot's huge-method limit (8000 bytes of
 * bytecode, above which C2 will not compile it), whatever the shape of the program: long
 * straight runs, dense branches, memory-heavy blocks, many functions. And the programs still
 * mean the same on both engines. A function cut into parts enters each part only where control
 * comes from outside it.
 */
class GeneratedMethodSizeTest {
    private static final int HUGE_METHOD_LIMIT = 8000;

    private static void assertMethodsFit(Program p) throws ProgramRejectedException {
        byte[] bytes = Jit.bytecode(p, ProgramEnvironment.of(ConformanceHelpers.table()));
        Map<String, Integer> sizes = ClassFileMethods.codeLengths(bytes);
        assertThat(sizes).isNotEmpty();
        assertThat(sizes).allSatisfy((method, size) -> assertThat(size).as(method).isLessThanOrEqualTo(HUGE_METHOD_LIMIT));
    }

    @Test
    void aStraightRunOfTwentyThousandInstructionsIsSplit() throws ProgramRejectedException {
        SplittableRandom r = new SplittableRandom(1);
        long[] slots = new long[20_001];
        for (int i = 0; i < 20_000; i++) {
            int op = new int[] {0x07, 0x17, 0x27, 0xa7, 0xaf, 0x0f, 0x6f, 0x77}[r.nextInt(8)];
            boolean x = (op & 0x08) != 0;
            slots[i] = Insn.encode(op, r.nextInt(10), x ? r.nextInt(10) : 0, 0, x ? 0 : r.nextInt(1, 60));
        }
        slots[20_000] = Insn.encode(0x95, 0, 0, 0, 0);
        Program p = Program.of("straight", slots);
        assertMethodsFit(p);
        assertThat(EngineDifferential.plain(100_000).check(p, new byte[8]).fault()).isNull();
    }

    @Test
    void aStraightRunOfMemoryAccessesAndAtomicsIsSplit() throws ProgramRejectedException {
        SplittableRandom r = new SplittableRandom(2);
        long[] slots = new long[6_001];
        for (int i = 0; i < 6_000; i++) {
            slots[i] = switch (r.nextInt(3)) {
                case 0 -> Insn.encode(0x79, 1 + r.nextInt(9), 10, -8 * (1 + r.nextInt(60)), 0);
                case 1 -> Insn.encode(0x7b, 10, r.nextInt(10), -8 * (1 + r.nextInt(60)), 0);
                default -> Insn.encode(0xdb, 10, r.nextInt(10), -8 * (1 + r.nextInt(60)), 0x01);
            };
        }
        slots[6_000] = Insn.encode(0x95, 0, 0, 0, 0);
        Program p = Program.of("memory", slots);
        assertMethodsFit(p);
        assertThat(EngineDifferential.plain(100_000).check(p, new byte[8]).fault()).isNull();
    }

    @Test
    void largeBranchyProgramsWithFunctionsAreSplit() throws ProgramRejectedException {
        ProgramGenerator gen = new ProgramGenerator(3).functions(6).loops();
        for (int i = 0; i < 5; i++) {
            Program p = gen.next(4_000);
            assertMethodsFit(p);
            EngineDifferential.plain(50_000).check(p, new byte[24]);
        }
    }

    @Test
    void aPartIsEnteredOnlyAtTheBlocksControlReachesFromOutsideIt() throws ProgramRejectedException {
        // 200 blocks of 40 ALU instructions, each ending in a jump that control takes or not to the
        // next block, after a first jump straight to the exit: control comes into a part from
        // another only at the part's first block (from the part before) and at the exit (from the
        // first instruction), so those are all a part's entry switch lists, whatever the cut
        SplittableRandom r = new SplittableRandom(4);
        int blocks = 200;
        int perBlock = 40;
        int exit = 1 + blocks * (perBlock + 1);
        long[] slots = new long[exit + 1];
        slots[0] = Insn.encode(0x55, 2, 0, exit - 1, 7); // if r2 (the input's length) != 7 goto exit
        int pc = 1;
        for (int b = 0; b < blocks; b++) {
            for (int i = 0; i < perBlock; i++) {
                int op = new int[] {0x07, 0x17, 0xa7, 0xaf, 0x0f}[r.nextInt(5)];
                boolean x = (op & 0x08) != 0;
                slots[pc++] = Insn.encode(op, r.nextInt(10), x ? r.nextInt(10) : 0, 0, x ? 0 : r.nextInt(1, 60));
            }
            slots[pc++] = Insn.encode(0x25, 3, 0, 0, r.nextInt(100)); // if r3 > imm goto +0
        }
        slots[exit] = Insn.encode(0x95, 0, 0, 0, 0);
        Program p = Program.of("blocks", slots);
        assertMethodsFit(p);

        byte[] bytes = Jit.bytecode(p, ProgramEnvironment.of(ConformanceHelpers.table()));
        Map<Integer, int[]> parts = new TreeMap<>();
        ClassFileMethods.lookupSwitchKeys(bytes).forEach((method, keys) -> {
            if (method.startsWith("f0_p")) {
                parts.put(Integer.parseInt(method.substring(4)), keys);
            }
        });
        assertThat(parts).as("parts of f0").hasSizeGreaterThan(2);
        int[] firstBlocks = new int[parts.size()];
        parts.forEach((k, keys) -> {
            assertThat(keys).as("entries of f0_p" + k).isNotEmpty().hasSizeLessThanOrEqualTo(2);
            firstBlocks[k] = keys[0];
        });
        assertThat(firstBlocks[0]).isZero();
        assertThat(Arrays.stream(firstBlocks).skip(1)).allSatisfy(b -> assertThat((b - 1) % (perBlock + 1)).isZero());
        assertThat(parts.get(parts.size() - 1)).contains(exit);
        for (int length : new int[] {7, 8}) { // through every part, and straight to the exit
            assertThat(EngineDifferential.plain(100_000).check(p, new byte[length]).fault()).isNull();
        }
    }
}
