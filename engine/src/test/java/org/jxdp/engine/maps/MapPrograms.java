package org.jxdp.engine.maps;

import org.jxdp.engine.helpers.BpfFunc;
import org.jxdp.engine.helpers.GenericHelpers;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.testing.RuntimePrograms;
import org.jxdp.engine.verifier.ProgramRejectedException;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.engine.vm.Executable;
import org.jxdp.engine.vm.HelperTable;

/**
 * Loads test programs with the generic helpers plus the ring buffer helpers (130-134) and
 * {@code bpf_perf_event_output} (25, without packet bytes) bound to the map classes' public
 * methods, the way the helper code calls them.
 */
final class MapPrograms {
    private MapPrograms() {
    }

    static HelperTable helpers(BpfRuntime rt) {
        HelperTable.Builder b = GenericHelpers.addTo(HelperTable.builder(), rt);
        b.add(BpfFunc.BPF_FUNC_ringbuf_output, "bpf_ringbuf_output", (c, map, data, size, flags, x5) ->
                ((RingBufMap) GenericHelpers.map(rt, map, "bpf_ringbuf_output")).output(c, data, size, flags));
        b.add(BpfFunc.BPF_FUNC_ringbuf_reserve, "bpf_ringbuf_reserve", (c, map, size, flags, x4, x5) ->
                ((RingBufMap) GenericHelpers.map(rt, map, "bpf_ringbuf_reserve")).reserve(c, size, flags));
        b.add(BpfFunc.BPF_FUNC_ringbuf_submit, "bpf_ringbuf_submit", (c, sample, flags, x3, x4, x5) -> {
            RingBufMap.holding(rt, sample).submit(c, sample, flags);
            return 0;
        });
        b.add(BpfFunc.BPF_FUNC_ringbuf_discard, "bpf_ringbuf_discard", (c, sample, flags, x3, x4, x5) -> {
            RingBufMap.holding(rt, sample).discard(c, sample, flags);
            return 0;
        });
        b.add(BpfFunc.BPF_FUNC_ringbuf_query, "bpf_ringbuf_query", (c, map, flags, x3, x4, x5) ->
                ((RingBufMap) GenericHelpers.map(rt, map, "bpf_ringbuf_query")).query(flags));
        b.add(BpfFunc.BPF_FUNC_perf_event_output, "bpf_perf_event_output", (c, ctx, map, flags, data, size) ->
                ((PerfEventArrayMap) GenericHelpers.map(rt, map, "bpf_perf_event_output"))
                        .output(c, flags, data, size, 0, 0));
        return b.build();
    }

    static Executable load(EngineKind engine, BpfRuntime rt, String asm) {
        try {
            return engine.load(RuntimePrograms.assemble(rt, asm), rt.environment(helpers(rt)));
        } catch (ProgramRejectedException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }
}
