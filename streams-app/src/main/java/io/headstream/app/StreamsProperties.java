package io.headstream.app;

import io.headstream.config.HeadstreamConfig;
import io.headstream.config.HeadstreamKeys;
import io.headstream.topology.DeadLetterExceptionHandler;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Kafka Streams properties: the user's {@code kafka.*} keys, then headstream's fixed choices
 * (application id, exception handlers) and defaults (exactly-once, a poll interval short enough
 * for the batch delay) where the user set nothing.
 */
final class StreamsProperties {
    private StreamsProperties() {}

    static Properties of(HeadstreamConfig config) {
        Properties props = config.kafkaProperties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.get(HeadstreamKeys.APPLICATION_ID));
        props.putIfAbsent(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        long delay = config.get(HeadstreamKeys.BATCH_MAX_DELAY_MS);
        props.putIfAbsent(StreamsConfig.POLL_MS_CONFIG, String.valueOf(Math.max(1, Math.min(100, delay / 2))));
        props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterExceptionHandler.class.getName());
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterExceptionHandler.class.getName());
        props.putIfAbsent(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        props.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterExceptionHandler.class.getName());
        props.put(DeadLetterExceptionHandler.TOPIC_CONFIG, config.get(HeadstreamKeys.DEAD_LETTER_TOPIC));
        props.put(DeadLetterExceptionHandler.MAX_BYTES_CONFIG, String.valueOf(StreamsService.outputMaxBytes(config)));
        props.putAll(SerdeSettings.serdeConfig(config));
        return props;
    }
}
