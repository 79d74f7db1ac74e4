package io.headstream.config;

import io.headstream.redact.SecretText;
import java.net.URI;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/** Reusable parsers and validators for {@link ConfigKey} declarations. */
public final class Validators {
    private Validators() {}

    public static Function<String, String> string() {
        return s -> s;
    }

    public static Function<String, Integer> integer() {
        return s -> {
            try {
                return Integer.parseInt(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an integer");
            }
        };
    }

    public static Function<String, Long> longValue() {
        return s -> {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an integer");
            }
        };
    }

    public static Function<String, Boolean> bool() {
        return s -> switch (s.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("must be true or false");
        };
    }

    public static <T> Function<T, Optional<String>> any() {
        return v -> Optional.empty();
    }

    public static <N extends Number> Function<N, Optional<String>> atLeast(long min) {
        return v -> v.longValue() >= min ? Optional.empty() : Optional.of("must be >= " + min);
    }

    public static <N extends Number> Function<N, Optional<String>> between(long min, long max) {
        return v -> v.longValue() >= min && v.longValue() <= max
                ? Optional.empty()
                : Optional.of("must be between " + min + " and " + max);
    }

    public static Function<String, Optional<String>> oneOf(Set<String> allowed) {
        return v -> allowed.contains(v) ? Optional.empty() : Optional.of("must be one of " + new java.util.TreeSet<>(allowed));
    }

    public static Function<String, Optional<String>> nonBlank() {
        return v -> v.isBlank() ? Optional.of("must not be blank") : Optional.empty();
    }

    /** Topic names as Kafka accepts them: 1-249 chars of [a-zA-Z0-9._-]. */
    public static Function<String, Optional<String>> topicName() {
        return v -> v.matches("[a-zA-Z0-9._-]{1,249}")
                ? Optional.empty()
                : Optional.of("not a valid Kafka topic name ([a-zA-Z0-9._-], 1-249 chars)");
    }

    /**
     * A URL with one of the given schemes and no credentials in it: a URL is printed in messages
     * and logs, so {@code user:password@} is refused here, at start-up, naming the key that
     * should hold them instead.
     */
    public static Function<String, Optional<String>> url(Set<String> schemes, String credentialsKey) {
        return v -> {
            if (SecretText.urlListHasUserInfo(v)) {
                return Optional.of("must not contain credentials (user:password@ before the host); set them in "
                        + credentialsKey);
            }
            try {
                URI uri = URI.create(v.trim());
                if (uri.getScheme() == null || !schemes.contains(uri.getScheme())) {
                    return Optional.of("scheme must be one of " + new java.util.TreeSet<>(schemes));
                }
                return Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.of("not a URL");
            }
        };
    }
}
