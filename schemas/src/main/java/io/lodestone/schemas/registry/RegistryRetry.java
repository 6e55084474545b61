package io.lodestone.schemas.registry;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * How long a serde waits for the schema registry: a failed call is tried again after 0.25, 0.5, 1,
 * 2 and 4 s (about 8 s in all: two instances racing to register the same schema settle within the
 * first retry); then the registry counts as unavailable.
 */
final class RegistryRetry {

    static final int ATTEMPTS = 6;
    private static final Duration FIRST_PAUSE = Duration.ofMillis(250);

    private RegistryRetry() {}

    /**
     * {@code call}'s result; a failure that {@code permanent} accepts is thrown at once, any other
     * is retried, and the last one is thrown as a {@link RegistryUnavailableException} saying
     * {@code what} failed.
     */
    static <T> T call(String what, Supplier<T> call, Predicate<RuntimeException> permanent) {
        return call(what, call, permanent, FIRST_PAUSE);
    }

    /**
     * {@link #call(String, Supplier, Predicate)} with the first pause {@code firstPause} (tests).
     */
    static <T> T call(
            String what,
            Supplier<T> call,
            Predicate<RuntimeException> permanent,
            Duration firstPause) {
        long pause = firstPause.toMillis();
        long started = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (permanent.test(e)) {
                    throw e;
                }
                if (attempt == ATTEMPTS) {
                    throw new RegistryUnavailableException(
                            String.format(
                                    "%s failed %d times in %.1f s (%s): check that the schema "
                                            + "registry is up and reachable",
                                    what,
                                    ATTEMPTS,
                                    (System.nanoTime() - started) / 1e9,
                                    e.getMessage()),
                            e);
                }
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new RegistryUnavailableException(
                            "interrupted while waiting to retry: " + what, e);
                }
                pause *= 2;
            }
        }
    }
}
