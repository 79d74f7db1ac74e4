package io.headstream.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.headstream.app.StreamsService;
import io.headstream.config.ConfigSources;
import io.headstream.config.HeadstreamConfig;
import io.headstream.config.KafkaClientKeys;
import io.headstream.inference.MultiHeadModel;
import io.headstream.inference.OnnxMultiHeadModel;
import io.headstream.inference.RuntimeOptions;
import io.headstream.registry.AvroSerde;
import io.headstream.schema.Answer;
import io.headstream.schema.DeadLetter;
import io.headstream.schema.ModelIdentity;
import io.headstream.schema.QuerySummary;
import io.headstream.schema.QuestionContext;
import io.headstream.schema.SpanExplanation;
import io.micrometer.core.instrument.Counter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile and malformed input, table-driven: every case below is written to the input topic of
 * one running app (real broker, registry and fixture model), each with its expected outcome
 * written down: correct outputs, or one dead letter with a precise reason and the original bytes.
 * Afterwards the app must still be RUNNING and serve a normal event, its heap bounded, and the
 * {@code headstream.dead.letters{reason}} and {@code headstream.records.*} meters must count each
 * outcome. The topics allow 32 MiB records so the 10 MB context reaches the app (the broker's
 * default limit is 1 MB) and its dead letter, which carries the original bytes, fits too.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileInputIT {
    private static final Duration WAIT = Duration.ofSeconds(300);
    private static final int MAX_BYTES = 32 * 1024 * 1024;

    /** What must come of a case: its three outputs ({@code reason} null) or one dead letter. */
    record Case(String name, String reason, int outputs, Record... records) {
        @Override
        public String toString() {
            return name + " -> " + (reason == null ? outputs + "x outputs" : reason);
        }
    }

    /** One input record: the key (null for none) and value (null for a tombstone); {@code event} when it is Avro of ours. */
    record Record(byte[] key, byte[] value, QuestionContext event) {}

    @TempDir
    static Path work;

    private Cluster cluster;
    private MultiHeadModel model;
    private StreamsService service;
    private Ledger ledger;
    private TestEvents producer;
    private List<Case> cases;
    private long heapAfterMb;

    @BeforeAll
    void runAllCases() throws Exception {
        cluster = new Cluster(work);
        cluster.createTopics(1, Map.of("max.message.bytes", String.valueOf(MAX_BYTES)));
        producer = new TestEvents(cluster.clientProps(), cluster.registryProps());
        cases = buildCases();
        for (Case c : cases) {
            for (Record r : c.records()) {
                producer.sendRaw(cluster.input(), r.key(), r.value());
            }
        }
        model = OnnxMultiHeadModel.load(AppProcess.ROOT.resolve("models/fixture"), RuntimeOptions.defaults());
        Map<String, String> props = cluster.appProperties(work.resolve("state"), -1);
        props.put("kafka.producer.max.request.size", String.valueOf(MAX_BYTES));
        props.put("kafka.consumer.max.partition.fetch.bytes", String.valueOf(MAX_BYTES));
        HeadstreamConfig config = HeadstreamConfig.from(ConfigSources.load(null, Map.of(), props), KafkaClientKeys::isKnown);
        service = StreamsService.start(config, model);
        assertThat(service.awaitRunning(WAIT)).as("Kafka Streams RUNNING").isTrue();
        ledger = cluster.ledger();
        int outputs = cases.stream().mapToInt(Case::outputs).sum();
        long dead = cases.stream().filter(c -> c.reason() != null).count();
        assertThat(ledger.readUntil(() -> ledger.count(cluster.answers()) >= outputs
                && ledger.count(cluster.explanations()) >= outputs
                && ledger.count(cluster.deadLetters()) >= dead, WAIT))
                .as("all %d cases accounted for", cases.size()).isTrue();
        System.gc();
        Runtime rt = Runtime.getRuntime();
        heapAfterMb = (rt.totalMemory() - rt.freeMemory()) >> 20;
    }

    @AfterAll
    void stop() {
        if (ledger != null) {
            ledger.close();
        }
        if (service != null) {
            service.close(Duration.ofSeconds(30));
        }
        if (producer != null) {
            producer.close();
        }
        if (model != null) {
            model.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    Stream<Case> cases() {
        return cases.stream();
    }

    private List<Case> buildCases() {
        String topic = cluster.input();
        List<Case> list = new ArrayList<>();
        byte[] good = bytes(TestEvents.valid("x", 1));
        list.add(dead("not_avro_text", "unknown_magic_byte", raw("not_avro_text", "plain text, not Avro".getBytes())));
        list.add(dead("not_avro_json", "unknown_magic_byte",
                raw("not_avro_json", "{\"event_id\":\"j\",\"question\":\"q\",\"context\":\"c\"}".getBytes())));
        byte[] wrongMagic = good.clone();
        wrongMagic[0] = 1;
        list.add(dead("wrong_magic_byte", "unknown_magic_byte", raw("wrong_magic_byte", wrongMagic)));
        byte[] unknownId = good.clone();
        ByteBuffer.wrap(unknownId, 1, 4).putInt(987_654);
        list.add(dead("unknown_schema_id", "unknown_schema_id", raw("unknown_schema_id", unknownId)));
        list.add(dead("truncated_payload", "truncated_payload",
                raw("truncated_payload", Arrays.copyOf(good, good.length / 2))));
        list.add(dead("header_only", "truncated_payload", raw("header_only", Arrays.copyOf(good, 3))));
        list.add(dead("empty_bytes", "truncated_payload", raw("empty_bytes", new byte[0])));
        AvroSerde<ModelIdentity> other = AvroSerde.specific(ModelIdentity.class);
        other.configure(cluster.registryProps(), false);
        byte[] otherSchema = other.serializer().serialize(topic + "-other", new ModelIdentity("m", "1", "abc"));
        list.add(dead("valid_avro_of_another_schema", "schema_mismatch", raw("valid_avro_of_another_schema", otherSchema)));
        list.add(dead("null_value", "null_value", raw("null_value", null)));
        list.add(ok("null_key", new Record(null, bytes(ev("null_key", "Where did it happen?", "It happened in Paris.")), null)));
        list.add(dead("missing_event_id", "missing_event_id", evRecord("missing_event_id", ev("", "Where?", "In Paris."))));
        list.add(dead("empty_question", "empty_question", evRecord("empty_question", ev("empty_question", "", "In Paris."))));
        list.add(dead("whitespace_question", "empty_question",
                evRecord("whitespace_question", ev("whitespace_question", " \t\n ", "In Paris."))));
        list.add(dead("empty_context", "empty_context", evRecord("empty_context", ev("empty_context", "Where?", ""))));
        list.add(dead("whitespace_context", "empty_context",
                evRecord("whitespace_context", ev("whitespace_context", "Where?", "\n\n   \t"))));
        list.add(dead("context_10mb", "context_too_long",
                evRecord("context_10mb", ev("context_10mb", "What is repeated?", "word ".repeat(2_000_000)))));
        list.add(dead("question_1mb", "question_too_long",
                evRecord("question_1mb", ev("question_1mb", "why ".repeat(262_144), "A short context."))));
        list.add(dead("invalid_utf8", "invalid_text", new Record(key("invalid_utf8"), invalidUtf8(), null)));
        list.add(dead("map_count_attack", "schema_mismatch", raw("map_count_attack", mapCountAttack())));
        list.add(dead("nul_character", "invalid_text",
                evRecord("nul_character", ev("nul_character", "Where?", "It happened\u0000 in Paris."))));
        list.add(ok("control_characters", evRecord("control_characters",
                ev("control_characters", "Where\u0007 did\u001b it happen?", "It\u0001 happened in\u007f Paris.\u000b"))));
        list.add(ok("right_to_left", evRecord("right_to_left", ev("right_to_left", "أين ذهب أحمد؟",
                "ذهب أحمد إلى باريس في عام ١٩٩٨. كانت الرحلة طويلة. עברית גם כאן."))));
        list.add(ok("cjk", evRecord("cjk", ev("cjk", "日本の首都はどこですか？",
                "东京是日本的首都。它有很多人口。서울은 한국의 수도입니다."))));
        list.add(ok("emoji", evRecord("emoji", ev("emoji", "Where was the party 🎉?",
                "The party 🎉 was in Paris 🇫🇷. Everyone 👍🏽 came. 👨‍👩‍👧 families too."))));
        list.add(ok("one_repeated_token", evRecord("one_repeated_token",
                ev("one_repeated_token", "buffalo?", "buffalo ".repeat(20_000)))));
        StringBuilder sentences = new StringBuilder();
        for (int i = 0; i < 5000; i++) {
            sentences.append("Sentence ").append(i).append(" mentions ").append(i % 7 == 0 ? "Paris" : "Rome").append(". ");
        }
        list.add(ok("thousands_of_sentences", evRecord("thousands_of_sentences",
                ev("thousands_of_sentences", "Which sentence mentions Paris?", sentences.toString()))));
        list.add(dead("unsupported_target_head", "unsupported_target_head", evRecord("unsupported_target_head",
                QuestionContext.newBuilder(ev("unsupported_target_head", "Where?", "Paris.")).setTargetHead("poem").build())));
        list.add(new Case("duplicate_event_id", null, 2,
                evRecord("duplicate_event_id", ev("duplicate_event_id", "Where?", "It happened in Paris."))
                        .records()[0],
                evRecord("duplicate_event_id", ev("duplicate_event_id", "When?", "It happened in 1998."))
                        .records()[0]));
        return list;
    }

    private static QuestionContext ev(String id, String question, String context) {
        return TestEvents.event(id, question, context);
    }

    private byte[] bytes(QuestionContext e) {
        return producer.bytes(cluster.input(), e);
    }

    private static byte[] key(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    private static Case ok(String name, Record... records) {
        return new Case(name, null, 1, records);
    }

    private static Case ok(String name, Case evCase) {
        return new Case(name, null, 1, evCase.records());
    }

    private static Case dead(String name, String reason, Record... records) {
        return new Case(name, reason, 0, records);
    }

    private static Case dead(String name, String reason, Case evCase) {
        return new Case(name, reason, 0, evCase.records());
    }

    private static Record raw(String name, byte[] value) {
        return new Record(key(name), value, null);
    }

    private Case evRecord(String name, QuestionContext e) {
        return new Case(name, null, 1, new Record(key(name), bytes(e), e));
    }

    /**
     * A real event cut after its target_head, then a metadata map claiming 2^40 entries: Avro's
     * reader refuses the size with an UnsupportedOperationException, which used to escape the
     * decoder and end as a processing failure.
     */
    private byte[] mapCountAttack() {
        byte[] head = bytes(TestEvents.event("m", "q?", "c.")); // no document id, target head, metadata
        int prefix = 5 + 2 + 1 + 3 + 3 + 1; // header, "m", null, "q?", "c.", null
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(head, 0, prefix);
        out.write(2); // metadata: the map branch of the union
        long zigzag = (1L << 40) << 1;
        while ((zigzag & ~0x7FL) != 0) {
            out.write((int) ((zigzag & 0x7F) | 0x80));
            zigzag >>>= 7;
        }
        out.write((int) zigzag);
        out.writeBytes(new byte[] {2, 'k', 2, 'v'});
        return out.toByteArray();
    }

    /** A real event whose context bytes were replaced, length kept, by bytes that are not UTF-8. */
    private byte[] invalidUtf8() {
        byte[] b = bytes(ev("invalid_utf8", "Where?", "It happened in QQQQQQ Paris."));
        byte[] marker = "QQQQQQ".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + marker.length <= b.length; i++) {
            if (Arrays.equals(b, i, i + marker.length, marker, 0, marker.length)) {
                byte[] bad = {(byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE, (byte) 0xA0, (byte) 0xA1};
                System.arraycopy(bad, 0, b, i, bad.length);
                return b;
            }
        }
        throw new IllegalStateException("marker not found");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachHostileInputHasItsWrittenDownOutcome(Case c) {
        Case sent = c;
        List<DeadLetter> letters = deadLetters(c.name());
        if (c.reason() != null) {
            assertThat(letters).as(c.name() + ": one dead letter").hasSize(1);
            DeadLetter letter = letters.get(0);
            assertThat(letter.getReason()).as(c.name() + " reason; message: " + letter.getErrorMessage())
                    .isEqualTo(c.reason());
            byte[] original = sent.records()[0].value();
            ByteBuffer value = letter.getOriginalValue();
            assertThat(value == null ? null : toArray(value)).as(c.name() + ": original bytes kept").isEqualTo(original);
            assertThat(outputs(cluster.answers(), c.name())).as(c.name() + ": no answer").isEmpty();
            return;
        }
        assertThat(letters).as(c.name() + ": no dead letter, got " + letters).isEmpty();
        List<Answer> answers = outputs(cluster.answers(), c.name()).stream().map(this::answer).toList();
        assertThat(answers).as(c.name() + " answers").hasSize(c.outputs());
        assertThat(outputs(cluster.summaries(), c.name())).as(c.name() + " summaries").hasSize(c.outputs());
        assertThat(outputs(cluster.explanations(), c.name())).as(c.name() + " explanations").hasSize(c.outputs());
        assertThat(answers.stream().map(a -> a.getProvenance().getOffset()).distinct().count())
                .as(c.name() + ": one answer per input offset").isEqualTo(c.outputs());
        QuestionContext event = sent.records()[0].event();
        if (sent.records().length == 1 && event != null) {
            for (Answer a : answers) {
                if (a.getStart() != null) {
                    assertThat(event.getContext().substring(a.getStart(), a.getEnd())).as(c.name() + ": answer offsets")
                            .isEqualTo(a.getText());
                    assertThat(Character.isLowSurrogate(event.getContext().charAt(a.getStart())))
                            .as(c.name() + ": no split surrogate pair").isFalse();
                }
            }
        }
        for (var r : outputs(cluster.summaries(), c.name())) {
            QuerySummary s = decode(QuerySummary.class, r);
            assertThat(s.getSentences().size()).as(c.name() + ": summary sentence budget").isLessThanOrEqualTo(3);
        }
        for (var r : outputs(cluster.explanations(), c.name())) {
            decode(SpanExplanation.class, r);
        }
    }

    @Test
    void metricsCountEachOutcome() {
        Map<String, Long> expected = cases.stream().filter(c -> c.reason() != null)
                .collect(Collectors.groupingBy(Case::reason, TreeMap::new, Collectors.counting()));
        Map<String, Long> counted = new TreeMap<>();
        java.util.Set<String> registered = new java.util.TreeSet<>();
        for (Counter counter : service.meters().find("headstream.dead.letters").counters()) {
            registered.add(counter.getId().getTag("reason"));
            if (counter.count() > 0) {
                counted.merge(counter.getId().getTag("reason"), (long) counter.count(), Long::sum);
            }
        }
        assertThat(counted).isEqualTo(expected);
        assertThat(counted.values().stream().mapToLong(Long::longValue).sum())
                .as("dead-letter meters = records on the dead-letter topic")
                .isEqualTo(ledger.count(cluster.deadLetters()));
        assertThat(registered).as("every reason's series exists from the start, at 0 until used")
                .contains("processing_failed", "output_not_produced", "output_too_large", "repeated_failure");
        long records = cases.stream().mapToLong(c -> c.records().length).sum();
        assertThat(service.meters().counter("headstream.records.in", "topic", cluster.input()).count())
                .isGreaterThanOrEqualTo(records);
        int outputs = cases.stream().mapToInt(Case::outputs).sum();
        assertThat(service.meters().counter("headstream.records.out", "topic", cluster.answers()).count())
                .isGreaterThanOrEqualTo(outputs);
        System.out.printf("HostileInputIT: %d cases, dead letters by reason %s, heap after GC %d MiB%n",
                cases.size(), counted, heapAfterMb);
    }

    @Test
    void theAppStaysUpWithBoundedMemoryAndServesTheNextEvent() {
        assertThat(service.state()).isEqualTo(KafkaStreams.State.RUNNING);
        producer.send(cluster.input(), List.of(TestEvents.valid("after-hostile", 7)));
        assertThat(ledger.readUntil(() -> !outputs(cluster.explanations(), "after-hostile").isEmpty(), WAIT)).isTrue();
        assertThat(heapAfterMb).as("heap after GC, MiB (the 10 MB context has been released)").isLessThan(400);
    }

    private List<ConsumerRecord<byte[], byte[]>> outputs(String topic, String key) {
        return ledger.records(topic).stream()
                .filter(r -> r.key() != null && new String(r.key(), StandardCharsets.UTF_8).equals(key)).toList();
    }

    private List<DeadLetter> deadLetters(String key) {
        return outputs(cluster.deadLetters(), key).stream().map(r -> decode(DeadLetter.class, r)).toList();
    }

    private Answer answer(ConsumerRecord<byte[], byte[]> r) {
        return decode(Answer.class, r);
    }

    private final Map<Class<?>, AvroSerde<?>> serdes = new HashMap<>();

    @SuppressWarnings("unchecked")
    private <T extends org.apache.avro.specific.SpecificRecord> T decode(Class<T> type, ConsumerRecord<byte[], byte[]> r) {
        AvroSerde<T> serde = (AvroSerde<T>) serdes.computeIfAbsent(type, t -> {
            AvroSerde<T> s = AvroSerde.specific(type);
            s.configure(cluster.registryProps(), false);
            return s;
        });
        return serde.deserializer().deserialize(r.topic(), r.value());
    }

    private static byte[] toArray(ByteBuffer b) {
        byte[] out = new byte[b.remaining()];
        b.duplicate().get(out);
        return out;
    }
}
