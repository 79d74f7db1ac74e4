/**
 * An in-process, single-node Apache Kafka (KRaft, combined broker and controller) for the
 * embedded "demo" default and for the {@code *IT} tests.
 *
 * <p>{@link io.headstream.embedded.EmbeddedKafkaBroker} formats its data directory once, keeps
 * the cluster id there, listens on loopback only and can be stopped and started again on the
 * same directory, so tests can check what survives a restart. Nothing here is a mock: it is
 * the real {@code kafka.server.KafkaRaftServer} with settings suited to one node.
 *
 * <p>May depend on: the Kafka server and client jars, SLF4J. Must not depend on the rest of the
 * application (topology, inference, registry), which all build on top of it.
 */
package io.headstream.embedded;
