package io.headstream.reliability;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * An auditor's view of the output topics: a {@code read_committed} consumer that reads the
 * answers, summaries, explanations and dead-letter topics from the beginning and keeps every
 * record, so that each input's outputs can be counted: exactly one of each, or exactly one dead
 * letter, and nothing else.
 */
public final class Ledger implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<TopicPartition> partitions = new ArrayList<>();
    private final Map<String, List<ConsumerRecord<byte[], byte[]>>> records = new LinkedHashMap<>();
    private final String answers;
    private final String summaries;
    private final String explanations;
    private final String deadLetters;

    /** Reads the answers, summaries, explanations and dead-letter topics named. */
    public Ledger(Map<String, Object> clientProps, String answers, String summaries, String explanations,
            String deadLetters) {
        Map<String, Object> props = new HashMap<>(clientProps);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 64 * 1024 * 1024);
        props.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, 64 * 1024 * 1024);
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.answers = answers;
        this.summaries = summaries;
        this.explanations = explanations;
        this.deadLetters = deadLetters;
        for (String topic : List.of(answers, summaries, explanations, deadLetters)) {
            records.put(topic, new ArrayList<>());
            consumer.partitionsFor(topic, Duration.ofSeconds(60))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** One poll; returns the number of records read. */
    public int poll(Duration timeout) {
        int n = 0;
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(timeout)) {
            records.get(r.topic()).add(r);
            n++;
        }
        return n;
    }

    /** Polls until {@code done} holds or time runs out, then reads to the end offsets; returns whether it held. */
    public boolean readUntil(BooleanSupplier done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            poll(Duration.ofMillis(200));
            if (done.getAsBoolean()) {
                drainToEnd(Duration.ofSeconds(60));
                return true;
            }
        }
        return false;
    }

    /** Polls until {@code done} holds or time runs out, without reading to the end. */
    public boolean readUntilNoDrain(BooleanSupplier done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            poll(Duration.ofMillis(100));
            if (done.getAsBoolean()) {
                return true;
            }
        }
        return false;
    }

    /** Reads on until every partition's position reaches its last stable offset. */
    public void drainToEnd(Duration timeout) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline
                && end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            poll(Duration.ofMillis(200));
        }
    }

    public List<ConsumerRecord<byte[], byte[]>> records(String topic) {
        return records.get(topic);
    }

    public int count(String topic) {
        return records.get(topic).size();
    }

    /** Inputs accounted for so far: event ids with an answer plus dead letters. */
    public int accounted() {
        return count(answers) + count(deadLetters);
    }

    /**
     * Every id in {@code ids} has exactly one answer, summary and explanation and no dead letter,
     * or exactly one dead letter and no output; and no other key appears. Returns the problems
     * found (empty when all is well), at most 20 of them listed.
     */
    public List<String> exactlyOnceProblems(Set<String> ids) {
        Map<String, int[]> counts = new TreeMap<>();
        List<String> topics = List.of(answers, summaries, explanations, deadLetters);
        for (int t = 0; t < topics.size(); t++) {
            for (ConsumerRecord<byte[], byte[]> r : records.get(topics.get(t))) {
                String key = r.key() == null ? "<null>" : new String(r.key(), StandardCharsets.UTF_8);
                counts.computeIfAbsent(key, k -> new int[4])[t]++;
            }
        }
        List<String> problems = new ArrayList<>();
        int total = 0;
        for (String id : ids) {
            int[] c = counts.getOrDefault(id, new int[4]);
            boolean outputs = c[0] == 1 && c[1] == 1 && c[2] == 1 && c[3] == 0;
            boolean dead = c[0] == 0 && c[1] == 0 && c[2] == 0 && c[3] == 1;
            if (!outputs && !dead) {
                total++;
                if (problems.size() < 20) {
                    problems.add(id + ": answers=" + c[0] + " summaries=" + c[1] + " explanations=" + c[2]
                            + " dead-letters=" + c[3]);
                }
            }
        }
        for (String key : counts.keySet()) {
            if (!ids.contains(key)) {
                total++;
                if (problems.size() < 20) {
                    problems.add("unexpected key " + key);
                }
            }
        }
        if (total > problems.size()) {
            problems.add("... " + (total - problems.size()) + " more");
        }
        return problems;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
