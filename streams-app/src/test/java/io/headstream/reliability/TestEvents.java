package io.headstream.reliability;

import io.headstream.registry.AvroSerde;
import io.headstream.schema.QuestionContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Builds question events and writes them, keyed by event id, as Confluent-framed Avro (through
 * the registry) or as raw bytes, with an idempotent producer that waits for every send.
 */
public final class TestEvents implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    private final AvroSerde<QuestionContext> serde;

    /**
     * @param clientProps Kafka client properties (bootstrap, security)
     * @param registryProps serde properties ({@code schema.registry.url}, auth, trust store)
     */
    public TestEvents(Map<String, Object> clientProps, Map<String, Object> registryProps) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 32 * 1024 * 1024);
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 96L * 1024 * 1024);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
        serde = AvroSerde.specific(QuestionContext.class);
        serde.configure(registryProps, false);
    }

    public static QuestionContext event(String id, String question, String context) {
        return QuestionContext.newBuilder().setEventId(id).setQuestion(question).setContext(context)
                .setEventTime(Instant.now()).build();
    }

    /** A small valid event whose answer is in its context. */
    public static QuestionContext valid(String id, int i) {
        return event(id, "Which city hosted event " + i + "?", "The event number " + i + " took place in Paris. "
                + "It drew a large crowd. Organisers counted " + (1000 + i) + " visitors on the first day.");
    }

    public static List<QuestionContext> valid(String prefix, int from, int n) {
        List<QuestionContext> events = new ArrayList<>(n);
        for (int i = from; i < from + n; i++) {
            events.add(valid(prefix + i, i));
        }
        return events;
    }

    /** The Confluent-framed bytes of {@code event} for {@code topic}. */
    public byte[] bytes(String topic, QuestionContext event) {
        return serde.serializer().serialize(topic, event);
    }

    /** Sends the events keyed by id; returns when all are acknowledged. */
    public void send(String topic, List<QuestionContext> events) {
        List<java.util.concurrent.Future<?>> acks = new ArrayList<>(events.size());
        for (QuestionContext e : events) {
            acks.add(producer.send(new ProducerRecord<>(topic, e.getEventId().getBytes(
                    java.nio.charset.StandardCharsets.UTF_8), bytes(topic, e))));
        }
        await(acks);
    }

    /** Sends one record of raw key and value bytes (either may be null) and waits for it. */
    public void sendRaw(String topic, byte[] key, byte[] value) {
        await(List.of(producer.send(new ProducerRecord<>(topic, key, value))));
    }

    private static void await(List<java.util.concurrent.Future<?>> acks) {
        try {
            for (var a : acks) {
                a.get(120, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            throw new IllegalStateException("send failed: " + e, e);
        }
    }

    @Override
    public void close() {
        producer.close();
        serde.close();
    }
}
