#!/usr/bin/python3
"""Interop probe with clients nobody on Lodestone wrote: Debian's python3-confluent-kafka (librdkafka)
and its schema-registry Avro serializer, talking to Lodestone's topics through the registry's
Confluent-compatible API.

  confluent_avro.py produce BOOTSTRAP REGISTRY_CCOMPAT_URL TOPIC SCHEMA_FILE JSONL_FILE
      publishes each JSON object (timestamps as ISO-8601) keyed by its shipmentId/licenseId
  confluent_avro.py consume BOOTSTRAP REGISTRY_CCOMPAT_URL TOPIC MIN_COUNT
      reads committed records from the start until at least MIN_COUNT have arrived and then none for
      5 s, and prints each as one JSON line {"key": ..., "schemaId": ..., "value": {...}}

Environment: PROBE_KAFKA_CONFIG and PROBE_REGISTRY_CONFIG, JSON objects of further client settings (a
secured broker's security.protocol, sasl.*, ssl.ca.location; the registry's ssl.ca.location). What
librdkafka the client runs on is printed first, as {"librdkafka": "x.y.z"}.
"""
import datetime
import json
import os
import struct
import sys

from avro import schema as avro_schema
from confluent_kafka import Consumer, Producer, TopicPartition, libversion
from confluent_kafka.avro import CachedSchemaRegistryClient
from confluent_kafka.avro.serializer.message_serializer import MessageSerializer

TIMESTAMP_FIELDS = {"eventTime", "validFrom", "validTo", "windowStart", "windowEnd", "detectedAt"}


def settings(env, base):
    extra = os.environ.get(env)
    return {**base, **json.loads(extra)} if extra else base


def registry_client(registry):
    conf = settings("PROBE_REGISTRY_CONFIG", {"url": registry})
    if conf.get("ssl.ca.location"):
        # requests lets REQUESTS_CA_BUNDLE, where the environment sets it, override a session's own CA
        os.environ["REQUESTS_CA_BUNDLE"] = conf["ssl.ca.location"]
    return CachedSchemaRegistryClient(conf)


def to_avro(record):
    out = dict(record)
    for name in TIMESTAMP_FIELDS & out.keys():
        out[name] = datetime.datetime.fromisoformat(out[name].replace("Z", "+00:00"))
    return out


def to_json(value):
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    raise TypeError(repr(value))


def produce(bootstrap, registry, topic, schema_file, jsonl):
    with open(schema_file) as f:
        schema = avro_schema.parse(f.read())
    serializer = MessageSerializer(registry_client(registry))
    # murmur2 is the Java client's partitioner: the same shipmentId lands in the same partition whoever sends it,
    # which de-duplication relies on (librdkafka's default would spread copies over other partitions).
    producer = Producer(settings("PROBE_KAFKA_CONFIG", {"bootstrap.servers": bootstrap, "enable.idempotence": True,
                                                        "partitioner": "murmur2_random"}))
    sent = 0
    with open(jsonl) as f:
        for line in f:
            if not line.strip():
                continue
            record = json.loads(line)
            key = record.get("shipmentId") or record.get("licenseId")
            value = serializer.encode_record_with_schema(topic, schema, to_avro(record), is_key=False)
            producer.produce(topic, key=key.encode(), value=value)
            sent += 1
    left = producer.flush(30)
    if left:
        sys.exit(f"{left} record(s) not delivered")
    print(json.dumps({"produced": sent}))


def consume(bootstrap, registry, topic, min_count):
    serializer = MessageSerializer(registry_client(registry))
    consumer = Consumer(settings("PROBE_KAFKA_CONFIG", {"bootstrap.servers": bootstrap, "group.id": "interop-probe",
                                                        "isolation.level": "read_committed",
                                                        "enable.auto.commit": False}))
    metadata = consumer.list_topics(topic, timeout=30)
    consumer.assign([TopicPartition(topic, p, 0) for p in metadata.topics[topic].partitions])  # 0 = from the start
    read = 0
    now = datetime.datetime.now
    deadline = now() + datetime.timedelta(seconds=90)
    last_arrival = now()
    while now() < deadline and (read < min_count or now() - last_arrival < datetime.timedelta(seconds=5)):
        message = consumer.poll(0.5)
        if message is None or message.error():
            continue
        last_arrival = now()
        raw = message.value()
        magic, schema_id = struct.unpack(">bI", raw[:5])
        if magic != 0:
            sys.exit(f"record at offset {message.offset()} is not in the Confluent wire format (magic byte {magic})")
        value = serializer.decode_message(raw)
        print(json.dumps({"key": message.key().decode(), "schemaId": schema_id, "value": value}, default=to_json), flush=True)
        read += 1
    consumer.close()
    if read < min_count:
        sys.exit(f"read {read} of at least {min_count} records from {topic} within 90 s")


if __name__ == "__main__":
    print(json.dumps({"librdkafka": libversion()[0]}), flush=True)
    if len(sys.argv) >= 2 and sys.argv[1] == "produce" and len(sys.argv) == 7:
        produce(*sys.argv[2:])
    elif len(sys.argv) >= 2 and sys.argv[1] == "consume" and len(sys.argv) == 6:
        consume(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    else:
        sys.exit(__doc__)
