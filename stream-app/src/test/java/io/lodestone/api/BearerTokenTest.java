package io.lodestone.api;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BearerTokenTest {

    @Test
    void anEmptyTokenAdmitsEveryRequest() {
        assertThat(new BearerToken("").admits(null)).isTrue();
        assertThat(new BearerToken("").admits("Bearer anything")).isTrue();
    }

    @Test
    void aTokenAdmitsOnlyItsOwnBearerHeader() {
        BearerToken token = new BearerToken("t0ken");
        assertThat(token.admits("Bearer t0ken")).isTrue();
        assertThat(token.admits("bearer t0ken")).as("the scheme is case-insensitive").isTrue();
        assertThat(token.admits(null)).isFalse();
        assertThat(token.admits("Bearer t0ke")).isFalse();
        assertThat(token.admits("Bearer t0ken2")).isFalse();
        assertThat(token.admits("Basic t0ken")).isFalse();
        assertThat(token.admits("t0ken")).isFalse();
        assertThat(token.header()).isEqualTo("Bearer t0ken");
    }
}
