package io.lodestone.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RegistryRetryTest {

    private final AtomicInteger calls = new AtomicInteger();

    @Test
    void aPassingFailureIsRetriedUntilTheCallSucceeds() {
        String result =
                RegistryRetry.call(
                        "registering",
                        () -> {
                            if (calls.incrementAndGet() < 3) {
                                throw new IllegalStateException(
                                        "No artifact with ID 'x' was found"); // two instances
                                // racing to register
                            }
                            return "id 7";
                        },
                        e -> false,
                        Duration.ofMillis(1));
        assertThat(result).isEqualTo("id 7");
        assertThat(calls).hasValue(3);
    }

    @Test
    void aPermanentFailureIsThrownAtOnce() {
        assertThatThrownBy(
                        () ->
                                RegistryRetry.call(
                                        "registering",
                                        () -> {
                                            calls.incrementAndGet();
                                            throw new IllegalArgumentException(
                                                    "incompatible schema");
                                        },
                                        e -> e instanceof IllegalArgumentException,
                                        Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(calls).hasValue(1);
    }

    @Test
    void aRegistryThatNeverAnswersIsUnavailableAfterSixAttempts() {
        assertThatThrownBy(
                        () ->
                                RegistryRetry.call(
                                        "fetching schema id 3",
                                        () -> {
                                            calls.incrementAndGet();
                                            throw new IllegalStateException("connection refused");
                                        },
                                        e -> false,
                                        Duration.ofMillis(1)))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageStartingWith("fetching schema id 3 failed 6 times in ")
                .hasMessageEndingWith(
                        "(connection refused): check that the schema registry is up and reachable");
        assertThat(calls).hasValue(6);
        assertThat(
                        RegistryUnavailableException.causedBy(
                                new RuntimeException(
                                        new RegistryUnavailableException("down", null))))
                .isTrue();
        assertThat(RegistryUnavailableException.causedBy(new RuntimeException("bad record")))
                .isFalse();
    }
}
