package io.headstream.app;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What to do when a stream thread dies: replace it, unless the error cannot heal by retrying
 * (wrong credentials, missing ACLs) or threads keep dying (more than {@code maxReplacements} in a
 * minute), in which case the client shuts down and the process exits with code 1 rather than
 * looping forever.
 */
final class ThreadFailurePolicy implements StreamsUncaughtExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadFailurePolicy.class);
    private static final long WINDOW_MS = 60_000;

    private final int maxReplacements;
    private final Clock clock;
    private final Deque<Long> recent = new ArrayDeque<>();
    private volatile Throwable fatal;

    ThreadFailurePolicy(int maxReplacements, Clock clock) {
        this.maxReplacements = maxReplacements;
        this.clock = clock;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        Throwable security = securityCause(exception);
        if (security != null) {
            fatal = security;
            LOG.error("Kafka refused headstream's credentials or permissions: {}. Check kafka.sasl.jaas.config / "
                    + "kafka.ssl.* and the ACLs listed in the README; shutting down.", security.getMessage());
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        long now = clock.millis();
        while (!recent.isEmpty() && now - recent.peekFirst() > WINDOW_MS) {
            recent.removeFirst();
        }
        if (recent.size() >= maxReplacements) {
            fatal = exception;
            LOG.error("stream threads died {} times within a minute; shutting down", recent.size() + 1, exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        recent.addLast(now);
        LOG.error("stream thread died; replacing it", exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }

    /** The error that made the client shut down, or null. */
    Throwable fatal() {
        return fatal;
    }

    static Throwable securityCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AuthenticationException || t instanceof AuthorizationException) {
                return t;
            }
        }
        return null;
    }
}
