package org.jxdp.engine.verifier;

import static org.assertj.core.api.Assertions.assertThat;

import org.jxdp.engine.helpers.BpfFunc;
import org.jxdp.engine.helpers.GenericHelpers;
import org.jxdp.engine.isa.Program;
import org.jxdp.engine.maps.ArrayMap;
import org.jxdp.engine.maps.MapDefinition;
import org.jxdp.engine.maps.MapFactory;
import org.jxdp.engine.maps.MapType;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.runtime.BpfRuntime;
import org.jxdp.engine.testing.RuntimePrograms;
import org.jxdp.engine.vm.HelperTable;

/**
 * Test-only: verifies assembly programs as XDP programs, in a runtime with a few maps:
 * {@code counters} (array, u32 key, u64 value, 16 entries), {@code flows} (hash, 8-byte key,
 * 16-byte value), {@code jumps} (prog array), {@code ro} (read-only array, 8-byte value). The
 * helper table is the generic helpers plus the ids of the XDP ones, which verification needs
 * only by id (the hooks module implements them).
 */
final class XdpVerifierFixture {
    final BpfRuntime rt = new BpfRuntime(1, 1);
    final Verifier verifier;
    private final HelperTable helpers;

    XdpVerifierFixture() {
        MapFactory.create(MapDefinition.of("counters", MapType.BPF_MAP_TYPE_ARRAY, 4, 8, 16, 0), rt);
        MapFactory.create(MapDefinition.of("flows", MapType.BPF_MAP_TYPE_HASH, 8, 16, 64, 0), rt);
        MapFactory.create(MapDefinition.of("jumps", MapType.BPF_MAP_TYPE_PROG_ARRAY, 4, 4, 4, 0), rt);
        rt.register(ArrayMap.globalData("ro", new byte[8], true));
        HelperTable.Builder b = GenericHelpers.addTo(HelperTable.builder(), rt);
        for (int id : new int[] {BpfFunc.BPF_FUNC_xdp_adjust_head, BpfFunc.BPF_FUNC_xdp_adjust_meta,
            BpfFunc.BPF_FUNC_xdp_adjust_tail, BpfFunc.BPF_FUNC_xdp_load_bytes, BpfFunc.BPF_FUNC_xdp_store_bytes,
            BpfFunc.BPF_FUNC_redirect, BpfFunc.BPF_FUNC_fib_lookup, BpfFunc.BPF_FUNC_xdp_get_buff_len}) {
            b.add(id, BpfFunc.name(id), (c, x1, x2, x3, x4, x5) -> 0);
        }
        helpers = b.build();
        verifier = Verifier.forXdp(rt.environment(helpers), id -> rt.map(id) == null ? null
                : rt.map(id).definition()).license("GPL");
    }

    /** The helper table the verifier was made with. */
    HelperTable helpers() {
        return helpers;
    }

    /** A verifier for the programs of {@code o}, loaded into this fixture's runtime, under its licence. */
    Verifier verifierFor(BpfObject o) {
        return Verifier.forXdp(rt.environment(helpers), id -> rt.map(id) == null ? null : rt.map(id).definition())
                .license(o.license());
    }

    /** Assembles {@code asm} ({@code lddw %rN, map(name)} loads a map pointer). */
    Program program(String asm) {
        return RuntimePrograms.assemble(rt, asm);
    }

    Verification verify(String asm) {
        return verifier.verify(program(asm));
    }

    /** Verifies {@code asm} and requires it accepted. */
    Verification accepts(String asm) {
        Verification v = verify(asm);
        assertThat(v.accepted()).as(() -> v.rejection().map(Verification.Rejection::report).orElse("")).isTrue();
        return v;
    }

    /** Verifies {@code asm}, requires it refused for {@code reason} and returns the refusal. */
    Verification.Rejection refuses(String asm, String reason) {
        Verification v = verify(asm);
        assertThat(v.accepted()).as("refused").isFalse();
        Verification.Rejection r = v.rejection().get();
        assertThat(r.reason()).as(r.report()).isEqualTo(reason);
        return r;
    }
}
