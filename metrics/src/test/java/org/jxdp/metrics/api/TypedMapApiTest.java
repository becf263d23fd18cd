package org.jxdp.metrics.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.hooks.dos.DosFilter;

/**
 * Typed keys and values through BTF in the map API: dumps carry bpftool's {@code "formatted"}
 * form, and updates and deletes take typed JSON as well as hex, both naming the bytes alike.
 */
class TypedMapApiTest {
    static final String TOKEN = "typed";
    static BpfObject obj;
    static ControlApi api;

    @BeforeAll
    static void open() throws Exception {
        obj = DosFilter.open(2, EngineKind.INTERP);
        api = new ControlApi(List::of, obj.maps(), new MapTypes(obj.btf().orElseThrow()), ApiToken.of(TOKEN), null);
    }

    static ApiResponse call(String method, String path, String body) {
        return api.handle(new ApiRequest(method, path, Map.of(), "Bearer " + TOKEN, null, body));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(ApiResponse r) {
        return (Map<String, Object>) Json.parse(r.body());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aTypedUpdateIsDumpedTypedAndInHex() {
        ApiResponse put = call("PUT", "/api/v1/maps/amp_ports/entries",
                "{\"key\": 1900, \"value\": {\"max_payload\": 512, \"rule\": 17}}");
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(json(put)).containsEntry("key", "6c 07 00 00");
        Map<String, Object> dump = json(call("GET", "/api/v1/maps/amp_ports", ""));
        assertThat((Map<String, Object>) dump.get("btf")).containsEntry("key", "__u32")
                .containsEntry("value", "struct dos_amp_port");
        Map<String, Object> e = ((List<Map<String, Object>>) dump.get("entries")).get(0);
        assertThat(e).containsEntry("key", "6c 07 00 00").containsEntry("value", "00 02 00 00 11 00 00 00");
        assertThat((Map<String, Object>) e.get("formatted")).containsEntry("key", 1900L)
                .containsEntry("value", Map.of("max_payload", 512L, "rule", 17L));

        ApiResponse del = call("DELETE", "/api/v1/maps/amp_ports/entries", "{\"key\": 1900}");
        assertThat(del.status()).as(del.body()).isEqualTo(200);
        assertThat(obj.map("amp_ports").nextKey(null)).isNull();
    }

    @Test
    @SuppressWarnings("unchecked")
    void aStructKeyWithAByteArrayAndAPerCpuValueForEveryCpu() {
        ApiResponse put = call("PUT", "/api/v1/maps/deny_v4/entries",
                "{\"key\": {\"prefixlen\": 24, \"addr\": [203, 0, 113, 0]}, \"value\": 4}");
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(json(put)).containsEntry("key", "18 00 00 00 cb 00 71 00");
        ApiResponse hits = call("PUT", "/api/v1/maps/rule_hits/entries",
                "{\"key\": 3, \"value\": {\"packets\": 5, \"bytes\": 300}}");
        assertThat(hits.status()).as(hits.body()).isEqualTo(200);
        Map<String, Object> dump = json(call("GET", "/api/v1/maps/rule_hits", ""));
        Map<String, Object> third = ((List<Map<String, Object>>) dump.get("entries")).get(3);
        assertThat((Map<String, Object>) third.get("formatted")).containsEntry("key", 3L)
                .containsEntry("values", List.of(Map.of("cpu", 0L, "value", Map.of("packets", 5L, "bytes", 300L)),
                        Map.of("cpu", 1L, "value", Map.of("packets", 5L, "bytes", 300L))));
    }

    @Test
    void aTypedFormThatDoesNotFitIs400NamingTheMapAndTheMistake() {
        ApiResponse r = call("PUT", "/api/v1/maps/amp_ports/entries",
                "{\"key\": 19, \"value\": {\"max_payload\": 1, \"nope\": 2}}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(json(r).get("error").toString()).startsWith("amp_ports: value: ").contains("has no member 'nope'");
        ApiResponse b = call("PUT", "/api/v1/maps/amp_ports/entries", "{\"key\": true, \"value\": \"00\"}");
        assertThat(b.status()).isEqualTo(400);
        assertThat(json(b)).containsEntry("error", "\"key\" must be hex or typed JSON, not a boolean");
    }
}
