/**
 * Meters and the scrape/health endpoint. Meter names are lowercase and dot-separated
 * ({@code headstream.records.in}); tags are bounded (topic, head, stage, reason from fixed sets),
 * never ids, text or exception messages.
 *
 * <p>May depend on Micrometer, Kafka Streams (for the binder and state) and the JDK's NIO sockets (the
 * endpoint is a small non-blocking HTTP/1.x server of its own, see {@code ProbeHttpServer}).
 */
package io.headstream.metrics;
