/**
 * Typed configuration: every key declared once ({@link io.headstream.config.ConfigKey}), loaded
 * from a properties file, overridden by environment variables, then by command-line overrides,
 * and validated as a whole so that every problem is reported at once.
 *
 * <p>May depend on the JDK and on Kafka's own config definitions (to check pass-through keys).
 */
package io.headstream.config;
