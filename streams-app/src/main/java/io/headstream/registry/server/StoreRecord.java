package io.headstream.registry.server;

import io.headstream.registry.CompatibilityLevel;
import java.util.Objects;

/**
 * One entry of the registry's log: a schema registered as a version of a subject, or a
 * compatibility level set. Replaying the entries in order rebuilds the registry's state.
 */
public sealed interface StoreRecord {

    /**
     * Schema {@code id} registered as {@code version} of {@code subject}; {@code schema} is its
     * canonical text.
     */
    record SchemaVersion(String subject, int version, int id, String schema) implements StoreRecord {
        public SchemaVersion {
            Objects.requireNonNull(subject, "subject");
            Objects.requireNonNull(schema, "schema");
        }
    }

    /** Compatibility level of {@code subject}, or of the whole registry when it is null. */
    record Config(String subject, CompatibilityLevel level) implements StoreRecord {
        public Config {
            Objects.requireNonNull(level, "level");
        }
    }
}
