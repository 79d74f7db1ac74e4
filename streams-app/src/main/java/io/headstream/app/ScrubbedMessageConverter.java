package io.headstream.app;

import ch.qos.logback.classic.pattern.MessageConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.headstream.redact.SecretText;

/**
 * Logback's {@code %msg} with the secrets a line carries hidden ({@link SecretText}), named
 * {@code %scrubbedMsg} in {@code logback.xml}. headstream masks what it logs itself; this catches
 * the lines of Kafka and the other libraries, which print configuration values (a client id, a
 * rack, a URL) they do not know to be secret.
 */
public final class ScrubbedMessageConverter extends MessageConverter {
    @Override
    public String convert(ILoggingEvent event) {
        return SecretText.scrub(super.convert(event));
    }
}
