package io.lodestone.declarations;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lodestone.avro.License;
import io.lodestone.avro.Shipment;
import io.lodestone.schemas.dlq.DlqReason;
import io.lodestone.schemas.topics.Topics;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/** What a JSON Lines file holds: how to parse a line, which topic it goes to and its key. */
public enum EventKind {
    SHIPMENTS(ShipmentJson::parse, Topics::shipments, Shipment.getClassSchema()) {
        @Override
        public String key(SpecificRecord record) {
            return ((Shipment) record).getShipmentId();
        }
    },
    LICENSES(LicenseJson::parse, Topics::licenses, License.getClassSchema()) {
        @Override
        public String key(SpecificRecord record) {
            return ((License) record).getLicenseId();
        }
    };

    /** Text after the object (a second object, a stray character) makes the line invalid too. */
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final Function<ObjectNode, SpecificRecord> parser;
    private final Function<Topics, String> topic;
    private final Schema schema;

    EventKind(
            Function<ObjectNode, SpecificRecord> parser,
            Function<Topics, String> topic,
            Schema schema) {
        this.parser = parser;
        this.topic = topic;
        this.schema = schema;
    }

    /** The contract's Avro schema of this kind of event: its field names and types. */
    public Schema schema() {
        return schema;
    }

    public SpecificRecord parse(ObjectNode json) {
        return parser.apply(json);
    }

    /**
     * One JSON Lines line: a JSON object in the contract, or a {@link RejectedRecordException}
     * saying why not.
     */
    public SpecificRecord parseLine(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new RejectedRecordException(DlqReason.NOT_JSON, "not valid JSON: " + plain(e));
        }
        if (!(node instanceof ObjectNode object)) {
            throw new RejectedRecordException(
                    DlqReason.NOT_JSON,
                    "expected a JSON object, got "
                            + (node == null ? "nothing" : node.getNodeType()));
        }
        return parse(object);
    }

    /**
     * Jackson's message for a person: where it went wrong as a column, without the parser's
     * internals (its source description, the features and constraints it names).
     */
    static String plain(JsonProcessingException e) {
        String message =
                (e.getOriginalMessage().startsWith("Trailing token")
                                ? "more text after the JSON object"
                                : e.getOriginalMessage())
                        .replaceAll(
                                "\\[Source: [^;\\]]*(?:\\][^;\\]]*)?; line: \\d+, column:"
                                        + " (\\d+)\\]",
                                "column $1")
                        .replaceAll(": enable `[^`]*` to allow", "")
                        .replaceAll(", from `[^`]*`", "")
                        .replaceAll("`", "");
        return e.getLocation() == null || e.getLocation().getColumnNr() < 1
                ? message
                : message + " (column " + e.getLocation().getColumnNr() + ")";
    }

    public String topic(Topics topics) {
        return topic.apply(topics);
    }

    /** The record's key on its topic: its id. */
    public abstract String key(SpecificRecord record);
}
