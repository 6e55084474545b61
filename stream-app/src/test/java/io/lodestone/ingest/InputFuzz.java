package io.lodestone.ingest;

import static io.lodestone.testing.Shipments.shipment;
import static org.assertj.core.api.Assertions.assertThat;

import io.lodestone.avro.Shipment;
import io.lodestone.schemas.dlq.DlqHeaders;
import io.lodestone.schemas.dlq.DlqReason;
import io.lodestone.schemas.registry.RegistrySerdes;
import io.lodestone.schemas.registry.SchemaRegistry;
import io.lodestone.schemas.topics.Topics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Hostile input for the input topics, as jqwik arbitraries: random bytes, tombstones, truncated and
 * mutated Avro, Avro framed with a real schema id around garbage, valid Avro with extreme field
 * values (1969, 1970 and 2100 times, NaN, infinite, zero, negative and implausibly heavy weights, 1
 * MB strings, empty and unknown codes) and enum symbols the reader does not know. Each case says
 * where its record must end when that is determined by the contract: in the DLQ with a given
 * reason; otherwise anywhere, as long as it is exactly one place.
 */
final class InputFuzz {

    /** Which input topic a case is written to. */
    enum Input {
        SHIPMENTS,
        LICENSES
    }

    /**
     * One hostile record before encoding: its key, its input topic, and the DLQ reason it must get
     * (empty: any one fate).
     */
    interface Case {
        String key();

        Input input();

        Optional<DlqReason> expected();

        /** The record's value bytes (null for a tombstone). */
        byte[] value(Encoder encoder);
    }

    /** A case made from a valid shipment: keyed by its id, on the shipments topic. */
    interface FromShipment extends Case {
        Shipment shipment();

        default String key() {
            return shipment().getShipmentId();
        }

        default Input input() {
            return Input.SHIPMENTS;
        }
    }

    record RandomBytes(String key, Input input, byte[] bytes) implements Case {
        public Optional<DlqReason> expected() {
            return Optional.of(DlqReason.INVALID_AVRO); // the first byte is never the magic byte 0
        }

        public byte[] value(Encoder encoder) {
            return bytes;
        }

        @Override
        public String toString() {
            return "RandomBytes["
                    + key
                    + ", "
                    + input
                    + ", "
                    + bytes.length
                    + " bytes starting "
                    + bytes[0]
                    + "]";
        }
    }

    record Tombstone(String key, Input input) implements Case {
        public Optional<DlqReason> expected() {
            return Optional.of(DlqReason.MISSING_VALUE);
        }

        public byte[] value(Encoder encoder) {
            return null;
        }
    }

    /** A valid shipment's bytes cut short: Avro cannot decode a strict prefix. */
    record Truncated(Shipment shipment, int keep) implements FromShipment {
        public Optional<DlqReason> expected() {
            return Optional.of(DlqReason.INVALID_AVRO);
        }

        public byte[] value(Encoder encoder) {
            byte[] whole = encoder.shipment(shipment);
            return Arrays.copyOf(whole, Math.floorMod(keep, whole.length));
        }
    }

    /** A valid shipment with one byte overwritten: it may still decode, to anything. */
    record Mutated(Shipment shipment, int position, byte with) implements FromShipment {
        public Optional<DlqReason> expected() {
            return Optional.empty();
        }

        public byte[] value(Encoder encoder) {
            byte[] bytes = encoder.shipment(shipment);
            bytes[Math.floorMod(position, bytes.length)] = with;
            return bytes;
        }
    }

    /** The Confluent framing of a real shipment schema id around random bytes. */
    record FramedGarbage(String key, byte[] payload) implements Case {
        public Input input() {
            return Input.SHIPMENTS;
        }

        public Optional<DlqReason> expected() {
            return Optional.empty();
        }

        public byte[] value(Encoder encoder) {
            byte[] framed = Arrays.copyOf(encoder.shipment(valid("framing")), 5 + payload.length);
            System.arraycopy(payload, 0, framed, 5, payload.length);
            return framed;
        }

        @Override
        public String toString() {
            return "FramedGarbage[" + key + ", " + payload.length + " bytes]";
        }
    }

    /** Valid Avro whose content is extreme: {@code expected} says what the contract makes of it. */
    record Extreme(String change, Shipment shipment, Optional<DlqReason> expected)
            implements FromShipment {
        public byte[] value(Encoder encoder) {
            return encoder.shipment(shipment);
        }

        @Override
        public String toString() {
            return "Extreme[" + change + ", " + key() + "]";
        }
    }

    /**
     * Written with a newer schema whose enum has a symbol the app's schema lacks: {@code flow} has
     * no default, so the record cannot be read; {@code endUse} reads as its default, UNKNOWN, and
     * the record goes on.
     */
    record UnknownSymbol(Shipment shipment, boolean flow) implements FromShipment {
        public Optional<DlqReason> expected() {
            return flow ? Optional.of(DlqReason.INVALID_AVRO) : Optional.empty();
        }

        public byte[] value(Encoder encoder) {
            return encoder.withUnknownSymbol(shipment, flow ? "flow" : "endUse");
        }
    }

    /**
     * The base of the Avro cases: a shipment every check accepts (catalogue antimony, AU to JP,
     * 2025).
     */
    private static Shipment valid(String id) {
        return shipment(id, "2025-03-01T08:00:00Z", "8110", "AU", "AU", "JP", 1_500, 10_000.0)
                .build();
    }

    private InputFuzz() {}

    /** Any case; {@code maxString} bounds the long strings (the broker's record limit is 1 MB). */
    static Arbitrary<Case> cases(int maxString) {
        Arbitrary<String> ids =
                Arbitraries.strings()
                        .withCharRange('A', 'Z')
                        .numeric()
                        .ofLength(12)
                        .map(s -> "FUZZ-" + s);
        Arbitrary<Input> inputs = Arbitraries.of(Input.class);
        Arbitrary<Shipment> valid = ids.map(InputFuzz::valid);
        Arbitrary<byte[]> randomBytes =
                Arbitraries.bytes()
                        .array(byte[].class)
                        .ofMinSize(1)
                        .ofMaxSize(300)
                        .filter(b -> b[0] != 0);
        // Extreme values come in thirteen kinds, so they get as much weight as the other kinds
        // together.
        return Arbitraries.frequencyOf(
                Tuple.of(1, Combinators.combine(ids, inputs, randomBytes).as(RandomBytes::new)),
                Tuple.of(1, Combinators.combine(ids, inputs).as(Tombstone::new)),
                Tuple.of(1, Combinators.combine(valid, Arbitraries.integers()).as(Truncated::new)),
                Tuple.of(
                        1,
                        Combinators.combine(valid, Arbitraries.integers(), Arbitraries.bytes())
                                .as(Mutated::new)),
                Tuple.of(
                        1,
                        Combinators.combine(
                                        ids, Arbitraries.bytes().array(byte[].class).ofMaxSize(300))
                                .as(FramedGarbage::new)),
                Tuple.of(
                        1,
                        Combinators.combine(valid, Arbitraries.of(true, false))
                                .as(UnknownSymbol::new)),
                Tuple.of(6, extremes(ids, maxString)));
    }

    private static Arbitrary<Case> extremes(Arbitrary<String> ids, int maxString) {
        Arbitrary<Double> badWeights =
                Arbitraries.of(
                        Double.NaN,
                        0.0,
                        -0.0,
                        -1.0,
                        -Double.MAX_VALUE,
                        Double.NEGATIVE_INFINITY,
                        Double.POSITIVE_INFINITY);
        Arbitrary<Double> badValues =
                Arbitraries.of(Double.NaN, -0.01, -Double.MAX_VALUE, Double.NEGATIVE_INFINITY);
        Arbitrary<Double> tinyWeights = Arbitraries.of(Double.MIN_VALUE, 1e-9);
        Arbitrary<Double> implausibleWeights = Arbitraries.of(1e12, 1e300, Double.MAX_VALUE);
        Arbitrary<String> longText =
                Arbitraries.strings()
                        .ofMinLength(maxString / 2)
                        .ofMaxLength(maxString)
                        .withChars('x', 'é', '\u0000', '\u202e', '漢');
        Arbitrary<String> field =
                Arbitraries.of(
                        "exporterName",
                        "consigneeName",
                        "exporterId",
                        "transportMode",
                        "licenseId");
        return Arbitraries.oneOf(
                weights(ids, badWeights, DlqReason.INVALID_WEIGHT),
                Combinators.combine(ids, badValues)
                        .as(
                                (id, v) ->
                                        extreme(
                                                "valueUsd " + v,
                                                id,
                                                b -> b.setValueUsd(v),
                                                DlqReason.INVALID_VALUE)),
                // a tiny weight counts; with the lot's value it would be priced beyond any trade
                Combinators.combine(ids, tinyWeights)
                        .as(
                                (id, w) ->
                                        extreme(
                                                "netWeightKg " + w + " without a value",
                                                id,
                                                b -> {
                                                    b.setNetWeightKg(w);
                                                    b.setValueUsd(null);
                                                },
                                                null)),
                weights(ids, tinyWeights, DlqReason.IMPLAUSIBLE_DECLARATION),
                weights(ids, implausibleWeights, DlqReason.IMPLAUSIBLE_DECLARATION),
                ids.map(
                        id ->
                                extreme(
                                        "eventTime 2100",
                                        id,
                                        b -> b.setEventTime(Instant.parse("2100-01-01T00:00:00Z")),
                                        DlqReason.EVENT_TIME_IN_FUTURE)),
                ids.map(
                        id ->
                                extreme(
                                        "eventTime 1970",
                                        id,
                                        b -> b.setEventTime(Instant.EPOCH),
                                        null)),
                ids.map(
                        id ->
                                extreme(
                                        "eventTime 1969",
                                        id,
                                        b -> b.setEventTime(Instant.EPOCH.minusMillis(1)),
                                        DlqReason.EVENT_TIME_BEFORE_1970)),
                ids.map(
                        id ->
                                extreme(
                                        "empty exporterName",
                                        id,
                                        b -> b.setExporterName(""),
                                        DlqReason.MISSING_FIELD)),
                ids.map(
                        id ->
                                extreme(
                                        "importCountry XX",
                                        id,
                                        b -> b.setImportCountry("XX"),
                                        DlqReason.UNKNOWN_COUNTRY)),
                ids.map(
                        id ->
                                extreme(
                                        "hsCode 81x0",
                                        id,
                                        b -> b.setHsCode("81x0"),
                                        DlqReason.INVALID_HS_CODE)),
                ids.map(
                        id ->
                                extreme(
                                        "hsCode 0101",
                                        id,
                                        b -> b.setHsCode("0101"),
                                        DlqReason.HS_CODE_NOT_IN_CATALOGUE)),
                Combinators.combine(ids, field, longText)
                        .as(
                                (id, name, text) ->
                                        extreme(
                                                text.length() + " chars in " + name,
                                                id,
                                                s -> s.put(name, text),
                                                null)));
    }

    /**
     * A valid shipment of one of {@code weights}: in the DLQ as {@code reason}, or null: counted.
     */
    private static Arbitrary<Case> weights(
            Arbitrary<String> ids, Arbitrary<Double> weights, DlqReason reason) {
        return Combinators.combine(ids, weights)
                .as((id, w) -> extreme("netWeightKg " + w, id, b -> b.setNetWeightKg(w), reason));
    }

    private static Case extreme(
            String change, String id, Consumer<Shipment> edit, DlqReason expected) {
        Shipment shipment = valid(id);
        edit.accept(shipment);
        return new Extreme(change, shipment, Optional.ofNullable(expected));
    }

    /**
     * Asserts that each of {@code cases} (distinct keys) ended in exactly one place: a case in
     * {@code dead} (the DLQ records' keys and headers) once, with a reason and a detail, and the
     * reason its contract names if it names one; the others accepted, counted {@code kept} times
     * (accepted or duplicate). Returns each case's fate: its DLQ reason, or "kept".
     */
    static Map<Case, String> assertEachEndedInExactlyOnePlace(
            List<Case> cases, List<Map.Entry<String, Headers>> dead, double kept) {
        Map<String, Headers> deadByKey = new HashMap<>();
        for (Map.Entry<String, Headers> record : dead) {
            assertThat(deadByKey.put(record.getKey(), record.getValue()))
                    .as("one DLQ record for " + record.getKey())
                    .isNull();
            assertThat(header(record.getValue(), DlqHeaders.REASON))
                    .as("reason of " + record.getKey())
                    .isIn(Arrays.stream(DlqReason.values()).map(Enum::name).toList())
                    .isNotEqualTo(DlqReason.PROCESSING_ERROR.name());
            assertThat(header(record.getValue(), DlqHeaders.DETAIL))
                    .as("detail of " + record.getKey())
                    .isNotBlank();
        }
        Map<Case, String> fates = new LinkedHashMap<>();
        for (Case c : cases) {
            String reason =
                    deadByKey.containsKey(c.key())
                            ? header(deadByKey.get(c.key()), DlqHeaders.REASON)
                            : null;
            c.expected()
                    .ifPresent(
                            expected ->
                                    assertThat(reason)
                                            .as(c + " in the DLQ with its reason")
                                            .isEqualTo(expected.name()));
            fates.put(c, reason == null ? "kept" : reason);
        }
        assertThat(deadByKey.keySet())
                .as("no DLQ record but of these cases")
                .isSubsetOf(cases.stream().map(Case::key).toList());
        assertThat(dead.size() + kept)
                .as("records in the DLQ plus accepted and duplicate ones: " + cases)
                .isEqualTo(cases.size());
        return fates;
    }

    private static String header(Headers headers, String name) {
        Header header = headers.lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /**
     * Encodes cases for one registry and set of topics, in the Confluent wire format the app reads.
     */
    static final class Encoder implements AutoCloseable {

        private final Serializer<Shipment> shipments;
        private final Serializer<GenericRecord> generic;
        private final String shipmentsTopic;
        private final String licensesTopic;

        Encoder(SchemaRegistry registry, Topics topics) {
            shipments = RegistrySerdes.valueSerializer(registry);
            generic = RegistrySerdes.valueSerializer(registry);
            shipmentsTopic = topics.shipments();
            licensesTopic = topics.licenses();
        }

        byte[] shipment(Shipment s) {
            return shipments.serialize(shipmentsTopic, s);
        }

        /**
         * {@code s} written with a schema whose enum {@code field} has one more symbol, FUZZED,
         * which the record holds.
         */
        byte[] withUnknownSymbol(Shipment s, String field) {
            Schema newer = withSymbol(Shipment.getClassSchema(), field, "FUZZED");
            GenericRecord record = toGeneric(s, newer);
            record.put(field, new GenericData.EnumSymbol(newer.getField(field).schema(), "FUZZED"));
            // Registered under a subject of its own, as by a producer that skipped the shipments
            // subject's rules (which refuse a symbol without a default): content ids are global, so
            // the id resolves all the same.
            return generic.serialize(shipmentsTopic + "-newer-" + field, record);
        }

        private static Schema withSymbol(Schema schema, String field, String symbol) {
            String json = schema.toString();
            Schema.Field enumField = schema.getField(field);
            String symbols =
                    enumField.schema().getEnumSymbols().stream()
                            .map(x -> "\"" + x + "\"")
                            .reduce((a, b) -> a + "," + b)
                            .orElseThrow();
            return new Schema.Parser()
                    .parse(
                            json.replace(
                                    "\"symbols\":[" + symbols + "]",
                                    "\"symbols\":[" + symbols + ",\"" + symbol + "\"]"));
        }

        private static GenericRecord toGeneric(Shipment s, Schema schema) {
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
                new SpecificDatumWriter<>(Shipment.getClassSchema()).write(s, encoder);
                encoder.flush();
                return new GenericDatumReader<GenericRecord>(Shipment.getClassSchema(), schema)
                        .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The key bytes every case is written with. */
        static byte[] key(Case c) {
            return c.key().getBytes(StandardCharsets.UTF_8);
        }

        /** The input topic of {@code c}. */
        String topic(Case c) {
            return c.input() == Input.SHIPMENTS ? shipmentsTopic : licensesTopic;
        }

        @Override
        public void close() {
            shipments.close();
            generic.close();
        }
    }
}
