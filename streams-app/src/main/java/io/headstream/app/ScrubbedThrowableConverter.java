package io.headstream.app;

import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import io.headstream.redact.LogText;
import io.headstream.redact.SecretText;

/**
 * Logback's {@code %ex} made safe, named {@code %scrubbedEx} in {@code logback.xml}: secrets are
 * hidden (an exception's message, Kafka's "Invalid url in bootstrap.servers: ..." say, can quote a
 * configuration value whole) and every exception message in the chain, causes and suppressed
 * included, has its control characters escaped ({@link LogText#message}), so a message quoting
 * event text cannot forge log lines or send terminal escapes. The stack frames are code, not
 * input, and are printed as they are.
 */
public final class ScrubbedThrowableConverter extends ThrowableProxyConverter {
    @Override
    protected String throwableProxyToString(IThrowableProxy proxy) {
        return SecretText.scrub(super.throwableProxyToString(new Escaped(proxy)));
    }

    /** A throwable proxy whose messages (and its causes' and suppressed ones') are escaped. */
    private record Escaped(IThrowableProxy inner) implements IThrowableProxy {
        @Override
        public String getMessage() {
            return inner.getMessage() == null ? null : LogText.message(inner.getMessage());
        }

        @Override
        public String getOverridingMessage() {
            String m = inner.getOverridingMessage();
            return m == null ? null : LogText.message(m);
        }

        @Override
        public String getClassName() {
            return inner.getClassName();
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return inner.getStackTraceElementProxyArray();
        }

        @Override
        public int getCommonFrames() {
            return inner.getCommonFrames();
        }

        @Override
        public IThrowableProxy getCause() {
            return inner.getCause() == null ? null : new Escaped(inner.getCause());
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            IThrowableProxy[] s = inner.getSuppressed();
            if (s == null) {
                return null;
            }
            IThrowableProxy[] out = new IThrowableProxy[s.length];
            for (int i = 0; i < s.length; i++) {
                out[i] = new Escaped(s[i]);
            }
            return out;
        }

        @Override
        public boolean isCyclic() {
            return inner.isCyclic();
        }
    }
}
