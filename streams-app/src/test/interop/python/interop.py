#!/usr/bin/python3
"""Confluent's own Python client (Debian's python3-confluent-kafka 1.7) against headstream's
embedded Kafka broker and Schema Registry. Run by io.headstream.interop.ConfluentPythonClientIT.

Avro values go through Confluent's legacy serdes, ``confluent_kafka.avro``'s MessageSerializer
with its CachedSchemaRegistryClient (the code inside AvroProducer and AvroConsumer; it auto-
registers under ``<topic>-value``). They are driven directly, with a plain Producer/Consumer,
because AvroProducer insists on an Avro schema for keys and headstream's keys are plain UTF-8
strings. The newer ``confluent_kafka.schema_registry.avro`` serdes need fastavro, which Debian
12 does not package; the newer ``SchemaRegistryClient`` (plain REST) is used for the error paths.

stdout carries one JSON object per line and nothing else. Exit 0 on success, 1 on failure
(message on stderr), 2 on bad usage.

  interop.py produce <bootstrap> <registryUrl> <topic> <schema.avsc> <records.jsonl>
  interop.py consume <bootstrap> <registryUrl> <topic> <count> <timeoutMs>
  interop.py errors  <registryUrl> <existingSubject> <missingSubject>
"""
import base64
import datetime
import json
import sys
import time
import uuid

from confluent_kafka import Consumer, KafkaException, Producer
from confluent_kafka.avro import CachedSchemaRegistryClient, loads
from confluent_kafka.avro.serializer.message_serializer import MessageSerializer
from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.error import SchemaRegistryError

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)


def from_json(schema, datum):
    """A record as JSON (timestamp-millis as epoch millis) to what Apache Avro's Python writer
    takes: the same, but timestamp-millis as an aware datetime, which it insists on."""
    kind = schema.type
    if kind == "record":
        return {f.name: from_json(f.type, datum.get(f.name)) for f in schema.fields}
    if kind == "union":
        if datum is None:
            return None
        branches = [b for b in schema.schemas if b.type != "null"]
        return from_json(branches[0], datum) if len(branches) == 1 else datum
    if kind == "map":
        return {k: from_json(schema.values, v) for k, v in datum.items()}
    if kind == "array":
        return [from_json(schema.items, v) for v in datum]
    if kind == "long" and getattr(schema, "logical_type", None) == "timestamp-millis":
        return EPOCH + datetime.timedelta(milliseconds=datum)
    return datum


def to_json(value):
    """JSON for decoded Avro: timestamp-millis comes back as an aware datetime."""
    if isinstance(value, datetime.datetime):
        return (value - EPOCH) // datetime.timedelta(milliseconds=1)
    if isinstance(value, bytes):
        return base64.b64encode(value).decode("ascii")
    raise TypeError(f"cannot print {type(value).__name__} as JSON")


def out(obj):
    sys.stdout.write(json.dumps(obj, default=to_json, sort_keys=True) + "\n")
    sys.stdout.flush()


def schema_id_of(data):
    """The 4-byte big-endian schema id after the magic byte, read from the bytes themselves."""
    if data is None or len(data) < 5 or data[0] != 0:
        raise ValueError(f"not Confluent wire format: {data[:5]!r}")
    return int.from_bytes(data[1:5], "big", signed=True)


def produce(bootstrap, url, topic, schema_file, records_file):
    with open(schema_file, encoding="utf-8") as f:
        schema = loads(f.read())
    with open(records_file, encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    serializer = MessageSerializer(CachedSchemaRegistryClient({"url": url}))
    producer = Producer({"bootstrap.servers": bootstrap, "enable.idempotence": True,
                         "acks": "all", "allow.auto.create.topics": False})
    reports = []

    def delivered(err, msg):
        if err is not None:
            raise KafkaException(err)
        reports.append(msg)

    for record in records:
        value = serializer.encode_record_with_schema(topic, schema, from_json(schema, record))
        producer.produce(topic, value=value, key=record["event_id"].encode("utf-8"),
                         on_delivery=delivered)
    remaining = producer.flush(30)
    if remaining:
        raise RuntimeError(f"{remaining} records to {topic} not delivered within 30 s")
    for msg in reports:
        out({"event": "produced", "key": msg.key().decode("utf-8"), "partition": msg.partition(),
             "offset": msg.offset(), "schemaId": schema_id_of(msg.value()),
             "bytes": base64.b64encode(msg.value()).decode("ascii")})


def consume(bootstrap, url, topic, count, timeout_ms):
    deserializer = MessageSerializer(CachedSchemaRegistryClient({"url": url}))
    consumer = Consumer({"bootstrap.servers": bootstrap,
                         "group.id": f"interop-python-{uuid.uuid4()}",
                         "auto.offset.reset": "earliest", "enable.auto.commit": False})
    consumer.subscribe([topic])
    seen = 0
    deadline = time.monotonic() + timeout_ms / 1000
    try:
        while seen < count and time.monotonic() < deadline:
            msg = consumer.poll(0.2)
            if msg is None:
                continue
            if msg.error():
                raise KafkaException(msg.error())
            out({"event": "consumed", "key": msg.key().decode("utf-8") if msg.key() else None,
                 "partition": msg.partition(), "offset": msg.offset(),
                 "schemaId": schema_id_of(msg.value()),
                 "value": deserializer.decode_message(msg.value())})
            seen += 1
    finally:
        consumer.close()
    if seen < count:
        raise RuntimeError(f"read {seen} of {count} records from {topic} within {timeout_ms} ms")


def expect_error(check, call, fn):
    try:
        result = fn()
        out({"event": "error-check", "check": check, "call": call, "failed": False,
             "result": str(result)})
    except SchemaRegistryError as e:
        out({"event": "error-check", "check": check, "call": call, "failed": True,
             "status": e.http_status_code,
             "errorCode": e.error_code, "message": e.error_message})


def errors(url, existing_subject, missing_subject):
    client = SchemaRegistryClient({"url": url})
    missing = missing_subject
    expect_error("subject-not-found", "get_latest_version(missing)",
                 lambda: client.get_latest_version(missing))
    expect_error("version-not-found", "get_version(existing, 9999)",
                 lambda: client.get_version(existing_subject, 9999))
    expect_error("schema-id-not-found", "get_schema(999999)",
                 lambda: client.get_schema(999999))
    expect_error("invalid-schema", "register_schema(invalid schema)",
                 lambda: client.register_schema(missing, Schema('{"type":"no-such-type"}', "AVRO")))
    # A required field without a default breaks BACKWARD compatibility with the existing schema.
    latest = json.loads(client.get_latest_version(existing_subject).schema.schema_str)
    latest["fields"].append({"name": "added_without_default", "type": "string"})
    incompatible = Schema(json.dumps(latest), "AVRO")
    expect_error("incompatible-schema", "register_schema(incompatible)",
                 lambda: client.register_schema(existing_subject, incompatible))


def main(argv):
    command, args = (argv[0], argv[1:]) if argv else (None, [])
    if command == "produce" and len(args) == 5:
        produce(*args)
    elif command == "consume" and len(args) == 5:
        consume(args[0], args[1], args[2], int(args[3]), int(args[4]))
    elif command == "errors" and len(args) == 3:
        errors(*args)
    else:
        sys.stderr.write("usage: interop.py produce|consume|errors ... (see the docstring)\n")
        return 2
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except Exception as e:  # report any failure as one line and a non-zero exit
        sys.stderr.write(f"interop.py failed: {type(e).__name__}: {e}\n")
        sys.exit(1)
