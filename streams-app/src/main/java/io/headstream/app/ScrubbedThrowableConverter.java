package io.headstream.app;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import io.headstream.redact.SecretText;

/**
 * Logback's {@code %ex} with secrets hidden, named {@code %scrubbedEx} in {@code logback.xml}: an
 * exception's message (Kafka's "Invalid url in bootstrap.servers: ...", say) can quote a
 * configuration value whole.
 */
public final class ScrubbedThrowableConverter extends ThrowableProxyConverter {
    @Override
    protected String throwableProxyToString(IThrowableProxy proxy) {
        return SecretText.scrub(super.throwableProxyToString(proxy));
    }
}
