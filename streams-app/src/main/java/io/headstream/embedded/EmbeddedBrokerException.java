package io.headstream.embedded;

/**
 * The embedded broker could not be formatted, started, made ready or stopped. The message names
 * the step and the data directory or address involved; the cause carries Kafka's own error.
 */
public class EmbeddedBrokerException extends RuntimeException {

    public EmbeddedBrokerException(String message) {
        super(message);
    }

    public EmbeddedBrokerException(String message, Throwable cause) {
        super(message, cause);
    }
}
