package io.headstream.topology;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic together with the serdes of its keys and values, shared by the topology, the tests and
 * the tools so that no two places disagree on how a topic is encoded.
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {
    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keySerde, "keySerde");
        Objects.requireNonNull(valueSerde, "valueSerde");
    }
}
