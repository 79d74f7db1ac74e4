package io.headstream.bench;

import io.headstream.inference.ModelInput;
import io.headstream.schema.QuestionContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Produces benchmark events (Avro {@code QuestionContext}, Confluent wire format) either as one
 * burst (a backlog for throughput) or open-loop at a fixed rate: each event has a scheduled send
 * time, is sent then whatever happened to earlier ones, and carries that time as its event time,
 * so latency is measured from when it was due (no coordinated omission).
 */
final class EventSender implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final Serializer<QuestionContext> serializer;
    private final String topic;

    EventSender(String bootstrap, String topic, Serializer<QuestionContext> serializer) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "1");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
        this.serializer = serializer;
        this.topic = topic;
    }

    /** Sends one event per input at once; returns the ids. */
    List<String> burst(String prefix, List<ModelInput> inputs) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            String id = prefix + "-" + i;
            send(id, inputs.get(i), Instant.now());
            ids.add(id);
        }
        producer.flush();
        return ids;
    }

    /**
     * Sends at {@code perSecond} for {@code seconds}, cycling through {@code inputs}.
     *
     * @return scheduled wall-clock send time (ms) per event id, in send order
     */
    Map<String, Long> openLoop(String prefix, List<ModelInput> inputs, double perSecond, double seconds) {
        Map<String, Long> scheduled = new LinkedHashMap<>();
        long count = Math.max(1, Math.round(perSecond * seconds));
        long intervalNanos = (long) (1e9 / perSecond);
        long startNanos = System.nanoTime();
        long startMs = System.currentTimeMillis();
        for (long i = 0; i < count; i++) {
            long due = startNanos + i * intervalNanos;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            long dueMs = startMs + (i * intervalNanos) / 1_000_000;
            String id = prefix + "-" + i;
            scheduled.put(id, dueMs);
            send(id, inputs.get((int) (i % inputs.size())), Instant.ofEpochMilli(dueMs));
        }
        producer.flush();
        return scheduled;
    }

    private void send(String id, ModelInput in, Instant eventTime) {
        QuestionContext event = QuestionContext.newBuilder().setEventId(id).setQuestion(in.question())
                .setContext(in.context()).setEventTime(eventTime).build();
        producer.send(new ProducerRecord<>(topic, id, serializer.serialize(topic, event)));
    }

    @Override
    public void close() {
        producer.close();
    }
}
