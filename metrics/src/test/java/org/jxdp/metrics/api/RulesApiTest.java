package org.jxdp.metrics.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jxdp.engine.object.BpfObject;
import org.jxdp.engine.vm.EngineKind;
import org.jxdp.hooks.dos.DosFilter;
import org.jxdp.hooks.dos.DosMaps;
import org.jxdp.hooks.dos.RulesFile;
import org.jxdp.hooks.dos.RulesInForce;

/** GET and PUT /api/v1/rules: the rules in force, checked replacements, refusals with every mistake's line. */
class RulesApiTest {
    static final String TOKEN = "rules-token";
    static final String DENY = "deny: [203.0.113.0/24]\nrules: [{name: no-telnet, action: drop, proto: tcp, dst_port: 23}]\n";

    static BpfObject obj;
    RulesInForce rules;
    ControlApi api;

    @BeforeAll
    static void open() throws Exception {
        obj = DosFilter.open(1, EngineKind.INTERP);
    }

    /** The default rules, as at start: the maps of an earlier test's rules are emptied. */
    @BeforeEach
    void load() {
        DosMaps.apply(obj, RulesFile.defaults(), DosFilter.START_NS);
        rules = new RulesInForce(obj, RulesFile.defaults(), RulesFile.DEFAULT_RULES_NAME, RulesFile.defaultsText(),
                () -> DosFilter.START_NS);
        api = new ControlApi(List.of(), obj.maps(), ApiToken.of(TOKEN), rules);
    }

    static ApiRequest request(String method, String query, String token, String body) {
        return new ApiRequest(method, "/api/v1/rules", query == null ? Map.of() : Map.of("check", query),
                token == null ? null : "Bearer " + token, null, body);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> json(ApiResponse r) {
        return (Map<String, Object>) Json.parse(r.body());
    }

    @Test
    void getShowsTheRulesInForceWithTheirText() {
        ApiResponse r = api.handle(request("GET", null, null, ""));
        assertThat(r.status()).isEqualTo(200);
        Map<String, Object> j = json(r);
        assertThat(j).containsEntry("source", "dos_rules.yaml (bundled)").containsEntry("generation", 0L)
                .containsEntry("default_action", "pass").containsEntry("amplification_ports", 10L)
                .containsEntry("text", RulesFile.defaultsText());
        assertThat((List<Object>) j.get("rules")).contains("snmp-from-10/8");
    }

    @Test
    void putReplacesTheRulesInTheRunningFilter() {
        ApiResponse r = api.handle(request("PUT", null, TOKEN, DENY));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(json(r)).containsEntry("replaced", true).containsEntry("generation", 1L)
                .containsEntry("source", "PUT /api/v1/rules").containsEntry("deny", 1L)
                .containsEntry("rules", List.of("no-telnet"));
        assertThat(rules.current().text()).isEqualTo(DENY);
        assertThat(rules.object().map("deny_v4").nextKey(null)).as("the deny trie is filled").isNotNull();
        assertThat(rules.object().map("amp_ports").nextKey(null)).as("the old ports are gone").isNull();
        assertThat(json(api.handle(request("GET", null, null, "")))).containsEntry("text", DENY);
    }

    @Test
    void badRulesAre422WithEveryMistakeAndTheRulesInForceStay() {
        ApiResponse r = api.handle(request("PUT", null, TOKEN,
                "deny: [203.0.113.0/33]\nrules: [{name: a, action: maybe}]\n"));
        assertThat(r.status()).isEqualTo(422);
        Map<String, Object> j = json(r);
        assertThat((String) j.get("error")).isEqualTo("rules refused (2 mistakes); the rules in force stay");
        assertThat((List<Object>) j.get("errors")).hasSize(2).first()
                .satisfies(e -> assertThat((Map<String, Object>) e).containsEntry("line", 1L));
        assertThat(rules.current().generation()).isZero();
        assertThat(api.handle(request("PUT", null, TOKEN, "rules: [\n")).status()).as("not YAML").isEqualTo(422);
        assertThat(api.handle(request("PUT", null, TOKEN, " ")).status()).as("empty").isEqualTo(400);
    }

    @Test
    void checkOnlyValidatesAndChangesNothing() {
        ApiResponse r = api.handle(request("PUT", "true", TOKEN, DENY));
        assertThat(r.status()).isEqualTo(200);
        assertThat(json(r)).containsEntry("valid", true).containsEntry("rules", 1L);
        assertThat(rules.current().generation()).isZero();
        assertThat(rules.object().map("deny_v4").nextKey(null)).isNull();
        assertThat(api.handle(request("PUT", "true", TOKEN, "default: maybe\n")).status()).isEqualTo(422);
    }

    @Test
    void writesNeedTheTokenAndOtherMethodsAreRefused() {
        assertThat(api.handle(request("PUT", null, null, DENY)).status()).isEqualTo(401);
        assertThat(api.handle(request("PUT", null, "wrong", DENY)).status()).isEqualTo(401);
        ControlApi readOnly = new ControlApi(List.of(), rules.object().maps(), null, rules);
        assertThat(readOnly.handle(request("PUT", null, TOKEN, DENY)).status()).isEqualTo(403);
        assertThat(api.handle(request("POST", null, TOKEN, DENY)).status()).isEqualTo(405);
        assertThat(rules.current().generation()).isZero();
    }

    @Test
    void aProgramWithoutRulesHasNoRulesEndpoint() {
        ControlApi none = new ControlApi(List.of(), rules.object().maps(), ApiToken.of(TOKEN));
        ApiResponse r = none.handle(request("GET", null, null, ""));
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body()).contains("belongs to the DoS filter");
    }
}
