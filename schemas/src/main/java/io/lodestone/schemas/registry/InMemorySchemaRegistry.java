package io.lodestone.schemas.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;

/**
 * A schema registry held in this JVM, for tests and tools that need no registry process (the way
 * the Kafka Streams anchors test topologies against a mock registry client). It gives ids as
 * Apicurio gives content ids: one per distinct schema text, from 1, whatever topic it is registered
 * for. The serdes frame and encode as they do over {@link ApicurioSchemaRegistry}, so records are
 * the same bytes but for the id. Not shared between instances: records are readable only through
 * the registry that wrote them.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {

    private final Map<String, Integer> idsByText = new HashMap<>();
    private final List<Schema> schemas = new ArrayList<>();

    // Synchronized: the serdes call these only for a schema or an id they have not seen, so
    // contention is nil.
    @Override
    public synchronized int idOf(String topic, Headers headers, GenericContainer record) {
        Schema schema = record.getSchema();
        return idsByText.computeIfAbsent(
                schema.toString(),
                text -> {
                    schemas.add(schema);
                    return schemas.size();
                });
    }

    @Override
    public synchronized Schema writerSchema(int id) {
        if (id < 1 || id > schemas.size()) {
            throw new SerializationException(
                    "unknown schema id "
                            + id
                            + ": this in-memory registry has ids 1 to "
                            + schemas.size());
        }
        return schemas.get(id - 1);
    }

    @Override
    public synchronized String toString() {
        return "in-memory registry of " + schemas.size() + " schemas";
    }
}
