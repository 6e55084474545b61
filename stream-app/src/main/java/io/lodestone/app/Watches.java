package io.lodestone.app;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** What the app's watches of other systems (brokers, Connect) share. */
final class Watches {

    private Watches() {}

    /** One daemon thread named {@code name}: a watch never keeps the JVM from exiting. */
    static ScheduledExecutorService timer(String name) {
        return Executors.newSingleThreadScheduledExecutor(
                r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                });
    }
}
