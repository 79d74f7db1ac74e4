/**
 * Security tests of issue 7: Kafka over SASL_SSL with SCRAM-SHA-512 and a Schema Registry over
 * HTTPS with basic auth, both with certificates generated for the test; right credentials work,
 * wrong ones fail start-up at once with a message and exit code 2; no configured secret appears
 * in a log line, a metric or a dead letter; the metrics endpoint binds loopback by default and
 * serves nothing but metrics and health. {@code PlantedSecretsIT} plants secrets where no key name
 * gives them away (a PEM key, a PASSWORD-typed key, URL credentials in a plain value) and searches
 * everything the process writes for them.
 */
package io.headstream.security;
