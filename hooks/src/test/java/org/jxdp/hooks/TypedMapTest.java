package org.jxdp.hooks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxdp.engine.elf.ElfException;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.object.TypedMap;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.hooks.kernel.Clang;

/** Maps read and written from Java with the keys and values their BTF types describe. */
class TypedMapTest {
    @TempDir
    Path work;

    private BpfObject load() throws IOException, ElfException {
        Path obj = Clang.compile(work, "typed");
        return BpfObject.open(obj, XdpPrograms.options(2, EngineKind.INTERP));
    }

    private static byte[] udp(int sport, int dport) {
        return new byte[] {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 8, 0,
            0x45, 0, 0, 28, 0, 0, 0, 0, 64, 17, 0, 0, (byte) 192, 0, 2, 1, (byte) 198, 51, 100, 7,
            (byte) (sport >> 8), (byte) sport, (byte) (dport >> 8), (byte) dport, 0, 8, 0, 0};
    }

    @Test
    void structKeysAndValuesRoundTrip() throws IOException, ElfException {
        BpfObject obj = load();
        TypedMap policy = obj.typedMap("policy");
        assertThat(policy.update(0L, "V_DROP", 0)).isZero();
        assertThat(policy.lookup(0L)).isEqualTo(1L);
        XdpTestRun.Result r = XdpTestRun.run(obj.program("count_flows"), udp(5353, 53), 3);
        assertThat(r.retval()).isEqualTo(XdpAction.XDP_DROP);
        TypedMap flows = obj.typedMap("flows");
        List<Map.Entry<Object, Object>> all = flows.entries();
        assertThat(all).hasSize(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> key = (Map<String, Object>) all.get(0).getKey();
        assertThat(key).containsEntry("sport", 5353L).containsEntry("dport", 53L).containsEntry("proto", 17L)
                .containsEntry("saddr", 0x010200c0L);
        @SuppressWarnings("unchecked")
        Map<String, Object> value = (Map<String, Object>) all.get(0).getValue();
        assertThat(value).containsEntry("packets", 3L).containsEntry("bytes", 3L * 42).containsEntry("flags", 5L)
                .containsEntry("kind", 17L).containsEntry("delta", -1L);
        Map<String, Object> other = Map.of("saddr", 1L, "daddr", 2L, "sport", 3L, "dport", 4L, "proto", 6L);
        assertThat(flows.update(other, Map.of("packets", 10L, "kind", 31L, "delta", -300L), 0)).isZero();
        @SuppressWarnings("unchecked")
        Map<String, Object> back = (Map<String, Object>) flows.lookup(other);
        assertThat(back).containsEntry("packets", 10L).containsEntry("kind", 31L).containsEntry("delta", -300L)
                .containsEntry("flags", 0L);
        assertThat(flows.delete(other)).isZero();
    }

    @Test
    void perCpuValuesAreListsAndShapesAreChecked() throws IOException, ElfException {
        BpfObject obj = load();
        TypedMap totals = obj.typedMap("totals");
        assertThat(totals.updateAllCpus(1L, 7L, 0)).isZero();
        assertThat(totals.lookup(1L)).isEqualTo(List.of(7L, 7L));
        assertThat(totals.update(0L, List.of(1L, 2L), 0)).isZero();
        assertThat(totals.lookup(0L)).isEqualTo(List.of(1L, 2L));
        assertThatThrownBy(() -> totals.update(0L, 5L, 0)).hasMessageContaining("a list of 2 values");
        assertThatThrownBy(() -> obj.typedMap("flows").lookup(Map.of("nope", 1L)))
                .hasMessageContaining("flows: ").hasMessageContaining("has no member 'nope'");
        assertThatThrownBy(() -> obj.typedMap("policy").update(0L, "V_MAYBE", 0))
                .hasMessageContaining("has no enumerator 'V_MAYBE'");
    }
}
