/**
 * An embedded Schema Registry: the subset of Confluent's REST API that Confluent's Java, Python
 * and Node clients call, over storage that is either in memory or a compacted Kafka topic.
 *
 * <h2>Public API (stable)</h2>
 * <ul>
 *   <li>{@link io.headstream.registry.server.EmbeddedSchemaRegistry}: an HTTP(S) server bound to
 *       127.0.0.1. {@code EmbeddedSchemaRegistry.builder().store(SchemaStore).port(0)
 *       .basicAuth(user, password).https(SSLContext).maxRequestBytes(int)
 *       .configWritesEnabled(boolean).build()} then {@code start()};
 *       {@code url()} ({@code http://127.0.0.1:<port>}), {@code port()},
 *       {@code requestCount()} (HTTP requests served, for cache tests), {@code service()},
 *       {@code close()}. Default store: in memory.</li>
 *   <li>{@link io.headstream.registry.server.SchemaStore}: where registrations live;
 *       {@link io.headstream.registry.server.InMemorySchemaStore} ({@code new
 *       InMemorySchemaStore()}) and {@link io.headstream.registry.server.KafkaSchemaStore}
 *       ({@code new KafkaSchemaStore(String bootstrapServers, String topic, short replication,
 *       Duration timeout)}; topic default {@code _schemas}, compacted, one partition; replayed
 *       at start so ids survive a restart; a write is produced, then waited for until read
 *       back).</li>
 *   <li>{@link io.headstream.registry.server.SchemaRegistryService}: the registry's logic
 *       (canonicalisation, global monotonically increasing ids, per-subject versions,
 *       compatibility NONE/BACKWARD (default)/FORWARD/FULL and the transitive levels), used by
 *       the HTTP server and by the {@code mem://} client.</li>
 * </ul>
 *
 * <p>Endpoints: {@code POST /subjects/{s}/versions}, {@code POST /subjects/{s}},
 * {@code GET /subjects}, {@code GET /subjects/{s}/versions},
 * {@code GET /subjects/{s}/versions/{v|latest}}, {@code GET /subjects/{s}/versions/{v}/schema},
 * {@code GET /schemas/ids/{id}}, {@code GET /schemas/ids/{id}/schema},
 * {@code GET /schemas/ids/{id}/versions}, {@code GET /schemas/types}, {@code GET /mode},
 * {@code POST /compatibility/subjects/{s}/versions/{v|latest}}, {@code GET|PUT /config},
 * {@code GET|PUT /config/{s}} ({@code GET /config/{s}} answers 404/40408 when the subject has no
 * level of its own, unless {@code ?defaultToGlobal=true}; {@code PUT} answers 403/40301 unless
 * {@code configWritesEnabled(true)}). Unknown query parameters are ignored. Credentials are checked
 * before a body is read; a body over {@code maxRequestBytes} (default 1 MiB) is answered 413.
 * Errors are Confluent's JSON {@code {"error_code": 40401, "message": "Subject 'x' not found."}}:
 * 40401 subject, 40402 version, 40403 schema not found; 409 incompatible; 42201 invalid schema
 * (also non-AVRO types and references); 42202 invalid version; 42203 invalid compatibility
 * level; 401 bad credentials; 40301 config writes disabled; 413 body too large; 50001 store error;
 * 50002 store timeout (a 5xx message is fixed and carries an error id that the log line with the
 * exception also has, never the exception's text).
 *
 * <p>Schema text is compared in Avro's canonical (parsed, compact) form, so whitespace and key
 * order do not create new versions; {@code avro.java.string} and docs do count, as in
 * Confluent's registry without {@code normalize}.
 *
 * <p>May depend on: Avro, Jackson, Kafka clients (the Kafka store), the JDK's HTTP server,
 * {@code io.headstream.registry} value types. Must not depend on the topology, inference or app
 * packages.
 */
package io.headstream.registry.server;
