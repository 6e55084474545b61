package io.lodestone.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.schemas.registry.RegistryUnavailableException;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class ThreadFailureHandlerTest {

    private final List<Long> pauses = new ArrayList<>();
    private final List<Integer> removed = new ArrayList<>();
    private final ThreadFailureHandler handler =
            new ThreadFailureHandler(pauses::add, removed::add);
    private final Throwable missingTopics =
            new StreamsException(new MissingSourceTopicException("Missing source topics."));

    @Test
    void missingSourceTopicsReplaceTheThreadSixTimesWithDoublingPausesThenShutDown() {
        for (int i = 0; i < 6; i++) {
            assertThat(handler.handle(missingTopics))
                    .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        }
        assertThat(handler.handle(missingTopics))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(pauses).containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 32_000L);
    }

    @Test
    void theReplacedThreadsStaticMemberIsRemovedFromTheGroup() throws Exception {
        Thread thread =
                new Thread(() -> handler.handle(missingTopics), "lodestone-7f3a-StreamThread-3");
        thread.start();
        thread.join();
        assertThat(removed).containsExactly(3);
        assertThat(ThreadFailureHandler.threadIndex("main")).isEmpty();
    }

    @Test
    void runningAgainStartsANewStreak() {
        handler.handle(missingTopics);
        handler.handle(missingTopics);
        handler.running();
        assertThat(handler.handle(missingTopics))
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(pauses).containsExactly(1_000L, 2_000L, 1_000L);
    }

    @Test
    void aSchemaRegistryOutageAlsoReplacesTheThread() {
        Throwable registryDown =
                new StreamsException(
                        new RegistryUnavailableException(
                                "fetching schema id 4 failed 6 times", null));
        assertThat(handler.handle(registryDown))
                .isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(pauses).containsExactly(1_000L);
    }

    @Test
    void aCommitRefusedAfterABrokerOutageAbortedTheTransactionAlsoReplacesTheThread() {
        // as seen when a broker was killed and came back after more than the transaction timeout
        Throwable aborted =
                new StreamsException(
                        "Error encountered trying to commit a transaction",
                        new InvalidTxnStateException(
                                "The producer attempted a transactional operation in an invalid"
                                        + " state."));
        assertThat(handler.handle(aborted)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(pauses).containsExactly(1_000L);
    }

    @Test
    void anyOtherFailureShutsTheAppDown() {
        assertThat(handler.handle(new StreamsException(new IllegalStateException("a bug"))))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
        assertThat(pauses).isEmpty();
        assertThat(removed).isEmpty();
    }
}
