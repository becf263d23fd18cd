package org.jxdp.metrics.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiTokenTest {
    @Test
    void admitsOnlyTheBearerToken() {
        ApiToken t = ApiToken.of("  abc123\n");
        assertThat(t.admits("Bearer abc123")).isTrue();
        assertThat(t.admits("bearer abc123 ")).isTrue();
        assertThat(t.admits("Bearer abc12")).isFalse();
        assertThat(t.admits("Bearer abc1234")).isFalse();
        assertThat(t.admits("Basic abc123")).isFalse();
        assertThat(t.admits("abc123")).isFalse();
        assertThat(t.admits(null)).isFalse();
    }

    @Test
    void anEmptyTokenIsRefused() {
        assertThatThrownBy(() -> ApiToken.of(" \n")).hasMessage("the API token is empty");
    }
}
