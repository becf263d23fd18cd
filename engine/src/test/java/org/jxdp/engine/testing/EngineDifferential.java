package org.jxdp.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.jxdp.engine.asm.Disassembler;
import org.jxdp.engine.conformance.ConformanceHelpers;
import org.jxdp.engine.isa.Program;
import org.jxdp.engine.maps.BpfMap;
import org.jxdp.engine.maps.MapDefinition;
import org.jxdp.engine.maps.MapFactory;
import org.jxdp.engine.maps.MapType;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.verifier.ProgramRejectedException;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.engine.vm.ExecutionContext;
import org.jxdp.engine.vm.Executable;
import org.jxdp.engine.vm.FaultKind;

/**
 * Runs one program on every engine, each in a fresh world of its own (input bytes, and with
 * {@link #withMaps} a runtime with an array map and a hash map), and checks that every engine
 * ends in the same state: the same r0 or the same fault at the same instruction, the same input
 * bytes, the same map contents.
 */
public final class EngineDifferential {
    /** The array map's id in {@link #withMaps} worlds. */
    public static final int ARRAY_MAP = 0;
    /** The hash map's id in {@link #withMaps} worlds. */
    public static final int HASH_MAP = 1;
    /** Entries of the array map. */
    public static final int ARRAY_ENTRIES = 4;
    /** Bytes of both maps' values. */
    public static final int VALUE_SIZE = 16;

    private final boolean maps;
    private final long budget;

    private EngineDifferential(boolean maps, long budget) {
        this.maps = maps;
        this.budget = budget;
    }

    /** Programs that use the conformance helpers and no maps. */
    public static EngineDifferential plain(long budget) {
        return new EngineDifferential(false, budget);
    }

    /** Programs that use the generic helpers and the two maps. */
    public static EngineDifferential withMaps(long budget) {
        return new EngineDifferential(true, budget);
    }

    /**
     * Everything a run leaves behind that the engines must agree on.
     *
     * @param r0 the result (0 after a fault)
     * @param fault the fault's message (with its instruction), or null
     * @param memory the input bytes after the run, in hex
     * @param mapContents every map's entries, key hex to value hex
     */
    public record Outcome(long r0, String fault, String memory, String mapContents) {
    }

    /**
     * Runs {@code p} on {@code input} on every engine and asserts they agree.
     *
     * @return the interpreter's outcome, or null when the program was refused at load (by every
     *     engine alike)
     */
    public Outcome check(Program p, byte[] input) {
        Outcome first = null;
        String refused = null;
        boolean firstEngine = true;
        for (EngineKind k : Engines.all().toList()) {
            Outcome o;
            String why = null;
            try {
                o = run(k, p, input);
            } catch (ProgramRejectedException e) {
                o = null;
                why = e.getMessage();
            }
            if (firstEngine) {
                first = o;
                refused = why;
                firstEngine = false;
            } else {
                assertThat(why).as(k.cliName() + " refusal").isEqualTo(refused);
                assertThat(o).as(k.cliName() + "\n" + Disassembler.disassemble(p)).isEqualTo(first);
            }
        }
        return first;
    }

    private Outcome run(EngineKind k, Program p, byte[] input) throws ProgramRejectedException {
        ExecutionContext ctx;
        Executable exe;
        BpfRuntime rt = null;
        if (maps) {
            rt = new BpfRuntime(1, 42);
            MapFactory.create(MapDefinition.of("array", MapType.BPF_MAP_TYPE_ARRAY, 4, VALUE_SIZE, ARRAY_ENTRIES, 0), rt);
            MapFactory.create(MapDefinition.of("hash", MapType.BPF_MAP_TYPE_HASH, 4, VALUE_SIZE, 8, 0), rt);
            exe = k.load(p, rt.environment(RuntimePrograms.helpers(rt)));
            ctx = rt.newContext(0);
        } else {
            exe = k.load(p, ConformanceHelpers.table());
            ctx = new ExecutionContext();
        }
        ctx.budget(budget);
        byte[] mem = input.clone();
        long r0 = exe.run(ctx, ctx.mapInput(mem), mem.length);
        String fault = null;
        if (ctx.fault() != null) {
            assertThat(ctx.fault().kind()).as(ctx.fault().message()).isNotEqualTo(FaultKind.INTERNAL);
            fault = ctx.fault().message();
            r0 = 0;
        }
        return new Outcome(r0, fault, HexFormat.of().formatHex(mem), rt == null ? "" : contents(rt));
    }

    private static String contents(BpfRuntime rt) {
        StringBuilder out = new StringBuilder();
        HexFormat hex = HexFormat.of();
        for (BpfMap m : rt.maps()) {
            Map<String, String> entries = new TreeMap<>();
            for (byte[] key = m.nextKey(null); key != null; key = m.nextKey(key)) {
                entries.put(hex.formatHex(key), hex.formatHex(m.lookup(key)));
            }
            out.append(m.name()).append(entries).append('\n');
        }
        return out.toString();
    }
}
