package io.headstream.app;

import io.headstream.schema.Answer;
import io.headstream.schema.DeadLetter;
import io.headstream.schema.QuerySummary;
import io.headstream.schema.SpanExplanation;
import io.headstream.topology.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the output topics with {@code read_committed} from their current end and groups what it
 * reads by event id, calling back when an event has all three outputs or a dead letter. Used by
 * {@code demo} to print results and by tests to reconcile counts.
 */
final class OutputCollector implements AutoCloseable {
    /** Everything written for one event so far. */
    static final class EventOutputs {
        Answer answer;
        QuerySummary summary;
        SpanExplanation explanation;
        DeadLetter deadLetter;

        boolean complete() {
            return deadLetter != null || (answer != null && summary != null && explanation != null);
        }
    }

    private final Topics topics;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, EventOutputs> byEvent = new LinkedHashMap<>();

    OutputCollector(Map<String, Object> consumerProps, Topics topics) {
        this.topics = topics;
        Properties props = new Properties();
        props.putAll(consumerProps);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        this.consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics.outputNames()) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    /**
     * Polls until {@code expected} events are complete or {@code timeout} passes.
     *
     * @param onComplete called once per event as soon as it is complete, in completion order
     * @return the outputs seen, by event id
     */
    Map<String, EventOutputs> collect(int expected, Duration timeout, Consumer<Map.Entry<String, EventOutputs>> onComplete) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Boolean> reported = new HashMap<>();
        while (reported.size() < expected && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                String key = record.key() == null ? "<no key>" : new String(record.key(), StandardCharsets.UTF_8);
                EventOutputs outputs = byEvent.computeIfAbsent(key, k -> new EventOutputs());
                String topic = record.topic();
                if (topic.equals(topics.answers().name())) {
                    outputs.answer = topics.answers().valueSerde().deserializer().deserialize(topic, record.value());
                } else if (topic.equals(topics.summaries().name())) {
                    outputs.summary = topics.summaries().valueSerde().deserializer().deserialize(topic, record.value());
                } else if (topic.equals(topics.explanations().name())) {
                    outputs.explanation = topics.explanations().valueSerde().deserializer().deserialize(topic, record.value());
                } else {
                    outputs.deadLetter = topics.deadLetters().valueSerde().deserializer().deserialize(topic, record.value());
                }
                if (outputs.complete() && reported.putIfAbsent(key, true) == null) {
                    onComplete.accept(Map.entry(key, outputs));
                }
            }
        }
        return byEvent;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
