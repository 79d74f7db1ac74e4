package io.headstream.topology;

import io.headstream.registry.AvroSerde;
import io.headstream.schema.DeadLetter;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
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
 * configuration. Transient send errors are retried; a failure to produce a dead letter itself
 * stops the app rather than losing the record.
 */
public final class DeadLetterExceptionHandler
        implements DeserializationExceptionHandler, ProcessingExceptionHandler, ProductionExceptionHandler {
    /** Streams config key naming the dead-letter topic; set by the app. */
    public static final String TOPIC_CONFIG = "headstream.dead.letter.topic";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterExceptionHandler.class);

    private String topic;
    private DeadLetters deadLetters;
    private Serializer<DeadLetter> serializer;

    @Override
    public void configure(Map<String, ?> configs) {
        this.topic = String.valueOf(configs.get(TOPIC_CONFIG));
        this.deadLetters = new DeadLetters(String.valueOf(configs.get("application.id")));
        AvroSerde<DeadLetter> serde = AvroSerde.specific(DeadLetter.class);
        serde.configure(configs, false);
        this.serializer = serde.serializer();
    }

    @Override
    public DeserializationExceptionHandler.Response handleError(
            ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        return DeserializationExceptionHandler.Response.resume(List.of(
                deadLetter(context, DeadLetterReason.NOT_DESERIALIZABLE, exception)));
    }

    @Override
    public ProcessingExceptionHandler.Response handleError(
            ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        return ProcessingExceptionHandler.Response.resume(List.of(
                deadLetter(context, DeadLetterReason.PROCESSING_FAILED, exception)));
    }

    @Override
    public ProductionExceptionHandler.Response handleError(
            ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RetriableException) {
            return ProductionExceptionHandler.Response.retry();
        }
        if (topic.equals(record.topic())) {
            LOG.error("could not write a dead letter for {}-{}@{}; stopping rather than losing it",
                    context.topic(), context.partition(), context.offset(), exception);
            return ProductionExceptionHandler.Response.fail();
        }
        return ProductionExceptionHandler.Response.resume(List.of(
                deadLetter(context, DeadLetterReason.OUTPUT_NOT_PRODUCED, exception)));
    }

    @Override
    public ProductionExceptionHandler.Response handleSerializationError(ErrorHandlerContext context,
            ProducerRecord record, Exception exception, SerializationExceptionOrigin origin) {
        return ProductionExceptionHandler.Response.resume(List.of(
                deadLetter(context, DeadLetterReason.OUTPUT_NOT_SERIALIZABLE, exception)));
    }

    private ProducerRecord<byte[], byte[]> deadLetter(ErrorHandlerContext context, DeadLetterReason reason,
            Exception exception) {
        LOG.warn("dead-lettering {}-{}@{} at {}: {} ({})", context.topic(), context.partition(), context.offset(),
                context.processorNodeId(), reason.code(), exception.toString());
        DeadLetter letter = deadLetters.of(context.topic(), context.partition(), context.offset(),
                context.sourceRawKey(), context.sourceRawValue(), reason, exception.getMessage(), exception);
        return new ProducerRecord<>(topic, null, context.sourceRawKey(), serializer.serialize(topic, letter));
    }
}
