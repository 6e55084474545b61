package io.lodestone.benchmarks;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.apicurio.registry.rest.client.RegistryClient;
import io.apicurio.registry.rest.v2.beans.ArtifactMetaData;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.lodestone.avro.Shipment;
import io.lodestone.schemas.registry.ApicurioSchemaRegistry;
import io.lodestone.schemas.registry.RegistryAccess;
import io.lodestone.schemas.registry.RegistrySerdes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.serialization.Serde;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Avro binary of one {@link Shipment}: plain decode (as a tuned consumer would, reusing decoder and
 * record, and with a fresh record as the serdes do) and encode; and the wire format (Confluent
 * framing) written and read by the app's serde ({@link RegistrySerdes#valueSerde}) and by
 * Apicurio's serializer and deserializer, which it used to be.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class ShipmentAvroBenchmark {

    private static final String TOPIC = "shipments";
    private static final int CONTENT_ID = 42;

    private final SpecificDatumReader<Shipment> reader = new SpecificDatumReader<>(Shipment.class);
    private final SpecificDatumWriter<Shipment> writer = new SpecificDatumWriter<>(Shipment.class);

    private Shipment shipment;
    private byte[] avroBinary;
    private byte[] wireFormat;

    private BinaryDecoder decoder;
    private Shipment reusedRecord;
    private ByteArrayOutputStream out;
    private BinaryEncoder encoder;
    private AvroKafkaSerializer<Shipment> apicurioSerializer;
    private AvroKafkaDeserializer<Shipment> apicurioDeserializer;
    private HttpServer registry;
    private AtomicInteger registryRequests;
    private int registryRequestsAfterSetUp;
    private Serde<Shipment> serde;

    @Setup
    public void setUp() throws IOException {
        shipment = SampleShipment.antimonyViaThailand();
        out = new ByteArrayOutputStream(512);
        avroBinary = encode();
        // Confluent framing as the app's serdes write it: magic byte 0, 4-byte content id, Avro
        // binary.
        wireFormat =
                ByteBuffer.allocate(5 + avroBinary.length)
                        .put((byte) 0)
                        .putInt(CONTENT_ID)
                        .put(avroBinary)
                        .array();

        String schema = Shipment.getClassSchema().toString();
        apicurioSerializer = new AvroKafkaSerializer<>(registryServing(schema));
        apicurioSerializer.configure(
                RegistrySerdes.config(RegistryAccess.of("http://registry.invalid:8081")), false);
        apicurioDeserializer = new AvroKafkaDeserializer<>(registryServing(schema));
        apicurioDeserializer.configure(
                RegistrySerdes.config(RegistryAccess.of("http://registry.invalid:8081")), false);
        // The app's serde makes its own registry client, so it gets a registry over HTTP: it asks
        // only for the first record.
        registryRequests = new AtomicInteger();
        registry = registryOverHttp(schema, registryRequests);
        serde =
                RegistrySerdes.valueSerde(
                        ApicurioSchemaRegistry.of(
                                "http://127.0.0.1:" + registry.getAddress().getPort()));

        for (int i = 0;
                i < 2;
                i++) { // the first record goes through the registry, the second is served from the
            // caches
            if (!Arrays.equals(wireFormat, apicurioSerializer.serialize(TOPIC, shipment))
                    || !Arrays.equals(wireFormat, encodeWireFormat())) {
                throw new IllegalStateException(
                        "the benchmarked serializers do not write the expected wire format");
            }
            if (!shipment.equals(decodeWireFormatApicurio())
                    || !shipment.equals(decodeWireFormat())
                    || !shipment.equals(decodeReusing())) {
                throw new IllegalStateException(
                        "the benchmarked decoders do not round-trip the sample shipment");
            }
        }
        registryRequestsAfterSetUp = registryRequests.get();
    }

    @TearDown
    public void tearDown() {
        int during = registryRequests.get() - registryRequestsAfterSetUp;
        serde.close();
        registry.stop(0);
        apicurioSerializer.close();
        apicurioDeserializer.close();
        if (during != 0) {
            throw new IllegalStateException(
                    "the app's serde asked the registry "
                            + during
                            + " times after its first record: not cached");
        }
    }

    /**
     * A consumer that keeps its decoder and record between messages: the floor of Avro decoding.
     */
    @Benchmark
    public Shipment decodeReusing() throws IOException {
        decoder = DecoderFactory.get().binaryDecoder(avroBinary, decoder);
        reusedRecord = reader.read(reusedRecord, decoder);
        return reusedRecord;
    }

    /** A new record per message, which is what a Kafka deserializer has to hand out. */
    @Benchmark
    public Shipment decodeFreshRecord() throws IOException {
        decoder = DecoderFactory.get().binaryDecoder(avroBinary, decoder);
        return reader.read(null, decoder);
    }

    /** The stream app's own path: the registry serde, its reader cached after the first record. */
    @Benchmark
    public Shipment decodeWireFormat() {
        return serde.deserializer().deserialize(TOPIC, wireFormat);
    }

    /**
     * Apicurio's deserializer, schema cached by its resolver, but a new datum reader for every
     * record.
     */
    @Benchmark
    public Shipment decodeWireFormatApicurio() {
        return apicurioDeserializer.deserialize(TOPIC, wireFormat);
    }

    /**
     * The stream app's own path: the registry serde, its id and writer cached after the first
     * record.
     */
    @Benchmark
    public byte[] encodeWireFormat() {
        return serde.serializer().serialize(TOPIC, shipment);
    }

    /**
     * Apicurio's serializer, which prints the schema to JSON for every record to find it in its
     * cache.
     */
    @Benchmark
    public byte[] encodeWireFormatApicurio() {
        return apicurioSerializer.serialize(TOPIC, shipment);
    }

    @Benchmark
    public byte[] encode() throws IOException {
        out.reset();
        encoder = EncoderFactory.get().binaryEncoder(out, encoder);
        writer.write(shipment, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    /**
     * A registry client answering only the registration (content id {@value #CONTENT_ID}) and the
     * lookups by content id (the schema, and its references: none), so Apicurio's serializer and
     * deserializer run without a registry; any other call fails loudly rather than skewing the
     * figures.
     */
    private static RegistryClient registryServing(String schema) {
        return (RegistryClient)
                Proxy.newProxyInstance(
                        RegistryClient.class.getClassLoader(),
                        new Class<?>[] {RegistryClient.class},
                        (proxy, method, args) ->
                                switch (method.getName()) {
                                    case "createArtifact" -> registered();
                                    case "getContentById" ->
                                            new ByteArrayInputStream(
                                                    schema.getBytes(StandardCharsets.UTF_8));
                                    case "getArtifactReferencesByContentId" -> List.of();
                                    case "close" -> null;
                                    default ->
                                            throw new UnsupportedOperationException(
                                                    "registry stub: " + method.getName());
                                });
    }

    private static ArtifactMetaData registered() {
        ArtifactMetaData metaData = new ArtifactMetaData();
        metaData.setGroupId("default");
        metaData.setId(TOPIC + "-value");
        metaData.setVersion("1");
        metaData.setType("AVRO");
        metaData.setGlobalId(1L);
        metaData.setContentId((long) CONTENT_ID);
        metaData.setReferences(List.of());
        return metaData;
    }

    /**
     * The same two answers over HTTP (the registry's native API), counting the requests; anything
     * else is a 404.
     */
    private static HttpServer registryOverHttp(String schema, AtomicInteger requests)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/apis/registry/v2/",
                exchange -> {
                    requests.incrementAndGet();
                    String path = exchange.getRequestURI().getPath();
                    if (exchange.getRequestMethod().equals("POST")
                            && path.endsWith("/groups/default/artifacts")) {
                        respond(
                                exchange,
                                200,
                                "application/json",
                                String.format(
                                        "{\"groupId\":\"default\",\"id\":\"%s-value\",\"version\":\"1\","
                                            + "\"type\":\"AVRO\",\"globalId\":1,\"contentId\":%d,\"references\":[]}",
                                        TOPIC, CONTENT_ID));
                    } else if (path.endsWith("/ids/contentIds/" + CONTENT_ID)) {
                        respond(exchange, 200, "application/json", schema);
                    } else {
                        respond(
                                exchange,
                                404,
                                "text/plain",
                                "registry stub: " + exchange.getRequestMethod() + " " + path);
                    }
                });
        server.start();
        return server;
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getRequestBody().readAllBytes();
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (var response = exchange.getResponseBody()) {
            response.write(bytes);
        }
    }
}
