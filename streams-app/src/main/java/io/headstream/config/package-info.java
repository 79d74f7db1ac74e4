/**
 * Typed configuration: every key declared once ({@link io.headstream.config.ConfigKey}), loaded
 * from a properties file, overridden by environment variables, then by command-line overrides,
 * and validated as a whole so that every problem is reported at once.
 *
 * <p>Secrets are known by type, never guessed from a key's name: a headstream key declared
 * {@code secret}, a Kafka key whose {@code ConfigDef} type is {@code PASSWORD}
 * ({@link io.headstream.config.KafkaClientKeys#isSecret}); any other value is shown with the PEM
 * blocks, JAAS options and URL userinfo in it hidden.
 *
 * <p>May depend on the JDK, on Kafka's own config definitions (to check pass-through keys and
 * their types) and on {@code io.headstream.redact}.
 */
package io.headstream.config;
