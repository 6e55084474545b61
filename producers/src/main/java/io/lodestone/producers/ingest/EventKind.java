package io.lodestone.producers.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lodestone.avro.License;
import io.lodestone.avro.Shipment;
import io.lodestone.schemas.topics.Topics;
import org.apache.avro.specific.SpecificRecord;

import java.util.function.Function;

/** What a JSON Lines file holds: how to parse a line, which topic it goes to and its key. */
public enum EventKind {
    SHIPMENTS(ShipmentJson::parse, Topics::shipments) {
        @Override
        String key(SpecificRecord record) {
            return ((Shipment) record).getShipmentId();
        }
    },
    LICENSES(LicenseJson::parse, Topics::licenses) {
        @Override
        String key(SpecificRecord record) {
            return ((License) record).getLicenseId();
        }
    };

    private final Function<ObjectNode, SpecificRecord> parser;
    private final Function<Topics, String> topic;

    EventKind(Function<ObjectNode, SpecificRecord> parser, Function<Topics, String> topic) {
        this.parser = parser;
        this.topic = topic;
    }

    public SpecificRecord parse(ObjectNode json) {
        return parser.apply(json);
    }

    public String topic(Topics topics) {
        return topic.apply(topics);
    }

    abstract String key(SpecificRecord record);
}
