package org.jxdp.engine.object;

import java.util.Map;
import java.util.function.Function;
import org.jxdp.engine.maps.BpfMap;
import org.jxdp.engine.helpers.GenericHelpers;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.verifier.VerificationCache;
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
 * @param reuse maps, by name, that the object's map definitions of the same name bind to instead of
 *     new maps (libbpf's {@code bpf_map__reuse_fd}): a new version of a program takes over the
 *     running version's state. Each must be in {@code runtime} and match the definition's type,
 *     key size, value size, max_entries and flags. Global data ({@code .data}, {@code .rodata},
 *     {@code .bss}) is never reused.
 * @param verificationCache where acceptances are kept and found again (null: every program is
 *     verified afresh, the default)
 */
public record LoadOptions(BpfRuntime runtime, EngineKind engine, Function<BpfRuntime, HelperTable> helpers,
        boolean loadPrograms, boolean verify, Map<String, BpfMap> reuse, VerificationCache verificationCache) {

    /** Options without a verification cache. */
    public LoadOptions(BpfRuntime runtime, EngineKind engine, Function<BpfRuntime, HelperTable> helpers,
            boolean loadPrograms, boolean verify, Map<String, BpfMap> reuse) {
        this(runtime, engine, helpers, loadPrograms, verify, reuse, null);
    }

    /** Options that reuse no map. */
    public LoadOptions(BpfRuntime runtime, EngineKind engine, Function<BpfRuntime, HelperTable> helpers,
            boolean loadPrograms, boolean verify) {
        this(runtime, engine, helpers, loadPrograms, verify, Map.of());
    }

    /** Options that verify the programs. */
    public LoadOptions(BpfRuntime runtime, EngineKind engine, Function<BpfRuntime, HelperTable> helpers,
            boolean loadPrograms) {
        this(runtime, engine, helpers, loadPrograms, true);
    }

    /**
     * These options loading into {@code running}'s runtime and binding to its maps by name: the
     * next version of a running object.
     */
    public LoadOptions reusingMapsOf(BpfObject running) {
        Map<String, BpfMap> byName = new java.util.LinkedHashMap<>();
        for (BpfMap m : running.maps()) {
            byName.put(m.name(), m);
        }
        return new LoadOptions(running.runtime(), engine, helpers, loadPrograms, verify, Map.copyOf(byName),
                verificationCache);
    }

    /** One worker, the interpreter, the generic helpers, programs verified. */
    public static LoadOptions defaults() {
        return new LoadOptions(new BpfRuntime(1), EngineKind.INTERP,
                rt -> GenericHelpers.addTo(HelperTable.builder(), rt).build(), true, true);
    }

    public LoadOptions withRuntime(BpfRuntime rt) {
        return new LoadOptions(rt, engine, helpers, loadPrograms, verify, Map.of(), verificationCache);
    }

    public LoadOptions withEngine(EngineKind e) {
        return new LoadOptions(runtime, e, helpers, loadPrograms, verify, Map.of(), verificationCache);
    }

    public LoadOptions withHelpers(Function<BpfRuntime, HelperTable> h) {
        return new LoadOptions(runtime, engine, h, loadPrograms, verify, Map.of(), verificationCache);
    }

    public LoadOptions withoutLoadingPrograms() {
        return new LoadOptions(runtime, engine, helpers, false, verify, Map.of(), verificationCache);
    }

    /** These options with verification on or off. */
    public LoadOptions withVerify(boolean v) {
        return new LoadOptions(runtime, engine, helpers, loadPrograms, v, Map.of(), verificationCache);
    }

    /**
     * These options keeping acceptances in {@code cache} and finding them there again (null: none);
     * the maps to reuse are kept.
     */
    public LoadOptions withVerificationCache(VerificationCache cache) {
        return new LoadOptions(runtime, engine, helpers, loadPrograms, verify, reuse, cache);
    }

    /** These options without verification: programs run with the engines' run-time checks alone. */
    public LoadOptions withoutVerifying() {
        return withVerify(false);
    }
}
