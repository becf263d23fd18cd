package org.jxdp.engine.object;

import static org.jxdp.engine.isa.Opcodes.BPF_CALL;
import static org.jxdp.engine.isa.Opcodes.BPF_JMP;
import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_CALL;
import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_FUNC;
import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_MAP_FD;
import static org.jxdp.engine.isa.Opcodes.BPF_PSEUDO_MAP_VALUE;
import static org.jxdp.engine.isa.Opcodes.LDDW;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jxdp.engine.elf.ElfException;
import org.jxdp.engine.elf.ElfFile;
import org.jxdp.engine.elf.ElfFile.Relocation;
import org.jxdp.engine.elf.ElfFile.Section;
import org.jxdp.engine.elf.ElfFile.Symbol;
import org.jxdp.engine.isa.Insn;
import org.jxdp.engine.isa.Program;

/**
 * Links one program out of an object, as libbpf does: the program's function first, then every
 * function it calls or takes the address of (from {@code .text} or any other code section),
 * appended once each; {@code R_BPF_64_64} relocations of LDDW become map pointers
 * ({@code BPF_PSEUDO_MAP_FD} with the runtime's map id) or global-data addresses
 * ({@code BPF_PSEUDO_MAP_VALUE}: map id and offset) or function pointers
 * ({@code BPF_PSEUDO_FUNC}); {@code R_BPF_64_32} call relocations and unrelocated program-local
 * calls get the offset of the appended callee.
 * <pre>
 *   linked program:  [ main function | callee A | callee B (called by A) | ... ]
 *                      origins[i] = (section index, instruction index there) for line info
 * </pre>
 */
final class ProgramLinker {
    /** What a relocation's symbol may resolve to. */
    interface Symbols {
        /** The runtime map id of the map at {@code offset} of map section {@code section}, or -1. */
        int mapAt(Section section, Symbol symbol);

        /** The runtime map id of the global data map of {@code section}, or -1. */
        int dataMap(Section section);
    }

    /** A function: a range of instructions of a code section. */
    record Function(Section section, int start, int end, String name) {
    }

    /** A linked program. */
    record Linked(Program program, int[] originSection, int[] originIndex) {
    }

    private final ElfFile elf;
    private final Symbols symbols;
    private final Map<Integer, long[]> code = new HashMap<>();
    private final Map<Integer, Map<Long, Relocation>> relocs = new HashMap<>();
    private final Map<Integer, TreeMap<Integer, Function>> functions = new HashMap<>();

    ProgramLinker(ElfFile elf, Symbols symbols) {
        this.elf = elf;
        this.symbols = symbols;
    }

    /** The functions of code section {@code s}, by start index. */
    TreeMap<Integer, Function> functions(Section s) throws ElfException {
        TreeMap<Integer, Function> f = functions.get(s.index());
        if (f != null) {
            return f;
        }
        long[] insns = code(s);
        TreeMap<Integer, String> starts = new TreeMap<>();
        TreeMap<Integer, Integer> sizes = new TreeMap<>();
        for (Symbol sym : elf.symbols()) {
            if (sym.section() == s.index() && sym.type() == ElfFile.STT_FUNC) {
                addStart(s, sym, starts, sizes);
            }
        }
        if (starts.isEmpty()) {
            // Old clang: functions are NOTYPE globals of size 0.
            for (Symbol sym : elf.symbols()) {
                if (sym.section() == s.index() && sym.type() == 0 && sym.binding() != ElfFile.STB_LOCAL
                        && !sym.name().isEmpty()) {
                    addStart(s, sym, starts, sizes);
                }
            }
        }
        if (starts.isEmpty() && insns.length > 0) {
            starts.put(0, s.name());
        }
        f = new TreeMap<>();
        for (Map.Entry<Integer, String> e : starts.entrySet()) {
            Integer next = starts.higherKey(e.getKey());
            int end = next == null ? insns.length : next;
            Integer size = sizes.get(e.getKey());
            if (size != null && size > 0) {
                end = Math.min(end, e.getKey() + size);
            }
            f.put(e.getKey(), new Function(s, e.getKey(), end, e.getValue()));
        }
        functions.put(s.index(), f);
        return f;
    }

    private void addStart(Section s, Symbol sym, TreeMap<Integer, String> starts, TreeMap<Integer, Integer> sizes)
            throws ElfException {
        // st_value and st_size are unsigned: past 2^63 they read as negative
        if (sym.value() < 0 || sym.size() < 0 || sym.value() % 8 != 0 || sym.value() / 8 > code(s).length
                || sym.size() % 8 != 0
                || sym.value() / 8 + sym.size() / 8 > code(s).length) {
            throw new ElfException(elf.name(), "section " + s.index() + " (" + s.name() + "): function " + sym.name()
                    + " at offset " + Long.toUnsignedString(sym.value()) + " size " + Long.toUnsignedString(sym.size())
                    + " is not inside the section");
        }
        starts.putIfAbsent((int) (sym.value() / 8), sym.name());
        sizes.putIfAbsent((int) (sym.value() / 8), (int) (sym.size() / 8));
    }

    long[] code(Section s) throws ElfException {
        long[] c = code.get(s.index());
        if (c == null) {
            if (s.size() % 8 != 0) {
                throw new ElfException(elf.name(), "section " + s.index() + " (" + s.name() + "): size " + s.size()
                        + " is not a multiple of 8 (the size of an instruction)");
            }
            c = Program.fromBytes(s.name(), elf.contents(s)).slots();
            code.put(s.index(), c);
        }
        return c;
    }

    private Map<Long, Relocation> relocations(Section s) throws ElfException {
        Map<Long, Relocation> m = relocs.get(s.index());
        if (m == null) {
            m = new HashMap<>();
            Section rel = elf.relocationsFor(s);
            if (rel != null) {
                for (Relocation r : elf.relocations(rel)) {
                    if (r.offset() % 8 != 0 || r.offset() / 8 >= code(s).length) {
                        throw new ElfException(elf.name(), "section " + rel.index() + " (" + rel.name() + "): relocation at "
                                + "offset " + r.offset() + " is not on an instruction of " + s.name());
                    }
                    m.put(r.offset(), r);
                }
            }
            relocs.put(s.index(), m);
        }
        return m;
    }

    /** Links the program whose entry is {@code main}. */
    Linked link(Function main) throws ElfException {
        List<Long> out = new ArrayList<>();
        List<Integer> originSection = new ArrayList<>();
        List<Integer> originIndex = new ArrayList<>();
        Map<String, Integer> placed = new HashMap<>();
        ArrayDeque<Object[]> work = new ArrayDeque<>();
        place(main, out, originSection, originIndex, placed, work);
        while (!work.isEmpty()) {
            Object[] w = work.poll();
            Function f = (Function) w[0];
            int at = (Integer) w[1];
            relocate(f, at, out, originSection, originIndex, placed, work);
        }
        long[] slots = new long[out.size()];
        int[] os = new int[out.size()];
        int[] oi = new int[out.size()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = out.get(i);
            os[i] = originSection.get(i);
            oi[i] = originIndex.get(i);
        }
        return new Linked(Program.of(main.name(), slots), os, oi);
    }

    private int place(Function f, List<Long> out, List<Integer> os, List<Integer> oi, Map<String, Integer> placed,
            ArrayDeque<Object[]> work) throws ElfException {
        String key = f.section().index() + ":" + f.start();
        Integer at = placed.get(key);
        if (at != null) {
            return at;
        }
        int pos = out.size();
        long[] c = code(f.section());
        if (f.start() < 0 || f.end() > c.length || f.start() > f.end()) {
            throw new ElfException(elf.name(), "function " + f.name() + ": instructions [" + f.start() + ", "
                    + f.end() + ") are outside section " + f.section().name() + " (" + c.length + " instructions)");
        }
        for (int i = f.start(); i < f.end(); i++) {
            out.add(c[i]);
            os.add(f.section().index());
            oi.add(i);
        }
        placed.put(key, pos);
        work.add(new Object[] {f, pos});
        return pos;
    }

    /** The function of section {@code s} that contains instruction {@code index}. */
    private Function functionAt(Section s, long index, String what) throws ElfException {
        TreeMap<Integer, Function> fs = functions(s);
        if (index < 0 || index >= code(s).length) {
            throw new ElfException(elf.name(), what + ": target instruction " + index + " is outside section " + s.name());
        }
        Map.Entry<Integer, Function> e = fs.floorEntry((int) index);
        if (e == null || index >= e.getValue().end()) {
            // A static function with no symbol of its own: it runs to the next known start.
            Integer next = fs.higherKey((int) index);
            return new Function(s, (int) index, next == null ? code(s).length : next, s.name() + "+" + index);
        }
        return e.getValue();
    }

    private void relocate(Function f, int at, List<Long> out, List<Integer> os, List<Integer> oi,
            Map<String, Integer> placed, ArrayDeque<Object[]> work) throws ElfException {
        Map<Long, Relocation> rels = relocations(f.section());
        for (int i = f.start(); i < f.end(); i++) {
            int pos = at + (i - f.start());
            long insn = out.get(pos);
            Relocation r = rels.get((long) i * 8);
            String where = f.section().name() + " insn " + i + " (" + f.name() + ")";
            int opcode = Insn.opcode(insn);
            if (r == null) {
                if (opcode == (BPF_JMP | BPF_CALL) && Insn.src(insn) == BPF_PSEUDO_CALL) {
                    long target = (long) i + 1 + Insn.imm(insn);
                    if (target < f.start() || target >= f.end()) {
                        Function callee = functionAt(f.section(), target, where);
                        int cpos = place(callee, out, os, oi, placed, work);
                        out.set(pos, withImm(insn, (int) (cpos + (target - callee.start()) - (pos + 1))));
                    }
                }
                continue;
            }
            Symbol sym = elf.symbols().get(r.symbol());
            switch (r.type()) {
                case 1: // R_BPF_64_64
                    if (opcode != LDDW || i + 1 >= f.end()) {
                        throw new ElfException(elf.name(), where + ": R_BPF_64_64 relocation on an instruction that is not an LDDW");
                    }
                    relocateLddw(f, i, pos, insn, sym, out, os, oi, placed, work, where);
                    break;
                case 10: // R_BPF_64_32
                    if (opcode != (BPF_JMP | BPF_CALL)) {
                        throw new ElfException(elf.name(), where + ": R_BPF_64_32 relocation on an instruction that is not a call");
                    }
                    if (sym.section() == ElfFile.SHN_UNDEF) {
                        throw new ElfException(elf.name(), where + ": call of extern function " + sym.name()
                                + " (a kfunc or unresolved symbol) is not supported");
                    }
                    Section ts = section(sym, where);
                    long target = sym.value() / 8 + Insn.imm(insn) + 1;
                    Function callee = functionAt(ts, target, where);
                    int cpos = place(callee, out, os, oi, placed, work);
                    long rewritten = Insn.encode(BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0,
                            (int) (cpos + (target - callee.start()) - (pos + 1)));
                    out.set(pos, rewritten);
                    break;
                case 0: // R_BPF_NONE
                    break;
                default:
                    throw new ElfException(elf.name(), where + ": relocation type " + r.type()
                            + " is not valid in a code section");
            }
        }
    }

    private void relocateLddw(Function f, int i, int pos, long insn, Symbol sym, List<Long> out, List<Integer> os,
            List<Integer> oi, Map<String, Integer> placed, ArrayDeque<Object[]> work, String where) throws ElfException {
        if (sym.section() == ElfFile.SHN_UNDEF) {
            throw new ElfException(elf.name(), where + ": LDDW of extern symbol " + sym.name()
                    + " (__kconfig or __ksym) is not supported");
        }
        Section s = section(sym, where);
        int dst = Insn.dst(insn);
        long second = out.get(pos + 1);
        if (s.executable()) {
            long target = (sym.value() + Insn.imm(insn)) / 8;
            Function callee = functionAt(s, target, where);
            int cpos = place(callee, out, os, oi, placed, work);
            out.set(pos, Insn.encode(LDDW, dst, BPF_PSEUDO_FUNC, 0, (int) (cpos + (target - callee.start()) - (pos + 1))));
            out.set(pos + 1, Insn.encode(0, 0, 0, 0, 0));
            return;
        }
        int map = symbols.mapAt(s, sym);
        if (map >= 0) {
            out.set(pos, Insn.encode(LDDW, dst, BPF_PSEUDO_MAP_FD, 0, map));
            out.set(pos + 1, Insn.encode(0, 0, 0, 0, 0));
            return;
        }
        int data = symbols.dataMap(s);
        if (data >= 0) {
            long offset = sym.value() + Insn.imm(insn);
            out.set(pos, Insn.encode(LDDW, dst, BPF_PSEUDO_MAP_VALUE, 0, data));
            out.set(pos + 1, Insn.encode(0, 0, 0, 0, (int) offset));
            return;
        }
        throw new ElfException(elf.name(), where + ": LDDW refers to " + sym.name() + " in section " + s.name()
                + ", which is neither a map, global data nor code (" + Long.toHexString(second) + ")");
    }

    private Section section(Symbol sym, String where) throws ElfException {
        if (sym.section() >= ElfFile.SHN_LORESERVE || sym.section() >= elf.sections().size()) {
            throw new ElfException(elf.name(), where + ": symbol " + sym.name() + " is in special section 0x"
                    + Integer.toHexString(sym.section()));
        }
        return elf.sections().get(sym.section());
    }

    private static long withImm(long insn, int imm) {
        return Insn.encode(Insn.opcode(insn), Insn.dst(insn), Insn.src(insn), Insn.off(insn), imm);
    }
}
