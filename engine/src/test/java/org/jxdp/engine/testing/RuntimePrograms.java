package org.jxdp.engine.testing;

import org.jxdp.engine.helpers.GenericHelpers;
import org.jxdp.engine.isa.Insn;
import org.jxdp.engine.isa.Program;
import org.jxdp.engine.maps.BpfMap;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.verifier.ProgramRejectedException;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.engine.vm.Executable;
import org.jxdp.engine.vm.HelperTable;

/**
 * Loads assembly programs into a {@link BpfRuntime} with the generic helpers, for tests of maps
 * and helpers. {@code map(NAME)} in the text stands for an LDDW of that map's pointer:
 * {@code lddw %r1, map(counts)}.
 */
public final class RuntimePrograms {
    private RuntimePrograms() {
    }

    /** Assembles {@code asm}, replacing {@code lddw %rN, map(m)} by a BPF_PSEUDO_MAP_FD load of map m. */
    public static Program assemble(BpfRuntime rt, String asm) {
        StringBuilder text = new StringBuilder();
        for (String line : asm.split("\n")) {
            String t = line.trim();
            int at = t.indexOf("map(");
            if (t.startsWith("lddw") && at > 0) {
                int reg = Integer.parseInt(t.substring(t.indexOf("%r") + 2, t.indexOf(',')).trim());
                String name = t.substring(at + 4, t.indexOf(')', at));
                BpfMap m = rt.maps().stream().filter(x -> x.name().equals(name)).findFirst()
                        .orElseThrow(() -> new AssertionError("no map " + name));
                text.append(String.format(".insn 0x%016x%n", Insn.encode(0x18, reg, 1, 0, m.id())));
                text.append(".insn 0x0\n");
            } else {
                text.append(line).append('\n');
            }
        }
        return Engines.assemble(text.toString());
    }

    /** The generic helpers bound to {@code rt}. */
    public static HelperTable helpers(BpfRuntime rt) {
        return GenericHelpers.addTo(HelperTable.builder(), rt).build();
    }

    /** Loads {@code asm} on {@code engine} in {@code rt}. */
    public static Executable load(EngineKind engine, BpfRuntime rt, String asm) {
        try {
            return engine.load(assemble(rt, asm), rt.environment(helpers(rt)));
        } catch (ProgramRejectedException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
