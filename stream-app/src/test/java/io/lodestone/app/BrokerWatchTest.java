package io.lodestone.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class BrokerWatchTest {

    /** A clock the test moves. */
    private static final class TestClock extends Clock {
        private Instant now = Instant.parse("2026-12-01T10:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void anOutageIsReportedAtOnceAndLoggedOnceAfterTheWarningTimeThenItsEnd() {
        TestClock clock = new TestClock();
        AtomicBoolean up = new AtomicBoolean(true);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        Logger logger = (Logger) LoggerFactory.getLogger(BrokerWatch.class);
        logger.addAppender(logs);
        try (BrokerWatch watch =
                new BrokerWatch(
                        up::get, Duration.ofSeconds(15), clock, "127.0.0.1:9092", () -> {})) {
            watch.check();
            assertThat(watch.reachable()).isTrue();
            assertThat(watch.secondsSinceContact()).isZero();

            up.set(false);
            for (int s = 5; s <= 25; s += 5) {
                clock.now = clock.now.plusSeconds(5);
                watch.check();
            }
            assertThat(watch.reachable()).isFalse();
            assertThat(watch.secondsSinceContact()).isEqualTo(25);
            assertThat(logs.list)
                    .singleElement()
                    .satisfies(
                            e -> {
                                assertThat(e.getLevel()).isEqualTo(Level.WARN);
                                assertThat(e.getFormattedMessage())
                                        .startsWith(
                                                "no answer from Kafka at 127.0.0.1:9092 for 15 s");
                            });

            up.set(true);
            clock.now = clock.now.plusSeconds(5);
            watch.check();
            assertThat(watch.reachable()).isTrue();
            assertThat(watch.secondsSinceContact()).isZero();
            assertThat(logs.list).hasSize(2);
            assertThat(logs.list.get(1).getLevel()).isEqualTo(Level.INFO);
            assertThat(logs.list.get(1).getFormattedMessage())
                    .isEqualTo("Kafka at 127.0.0.1:9092 answers again after 30 s without contact");

            up.set(false);
            clock.now = clock.now.plusSeconds(10);
            watch.check();
            assertThat(logs.list)
                    .as("a 10 s blip is shown in health and metrics, not logged")
                    .hasSize(2);
        } finally {
            logger.detachAppender(logs);
        }
    }
}
