package io.headstream.app;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Test helper: reads whole topics from the beginning with {@code read_committed}, as an auditor
 * would, until a condition on what was read holds; then drains to the end offsets so that any
 * duplicate already committed is seen too.
 */
final class CommittedReader implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions = new ArrayList<>();
    final Map<String, List<ConsumerRecord<byte[], byte[]>>> records = new HashMap<>();

    CommittedReader(String bootstrap, List<String> topics) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        for (String topic : topics) {
            records.put(topic, new ArrayList<>());
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Polls until {@code done} holds or {@code timeout} passes; returns whether it held. */
    boolean readUntil(Predicate<CommittedReader> done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            poll();
            if (done.test(this)) {
                drainToEnd(Duration.ofSeconds(30));
                return true;
            }
        }
        return false;
    }

    private void poll() {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
            records.get(r.topic()).add(r);
        }
    }

    /** Reads on until every partition's position reaches its (last stable) end offset. */
    private void drainToEnd(Duration timeout) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline
                && end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            poll();
        }
    }

    int count(String topic) {
        return records.get(topic).size();
    }

    List<String> keys(String topic) {
        return records.get(topic).stream()
                .map(r -> r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8))
                .toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
