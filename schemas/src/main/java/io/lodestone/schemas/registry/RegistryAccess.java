package io.lodestone.schemas.registry;

import io.apicurio.registry.serde.SerdeConfig;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * How a client reaches the schema registry: its base URL and, for https, the truststore (PKCS12 or
 * JKS) that verifies the registry's certificate, none meaning the JVM's default trust. Every
 * serde's registry calls, the Apicurio client's and the JDK's, take their TLS settings from here.
 */
public record RegistryAccess(String url, String truststoreLocation, String truststorePassword) {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    // One JDK client per trust: each keeps a selector thread alive.
    private static final Map<RegistryAccess, HttpClient> CLIENTS = new ConcurrentHashMap<>();

    public RegistryAccess {
        truststoreLocation = truststoreLocation == null ? "" : truststoreLocation;
        truststorePassword = truststorePassword == null ? "" : truststorePassword;
    }

    /** The registry at {@code url}, trusted as the JVM trusts any server. */
    public static RegistryAccess of(String url) {
        return new RegistryAccess(url, "", "");
    }

    /**
     * The settings Apicurio's serdes take: the registry's native API, and its truststore when one
     * is set.
     */
    Map<String, Object> apicurioSettings() {
        Map<String, Object> settings = new HashMap<>();
        settings.put(SerdeConfig.REGISTRY_URL, RegistrySerdes.apiUrl(url));
        if (!truststoreLocation.isEmpty()) {
            settings.put("apicurio.registry.request.ssl.truststore.location", truststoreLocation);
            settings.put("apicurio.registry.request.ssl.truststore.password", truststorePassword);
            settings.put("apicurio.registry.request.ssl.truststore.type", truststore().getType());
        }
        return settings;
    }

    /** A JDK HTTP client that trusts the registry's certificate. */
    HttpClient httpClient() {
        return CLIENTS.computeIfAbsent(
                this,
                access -> {
                    // HTTP/1.1: on HTTP/2 (negotiated over TLS, or offered as h2c) the registry
                    // may end the connection (GOAWAY) under load, failing lookups in flight.
                    HttpClient.Builder builder =
                            HttpClient.newBuilder()
                                    .version(HttpClient.Version.HTTP_1_1)
                                    .connectTimeout(CONNECT_TIMEOUT);
                    if (!access.truststoreLocation.isEmpty()) {
                        builder.sslContext(access.sslContext());
                    }
                    return builder.build();
                });
    }

    private SSLContext sslContext() {
        try {
            TrustManagerFactory trust =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(truststore());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "cannot trust the schema registry through "
                            + truststoreLocation
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    private KeyStore truststore() {
        Path file = Path.of(truststoreLocation);
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(
                    "the schema registry truststore "
                            + file.toAbsolutePath()
                            + " does not exist "
                            + "(schema.registry.ssl.truststore.location)");
        }
        try {
            return KeyStore.getInstance(file.toFile(), truststorePassword.toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "cannot read the schema registry truststore "
                            + file.toAbsolutePath()
                            + " ("
                            + e.getMessage()
                            + "): check schema.registry.ssl.truststore.password",
                    e);
        }
    }

    /** The password never shows in logs. */
    @Override
    public String toString() {
        return url + (truststoreLocation.isEmpty() ? "" : " (trusting " + truststoreLocation + ")");
    }
}
