package io.headstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;

/** Exceptions logged whole (ThreadFailurePolicy, the inference executor) cannot forge log lines. */
class ScrubbedThrowableConverterTest {
    private static final String FORGED = "\n12:00:00.000 INFO [main] i.h.app.RunCommand - fake log line\u001b[2J";

    @Test
    void messagesOfTheWholeChainAreEscapedAndFramesKept() {
        LoggerContext context = new LoggerContext();
        Exception cause = new IllegalStateException("cause quoting the event" + FORGED);
        Exception top = new RuntimeException("top" + FORGED, cause);
        top.addSuppressed(new IllegalArgumentException("suppressed" + FORGED));
        LoggingEvent event = new LoggingEvent("x", context.getLogger("test"), Level.ERROR, "failed", top, null);
        ScrubbedThrowableConverter converter = new ScrubbedThrowableConverter();
        converter.setContext(context);
        converter.start();
        String out = converter.convert(event);
        assertThat(out).doesNotContain("\u001b");
        assertThat(out.lines()).noneMatch(l -> l.startsWith("12:00:00.000"));
        assertThat(out).contains("top\\n12:00:00.000").contains("Caused by: java.lang.IllegalStateException")
                .contains("Suppressed: java.lang.IllegalArgumentException")
                .contains("at io.headstream.app.ScrubbedThrowableConverterTest");
    }
}
