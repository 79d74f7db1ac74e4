package io.headstream.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads output topics ({@code read_committed}, from their end when started) on its own thread and
 * notes, per event id (the record key), the wall-clock time at which all of its outputs were
 * visible to a consumer; a record on the dead-letter topic completes its event too (and is
 * counted, since the benchmark expects none).
 */
final class OutputWatcher implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String deadLetterTopic;
    private final int outputsPerEvent;
    private final Map<String, Integer> seen = new ConcurrentHashMap<>();
    private final Map<String, Long> completedAtMs = new ConcurrentHashMap<>();
    private final AtomicInteger deadLetters = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;

    OutputWatcher(String bootstrap, List<String> outputTopics, String deadLetterTopic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        this.deadLetterTopic = deadLetterTopic;
        this.outputsPerEvent = outputTopics.size();
        List<String> all = new ArrayList<>(outputTopics);
        if (deadLetterTopic != null) {
            all.add(deadLetterTopic);
        }
        List<TopicPartition> parts = new ArrayList<>();
        for (String t : all) {
            consumer.partitionsFor(t, Duration.ofSeconds(30)).forEach(p -> parts.add(new TopicPartition(t, p.partition())));
        }
        consumer.assign(parts);
        consumer.seekToEnd(parts);
        parts.forEach(consumer::position);
        thread = new Thread(this::poll, "bench-output-watcher");
        thread.setDaemon(true);
        thread.start();
    }

    private void poll() {
        while (running) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                String key = r.key() == null ? "" : new String(r.key(), StandardCharsets.UTF_8);
                long now = System.currentTimeMillis();
                if (r.topic().equals(deadLetterTopic)) {
                    deadLetters.incrementAndGet();
                    completedAtMs.putIfAbsent(key, now);
                } else if (seen.merge(key, 1, Integer::sum) == outputsPerEvent) {
                    completedAtMs.putIfAbsent(key, now);
                }
            }
            synchronized (this) {
                notifyAll();
            }
        }
    }

    /** Waits until every id is complete or the timeout passes; returns how many are complete. */
    int await(Collection<String> ids, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int done = 0;
            for (String id : ids) {
                if (completedAtMs.containsKey(id)) {
                    done++;
                }
            }
            long left = deadline - System.nanoTime();
            if (done == ids.size() || left <= 0) {
                return done;
            }
            synchronized (this) {
                wait(Math.max(1, Math.min(200, left / 1_000_000)));
            }
        }
    }

    /** Wall-clock ms at which the event's outputs were all visible, or null. */
    Long completedAt(String id) {
        return completedAtMs.get(id);
    }

    int deadLetters() {
        return deadLetters.get();
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(5));
    }
}
