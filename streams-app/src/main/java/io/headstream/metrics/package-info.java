/**
 * Meters and the scrape/health endpoint. Meter names are lowercase and dot-separated
 * ({@code headstream.records.in}); tags are bounded (topic, head, stage, reason from fixed sets),
 * never ids, text or exception messages; {@link io.headstream.metrics.SecretTagFilter} hides any
 * secret a binder's tag value carries.
 *
 * <p>May depend on Micrometer, Kafka Streams (for the binder and state), the JDK's NIO sockets (the
 * endpoint is a small non-blocking HTTP/1.x server of its own, see {@code ProbeHttpServer}) and
 * {@code io.headstream.redact}.
 */
package io.headstream.metrics;
