package io.lodestone.testsupport;

import io.lodestone.localinfra.LocalInfra;
import io.lodestone.localinfra.Ports;
import io.lodestone.localinfra.RegistryProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real schema registry as a separate process on a free port, started once per test JVM (log and
 * pid file in {@code target/lodestone-test-registry-<n>}: test JVMs running side by side each claim
 * one of their own) and stopped when all its tests are done, or by a shutdown hook if the run is
 * cut short. Compatibility is BACKWARD, as in the local default.
 *
 * <pre>{@code @ExtendWith(SchemaRegistryExtension.class) ... SchemaRegistryExtension.url()}</pre>
 */
public final class SchemaRegistryExtension implements BeforeAllCallback {

    private static final Logger log = LoggerFactory.getLogger(SchemaRegistryExtension.class);

    /** The lock a test JVM holds, for its life, on the directory of its registry. */
    private static final String CLAIM = "claimed-by-a-test-jvm.lock";

    // Kept open: the lock lasts as long as the channel.
    private static FileChannel claim;
    private static Path claimed;

    private static volatile String url;
    private static Registry running;

    @Override
    public void beforeAll(ExtensionContext context) {
        // The root store lives for the whole test run and closes its resources at the end, once.
        context.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(
                        SchemaRegistryExtension.class.getName(), key -> start(), Registry.class);
    }

    /**
     * Base URL, e.g. {@code http://127.0.0.1:41234}; only inside a test class extended with this
     * extension.
     */
    public static String url() {
        String registryUrl = url;
        if (registryUrl == null) {
            throw new IllegalStateException(
                    "no schema registry: annotate the test class with"
                            + " @ExtendWith(SchemaRegistryExtension.class)");
        }
        return registryUrl;
    }

    /**
     * The URL, starting the registry first if no test has: for test engines without JUnit's
     * extensions (jqwik's properties). It then runs until the JVM exits.
     */
    public static String urlStartingIfNeeded() {
        return start().process().url();
    }

    private static synchronized Registry start() {
        if (running != null) {
            return running;
        }
        Path dir = claimDirectory();
        // A registry left there by an earlier run that was killed outright (no shutdown hook ran)
        // would hold the pid file: no test JVM runs it any more, as none holds the claim.
        log.debug("{}", RegistryProcess.stopRecorded(dir));
        RegistryProcess.deleteStoredSchemas(dir); // every test run starts with an empty registry
        RegistryProcess process =
                RegistryProcess.startOrReuse(
                        LocalInfra.findProjectHome(),
                        dir,
                        Ports.freePort(),
                        Duration.ofSeconds(60),
                        log::info);
        Registry registry =
                new Registry(process, new Thread(process::close, "stop-test-schema-registry"));
        Runtime.getRuntime().addShutdownHook(registry.shutdownHook());
        url = process.url();
        running = registry;
        return registry;
    }

    /**
     * {@code target/lodestone-test-registry-<n>}, the first one no other test JVM has claimed
     * (Maven runs several side by side): claimed by a file lock held until this JVM exits.
     */
    private static Path claimDirectory() {
        if (claimed != null) {
            return claimed; // a registry of this JVM stopped, and another starts there
        }
        for (int n = 1; ; n++) {
            Path dir = Path.of("target", "lodestone-test-registry-" + n).toAbsolutePath();
            try {
                Files.createDirectories(dir);
                FileChannel channel =
                        FileChannel.open(
                                dir.resolve(CLAIM),
                                StandardOpenOption.CREATE,
                                StandardOpenOption.WRITE);
                if (channel.tryLock() != null) {
                    claim = channel;
                    claimed = dir;
                    return dir;
                }
                channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot claim " + dir + " for the test registry", e);
            }
        }
    }

    private record Registry(RegistryProcess process, Thread shutdownHook)
            implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            synchronized (SchemaRegistryExtension.class) {
                url = null;
                running = null;
            }
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                return; // the JVM is shutting down: the hook is stopping the registry
            }
            process.close();
        }
    }
}
