package io.headstream.app;

import io.headstream.schema.QuestionContext;
import io.headstream.topology.Topic;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.Serdes;

/** Sends events to the input topic keyed by event id, idempotently, and waits for every ack. */
final class EventProducer {
    private EventProducer() {}

    /** Sends each event {@code repeat} times (copies get a {@code -<n>} id suffix) and returns the count. */
    static int send(Map<String, Object> clientProps, Topic<byte[], QuestionContext> topic, List<QuestionContext> events,
            int repeat) throws InterruptedException, ExecutionException {
        Properties props = new Properties();
        props.putAll(clientProps);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        int sent = 0;
        try (KafkaProducer<String, QuestionContext> producer = new KafkaProducer<>(props, Serdes.String().serializer(),
                topic.valueSerde().serializer())) {
            List<Future<RecordMetadata>> acks = new java.util.ArrayList<>();
            for (int copy = 0; copy < repeat; copy++) {
                for (QuestionContext event : events) {
                    QuestionContext e = event;
                    if (repeat > 1) {
                        e = QuestionContext.newBuilder(event).setEventId(event.getEventId() + "-" + copy)
                                .setEventTime(Instant.now()).build();
                    }
                    acks.add(producer.send(new ProducerRecord<>(topic.name(), e.getEventId(), e)));
                    sent++;
                }
            }
            producer.flush();
            for (Future<RecordMetadata> ack : acks) {
                ack.get();
            }
        }
        return sent;
    }
}
