/**
 * The Kafka Streams topology: reads QuestionContext events, validates them, buffers them in a
 * changelogged store, runs the multi-head model on micro-batches and publishes answers,
 * query-based summaries, span explanations and dead letters.
 *
 * <p>{@link io.headstream.topology.HeadstreamTopology#build} is a pure function of its
 * collaborators (settings, topics with their serdes, model, metrics): it reads no environment,
 * files or singletons. May depend on: Kafka Streams, the generated schema classes, the
 * {@code inference} interfaces, {@code metrics}, {@code redact}. Must not depend on {@code app} or
 * {@code embedded}.
 *
 * <p>Event text reaches a log line or a dead-letter message only through
 * {@link io.headstream.redact.LogText}: a field can hold a newline, a forged log line or terminal
 * escapes.
 */
package io.headstream.topology;
