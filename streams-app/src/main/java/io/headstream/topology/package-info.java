/**
 * The Kafka Streams topology: reads QuestionContext events, validates them, buffers them in a
 * changelogged store, runs the multi-head model on micro-batches and publishes answers,
 * query-based summaries, span explanations and dead letters.
 *
 * <p>{@link io.headstream.topology.HeadstreamTopology#build} is a pure function of its
 * collaborators (settings, topics with their serdes, model, metrics): it reads no environment,
 * files or singletons. May depend on: Kafka Streams, the generated schema classes, the
 * {@code inference} interfaces, {@code metrics}. Must not depend on {@code app} or {@code embedded}.
 */
package io.headstream.topology;
