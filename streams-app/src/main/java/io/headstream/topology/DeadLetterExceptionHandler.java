package io.headstream.topology;

import io.headstream.metrics.PipelineMetrics;
import io.headstream.redact.LogText;
import io.headstream.registry.AvroSerde;
import io.headstream.schema.DeadLetter;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams' deserialization, processing and production exception handlers in one class, all
 * answering the same way: write a {@link DeadLetter} with the source record's original bytes to
 * the dead-letter topic and go on. Kafka Streams produces those records in the same transaction
 * as everything else (its built-in dead-letter support), so nothing vanishes and nothing is
 * written twice.
 *
 * <p>Kafka Streams instantiates this class by name; {@link #configure} reads the dead-letter topic
 * ({@value #TOPIC_CONFIG}), the application id and the schema registry settings from the streams
 * configuration, and the app's {@link PipelineMetrics} from {@value #METRICS_CONFIG} (an object
 * in the streams properties), so that every dead letter written here is counted like those the
 * processor writes. Transient send errors are retried; a failure to produce a dead letter itself
 * stops the app rather than losing the record.
 *
 * <p>The source of a record that failed in a batch flushed by the punctuator is not in the error
 * context (no current record); it is then read from the output's {@link SourceHeaders}.
 */
public final class DeadLetterExceptionHandler
        implements DeserializationExceptionHandler, ProcessingExceptionHandler, ProductionExceptionHandler {
    /** Streams config key naming the dead-letter topic; set by the app. */
    public static final String TOPIC_CONFIG = "headstream.dead.letter.topic";
    /** Streams config key holding the app's {@link PipelineMetrics} instance; set by the app. */
    public static final String METRICS_CONFIG = "headstream.internal.pipeline.metrics";
    /** Streams config key: bytes a dead letter may take ({@code headstream.output.max.bytes}); set by the app. */
    public static final String MAX_BYTES_CONFIG = "headstream.internal.output.max.bytes";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterExceptionHandler.class);

    private String topic;
    private DeadLetters deadLetters;
    private Serializer<DeadLetter> serializer;
    private PipelineMetrics metrics;
    private int maxBytes = OutputLimits.DEFAULTS.maxRecordBytes();

    @Override
    public void configure(Map<String, ?> configs) {
        this.topic = String.valueOf(configs.get(TOPIC_CONFIG));
        this.deadLetters = new DeadLetters(String.valueOf(configs.get("application.id")));
        AvroSerde<DeadLetter> serde = AvroSerde.specific(DeadLetter.class);
        serde.configure(configs, false);
        this.serializer = serde.serializer();
        Object m = configs.get(METRICS_CONFIG);
        this.metrics = m instanceof PipelineMetrics pm ? pm : null;
        Object max = configs.get(MAX_BYTES_CONFIG);
        if (max != null) {
            this.maxBytes = Integer.parseInt(String.valueOf(max));
        }
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(
            ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        return DeserializationExceptionHandler.Response.resume(List.of(
                deadLetter(context, null, DeadLetterReason.NOT_DESERIALIZABLE, exception)));
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(
            ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        return ProcessingExceptionHandler.Response.resume(List.of(
                deadLetter(context, record == null ? null : record.headers(), DeadLetterReason.PROCESSING_FAILED,
                        exception)));
    }

    @Override
    public ProductionExceptionHandler.Response handleError(
            ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RetriableException) {
            return ProductionExceptionHandler.Response.retry();
        }
        if (topic.equals(record.topic())) {
            LOG.error("could not write a dead letter for {}-{}@{}; stopping rather than losing it: {}",
                    context.topic(), context.partition(), context.offset(), LogText.message(exception));
            LOG.debug("the dead letter's production error", exception);
            return ProductionExceptionHandler.Response.fail();
        }
        return ProductionExceptionHandler.Response.resume(List.of(
                deadLetter(context, record.headers(), DeadLetterReason.OUTPUT_NOT_PRODUCED, exception)));
    }

    @Override
    public ProductionExceptionHandler.Response handleSerializationError(ErrorHandlerContext context,
            ProducerRecord record, Exception exception, SerializationExceptionOrigin origin) {
        return ProductionExceptionHandler.Response.resume(List.of(
                deadLetter(context, record == null ? null : record.headers(), DeadLetterReason.OUTPUT_NOT_SERIALIZABLE,
                        exception)));
    }

    private ProducerRecord<byte[], byte[]> deadLetter(ErrorHandlerContext context, Headers headers,
            DeadLetterReason reason, Exception exception) {
        String sourceTopic = context.topic();
        int partition = context.partition();
        long offset = context.offset();
        if (sourceTopic == null) {
            // A punctuator-driven batch: no current record, the output names its input.
            var source = SourceHeaders.read(headers);
            if (source.isPresent()) {
                sourceTopic = source.get().topic();
                partition = source.get().partition();
                offset = source.get().offset();
            }
        }
        LOG.warn("dead-lettering {}-{}@{} at {}: {} ({})", sourceTopic, partition, offset,
                context.processorNodeId(), reason.code(), LogText.message(exception));
        DeadLetter letter = deadLetters.bounded(new SourceRecordRef(sourceTopic, partition, offset, 0L,
                context.sourceRawKey(), context.sourceRawValue()), reason, exception.getMessage(), exception, maxBytes);
        if (metrics != null) {
            metrics.deadLettered(reason.stage().name().toLowerCase(java.util.Locale.ROOT), reason.code());
            metrics.recordOut(topic);
        }
        return new ProducerRecord<>(topic, null, context.sourceRawKey(), serializer.serialize(topic, letter));
    }
}
