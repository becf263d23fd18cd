package org.jxdp.engine.object;

import java.util.function.Function;
import org.jxdp.engine.helpers.GenericHelpers;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.engine.vm.HelperTable;

/**
 * How an object is loaded: into which runtime, on which engine, with which helpers, and whether
 * its programs must pass the verifier first.
 *
 * @param runtime where the object's maps and programs go (shared with other objects if wanted)
 * @param engine the engine that runs the programs
 * @param helpers the helper table for a runtime (the XDP hook passes its own, with the packet
 *     helpers)
 * @param loadPrograms false to only parse and link (listing and disassembly)
 * @param verify true (the default) to load only the programs the verifier accepts, as the kernel
 *     does; false loads every program that passes the structural checks, relying on the engines'
 *     run-time checks alone ({@code --no-verify})
 */
public record LoadOptions(BpfRuntime runtime, EngineKind engine, Function<BpfRuntime, HelperTable> helpers,
        boolean loadPrograms, boolean verify) {

    /** Options that verify the programs. */
    public LoadOptions(BpfRuntime runtime, EngineKind engine, Function<BpfRuntime, HelperTable> helpers,
            boolean loadPrograms) {
        this(runtime, engine, helpers, loadPrograms, true);
    }

    /** One worker, the interpreter, the generic helpers, programs verified. */
    public static LoadOptions defaults() {
        return new LoadOptions(new BpfRuntime(1), EngineKind.INTERP,
                rt -> GenericHelpers.addTo(HelperTable.builder(), rt).build(), true, true);
    }

    public LoadOptions withRuntime(BpfRuntime rt) {
        return new LoadOptions(rt, engine, helpers, loadPrograms, verify);
    }

    public LoadOptions withEngine(EngineKind e) {
        return new LoadOptions(runtime, e, helpers, loadPrograms, verify);
    }

    public LoadOptions withHelpers(Function<BpfRuntime, HelperTable> h) {
        return new LoadOptions(runtime, engine, h, loadPrograms, verify);
    }

    public LoadOptions withoutLoadingPrograms() {
        return new LoadOptions(runtime, engine, helpers, false, verify);
    }

    /** These options with verification on or off. */
    public LoadOptions withVerify(boolean v) {
        return new LoadOptions(runtime, engine, helpers, loadPrograms, v);
    }

    /** These options without verification: programs run with the engines' run-time checks alone. */
    public LoadOptions withoutVerifying() {
        return withVerify(false);
    }
}
