package org.jxdp.engine.object;

import java.util.function.Function;
import org.jxdp.engine.helpers.GenericHelpers;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.engine.vm.HelperTable;

/**
 * How an object is loaded: into which runtime, on which engine, with which helpers.
 *
 * @param runtime where the object's maps and programs go (shared with other objects if wanted)
 * @param engine the engine that runs the programs
 * @param helpers the helper table for a runtime (the XDP hook passes its own, with the packet
 *     helpers)
 * @param loadPrograms false to only parse and link (listing and disassembly)
 */
public record LoadOptions(BpfRuntime runtime, EngineKind engine, Function<BpfRuntime, HelperTable> helpers,
        boolean loadPrograms) {

    /** One worker, the interpreter, the generic helpers. */
    public static LoadOptions defaults() {
        return new LoadOptions(new BpfRuntime(1), EngineKind.INTERP,
                rt -> GenericHelpers.addTo(HelperTable.builder(), rt).build(), true);
    }

    public LoadOptions withRuntime(BpfRuntime rt) {
        return new LoadOptions(rt, engine, helpers, loadPrograms);
    }

    public LoadOptions withEngine(EngineKind e) {
        return new LoadOptions(runtime, e, helpers, loadPrograms);
    }

    public LoadOptions withHelpers(Function<BpfRuntime, HelperTable> h) {
        return new LoadOptions(runtime, engine, h, loadPrograms);
    }

    public LoadOptions withoutLoadingPrograms() {
        return new LoadOptions(runtime, engine, helpers, false);
    }
}
