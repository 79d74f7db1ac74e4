/**
 * Proof that headstream's Schema Registry and Avro wire format interoperate with Confluent's
 * own clients: its Node client ({@code @confluentinc/schemaregistry} with kafkajs) and its
 * Python client (Debian's {@code python3-confluent-kafka}), each run as a subprocess from
 * {@code src/test/interop/} against the embedded broker and the embedded registry.
 */
package io.headstream.interop;
