package io.lodestone.schemas.registry;

import static io.lodestone.schemas.registry.SampleRecords.alert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lodestone.avro.Alert;
import io.lodestone.avro.Severity;
import java.time.Instant;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/**
 * The registry held in the JVM: ids as Apicurio's content ids, records readable through it alone.
 */
class InMemorySchemaRegistryTest {

    @Test
    void givesOneIdPerDistinctSchemaFromOneWhateverTheTopic() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        assertThat(registry.idOf("alerts", null, alert("A-1"))).isEqualTo(1);
        assertThat(registry.idOf("case-alerts", null, alert("A-2"))).isEqualTo(1);
        GenericRecord other =
                new GenericRecordBuilder(
                                Schema.createRecord(
                                        "Other",
                                        null,
                                        "x",
                                        false,
                                        List.of(
                                                new Schema.Field(
                                                        "n", Schema.create(Schema.Type.INT)))))
                        .set("n", 7)
                        .build();
        assertThat(registry.idOf("alerts", null, other)).isEqualTo(2);
        assertThat(registry.writerSchema(1)).isEqualTo(Alert.getClassSchema());
    }

    @Test
    void framesAsTheConfluentWireFormatAndReadsBack() {
        try (Serde<Alert> serde = RegistrySerdes.valueSerde(new InMemorySchemaRegistry())) {
            byte[] bytes = serde.serializer().serialize("alerts", alert("A-1"));
            assertThat(bytes).startsWith(0, 0, 0, 0, 1);
            assertThat(serde.deserializer().deserialize("alerts", bytes)).isEqualTo(alert("A-1"));
        }
    }

    @Test
    void readsAnOlderWritersRecordIntoTheGeneratedClass() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        Schema older =
                new Schema.Parser()
                        .parse(
                                Alert.getClassSchema()
                                        .toString()
                                        .replace(
                                                ",{\"name\":\"licenseId\"",
                                                ",{\"name\":\"droppedLicenseId\""));
        GenericRecord record = new GenericData.Record(older);
        Alert current = alert("A-OLD");
        for (Schema.Field field : older.getFields()) {
            Schema.Field same = Alert.getClassSchema().getField(field.name());
            Object value = same == null ? null : current.get(same.pos());
            record.put(
                    field.name(),
                    value instanceof Instant i
                            ? i.toEpochMilli()
                            : value instanceof Severity s
                                    ? new GenericData.EnumSymbol(field.schema(), s.name())
                                    : value);
        }
        byte[] bytes =
                RegistrySerdes.<GenericRecord>valueSerializer(registry).serialize("alerts", record);
        try (Serde<Alert> serde = RegistrySerdes.valueSerde(registry)) {
            assertThat(serde.deserializer().deserialize("alerts", bytes)).isEqualTo(current);
        }
    }

    @Test
    void anUnknownIdIsTheRecordsFault() {
        try (Serde<Alert> serde = RegistrySerdes.valueSerde(new InMemorySchemaRegistry())) {
            assertThatThrownBy(
                            () ->
                                    serde.deserializer()
                                            .deserialize("alerts", new byte[] {0, 0, 0, 0, 9, 2}))
                    .isInstanceOf(SerializationException.class)
                    .hasMessage("unknown schema id 9: this in-memory registry has ids 1 to 0");
        }
    }
}
