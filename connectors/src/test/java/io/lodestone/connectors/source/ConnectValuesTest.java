package io.lodestone.connectors.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.apicurio.registry.utils.converter.avro.AvroData;
import io.apicurio.registry.utils.converter.avro.AvroDataConfig;
import io.lodestone.declarations.EventKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.junit.jupiter.api.Test;

class ConnectValuesTest {

    private static final String SHIPMENT =
            """
            {"shipmentId":"S-1","eventTime":"2025-01-15T08:00:00Z","reporter":"TH","flow":"EXPORT","hsCode":"28258000",
             "originCountry":"CN","exportCountry":"TH","importCountry":"US","transitCountries":["SG"],"exporterId":"E1",
             "exporterName":"Siam","consigneeId":"C1","consigneeName":"Acme","endUse":"CIVILIAN","netWeightKg":1200.5,"valueUsd":9000}\
            """;
    private static final String LICENCE =
            """
            {"licenseId":"L-1","revision":1,"eventTime":"2025-01-01T00:00:00Z","status":"GRANTED","licenseType":"SPECIFIC",
             "issuingCountry":"CN","hsCodes":["2825"],"permittedDestinations":["US"],"quantityLimitKg":5000,
             "validFrom":"2025-01-01T00:00:00Z","validTo":"2026-01-01T00:00:00Z"}\
            """;

    @Test
    void theConverterTurnsAShipmentBackIntoTheContractsSchemaAndValues() {
        roundTrip(EventKind.SHIPMENTS.parseLine(SHIPMENT.replace("\n", "")));
    }

    @Test
    void theConverterTurnsALicenceWithItsEnumsBackIntoTheContractsSchemaAndValues() {
        roundTrip(EventKind.LICENSES.parseLine(LICENCE.replace("\n", "")));
    }

    private static void roundTrip(SpecificRecord event) {
        SchemaAndValue connect = new ConnectValues().of(event);
        // What the worker's converter does with it, configured as the README says.
        AvroData converterSide = new AvroData(new AvroDataConfig(ConnectValues.CONVERTER_SETTINGS));
        GenericRecord back =
                (GenericRecord) converterSide.fromConnectData(connect.schema(), connect.value());

        // Connect schemas carry no field documentation: the same schema for Avro (its parsing
        // canonical form), without the docs.
        assertThat(SchemaNormalization.toParsingForm(back.getSchema()))
                .isEqualTo(SchemaNormalization.toParsingForm(event.getSchema()));
        // ... and the very bytes the contract's own writer writes.
        assertThat(avroBinary(new GenericDatumWriter<>(back.getSchema()), back))
                .isEqualTo(avroBinary(new SpecificDatumWriter<>(event.getSchema()), event));
    }

    private static <T> byte[] avroBinary(DatumWriter<T> writer, T datum) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
            writer.write(datum, encoder);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
