package io.lodestone.localinfra.junit;

import io.lodestone.localinfra.LocalInfra;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;

/**
 * The real schema registry as a separate process on a free port, started once per test run, stopped
 * at its end (and by a shutdown hook if the run is killed).
 */
public final class SchemaRegistryExtension implements BeforeAllCallback {

    private static LocalInfra.RegistryHandle registry;

    @Override
    public void beforeAll(ExtensionContext context) {
        start(context);
    }

    private static synchronized void start(ExtensionContext context) {
        if (registry != null) {
            return;
        }
        Path home = LocalInfra.findProjectHome();
        Path dir = Path.of("target", "test-registry").toAbsolutePath();
        LocalInfra.RegistryHandle started = LocalInfra.startRegistry(home, dir, message -> { });
        Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-test-registry"));
        registry = started;
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .put(SchemaRegistryExtension.class.getName(), (ExtensionContext.Store.CloseableResource) SchemaRegistryExtension::stop);
    }

    private static synchronized void stop() {
        if (registry != null) {
            registry.close();
            registry = null;
        }
    }

    /** Base URL, e.g. http://127.0.0.1:41234. */
    public static String url() {
        if (registry == null) {
            throw new IllegalStateException("annotate the test class with @ExtendWith(SchemaRegistryExtension.class)");
        }
        return registry.url();
    }
}
