package io.headstream.registry;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The Schema Registry compatibility levels, named as Confluent names them. BACKWARD means a new
 * schema can read data written with the previous one (consumers upgrade first); FORWARD means
 * data written with the new schema can be read with the previous one (producers upgrade first);
 * FULL means both. The {@code _TRANSITIVE} variants check against every earlier version instead of
 * only the latest.
 */
public enum CompatibilityLevel {
    NONE,
    BACKWARD,
    BACKWARD_TRANSITIVE,
    FORWARD,
    FORWARD_TRANSITIVE,
    FULL,
    FULL_TRANSITIVE;

    /** The level a registry applies when none was configured. */
    public static final CompatibilityLevel DEFAULT = BACKWARD;

    /** Whether the new schema must read data written with the old ones. */
    public boolean checksBackward() {
        return this == BACKWARD || this == BACKWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
    }

    /** Whether the old schemas must read data written with the new one. */
    public boolean checksForward() {
        return this == FORWARD || this == FORWARD_TRANSITIVE || this == FULL || this == FULL_TRANSITIVE;
    }

    /** Whether every earlier version is checked, not only the latest. */
    public boolean transitive() {
        return name().endsWith("_TRANSITIVE");
    }

    /**
     * Parses a level name, case-insensitively.
     *
     * @throws IllegalArgumentException naming the valid levels when {@code name} is not one
     */
    public static CompatibilityLevel parse(String name) {
        if (name != null) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException ignored) {
                // fall through to the descriptive error
            }
        }
        throw new IllegalArgumentException("Invalid compatibility level '" + name + "'; valid levels are "
                + Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", ")));
    }
}
