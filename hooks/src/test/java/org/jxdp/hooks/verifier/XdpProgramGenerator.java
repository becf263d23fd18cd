package org.jxdp.hooks.verifier;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jxdp.engine.isa.Insn;
import org.jxdp.engine.isa.Program;

/**
 * Random XDP programs built from the shapes real programs have, each often but not always
 * safe: packet accesses behind comparisons with data_end (sometimes a few bytes too far),
 * variable packet offsets (sometimes unmasked), stack stores and loads (sometimes of bytes never
 * written), map lookups (sometimes without the null check) and value accesses (sometimes past
 * the value), arithmetic, bounded and unbounded loops, packet moves followed by fresh or stale
 * pointers, metadata, helpers, bpf-to-bpf calls, atomics, and mistakes the verifier must refuse.
 * Deterministic for a seed.
 * <pre>
 *   r6 = ctx, r7 = data, r8 = data_end (kept by convention; snippets may break it)
 *   prologue; snippet; snippet; ...; r0 = action; exit
 *   out: r0 = XDP_DROP; exit          (where failed checks go)
 *   subprograms
 * </pre>
 */
final class XdpProgramGenerator {
    private final SplittableRandom rnd;
    private final int arrayMap;
    private final int arrayValueSize;
    private final int hashMap;
    private final int hashValueSize;

    private final List<long[]> code = new ArrayList<>();
    private final Map<Integer, String> fixups = new HashMap<>();
    private final Map<String, Integer> labels = new HashMap<>();
    private int labelCount;
    private boolean usesSub1;
    private boolean usesSub2;

    /**
     * @param arrayMap runtime id of an array map (key u32) with values of {@code arrayValueSize} bytes
     * @param hashMap runtime id of a hash map (key u32) with values of {@code hashValueSize} bytes
     */
    XdpProgramGenerator(long seed, int arrayMap, int arrayValueSize, int hashMap, int hashValueSize) {
        this.rnd = new SplittableRandom(seed);
        this.arrayMap = arrayMap;
        this.arrayValueSize = arrayValueSize;
        this.hashMap = hashMap;
        this.hashValueSize = hashValueSize;
    }

    // ---------------------------------------------------------------- emission

    private int pc() {
        int n = 0;
        for (long[] c : code) {
            n += c.length;
        }
        return n;
    }

    private void emit(int opcode, int dst, int src, int off, int imm) {
        code.add(new long[] {Insn.encode(opcode, dst, src, off, imm)});
    }

    private void jump(int opcode, int dst, int src, int imm, String label) {
        fixups.put(code.size(), label);
        emit(opcode, dst, src, 0, imm);
    }

    private void lddwMap(int dst, int map) {
        code.add(new long[] {Insn.encode(0x18, dst, 1, 0, map), 0});
    }

    private void label(String name) {
        labels.put(name, code.size());
    }

    private String fresh() {
        return "L" + labelCount++;
    }

    private void mov(int dst, int src) {
        emit(0xbf, dst, src, 0, 0);
    }

    private void movi(int dst, int imm) {
        emit(0xb7, dst, 0, 0, imm);
    }

    private void addi(int dst, int imm) {
        emit(0x07, dst, 0, 0, imm);
    }

    private void load(int size, int dst, int src, int off) {
        emit(0x61 | sizeBits(size), dst, src, off, 0);
    }

    private void storeReg(int size, int dst, int src, int off) {
        emit(0x63 | sizeBits(size), dst, src, off, 0);
    }

    private void storeImm(int size, int dst, int off, int imm) {
        emit(0x62 | sizeBits(size), dst, 0, off, imm);
    }

    private void call(int helper) {
        emit(0x85, 0, 0, 0, helper);
    }

    private static int sizeBits(int size) {
        switch (size) {
            case 1: return 0x10;
            case 2: return 0x08;
            case 4: return 0x00;
            default: return 0x18;
        }
    }

    private int size() {
        return new int[] {1, 2, 4, 8}[rnd.nextInt(4)];
    }

    private boolean sometimes(int oneIn) {
        return rnd.nextInt(oneIn) == 0;
    }

    // ---------------------------------------------------------------- programs

    /** The next program. */
    Program next() {
        code.clear();
        fixups.clear();
        labels.clear();
        labelCount = 0;
        usesSub1 = false;
        usesSub2 = false;
        mov(6, 1);
        load(4, 7, 6, 0);
        load(4, 8, 6, 4);
        int n = 2 + rnd.nextInt(6);
        for (int i = 0; i < n; i++) {
            snippet();
        }
        if (sometimes(8)) {
            emit(0xbf, 0, 7, 0, 0);
        } else if (sometimes(6)) {
            load(4, 0, 6, 16);
        } else {
            movi(0, sometimes(10) ? rnd.nextInt(-3, 10) : rnd.nextInt(5));
        }
        emit(0x95, 0, 0, 0, 0);
        if (fixups.containsValue("out")) {
            label("out");
            movi(0, 1);
            emit(0x95, 0, 0, 0, 0);
        }
        if (usesSub1) {
            sub1();
        }
        if (usesSub2) {
            sub2();
        }
        return link();
    }

    private Program link() {
        int[] start = new int[code.size() + 1];
        int pc = 0;
        for (int i = 0; i < code.size(); i++) {
            start[i] = pc;
            pc += code.get(i).length;
        }
        start[code.size()] = pc;
        long[] out = new long[pc];
        for (int i = 0; i < code.size(); i++) {
            long[] item = code.get(i);
            long s = item[0];
            String target = fixups.get(i);
            if (target != null) {
                int t = start[labels.get(target)];
                int rel = t - (start[i] + 1);
                if (Insn.opcode(s) == 0x85) {
                    s = Insn.encode(0x85, 0, 1, 0, rel);
                } else {
                    s = Insn.encode(Insn.opcode(s), Insn.dst(s), Insn.src(s), rel, Insn.imm(s));
                }
            }
            out[start[i]] = s;
            if (item.length == 2) {
                out[start[i] + 1] = item[1];
            }
        }
        return Program.of("fuzz", out);
    }

    private void snippet() {
        switch (rnd.nextInt(20)) {
            case 0:
            case 1:
            case 2:
            case 16:
                packetCheck();
                break;
            case 3:
                variablePacketOffset();
                break;
            case 4:
            case 5:
                stack();
                break;
            case 6:
            case 7:
                mapAccess();
                break;
            case 8:
                arithmetic();
                break;
            case 9:
                loop();
                break;
            case 10:
                movePacket();
                break;
            case 11:
                metadata();
                break;
            case 12:
                helpers();
                break;
            case 13:
                calls();
                break;
            case 14:
            case 17:
                branchOnScalar();
                break;
            case 18:
            case 19:
                precision();
                break;
            default:
                mistake();
        }
    }

    /** {@code if (data + K > data_end) goto out;} then accesses near the checked range. */
    private void packetCheck() {
        int k = rnd.nextInt(0, 48);
        mov(2, 7);
        addi(2, k);
        switch (rnd.nextInt(4)) {
            case 0: jump(0x2d, 2, 8, 0, "out"); break;
            case 1: jump(0xad, 8, 2, 0, "out"); break;
            case 2: jump(0x3d, 2, 8, 0, "out"); break;
            default: {
                String ok = fresh();
                jump(0xbd, 2, 8, 0, ok);
                jump(0x05, 0, 0, 0, "out");
                label(ok);
            }
        }
        int accesses = 1 + rnd.nextInt(3);
        for (int i = 0; i < accesses; i++) {
            int size = size();
            int slack = sometimes(5) ? rnd.nextInt(1, 4) : 0;
            int off = Math.max(0, rnd.nextInt(0, Math.max(1, k - size + 1 + slack)));
            if (rnd.nextBoolean()) {
                load(size, 3, 7, off);
            } else if (rnd.nextBoolean()) {
                storeImm(size, 7, off, rnd.nextInt(256));
            } else {
                movi(3, rnd.nextInt());
                storeReg(size, 7, 3, off);
            }
        }
    }

    /** A packet byte, masked, added to data, checked again: {@code p = data + (b & M); if (p + N > end) ...}. */
    private void variablePacketOffset() {
        mov(2, 7);
        addi(2, 1);
        jump(0x2d, 2, 8, 0, "out");
        load(1, 3, 7, 0);
        if (!sometimes(6)) {
            emit(0x57, 3, 0, 0, new int[] {7, 15, 31, 63}[rnd.nextInt(4)]);
        }
        mov(4, 7);
        emit(0x0f, 4, 3, 0, 0);
        int n = rnd.nextInt(1, 16);
        mov(5, 4);
        addi(5, n);
        jump(0x2d, 5, 8, 0, "out");
        int size = Math.min(size(), n);
        int off = rnd.nextInt(0, Math.max(1, n - size + 1 + (sometimes(6) ? 2 : 0)));
        load(size, 0, 4, off);
    }

    private void stack() {
        int slot = 8 * rnd.nextInt(1, 8);
        int size = size();
        int off = -slot + (size < 8 && sometimes(3) ? size * rnd.nextInt(0, 8 / size) : 0);
        if (!sometimes(12)) {
            if (rnd.nextBoolean()) {
                storeImm(size, 10, off, rnd.nextInt(-5, 300));
            } else {
                movi(3, rnd.nextInt());
                storeReg(size, 10, rnd.nextBoolean() ? 3 : 7, off);
            }
        }
        int rsize = sometimes(6) ? size() : size;
        int roff = rsize == size ? off : -slot + (rsize < 8 && sometimes(4) ? rsize : 0);
        load(rsize, 3, 10, roff);
        if (sometimes(4) && rsize == 8) {
            // the value read back may be a spilled packet pointer: use it
            load(1, 0, 3, 0);
        }
    }

    private void mapAccess() {
        boolean array = rnd.nextBoolean();
        int vs = array ? arrayValueSize : hashValueSize;
        if (!sometimes(8)) {
            storeImm(4, 10, -4, rnd.nextInt(0, 6));
        }
        mov(2, 10);
        addi(2, -4);
        lddwMap(1, array ? arrayMap : hashMap);
        call(1);
        if (!sometimes(6)) {
            jump(0x15, 0, 0, 0, "out");
        }
        int accesses = 1 + rnd.nextInt(3);
        for (int i = 0; i < accesses; i++) {
            int size = size();
            int off = rnd.nextInt(0, vs - size + 1 + (sometimes(6) ? 4 : 0));
            switch (rnd.nextInt(4)) {
                case 0:
                    load(size, 3, 0, off);
                    break;
                case 1:
                    storeImm(size, 0, off, rnd.nextInt());
                    break;
                case 2:
                    movi(3, 1);
                    emit(size == 8 ? 0xdb : 0xc3, 0, 3, off & ~(size == 8 ? 7 : 3), rnd.nextBoolean() ? 0 : 1);
                    break;
                default:
                    movi(3, rnd.nextInt());
                    storeReg(size, 0, sometimes(10) ? 7 : 3, off);
            }
        }
        if (sometimes(3)) {
            // a variable index into the value
            load(1, 3, 0, 0);
            emit(0x57, 3, 0, 0, sometimes(4) ? 0xff : vs - 1 & ~7);
            mov(4, 0);
            emit(0x0f, 4, 3, 0, 0);
            load(1, 5, 4, 0);
        }
    }

    private void arithmetic() {
        int[] ops = {0x00, 0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x90, 0xa0, 0xc0};
        movi(3, rnd.nextInt(-100, 1000));
        movi(4, rnd.nextInt(0, 64));
        int steps = 1 + rnd.nextInt(4);
        for (int i = 0; i < steps; i++) {
            int op = ops[rnd.nextInt(ops.length)];
            int cls = rnd.nextBoolean() ? 0x07 : 0x04;
            if (rnd.nextBoolean()) {
                emit(cls | op | 0x08, 3, 4, 0, 0);
            } else {
                int imm = op == 0x60 || op == 0x70 || op == 0xc0 ? rnd.nextInt(0, 32) : rnd.nextInt(1, 100);
                emit(cls | op, 3, 0, 0, imm);
            }
        }
        if (sometimes(2)) {
            emit(0x57, 3, 0, 0, 31);
            mov(5, 7);
            emit(0x0f, 5, 3, 0, 0);
            mov(2, 5);
            addi(2, 2);
            jump(0x2d, 2, 8, 0, "out");
            load(2, 0, 5, 0);
        }
    }

    private void loop() {
        int n = rnd.nextInt(1, 24);
        movi(3, 0);
        String head = fresh();
        label(head);
        if (rnd.nextBoolean()) {
            mov(2, 7);
            addi(2, 4);
            jump(0x2d, 2, 8, 0, "out");
            load(1, 4, 7, rnd.nextInt(0, 4));
        }
        addi(3, 1);
        switch (rnd.nextInt(30)) {
            case 0:
                jump(0x55, 3, 0, 0, head);
                break;
            case 1:
                jump(0x25, 3, 0, 0, head);
                break;
            default:
                jump(0xa5, 3, 0, n, head);
        }
    }

    /** bpf_xdp_adjust_head, _tail or _meta, then fresh pointers (or, sometimes, stale ones). */
    private void movePacket() {
        mov(1, 6);
        movi(2, rnd.nextBoolean() ? rnd.nextInt(-16, 17) : rnd.nextInt(-300, 300));
        int helper = rnd.nextInt(3);
        call(helper == 0 ? 44 : helper == 1 ? 65 : 54);
        if (!sometimes(4)) {
            load(4, 7, 6, 0);
            load(4, 8, 6, 4);
        }
        mov(2, 7);
        addi(2, 14);
        jump(0x2d, 2, 8, 0, "out");
        load(1, 3, 7, rnd.nextInt(0, 14));
    }

    private void metadata() {
        load(4, 9, 6, 8);
        int n = 4 * rnd.nextInt(0, 3);
        mov(2, 9);
        addi(2, n);
        jump(0x2d, 2, sometimes(6) ? 8 : 7, 0, "out");
        if (n > 0) {
            load(4, 3, 9, sometimes(5) ? n : 0);
        } else {
            load(1, 3, 9, 0);
        }
    }

    private void helpers() {
        switch (rnd.nextInt(4)) {
            case 0:
                call(5);
                break;
            case 1:
                call(7);
                emit(0x57, 0, 0, 0, 15);
                mov(2, 7);
                emit(0x0f, 2, 0, 0, 0);
                mov(3, 2);
                addi(3, 1);
                jump(0x2d, 3, 8, 0, "out");
                load(1, 0, 2, 0);
                break;
            case 2: {
                storeImm(8, 10, -16, 7);
                if (!sometimes(5)) {
                    storeImm(8, 10, -8, 9);
                }
                mov(1, 10);
                addi(1, -16);
                movi(2, sometimes(5) ? 24 : 16);
                movi(3, 0);
                movi(4, 0);
                movi(5, 0);
                call(28);
                break;
            }
            default: {
                mov(1, 6);
                movi(2, 0);
                mov(3, 10);
                addi(3, -16);
                movi(4, 1 + rnd.nextInt(16));
                call(189);
                load(8, 0, 10, -16);
            }
        }
    }

    private void calls() {
        if (rnd.nextBoolean()) {
            mov(1, 7);
            mov(2, 8);
            usesSub1 = true;
            jump(0x85, 0, 1, 0, "sub1");
        } else {
            if (!sometimes(5)) {
                storeImm(8, 10, -24, 1);
            }
            mov(1, 10);
            addi(1, -24);
            usesSub2 = true;
            jump(0x85, 0, 1, 0, "sub2");
            load(8, 3, 10, -24);
        }
    }

    /** {@code sub1(data, end)}: reads a checked packet byte, returns it. */
    private void sub1() {
        label("sub1");
        mov(3, 1);
        addi(3, 2);
        String bad = "sub1_short";
        jump(0x2d, 3, 2, 0, bad);
        load(2, 0, 1, 0);
        emit(0x95, 0, 0, 0, 0);
        label(bad);
        movi(0, 0);
        emit(0x95, 0, 0, 0, 0);
    }

    /** {@code sub2(u64 *p)}: *p += 1 through the caller's stack. */
    private void sub2() {
        label("sub2");
        load(8, 2, 1, 0);
        addi(2, 1);
        storeReg(8, 1, 2, 0);
        storeImm(8, 10, -8, 3);
        movi(0, 0);
        emit(0x95, 0, 0, 0, 0);
    }

    private void branchOnScalar() {
        load(4, 3, 6, 16);
        String skip = fresh();
        jump(0x25, 3, 0, rnd.nextInt(0, 4), skip);
        emit(0x57, 3, 0, 0, 3);
        mov(4, 7);
        emit(0x0f, 4, 3, 0, 0);
        mov(2, 4);
        addi(2, 6);
        jump(0x2d, 2, 8, 0, "out");
        load(1, 0, 4, rnd.nextInt(0, 6 + (sometimes(8) ? 1 : 0)));
        label(skip);
    }

    /**
     * Paths that differ in numbers whose exact values matter only later, through a copy or the
     * stack: a pruned path must not stand for one where they matter differently.
     */
    private void precision() {
        mov(2, 7);
        addi(2, 2);
        jump(0x2d, 2, 8, 0, "out");
        load(1, 3, 7, 0);
        load(1, 4, 7, 1);
        movi(9, 0);
        String other = fresh();
        String merge = fresh();
        boolean copy = rnd.nextBoolean();
        jump(0x25, 4, 0, rnd.nextInt(0, 256), other);
        if (copy) {
            mov(5, 3);
        }
        pad();
        jump(0x05, 0, 0, 0, merge);
        label(other);
        movi(9, rnd.nextInt(1, 3));
        if (copy) {
            load(1, 5, 7, 1);
        }
        if (rnd.nextBoolean()) {
            emit(0x57, 3, 0, 0, 7);
        }
        pad();
        label(merge);
        int limit = rnd.nextInt(0, 24);
        if (copy) {
            jump(0x25, 5, 0, limit, "out");
        } else if (rnd.nextBoolean()) {
            mov(5, 3);
            jump(0x25, 5, 0, limit, "out");
        } else {
            storeReg(8, 10, 3, -40);
            load(8, 5, 10, -40);
            jump(0x25, 5, 0, limit, "out");
            load(8, 3, 10, -40);
        }
        if (rnd.nextBoolean()) {
            mov(2, 7);
            emit(0x0f, 2, 3, 0, 0);
            mov(0, 2);
            addi(0, 1 + rnd.nextInt(0, 3));
            jump(0x2d, 0, 8, 0, "out");
            load(1, 0, 2, 0);
        } else {
            // an index into 24 bytes of stack: only the bound checked above keeps it inside
            for (int off = -64; off < -40; off += 8) {
                storeImm(8, 10, off, off);
            }
            mov(2, 10);
            addi(2, -64);
            emit(0x0f, 2, 3, 0, 0);
            load(1, 0, 2, 0);
            mov(2, 7);
        }
        String done = fresh();
        jump(0x15, 9, 0, 0, done);
        if (rnd.nextBoolean()) {
            load(1, 0, 2, rnd.nextInt(0, 4));
        }
        label(done);
    }

    /** Enough jumps and instructions that the verifier keeps a checkpoint at the next jump target. */
    private void pad() {
        jump(0x05, 0, 0, 0, "pad" + labelCount);
        label("pad" + labelCount++);
        jump(0x05, 0, 0, 0, "pad" + labelCount);
        label("pad" + labelCount++);
        for (int i = 0; i < 8; i++) {
            movi(1, i);
        }
    }

    /** Things the verifier must refuse. */
    private void mistake() {
        switch (rnd.nextInt(8)) {
            case 0:
                emit(0x04, 7, 0, 0, 1);
                break;
            case 1:
                load(4, 3, 6, rnd.nextBoolean() ? 20 : 2);
                break;
            case 2:
                load(4, 3, 8, 0);
                break;
            case 3:
                storeImm(4, 6, 0, 1);
                break;
            case 4:
                mov(2, 10);
                addi(2, -4);
                lddwMap(1, arrayMap);
                call(1);
                jump(0x2d, 0, 7, 0, "out");
                break;
            case 5:
                load(8, 3, 10, -512 - 8);
                break;
            case 6:
                emit(0x57, 7, 0, 0, 0xff);
                break;
            default:
                storeReg(8, 10, 7, -8);
                load(8, 3, 10, -8);
                load(1, 0, 3, 0);
        }
    }
}
