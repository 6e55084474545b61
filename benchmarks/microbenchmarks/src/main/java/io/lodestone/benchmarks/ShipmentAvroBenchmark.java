package io.lodestone.benchmarks;

import io.apicurio.registry.rest.client.RegistryClient;
import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.lodestone.avro.Shipment;
import io.lodestone.schemas.topics.RegistrySerdes;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Avro binary of one {@link Shipment}: plain decode (as a tuned consumer would, reusing decoder and
 * record, and with a fresh record as the serdes do), the registry serde's wire-format decode, and encode.
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
    private AvroKafkaDeserializer<Shipment> deserializer;

    @Setup
    public void setUp() throws IOException {
        shipment = SampleShipment.antimonyViaThailand();
        out = new ByteArrayOutputStream(512);
        avroBinary = encode();
        // Confluent framing as the app's serdes write it: magic byte 0, 4-byte content id, Avro binary.
        wireFormat = ByteBuffer.allocate(5 + avroBinary.length).put((byte) 0).putInt(CONTENT_ID).put(avroBinary).array();

        deserializer = new AvroKafkaDeserializer<>(registryServing(Shipment.getClassSchema().toString()));
        deserializer.configure(RegistrySerdes.config("http://registry.invalid:8081"), false);
        if (!shipment.equals(deserializer.deserialize(TOPIC, wireFormat)) || !shipment.equals(decodeReusing())) {
            throw new IllegalStateException("the benchmarked decoders do not round-trip the sample shipment");
        }
    }

    @TearDown
    public void tearDown() {
        deserializer.close();
    }

    /** A consumer that keeps its decoder and record between messages: the floor of Avro decoding. */
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

    /** The stream app's own path: the registry serde, its schema already cached after the first record. */
    @Benchmark
    public Shipment decodeWireFormat() {
        return deserializer.deserialize(TOPIC, wireFormat);
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
     * A registry client answering only the lookups by content id (the schema, and its references: none),
     * so the real deserializer runs without a registry; any other call fails loudly rather than skewing the figures.
     */
    private static RegistryClient registryServing(String schema) {
        return (RegistryClient) Proxy.newProxyInstance(RegistryClient.class.getClassLoader(), new Class<?>[] {RegistryClient.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getContentById" -> new ByteArrayInputStream(schema.getBytes(StandardCharsets.UTF_8));
                    case "getArtifactReferencesByContentId" -> List.of();
                    case "close" -> null;
                    default -> throw new UnsupportedOperationException("registry stub: " + method.getName());
                });
    }
}
