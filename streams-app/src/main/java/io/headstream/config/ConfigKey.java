package io.headstream.config;

import io.headstream.redact.SecretText;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * One configuration key, declared once: its name, how to parse it, its default, how to check
 * it, one line of documentation, and whether its value is a secret that must never be printed.
 *
 * @param name dotted lower-case name, units in the name ({@code *.ms}, {@code *.bytes})
 * @param type a short type name for the docs ({@code string}, {@code int}, ...)
 * @param parser turns the raw string into a value; throws {@link IllegalArgumentException} with
 *     a human-readable reason when it cannot
 * @param defaultValue raw default, or null when the key is required or optional without default
 * @param validator checks a parsed value; returns an error text, or empty when valid
 * @param doc one-line description for the README table and {@code --help}
 * @param secret true when the value must be masked in logs and error messages
 * @param required true when a value must be present (from file, environment or CLI)
 */
public record ConfigKey<T>(
        String name,
        String type,
        Function<String, T> parser,
        String defaultValue,
        Function<T, Optional<String>> validator,
        String doc,
        boolean secret,
        boolean required) {

    public ConfigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(validator, "validator");
        Objects.requireNonNull(doc, "doc");
    }

    /** The environment variable that overrides this key: {@code HEADSTREAM_} + the name after {@code headstream.} in upper snake case. */
    public String environmentVariable() {
        String unprefixed = name.startsWith(HeadstreamKeys.PREFIX) ? name.substring(HeadstreamKeys.PREFIX.length()) : name;
        return ConfigSources.ENV_PREFIX + unprefixed.replace('.', '_').replace('-', '_').toUpperCase(java.util.Locale.ROOT);
    }

    /** What a secret value is shown as. */
    public static final String MASK = "******";

    /**
     * The value as it may be shown to a person: a secret key's value masked whole; any other
     * value with the secrets its text carries hidden (a URL's userinfo, a PEM block), a URL-typed
     * value's userinfo even without a scheme.
     */
    public String display(String raw) {
        if (raw == null) {
            return "(unset)";
        }
        if (secret) {
            return MASK;
        }
        return "url".equals(type) ? SecretText.hideUserInfoInUrlList(raw) : SecretText.scrub(raw);
    }
}
