// Confluent's own Node Schema Registry client and Avro serdes (@confluentinc/schemaregistry),
// carried over Kafka by kafkajs, against headstream's embedded broker and registry.
// Run by io.headstream.interop.ConfluentNodeClientIT; usable by hand as well.
//
// stdout carries one JSON object per line and nothing else (logs go to stderr), so the Java
// test can parse every line. Exit code 0 on success, 1 on any failure (message on stderr),
// 2 on bad usage.
//
//   node interop.js produce  <bootstrap> <registryUrl> <topic> <schema.avsc> <records.jsonl>
//   node interop.js consume  <bootstrap> <registryUrl> <topic> <count> <timeoutMs>
//   node interop.js errors   <registryUrl> <existingSubject> <missingSubject>

import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import kafkajs from 'kafkajs';
import sr from '@confluentinc/schemaregistry';

const { Kafka, Partitioners, logLevel } = kafkajs;
const { SchemaRegistryClient, SerdeType, AvroSerializer, AvroDeserializer, RestError } = sr;

const out = (obj) => process.stdout.write(JSON.stringify(obj) + '\n');

// kafkajs logs to stdout by default; keep stdout for results only.
const stderrLogger = () => ({ namespace, level, label, log }) =>
  process.stderr.write(`[kafkajs ${label}] ${namespace}: ${log.message}\n`);

function kafka(bootstrap) {
  return new Kafka({
    clientId: 'headstream-interop-node',
    brokers: [bootstrap],
    logLevel: logLevel.WARN,
    logCreator: stderrLogger,
    retry: { retries: 5 },
  });
}

function registry(url) {
  return new SchemaRegistryClient({ baseURLs: [url], cacheCapacity: 100 });
}

/** The 4-byte big-endian schema id after the magic byte, read from the bytes themselves. */
function schemaIdOf(bytes) {
  if (bytes.length < 5 || bytes[0] !== 0) {
    throw new Error(`not Confluent wire format: ${bytes.subarray(0, 5).toString('hex')}`);
  }
  return bytes.readInt32BE(1);
}

async function produce(bootstrap, url, topic, schemaFile, recordsFile) {
  const client = registry(url);
  const subject = `${topic}-value`; // TopicNameStrategy, Confluent's default
  const schema = readFileSync(schemaFile, 'utf8');
  // This client's AvroSerializer can only auto-register a schema it infers from the message
  // (named Record1...), so, as its README shows, the real schema is registered through the
  // client and the serializer told to use the subject's latest version.
  const registeredId = await client.register(subject, { schemaType: 'AVRO', schema });
  out({ event: 'registered', subject, id: registeredId });
  const serializer = new AvroSerializer(client, SerdeType.VALUE, { useLatestVersion: true });

  const records = readFileSync(recordsFile, 'utf8').split('\n').filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l));
  const producer = kafka(bootstrap).producer({
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
    idempotent: true,
    maxInFlightRequests: 1,
  });
  await producer.connect();
  try {
    for (const record of records) {
      const value = await serializer.serialize(topic, record);
      const [meta] = await producer.send({
        topic,
        acks: -1,
        messages: [{ key: record.event_id, value }],
      });
      out({ event: 'produced', key: record.event_id, partition: meta.partition,
        offset: meta.baseOffset, schemaId: schemaIdOf(value), bytes: value.toString('base64') });
    }
  } finally {
    await producer.disconnect();
  }
}

async function consume(bootstrap, url, topic, count, timeoutMs) {
  const deserializer = new AvroDeserializer(registry(url), SerdeType.VALUE, {});
  const consumer = kafka(bootstrap).consumer({ groupId: `interop-node-${randomUUID()}` });
  await consumer.connect();
  await consumer.subscribe({ topics: [topic], fromBeginning: true });
  let seen = 0;
  let failure = null;
  let finish;
  const done = new Promise((resolve) => { finish = resolve; });
  const timer = setTimeout(() => finish(), timeoutMs);
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      if (failure || seen >= count) {
        return;
      }
      try {
        const value = await deserializer.deserialize(topic, message.value);
        out({ event: 'consumed', key: message.key && message.key.toString('utf8'), partition,
          offset: message.offset, schemaId: schemaIdOf(message.value), value });
        seen += 1;
      } catch (e) {
        failure = e;
      }
      if (failure || seen >= count) {
        finish();
      }
    },
  });
  await done;
  clearTimeout(timer);
  await consumer.disconnect();
  if (failure) {
    throw failure;
  }
  if (seen < count) {
    throw new Error(`read ${seen} of ${count} records from ${topic} within ${timeoutMs} ms`);
  }
}

/** Runs a registry call expected to fail and prints what Confluent's client saw. */
async function expectRestError(check, call, fn) {
  try {
    const result = await fn();
    out({ event: 'error-check', check, call, failed: false, result });
  } catch (e) {
    if (!(e instanceof RestError)) {
      throw e;
    }
    out({ event: 'error-check', check, call, failed: true, status: e.status, errorCode: e.errorCode,
      message: e.message });
  }
}

async function errors(url, existingSubject, missingSubject) {
  const client = registry(url);
  await expectRestError('subject-not-found', 'getLatestSchemaMetadata(missing)',
    () => client.getLatestSchemaMetadata(missingSubject));
  await expectRestError('version-not-found', 'getSchemaMetadata(existing, 9999)',
    () => client.getSchemaMetadata(existingSubject, 9999));
  await expectRestError('schema-id-not-found', 'getBySubjectAndId(missing, 999999)',
    () => client.getBySubjectAndId(missingSubject, 999999));
  const invalid = { schemaType: 'AVRO', schema: '{"type":"no-such-type"}' };
  await expectRestError('invalid-schema', 'register(invalid schema)',
    () => client.register(missingSubject, invalid));
  // A required field without a default breaks BACKWARD compatibility with the existing schema.
  const latest = await client.getLatestSchemaMetadata(existingSubject);
  const incompatible = JSON.parse(latest.schema);
  incompatible.fields = [...incompatible.fields,
    { name: 'added_without_default', type: 'string' }];
  const incompatibleInfo = { schemaType: 'AVRO', schema: JSON.stringify(incompatible) };
  await expectRestError('incompatible-schema', 'register(incompatible)',
    () => client.register(existingSubject, incompatibleInfo));
}

async function main(argv) {
  const [command, ...args] = argv;
  if (command === 'produce' && args.length === 5) {
    return produce(...args);
  }
  if (command === 'consume' && args.length === 5) {
    return consume(args[0], args[1], args[2], Number(args[3]), Number(args[4]));
  }
  if (command === 'errors' && args.length === 3) {
    return errors(...args);
  }
  process.stderr.write('usage: node interop.js produce|consume|errors ... (see the header)\n');
  process.exit(2);
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`interop.js failed: ${e && e.stack ? e.stack : e}\n`);
    process.exit(1);
  },
);
