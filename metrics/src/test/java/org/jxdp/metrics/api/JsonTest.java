package org.jxdp.metrics.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
    @Test
    void valuesRoundTrip() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("s", "a \"q\" \\ \n\t\u0001 é");
        m.put("n", 42L);
        m.put("neg", -7L);
        m.put("d", 1.5);
        m.put("t", true);
        m.put("f", false);
        m.put("z", null);
        m.put("l", List.of(1L, "x", List.of(), Map.of()));
        String text = Json.write(m);
        assertThat(text).startsWith("{\"s\":\"a \\\"q\\\" \\\\ \\n\\t\\u0001 é\",\"n\":42,");
        assertThat(Json.parse(text)).isEqualTo(m);
        assertThat(Json.parse(" [ 1 , 2.5e3 , \"\\u0041\\/\" ] ")).isEqualTo(List.of(1L, 2500.0, "A/"));
    }

    @Test
    void malformedTextIsRefusedWithWhere() {
        for (String bad : List.of("", "{", "{\"a\" 1}", "{a: 1}", "[1,]", "\"open", "tru", "1 2", "\"\\x\"", "-",
                "{\"a\":1,}", "\"a\u0001\"")) {
            assertThatThrownBy(() -> Json.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("bad JSON at offset ");
        }
    }

    @Test
    void nestingIsBounded() {
        char[] open = new char[Json.MAX_DEPTH + 2];
        Arrays.fill(open, '[');
        assertThatThrownBy(() -> Json.parse(new String(open))).hasMessageContaining("nested deeper than");
    }
}
