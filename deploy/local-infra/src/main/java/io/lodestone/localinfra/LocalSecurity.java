package io.lodestone.localinfra;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The keys and secrets of the secured local infrastructure, kept in {@code <data-dir>/secure}
 * (readable by its owner only): a CA and a server certificate for 127.0.0.1 and localhost (made
 * with the JDK's keytool), the truststore clients verify them with, and the passwords of the
 * broker's principals: {@value #ADMIN} (the broker itself and {@code infra up}, a super user),
 * {@value #APP} (the stream app) and {@value #INGEST} (ingest). A data directory with this folder
 * runs secured: the broker on SASL_SSL with SCRAM-SHA-512 and ACLs, the registry on HTTPS. It also
 * holds ready-made Lodestone configuration files for the app and for ingest.
 */
public final class LocalSecurity {

    public static final String ADMIN = "admin";
    public static final String APP = "lodestone-app";
    public static final String INGEST = "lodestone-ingest";
    public static final String MECHANISM = "SCRAM-SHA-512";

    private static final String SECRETS = "secrets.properties";

    /** The app's bearer token for its query API, which its one write (case decisions) needs. */
    private static final String HTTP_TOKEN = "http-token";

    private static final Duration KEYTOOL_TIMEOUT = Duration.ofSeconds(60);

    private final Path dir;
    private final Properties secrets;

    private LocalSecurity(Path dir, Properties secrets) {
        this.dir = dir;
        this.secrets = secrets;
    }

    static Path dir(Path dataDir) {
        return dataDir.resolve("secure");
    }

    /** The security of the data directory, if it is secured. */
    public static Optional<LocalSecurity> of(Path dataDir) {
        Path dir = dir(dataDir);
        if (!Files.isRegularFile(dir.resolve(SECRETS))) {
            return Optional.empty();
        }
        Properties secrets = new Properties();
        try (Reader reader = Files.newBufferedReader(dir.resolve(SECRETS))) {
            secrets.load(reader);
        } catch (IOException e) {
            throw new LocalInfraException(
                    "cannot read " + dir.resolve(SECRETS) + ": " + e.getMessage(), e);
        }
        return Optional.of(new LocalSecurity(dir, secrets));
    }

    /**
     * Secures {@code dataDir}: certificates and passwords, made once (a secured directory is
     * returned as it is). Refuses a directory whose broker already has data in the clear: its
     * principals would have no credentials.
     */
    public static LocalSecurity create(
            Path dataDir, boolean brokerHasData, Consumer<String> progress) {
        Optional<LocalSecurity> existing = of(dataDir);
        if (existing.isPresent()) {
            return existing.get();
        }
        if (brokerHasData) {
            throw new LocalInfraException(
                    "the broker in "
                            + dataDir
                            + " already has data and runs without security; secure a new data"
                            + " directory instead (--data-dir, or the default for --secure:"
                            + " <project>/.lodestone-secure)");
        }
        Path dir = dir(dataDir);
        progress.accept(
                "making a CA, a server certificate for 127.0.0.1/localhost and passwords in "
                        + dir
                        + " …");
        Properties secrets = new Properties();
        for (String key : List.of("store", ADMIN, APP, INGEST, HTTP_TOKEN)) {
            secrets.setProperty(key, randomPassword());
        }
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            makeCertificates(dir, secrets.getProperty("store"));
            try (Writer writer = Files.newBufferedWriter(dir.resolve(SECRETS))) {
                secrets.store(
                        writer,
                        "Passwords of the secured local infrastructure: keystores and truststore"
                                + " ('store'), each principal, the app's HTTP token");
            }
        } catch (IOException e) {
            throw new LocalInfraException(
                    "cannot write the local infrastructure's keys in "
                            + dir
                            + ": "
                            + e.getMessage(),
                    e);
        }
        return new LocalSecurity(dir, secrets);
    }

    /**
     * A CA, a server key pair signed by it (SAN 127.0.0.1, localhost) in the server keystore, and
     * the CA alone in the truststore.
     */
    private static void makeCertificates(Path dir, String password) {
        String ca = dir.resolve("ca.p12").toString();
        String server = dir.resolve("server.p12").toString();
        String caPem = dir.resolve("ca.pem").toString();
        String csr = dir.resolve("server.csr").toString();
        String serverPem = dir.resolve("server.pem").toString();
        List<String> store = List.of("-storetype", "PKCS12", "-storepass", password);
        keytool(
                store,
                "-genkeypair",
                "-alias",
                "ca",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "825",
                "-dname",
                "CN=Lodestone local CA",
                "-ext",
                "bc:c",
                "-keystore",
                ca);
        keytool(store, "-exportcert", "-rfc", "-alias", "ca", "-keystore", ca, "-file", caPem);
        keytool(
                store,
                "-genkeypair",
                "-alias",
                "server",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-validity",
                "825",
                "-dname",
                "CN=localhost",
                "-keystore",
                server);
        keytool(store, "-certreq", "-alias", "server", "-keystore", server, "-file", csr);
        keytool(
                store,
                "-gencert",
                "-rfc",
                "-alias",
                "ca",
                "-keystore",
                ca,
                "-infile",
                csr,
                "-outfile",
                serverPem,
                "-validity",
                "825",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-ext",
                "KU=digitalSignature,keyEncipherment",
                "-ext",
                "EKU=serverAuth,clientAuth");
        keytool(
                store,
                "-importcert",
                "-noprompt",
                "-alias",
                "ca",
                "-keystore",
                server,
                "-file",
                caPem);
        keytool(
                store,
                "-importcert",
                "-noprompt",
                "-alias",
                "server",
                "-keystore",
                server,
                "-file",
                serverPem);
        keytool(
                store,
                "-importcert",
                "-noprompt",
                "-alias",
                "ca",
                "-keystore",
                dir.resolve("truststore.p12").toString(),
                "-file",
                caPem);
        try {
            Files.delete(
                    Path.of(csr)); // served its purpose; the PEMs stay for curl --cacert and the
            // like
        } catch (IOException e) {
            throw new LocalInfraException("cannot delete " + csr + ": " + e.getMessage(), e);
        }
    }

    private static void keytool(List<String> store, String... arguments) {
        List<String> command =
                new ArrayList<>(
                        List.of(
                                Path.of(System.getProperty("java.home"), "bin", "keytool")
                                        .toString()));
        command.addAll(List.of(arguments));
        command.addAll(store);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output =
                    new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(KEYTOOL_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS)
                    || process.exitValue() != 0) {
                throw new LocalInfraException(
                        "keytool " + arguments[0] + " failed: " + output.strip());
            }
        } catch (IOException e) {
            throw new LocalInfraException(
                    "cannot run keytool (" + command.get(0) + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalInfraException("interrupted while making certificates", e);
        }
    }

    private static String randomPassword() {
        String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
        SecureRandom random = new SecureRandom();
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            password.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return password.toString();
    }

    /**
     * The CA's certificate in PEM, for clients that take no PKCS12 truststore (librdkafka, curl).
     */
    public Path caPem() {
        return dir.resolve("ca.pem");
    }

    public Path truststore() {
        return dir.resolve("truststore.p12");
    }

    public String truststorePassword() {
        return secrets.getProperty("store");
    }

    Path keystore() {
        return dir.resolve("server.p12");
    }

    /** The password of {@code principal} ({@value #ADMIN}, {@value #APP} or {@value #INGEST}). */
    public String password(String principal) {
        String password = secrets.getProperty(principal);
        if (password == null) {
            throw new IllegalArgumentException(
                    "no principal " + principal + " in " + dir.resolve(SECRETS));
        }
        return password;
    }

    /**
     * The broker's listeners and security: SASL_SSL with SCRAM-SHA-512 for clients (and the broker
     * itself), the controller's listener with PLAIN over TLS (a KRaft controller cannot check SCRAM
     * credentials: they live in the metadata it serves), the standard authorizer denying what no
     * ACL allows, {@value #ADMIN} a super user.
     */
    List<String> brokerProperties(String host, int brokerPort, int controllerPort) {
        String admin = password(ADMIN);
        return List.of(
                "listeners=SASL_SSL://"
                        + host
                        + ":"
                        + brokerPort
                        + ",CONTROLLER://"
                        + host
                        + ":"
                        + controllerPort,
                "advertised.listeners=SASL_SSL://" + host + ":" + brokerPort,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=SASL_SSL:SASL_SSL,CONTROLLER:SASL_SSL",
                "inter.broker.listener.name=SASL_SSL",
                "sasl.mechanism.inter.broker.protocol=" + MECHANISM,
                "sasl.mechanism.controller.protocol=PLAIN",
                "listener.name.sasl_ssl.sasl.enabled.mechanisms=" + MECHANISM,
                "listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=" + scramLogin(ADMIN, admin),
                "listener.name.controller.sasl.enabled.mechanisms=PLAIN",
                "listener.name.controller.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule"
                    + " required username=\""
                        + ADMIN
                        + "\" password=\""
                        + admin
                        + "\" user_"
                        + ADMIN
                        + "=\""
                        + admin
                        + "\";",
                "ssl.keystore.type=PKCS12",
                "ssl.keystore.location=" + keystore(),
                "ssl.keystore.password=" + truststorePassword(),
                "ssl.truststore.type=PKCS12",
                "ssl.truststore.location=" + truststore(),
                "ssl.truststore.password=" + truststorePassword(),
                "authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer",
                "allow.everyone.if.no.acl.found=false",
                "super.users=User:" + ADMIN);
    }

    /**
     * The SCRAM credentials the storage tool writes into new metadata, one {@code --add-scram}
     * each.
     */
    List<String> scramFormatArguments() {
        List<String> arguments = new ArrayList<>();
        for (String principal : List.of(ADMIN, APP, INGEST)) {
            arguments.addAll(
                    List.of(
                            "--add-scram",
                            MECHANISM
                                    + "=[name="
                                    + principal
                                    + ",password="
                                    + password(principal)
                                    + "]"));
        }
        return arguments;
    }

    /**
     * A Kafka client's security settings as {@code principal}: SASL_SSL, SCRAM-SHA-512, the local
     * CA.
     */
    public Map<String, Object> client(String principal) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("security.protocol", "SASL_SSL");
        settings.put("sasl.mechanism", MECHANISM);
        settings.put("sasl.jaas.config", scramLogin(principal, password(principal)));
        settings.put("ssl.truststore.type", "PKCS12");
        settings.put("ssl.truststore.location", truststore().toString());
        settings.put("ssl.truststore.password", truststorePassword());
        return settings;
    }

    private static String scramLogin(String principal, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + principal
                + "\" password=\""
                + password
                + "\";";
    }

    /**
     * The registry's HTTPS: its JVM options, and (in the environment, not on a command line) the
     * keystore password.
     */
    List<String> registryOptions(int port) {
        return List.of(
                "-Dquarkus.http.ssl-port=" + port,
                "-Dquarkus.http.insecure-requests=disabled",
                "-Dquarkus.http.ssl.certificate.key-store-file=" + keystore(),
                "-Dquarkus.http.ssl.certificate.key-store-file-type=PKCS12");
    }

    Map<String, String> registryEnvironment() {
        return Map.of("QUARKUS_HTTP_SSL_CERTIFICATE_KEY_STORE_PASSWORD", truststorePassword());
    }

    /**
     * An HTTP client that trusts the local CA (for the registry's readiness and configuration
     * calls).
     */
    HttpClient httpClient() {
        try {
            KeyStore trusted =
                    KeyStore.getInstance(truststore().toFile(), truststorePassword().toCharArray());
            TrustManagerFactory trust =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return RegistryProcess.httpClient().sslContext(context).build();
        } catch (IOException | GeneralSecurityException e) {
            throw new LocalInfraException(
                    "cannot read the local truststore " + truststore() + ": " + e.getMessage(), e);
        }
    }

    /**
     * The Lodestone configuration file for {@code principal}: {@code app.properties} or {@code
     * ingest.properties}.
     */
    public Path clientFile(String principal) {
        return dir.resolve(principal.substring("lodestone-".length()) + ".properties");
    }

    /**
     * Writes {@code app.properties} and {@code ingest.properties}: Lodestone configuration files
     * (for {@code --config}) that reach the secured servers as {@value #APP} and {@value #INGEST}.
     * Returns their paths.
     */
    List<Path> writeClientFiles(String bootstrapServers, String registryUrl) {
        List<Path> files = new ArrayList<>();
        for (String principal : List.of(APP, INGEST)) {
            List<String> lines =
                    new ArrayList<>(
                            List.of(
                                    "# Lodestone on the secured local infrastructure as "
                                            + principal
                                            + " (written by 'lodestone infra up --secure'; use with"
                                            + " --config)",
                                    "bootstrap.servers=" + bootstrapServers,
                                    "schema.registry.url=" + registryUrl,
                                    "schema.registry.ssl.truststore.location=" + truststore(),
                                    "schema.registry.ssl.truststore.password="
                                            + truststorePassword()));
            client(principal)
                    .forEach(
                            (key, value) ->
                                    lines.add(
                                            "kafka."
                                                    + key
                                                    + "="
                                                    + value.toString().replace("\\", "\\\\")));
            if (principal.equals(APP) && secrets.getProperty(HTTP_TOKEN) != null) {
                lines.add(
                        "# the query API's bearer token: reads and case decisions need it (send"
                                + " 'Authorization: Bearer <token>')");
                lines.add("http.query.token=" + secrets.getProperty(HTTP_TOKEN));
            }
            if (principal.equals(INGEST)) {
                lines.add(
                        "# ingest may write the input topics, not create them: the app creates its"
                                + " topics when it starts");
                lines.add("topic.create=false");
            }
            Path file = clientFile(principal);
            try {
                Files.write(file, lines);
            } catch (IOException e) {
                throw new LocalInfraException("cannot write " + file + ": " + e.getMessage(), e);
            }
            files.add(file);
        }
        return files;
    }
}
