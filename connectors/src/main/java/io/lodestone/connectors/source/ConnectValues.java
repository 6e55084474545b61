package io.lodestone.connectors.source;

import io.apicurio.registry.utils.converter.avro.AvroData;
import io.apicurio.registry.utils.converter.avro.AvroDataConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.connect.data.SchemaAndValue;

/**
 * The contract's events as Connect values, built so that the Apicurio {@code AvroConverter}
 * configured with {@link #CONVERTER_SETTINGS} turns them back into the contract's Avro schema and
 * writes the same Avro bytes as {@code lodestone ingest}. Record and enum names survive only with
 * Apicurio's enhanced schema support, and no {@code connect.*} properties may be added. Connect
 * schemas hold no field documentation, so the schema the converter registers is the contract's
 * without its docs: the same parsing canonical form, another version of the subject.
 */
public final class ConnectValues {

    /**
     * The AvroData settings of both sides: this class, and the worker's {@code value.converter}.
     */
    public static final Map<String, Object> CONVERTER_SETTINGS =
            Map.of(
                    AvroDataConfig.ENHANCED_AVRO_SCHEMA_SUPPORT_CONFIG, true,
                    AvroDataConfig.CONNECT_META_DATA_CONFIG, false);

    private final AvroData avroData = new AvroData(new AvroDataConfig(CONVERTER_SETTINGS));

    /** {@code event} as a Connect schema and {@code Struct}. */
    public SchemaAndValue of(SpecificRecord event) {
        return avroData.toConnectData(event.getSchema(), generic(event));
    }

    /**
     * The event re-read as a generic record: timestamps as epoch milliseconds and enums as symbols,
     * the raw Avro values AvroData converts (a generated class holds {@code Instant}s and Java
     * enums).
     */
    private static GenericRecord generic(SpecificRecord event) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
            new SpecificDatumWriter<SpecificRecord>(event.getSchema()).write(event, encoder);
            return new GenericDatumReader<GenericRecord>(event.getSchema())
                    .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot re-read an event as a generic record: " + e.getMessage(), e);
        }
    }
}
