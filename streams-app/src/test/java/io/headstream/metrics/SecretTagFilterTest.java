package io.headstream.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

class SecretTagFilterTest {

    @Test
    void aTagValueHoldingCredentialsIsScrubbedAndOtherTagsKept() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        registry.config().meterFilter(new SecretTagFilter());
        registry.counter("kafka.consumer.fetch", "client.id", "http://u:tag-secret@h", "topic", "questions").increment();

        Meter.Id id = registry.getMeters().get(0).getId();
        assertThat(id.getTag("client.id")).isEqualTo("http://[hidden]@h");
        assertThat(id.getTag("topic")).isEqualTo("questions");
    }
}
