package io.lodestone.state;

import io.lodestone.avro.EndUse;
import io.lodestone.avro.Shipment;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;

/**
 * What the judges behind a repartition read of a shipment, and what an alert says of it: the
 * declaration without its reporter, flow, transit countries, consignee id, licence id and transport
 * mode. The chain-legs and by-licence repartitions, the chain judge's stores and the licence join's
 * buffer hold it in {@link #serde}'s binary layout, never through the schema registry: a version
 * byte; event time as a varint, net weight and value as {@link Varints#writeDecimal decimals}
 * (value NaN: none); then the strings in UTF-8, each after its length + 1 as a varint (0: null).
 * Layout 1 (event time and weight as 8 bytes each, a value flag and the value's 8 bytes) is read
 * too.
 */
public record ShipmentFacts(
        String shipmentId,
        Instant eventTime,
        String hsCode,
        String originCountry,
        String exportCountry,
        String importCountry,
        String exporterId,
        String exporterName,
        String consigneeName,
        String endUserName,
        EndUse endUse,
        double netWeightKg,
        Double valueUsd) {

    /**
     * The layout's first byte. Whole Avro shipments, which those topics and stores held before,
     * start with 0 (Confluent's magic).
     */
    private static final byte VERSION = 2;

    private static final byte LAYOUT_1 = 1;

    private static final byte CONFLUENT_MAGIC = 0;

    public static ShipmentFacts of(Shipment s) {
        return new ShipmentFacts(
                s.getShipmentId(),
                s.getEventTime(),
                s.getHsCode(),
                s.getOriginCountry(),
                s.getExportCountry(),
                s.getImportCountry(),
                s.getExporterId(),
                s.getExporterName(),
                s.getConsigneeName(),
                s.getEndUserName(),
                s.getEndUse(),
                s.getNetWeightKg(),
                s.getValueUsd());
    }

    public long time() {
        return eventTime.toEpochMilli();
    }

    /**
     * The binary layout alone, for facts inside another record's layout (never Avro: those records
     * were JSON before they were binary).
     */
    public static Serde<ShipmentFacts> serde() {
        return serde(null);
    }

    /**
     * The binary layout. {@code earlier} reads the whole Avro shipments written before it, so a
     * deployment upgraded with such records in flight or stored reads them on.
     */
    public static Serde<ShipmentFacts> serde(Deserializer<Shipment> earlier) {
        return VersionedLayout.serde(
                "a shipment's facts",
                LAYOUT_1,
                VERSION,
                ShipmentFacts::write,
                ShipmentFacts::read,
                earlier == null
                        ? null
                        : new VersionedLayout.Earlier<>(
                                "whole Avro shipments",
                                bytes -> bytes.length > 0 && bytes[0] == CONFLUENT_MAGIC,
                                (topic, bytes) -> of(earlier.deserialize(topic, bytes))));
    }

    private static void write(ShipmentFacts f, ByteBuffer buffer) {
        Varints.write(f.time(), buffer);
        Varints.writeDecimal(f.netWeightKg, buffer);
        Varints.writeDecimal(f.valueUsd == null ? Double.NaN : f.valueUsd, buffer);
        for (String string :
                new String[] {
                    f.shipmentId,
                    f.hsCode,
                    f.originCountry,
                    f.exportCountry,
                    f.importCountry,
                    f.exporterId,
                    f.exporterName,
                    f.consigneeName,
                    f.endUserName,
                    f.endUse.name()
                }) {
            Varints.writeBytes(
                    string == null ? null : string.getBytes(StandardCharsets.UTF_8), buffer);
        }
    }

    private static ShipmentFacts read(byte layout, ByteBuffer buffer) {
        Instant time;
        double netWeightKg;
        Double value;
        if (layout == LAYOUT_1) {
            time = Instant.ofEpochMilli(buffer.getLong());
            netWeightKg = buffer.getDouble();
            value = buffer.get() == 1 ? buffer.getDouble() : null;
        } else {
            time = Instant.ofEpochMilli(Varints.read(buffer));
            netWeightKg = Varints.readDecimal(buffer);
            double written = Varints.readDecimal(buffer);
            value = Double.isNaN(written) ? null : written;
        }
        // Java evaluates arguments left to right: the strings are read in the order write() put
        // them.
        return new ShipmentFacts(
                string(buffer),
                time,
                string(buffer),
                string(buffer),
                string(buffer),
                string(buffer),
                string(buffer),
                string(buffer),
                string(buffer),
                string(buffer),
                EndUse.valueOf(string(buffer)),
                netWeightKg,
                value);
    }

    private static String string(ByteBuffer buffer) {
        byte[] bytes = Varints.readBytes(buffer);
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
