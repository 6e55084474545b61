package io.lodestone.schemas.registry;

import static io.lodestone.schemas.registry.SampleRecords.DAY;
import static io.lodestone.schemas.registry.SampleRecords.alert;
import static io.lodestone.schemas.registry.SampleRecords.routeVolume;
import static io.lodestone.schemas.registry.SampleRecords.shipment;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.apicurio.registry.serde.avro.AvroKafkaDeserializer;
import io.apicurio.registry.serde.avro.AvroKafkaSerializer;
import io.lodestone.avro.Alert;
import io.lodestone.avro.RouteVolume;
import io.lodestone.avro.Severity;
import io.lodestone.avro.Shipment;
import io.lodestone.localinfra.Ports;
import io.lodestone.testsupport.SchemaRegistryExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link RegistrySerdes#valueSerde} against Apicurio's own serde, on the real registry. */
@ExtendWith(SchemaRegistryExtension.class)
class RegistrySerdesIntegrationTest {

    // HTTP/1.1: the registry may end an HTTP/2 (h2c) connection under load (GOAWAY).
    private static final HttpClient HTTP =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** Each test its own topics, so each registers its own artifacts. */
    private static String topic(String name) {
        return name + "-" + UUID.randomUUID();
    }

    private static <T> AvroKafkaSerializer<T> apicurioSerializer() {
        AvroKafkaSerializer<T> serializer = new AvroKafkaSerializer<>();
        serializer.configure(
                RegistrySerdes.config(RegistryAccess.of(SchemaRegistryExtension.url())), false);
        return serializer;
    }

    private static <T> AvroKafkaDeserializer<T> apicurioDeserializer() {
        AvroKafkaDeserializer<T> deserializer = new AvroKafkaDeserializer<>();
        deserializer.configure(
                RegistrySerdes.config(RegistryAccess.of(SchemaRegistryExtension.url())), false);
        return deserializer;
    }

    /**
     * The first value of a topic goes through Apicurio, the rest are written here: all must be
     * Apicurio's bytes.
     */
    private static <T extends SpecificRecord> void assertSameBytesAsApicurio(
            String name, List<T> values) {
        String topic = topic(name);
        try (Serde<T> serde =
                        RegistrySerdes.valueSerde(
                                ApicurioSchemaRegistry.of(SchemaRegistryExtension.url()));
                AvroKafkaSerializer<T> apicurio = apicurioSerializer()) {
            for (T value : values) {
                byte[] ours = serde.serializer().serialize(topic, value);
                assertThat(ours)
                        .as("%s on %s", value, topic)
                        .isEqualTo(apicurio.serialize(topic, value));
                assertThat(serde.deserializer().deserialize(topic, ours)).isEqualTo(value);
            }
        }
    }

    @Test
    void writesApicuriosBytesAndReadsThemBack() {
        assertSameBytesAsApicurio(
                "shipments",
                List.of(
                        shipment("SHP-1", 16996.5),
                        shipment("SHP-2", 1.0),
                        shipment("SHP-3", 0.25)));
        assertSameBytesAsApicurio("alerts", List.of(alert("A-1"), alert("A-2"), alert("A-3")));
        assertSameBytesAsApicurio(
                "route-volumes", List.of(routeVolume(1), routeVolume(2), routeVolume(3)));
    }

    @Test
    void theInMemoryRegistryWritesTheSameFramingAndAvroBytesButForTheId() {
        String topic = topic("shipments");
        InMemorySchemaRegistry memory = new InMemorySchemaRegistry();
        try (Serde<Shipment> real =
                        RegistrySerdes.valueSerde(
                                ApicurioSchemaRegistry.of(SchemaRegistryExtension.url()));
                Serde<Shipment> inMemory = RegistrySerdes.valueSerde(memory)) {
            for (Shipment value : List.of(shipment("SHP-1", 16996.5), shipment("SHP-2", 1.0))) {
                byte[] ours = real.serializer().serialize(topic, value);
                byte[] theirs = inMemory.serializer().serialize(topic, value);
                assertThat(theirs).hasSameSizeAs(ours).startsWith(0, 0, 0, 0, 1);
                assertThat(Arrays.copyOfRange(theirs, 5, theirs.length))
                        .isEqualTo(Arrays.copyOfRange(ours, 5, ours.length));
                assertThat(inMemory.deserializer().deserialize(topic, theirs)).isEqualTo(value);
            }
        }
    }

    @Test
    void readsWhatApicurioWroteAndApicurioReadsWhatItWrites() {
        String topic = topic("alerts");
        try (Serde<Alert> serde =
                        RegistrySerdes.valueSerde(
                                ApicurioSchemaRegistry.of(SchemaRegistryExtension.url()));
                AvroKafkaSerializer<Alert> apicurioWriter = apicurioSerializer();
                AvroKafkaDeserializer<Alert> apicurioReader = apicurioDeserializer()) {
            for (String id : List.of("A-1", "A-2")) {
                assertThat(
                                serde.deserializer()
                                        .deserialize(
                                                topic, apicurioWriter.serialize(topic, alert(id))))
                        .isEqualTo(alert(id));
                assertThat(
                                apicurioReader.deserialize(
                                        topic, serde.serializer().serialize(topic, alert(id))))
                        .isEqualTo(alert(id));
            }
        }
    }

    @Test
    void registersTheArtifactsApicurioWould() throws Exception {
        // Apicurio registers <topic>-value for the first topic a schema goes to, and for later
        // topics reuses the id by content; the first value of each topic goes through Apicurio, so
        // the same happens.
        List<Integer> ours = new ArrayList<>();
        List<Integer> apicurios = new ArrayList<>();
        try (Serde<Shipment> serde =
                        RegistrySerdes.valueSerde(
                                ApicurioSchemaRegistry.of(SchemaRegistryExtension.url()));
                AvroKafkaSerializer<Shipment> apicurio = apicurioSerializer()) {
            for (String name : List.of("shipments", "shipments-repartition")) {
                String ourTopic = topic(name);
                String apicurioTopic = topic(name);
                for (Shipment value : List.of(shipment("SHP-1", 1.0), shipment("SHP-2", 2.0))) {
                    assertThat(serde.serializer().serialize(ourTopic, value))
                            .isEqualTo(apicurio.serialize(apicurioTopic, value));
                }
                ours.add(artifactStatus(ourTopic));
                apicurios.add(artifactStatus(apicurioTopic));
            }
        }
        assertThat(ours).isEqualTo(apicurios).startsWith(200);
    }

    private static int artifactStatus(String topic) throws Exception {
        URI artifact =
                URI.create(
                        SchemaRegistryExtension.url()
                                + "/apis/registry/v2/groups/default/artifacts/"
                                + topic
                                + "-value");
        return HTTP.send(
                        HttpRequest.newBuilder(artifact).build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    @Test
    void readsOlderAndNewerWritersIntoTheGeneratedClass() {
        // Older: an Alert before licenseId existed; the reader fills in its default.
        Schema older =
                evolve(
                        Alert.getClassSchema(),
                        fields -> {
                            fields.removeIf(f -> f.name().equals("licenseId"));
                            return fields;
                        });
        GenericRecord oldAlert =
                new GenericRecordBuilder(older)
                        .set("alertId", "A-OLD")
                        .set("type", "VOLUME_SURGE")
                        .set(
                                "severity",
                                new GenericData.EnumSymbol(
                                        older.getField("severity").schema(), "CRITICAL"))
                        .set("commodity", "antimony")
                        .set("windowStart", DAY.toEpochMilli())
                        .set("windowEnd", DAY.plusSeconds(86_400).toEpochMilli())
                        .set("detectedAt", DAY.plusSeconds(86_400).toEpochMilli())
                        .set("summary", "old writer")
                        .build();
        // Newer: a RouteVolume with a field this build does not know; the reader skips it.
        Schema newer =
                evolve(
                        RouteVolume.getClassSchema(),
                        fields -> {
                            fields.add(
                                    new Schema.Field(
                                            "note",
                                            Schema.create(Schema.Type.STRING),
                                            null,
                                            "none"));
                            return fields;
                        });
        GenericRecordBuilder newVolume =
                new GenericRecordBuilder(newer).set("note", "from a newer producer");
        RouteVolume expected = routeVolume(7);
        for (Schema.Field field : RouteVolume.getClassSchema().getFields()) {
            Object value = expected.get(field.pos());
            newVolume.set(
                    field.name(),
                    value instanceof Instant instant ? instant.toEpochMilli() : value);
        }

        try (AvroKafkaSerializer<GenericRecord> apicurio = apicurioSerializer();
                Serde<Alert> alerts =
                        RegistrySerdes.valueSerde(
                                ApicurioSchemaRegistry.of(SchemaRegistryExtension.url()));
                Serde<RouteVolume> volumes =
                        RegistrySerdes.valueSerde(
                                ApicurioSchemaRegistry.of(SchemaRegistryExtension.url()))) {
            String alertsTopic = topic("alerts");
            Alert read =
                    alerts.deserializer()
                            .deserialize(alertsTopic, apicurio.serialize(alertsTopic, oldAlert));
            assertThat(read.getAlertId()).isEqualTo("A-OLD");
            assertThat(read.getSeverity()).isEqualTo(Severity.CRITICAL);
            assertThat(read.getLicenseId()).isNull();
            assertThat(read.getWindowStart()).isEqualTo(DAY);

            String volumesTopic = topic("route-volumes");
            assertThat(
                            volumes.deserializer()
                                    .deserialize(
                                            volumesTopic,
                                            apicurio.serialize(volumesTopic, newVolume.build())))
                    .isEqualTo(expected);
        }
    }

    private static Schema evolve(Schema schema, UnaryOperator<List<Schema.Field>> change) {
        List<Schema.Field> fields = new ArrayList<>();
        schema.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        return Schema.createRecord(
                schema.getName(),
                schema.getDoc(),
                schema.getNamespace(),
                false,
                change.apply(fields));
    }

    @Test
    void nullIsNullBothWays() {
        try (Serde<Shipment> serde =
                RegistrySerdes.valueSerde(
                        ApicurioSchemaRegistry.of(SchemaRegistryExtension.url()))) {
            assertThat(serde.serializer().serialize(topic("shipments"), null)).isNull();
            assertThat(serde.deserializer().deserialize(topic("shipments"), null)).isNull();
        }
    }

    @Test
    void anUnknownIdSaysSo() {
        byte[] bytes =
                ByteBuffer.allocate(8)
                        .put((byte) 0)
                        .putInt(987_654_321)
                        .put(new byte[] {2, 4, 6})
                        .array();
        try (Serde<Shipment> serde =
                RegistrySerdes.valueSerde(
                        ApicurioSchemaRegistry.of(SchemaRegistryExtension.url()))) {
            assertThatThrownBy(() -> serde.deserializer().deserialize("shipments", bytes))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("unknown schema id 987654321")
                    .hasMessageContaining(
                            SchemaRegistryExtension.url()
                                    + "/apis/registry/v2/ids/contentIds/987654321 answered 404");
        }
    }

    @Test
    void aWrongMagicByteSaysWhatWasFound() {
        try (Serde<Shipment> serde =
                RegistrySerdes.valueSerde(
                        ApicurioSchemaRegistry.of(SchemaRegistryExtension.url()))) {
            assertThatThrownBy(
                            () ->
                                    serde.deserializer()
                                            .deserialize(
                                                    "shipments", new byte[] {1, 0, 0, 0, 1, 2}))
                    .isInstanceOf(SerializationException.class)
                    .hasMessage(
                            "record on topic shipments is not in the Confluent wire format: its"
                                + " first byte is 0x01, where magic byte 0 and a 4-byte schema id"
                                + " were expected");
            assertThatThrownBy(
                            () ->
                                    serde.deserializer()
                                            .deserialize(
                                                    "shipments",
                                                    "not avro".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("its first byte is 0x6e");
            assertThatThrownBy(
                            () ->
                                    serde.deserializer()
                                            .deserialize("shipments", new byte[] {0, 0, 1}))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("it has only 3 bytes");
        }
    }

    @Test
    void anUnreachableRegistryIsAnOutageNamedWithWhatToCheckNotBadData() {
        String nowhere = "http://127.0.0.1:" + Ports.freePort();
        byte[] bytes = ByteBuffer.allocate(6).put((byte) 0).putInt(1).put((byte) 0).array();
        try (Serde<Shipment> serde =
                RegistrySerdes.valueSerde(ApicurioSchemaRegistry.of(nowhere))) {
            assertThatThrownBy(() -> serde.deserializer().deserialize("shipments", bytes))
                    .isInstanceOf(RegistryUnavailableException.class)
                    .isNotInstanceOf(SerializationException.class)
                    .hasMessageStartingWith("fetching schema id 1 failed 6 times in ")
                    .hasMessageContaining(
                            "cannot fetch schema id 1 from the schema registry at "
                                    + nowhere
                                    + "/apis/registry/v2/ids/contentIds/1")
                    .hasMessageContaining("check that the registry is running");
        }
    }
}
