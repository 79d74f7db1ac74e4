package io.headstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.headstream.metrics.PipelineMetrics;
import io.headstream.registry.AvroSerde;
import io.headstream.schema.DeadLetter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

/** The exception handlers' dead letters: counted like the processor's, and traced to their input. */
class DeadLetterExceptionHandlerTest {
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final String registry = "mem://handler-" + UUID.randomUUID();
    private final DeadLetterExceptionHandler handler = new DeadLetterExceptionHandler();

    DeadLetterExceptionHandlerTest() {
        Map<String, Object> configs = new HashMap<>();
        configs.put(DeadLetterExceptionHandler.TOPIC_CONFIG, "dead-letters");
        configs.put("application.id", "app");
        configs.put("schema.registry.url", registry);
        configs.put(DeadLetterExceptionHandler.METRICS_CONFIG, new PipelineMetrics(meters));
        handler.configure(configs);
    }

    /** The error context of a batch flushed by the punctuator: no current record. */
    private record Punctuated() implements ErrorHandlerContext {
        public String topic() {
            return null;
        }

        public int partition() {
            return -1;
        }

        public long offset() {
            return -1;
        }

        public Headers headers() {
            return new RecordHeaders();
        }

        public String processorNodeId() {
            return "inference";
        }

        public TaskId taskId() {
            return new TaskId(0, 3);
        }

        public long timestamp() {
            return 0;
        }

        public byte[] sourceRawKey() {
            return null;
        }

        public byte[] sourceRawValue() {
            return null;
        }
    }

    @Test
    void aProductionErrorInAPunctuatedBatchIsDeadLetteredWithTheSourceFromTheHeadersAndCounted() {
        ProducerRecord<byte[], byte[]> failed = new ProducerRecord<>("summaries", null, "e-1".getBytes(), new byte[8],
                SourceHeaders.of("questions", 3, 42));
        ProductionExceptionHandler.Response response = handler.handleError(new Punctuated(), failed,
                new RecordTooLargeException("too large"));
        assertThat(response.deadLetterQueueRecords()).hasSize(1);
        ProducerRecord<byte[], byte[]> record = response.deadLetterQueueRecords().get(0);
        assertThat(record.topic()).isEqualTo("dead-letters");
        AvroSerde<DeadLetter> serde = AvroSerde.specific(DeadLetter.class);
        serde.configure(Map.of("schema.registry.url", registry), false);
        DeadLetter letter = serde.deserializer().deserialize("dead-letters", record.value());
        assertThat(letter.getSourceTopic()).isEqualTo("questions");
        assertThat(letter.getSourcePartition()).isEqualTo(3);
        assertThat(letter.getSourceOffset()).isEqualTo(42L);
        assertThat(letter.getReason()).isEqualTo("output_not_produced");
        assertThat(meters.counter("headstream.dead.letters", "stage", "production", "reason", "output_not_produced")
                .count()).isEqualTo(1.0);
        assertThat(meters.counter("headstream.records.out", "topic", "dead-letters").count()).isEqualTo(1.0);
    }
}
