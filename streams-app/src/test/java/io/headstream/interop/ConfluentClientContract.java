package io.headstream.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.headstream.registry.AvroSerde;
import io.headstream.registry.AvroSerdeConfig;
import io.headstream.registry.SchemaRegistryClient;
import io.headstream.schema.Answer;
import io.headstream.schema.QuestionContext;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What any Confluent client must be able to do with headstream's registry and wire format, run
 * for each client by a subclass that says how to start its script ({@code src/test/interop/}):
 * the client's serializer writes what our serde reads (and byte for byte what our serde would
 * have written), the client's deserializer reads what our serde wrote, both agree on schema ids
 * with the registry, and registry errors reach the client with Confluent's error codes.
 */
abstract class ConfluentClientContract {

    static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int RECORDS = 12;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path workDir;
    static InteropStack stack;

    /** The command that runs this client's script with {@code args}. */
    abstract List<String> command(List<String> args);

    /** A command that exits 0 only if the client and its libraries are installed. */
    abstract List<String> availabilityProbe();

    /** What to install when the probe fails. */
    abstract String installHint();

    @BeforeAll
    static void startStack() {
        stack = new InteropStack(workDir.resolve("stack"));
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    /** Skips when the client is missing on a developer machine; on CI (CI=true) it must be there. */
    void requireClient() {
        boolean present = InteropScript.succeeds(availabilityProbe());
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(getClass().getSimpleName() + ": the Confluent client is not installed on CI; " + installHint());
        }
        Assumptions.assumeTrue(present, "Confluent client not installed, skipping; " + installHint());
    }

    @Test
    void confluentSerializerWritesWhatOurSerdeReadsWithTheSameSchemaIdAndBytes() throws IOException {
        requireClient();
        String run = UUID.randomUUID().toString();
        String topic = "questions-" + run;
        stack.kafka().createTopics(2, topic);
        List<QuestionContext> sent = InteropRecords.questions(run, RECORDS);

        Path schemaFile = Files.writeString(workDir.resolve(topic + ".avsc"),
                QuestionContext.getClassSchema().toString());
        Path recordsFile = workDir.resolve(topic + ".jsonl");
        Files.write(recordsFile, sent.stream().map(q -> toJson(InteropRecords.json(q))).toList(),
                StandardCharsets.UTF_8);

        List<JsonNode> produced = events(InteropScript.run(command(List.of("produce", stack.bootstrapServers(),
                stack.registryUrl(), topic, schemaFile.toString(), recordsFile.toString())), workDir, SCRIPT_TIMEOUT),
                "produced");
        assertThat(produced).as("records the client reports as produced").hasSize(RECORDS);

        SchemaRegistryClient registry = stack.registryClient();
        int registryId = registry.latest(topic + "-value").id();
        Map<String, byte[]> onTheWire = readRaw(topic, RECORDS);
        try (AvroSerde<QuestionContext> serde = AvroSerde.specific(QuestionContext.class, registry,
                AvroSerdeConfig.defaults(), false)) {
            for (QuestionContext expected : sent) {
                String key = expected.getEventId();
                byte[] confluentBytes = onTheWire.get(key);
                assertThat(confluentBytes).as("record %s on %s", key, topic).isNotNull();
                JsonNode report = produced.stream().filter(p -> key.equals(p.get("key").asText())).findFirst()
                        .orElseThrow(() -> new AssertionError("client did not report producing " + key));
                assertThat(Base64.getDecoder().decode(report.get("bytes").asText()))
                        .as("bytes the client serialized for %s, as stored by Kafka", key).isEqualTo(confluentBytes);

                assertThat(confluentBytes[0]).as("magic byte of %s", key).isZero();
                assertThat(schemaId(confluentBytes)).as("schema id in the client's bytes for %s", key)
                        .isEqualTo(registryId).isEqualTo(report.get("schemaId").asInt());
                byte[] ours = serde.serializer().serialize(topic, expected);
                assertThat(schemaId(ours)).as("schema id our serde writes for the same schema").isEqualTo(registryId);
                assertThat(ours).as("our serde's bytes for %s equal the Confluent client's", key)
                        .isEqualTo(confluentBytes);
                assertThat(serde.deserializer().deserialize(topic, confluentBytes))
                        .as("record %s read back by our serde", key).isEqualTo(expected);
            }
        }
        assertThat(registry.versions(topic + "-value")).as("versions of %s-value", topic).hasSize(1);
    }

    @Test
    void confluentDeserializerReadsWhatOurSerdeWrote() {
        requireClient();
        String run = UUID.randomUUID().toString();
        String topic = "answers-" + run;
        stack.kafka().createTopics(2, topic);
        List<Answer> sent = InteropRecords.answers(run, "questions-" + run, RECORDS);

        SchemaRegistryClient registry = stack.registryClient();
        Map<String, byte[]> ourBytes = new HashMap<>();
        try (AvroSerde<Answer> serde = AvroSerde.specific(Answer.class, registry, AvroSerdeConfig.defaults(), false);
             KafkaProducer<String, Answer> producer = new KafkaProducer<>(producerProps(),
                     new StringSerializer(), serde.serializer())) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (Answer a : sent) {
                acks.add(producer.send(new ProducerRecord<>(topic, a.getEventId(), a)));
                ourBytes.put(a.getEventId(), serde.serializer().serialize(topic, a));
            }
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                assertThat(ack).succeedsWithin(WAIT);
            }
        }
        int registryId = registry.latest(topic + "-value").id();

        List<JsonNode> consumed = events(InteropScript.run(command(List.of("consume", stack.bootstrapServers(),
                stack.registryUrl(), topic, Integer.toString(RECORDS), Long.toString(WAIT.toMillis()))),
                workDir, SCRIPT_TIMEOUT), "consumed");
        assertThat(consumed).as("records the client decoded").hasSize(RECORDS);
        Map<String, JsonNode> byKey = consumed.stream().collect(Collectors.toMap(c -> c.get("key").asText(),
                Function.identity()));
        for (Answer expected : sent) {
            String key = expected.getEventId();
            JsonNode line = byKey.get(key);
            assertThat(line).as("the client's decoding of %s", key).isNotNull();
            assertThat(line.get("schemaId").asInt()).as("schema id the client read for %s", key)
                    .isEqualTo(registryId).isEqualTo(schemaId(ourBytes.get(key)));
            JsonNode want = JSON.valueToTree(InteropRecords.json(expected));
            assertThat(want.equals(NUMBERS_BY_VALUE, line.get("value")))
                    .as("%s decoded by the Confluent client%n  got:  %s%n  want: %s", key, line.get("value"), want)
                    .isTrue();
        }
    }

    @Test
    void registryErrorsReachTheConfluentClientWithConfluentErrorCodes() {
        requireClient();
        String run = UUID.randomUUID().toString();
        String existing = "errors-" + run + "-value";
        stack.registryClient().register(existing, QuestionContext.getClassSchema());

        Map<String, JsonNode> checks = events(InteropScript.run(command(List.of("errors", stack.registryUrl(),
                existing, "missing-" + run + "-value")), workDir, SCRIPT_TIMEOUT), "error-check").stream()
                .collect(Collectors.toMap(c -> c.get("check").asText(), Function.identity()));
        // What Confluent's own registry answers in each case (status, error_code).
        Map<String, List<Integer>> expected = Map.of(
                "subject-not-found", List.of(404, 40401),
                "version-not-found", List.of(404, 40402),
                "schema-id-not-found", List.of(404, 40403),
                "invalid-schema", List.of(422, 42201),
                "incompatible-schema", List.of(409, 409));
        assertThat(checks.keySet()).as("error checks the client ran").isEqualTo(expected.keySet());
        expected.forEach((check, want) -> {
            JsonNode got = checks.get(check);
            assertThat(got.get("failed").asBoolean()).as("%s should have failed: %s", check, got).isTrue();
            assertThat(List.of(got.get("status").asInt(), got.get("errorCode").asInt()))
                    .as("HTTP status and error_code the client saw for %s: %s", check, got).isEqualTo(want);
        });
    }

    // ------------------------------------------------------------------------------------------

    /** JSON number equality by value: Jackson parses 5 as int and 5L as long, and both are 5. */
    private static final Comparator<JsonNode> NUMBERS_BY_VALUE = (a, b) -> {
        if (a.isNumber() && b.isNumber()) {
            return new BigDecimal(a.asText()).compareTo(new BigDecimal(b.asText()));
        }
        return a.equals(b) ? 0 : 1;
    };

    private static List<JsonNode> events(List<JsonNode> lines, String event) {
        return lines.stream().filter(l -> event.equals(l.path("event").asText())).toList();
    }

    private static int schemaId(byte[] wire) {
        return ByteBuffer.wrap(wire, 1, 4).getInt();
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static Map<String, Object> producerProps() {
        Map<String, Object> props = stack.kafka().clientProperties();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) WAIT.toMillis());
        return props;
    }

    /** The raw value bytes of {@code count} records keyed by their string key. */
    private static Map<String, byte[]> readRaw(String topic, int count) {
        Map<String, Object> props = stack.kafka().clientProperties();
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "raw-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        Map<String, byte[]> out = new HashMap<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (out.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    assertThat(out.put(r.key(), r.value())).as("duplicate key %s on %s", r.key(), topic).isNull();
                }
            }
        }
        assertThat(out).as("records read back from %s", topic).hasSize(count);
        return out;
    }
}
