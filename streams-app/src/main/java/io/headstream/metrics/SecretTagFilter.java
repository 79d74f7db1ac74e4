package io.headstream.metrics;

import io.headstream.redact.SecretText;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import java.util.ArrayList;
import java.util.List;

/**
 * Hides secrets in tag values before a meter is registered. headstream's own tags are bounded and
 * carry no configuration, but binders copy Kafka's tags, and some of those are configuration
 * values an operator chose (a {@code client.id}): one holding a URL with credentials must not be
 * scraped from {@code /metrics}.
 */
public final class SecretTagFilter implements MeterFilter {
    @Override
    public Meter.Id map(Meter.Id id) {
        List<Tag> tags = id.getTags();
        if (tags.stream().noneMatch(t -> SecretText.containsSecret(t.getValue()))) {
            return id;
        }
        List<Tag> scrubbed = new ArrayList<>(tags.size());
        for (Tag t : tags) {
            scrubbed.add(Tag.of(t.getKey(), SecretText.scrub(t.getValue())));
        }
        return id.replaceTags(scrubbed);
    }
}
