package io.lodestone.app;

import io.lodestone.schemas.registry.RegistryUnavailableException;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.errors.InvalidTxnStateException;
import org.apache.kafka.streams.errors.MissingSourceTopicException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a failed stream thread does to the app. Three failures are outages, not faults of the app or
 * the data: a broker that has just restarted can answer metadata requests before it has loaded
 * every topic, so a rebalance finds the input topics missing ({@link MissingSourceTopicException});
 * the schema registry can be down when a serde needs it ({@link RegistryUnavailableException}); and
 * a broker that was down longer than the transaction timeout has aborted the thread's open
 * transaction, so its commit is refused ({@link InvalidTxnStateException}; what it wrote is
 * discarded and is processed again). The thread is then replaced after a pause that doubles each
 * time (1 s, 2 s, … 32 s), and processes again from the last commit, until the app runs again; a
 * seventh failure in a row, or any other failure, shuts the app down (its state is safe under
 * exactly-once: a restart resumes where it stopped). The failed thread was a static member of the
 * group and sends no LeaveGroup, and its replacement joins under the next thread index: so the
 * failed thread's member is removed, or the group would wait out its session timeout (45 s) before
 * assigning.
 */
final class ThreadFailureHandler implements StreamsUncaughtExceptionHandler {

    static final int MAX_REPLACEMENTS = 6;

    private static final Logger log = LoggerFactory.getLogger(ThreadFailureHandler.class);
    private static final Pattern STREAM_THREAD = Pattern.compile("-StreamThread-(\\d+)$");

    private final LongConsumer pauseMillis;
    private final IntConsumer removeMember;
    private final AtomicInteger streak = new AtomicInteger();

    /**
     * {@code removeMember} removes the group member of the stream thread with the given index
     * (Kafka Streams' {@code -StreamThread-n}).
     */
    ThreadFailureHandler(LongConsumer pauseMillis, IntConsumer removeMember) {
        this.pauseMillis = pauseMillis;
        this.removeMember = removeMember;
    }

    /** Pauses by sleeping the failed thread, which is about to end anyway. */
    static ThreadFailureHandler sleeping(IntConsumer removeMember) {
        return new ThreadFailureHandler(
                ms -> {
                    try {
                        Thread.sleep(ms);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                removeMember);
    }

    @Override
    public StreamThreadExceptionResponse handle(Throwable exception) {
        String outage = outage(exception);
        if (outage == null) {
            log.error(
                    "stream thread failed; shutting Lodestone down (state is safe under"
                            + " exactly-once, restart to resume)",
                    exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        int attempt = streak.incrementAndGet();
        if (attempt > MAX_REPLACEMENTS) {
            log.error(
                    "still failing after {} new stream threads; shutting Lodestone down. Check that"
                        + " the input topics exist (kafka-topics.sh --describe), the brokers have"
                        + " finished starting and the schema registry answers",
                    MAX_REPLACEMENTS,
                    exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        long pause = 1_000L << (attempt - 1);
        log.warn(
                "{}: a new stream thread in {} s, attempt {} of {}",
                outage,
                pause / 1_000,
                attempt,
                MAX_REPLACEMENTS);
        pauseMillis.accept(pause);
        threadIndex(Thread.currentThread().getName()).ifPresent(removeMember::accept);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** The app runs again: a later failure starts a new streak. */
    void running() {
        streak.set(0);
    }

    /** The index in a stream thread's name ({@code <client id>-StreamThread-3}: 3). */
    static OptionalInt threadIndex(String threadName) {
        Matcher m = STREAM_THREAD.matcher(threadName);
        return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
    }

    /** What outage {@code exception} shows, or null when it shows none. */
    private static String outage(Throwable exception) {
        if (RegistryUnavailableException.causedBy(exception)) {
            return "the schema registry is unavailable";
        }
        for (Throwable t = exception; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof MissingSourceTopicException) {
                return "a rebalance found input topics missing from Kafka's metadata (a broker"
                        + " still loading them after a restart, or topics deleted)";
            }
            if (t instanceof InvalidTxnStateException) {
                return "the broker aborted the open transaction (down longer than the transaction"
                        + " timeout); its records are discarded and processed again";
            }
        }
        return null;
    }
}
