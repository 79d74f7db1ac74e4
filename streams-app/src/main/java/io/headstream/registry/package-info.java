/**
 * Schema Registry client and the Avro serde that writes and reads Confluent's wire format.
 *
 * <h2>Wire format</h2>
 * Every value is {@code 0x00} (magic byte), a 4-byte big-endian schema id, then the Avro binary
 * encoding of the record ({@link io.headstream.registry.WireFormat}). A {@code null} value is a
 * Kafka tombstone and round-trips as {@code null}.
 *
 * <h2>Public API (stable; other packages and the interop tests code against it)</h2>
 * <ul>
 *   <li>{@link io.headstream.registry.SchemaRegistryClient} (interface):
 *       {@code int register(String subject, Schema schema)},
 *       {@code Schema getById(int id)},
 *       {@code RegisteredSchema latest(String subject)},
 *       {@code RegisteredSchema version(String subject, int version)},
 *       {@code List<Integer> versions(String subject)},
 *       {@code RegisteredSchema lookup(String subject, Schema schema)} ({@code POST /subjects/{s}}),
 *       {@code boolean testCompatibility(String subject, Schema schema)},
 *       {@code List<String> subjects()},
 *       {@code CompatibilityLevel compatibility(String subjectOrNull)},
 *       {@code void setCompatibility(String subjectOrNull, CompatibilityLevel level)},
 *       {@code String url()}, {@code close()}.
 *       Created by {@code SchemaRegistryClient.create(RegistryClientConfig)}, which returns a
 *       {@link io.headstream.registry.CachingSchemaRegistryClient} (id->schema,
 *       (subject, schema)->id and (subject, version) caches: a steady stream makes no registry
 *       calls) over the transport the URL scheme picks: {@code http://}/{@code https://}
 *       (comma-separated list allowed, tried in order) give
 *       {@link io.headstream.registry.HttpSchemaRegistryClient}; {@code mem://<scope>} gives
 *       {@link io.headstream.registry.InMemorySchemaRegistryClient}, backed directly by an
 *       in-memory registry shared by every client of the same scope in this JVM
 *       ({@code InMemoryRegistries.drop(scope)} forgets one).</li>
 *   <li>{@link io.headstream.registry.RegistryClientConfig} (record with a builder):
 *       {@code RegistryClientConfig.builder(url).basicAuth(user, password)
 *       .trustStore(path, password).keyStore(path, password).connectTimeout(Duration)
 *       .requestTimeout(Duration).maxRetries(int).retryBackoff(Duration).build()}, or
 *       {@code RegistryClientConfig.fromMap(Map<String, ?>)} with the config keys below.</li>
 *   <li>{@link io.headstream.registry.RegisteredSchema}:
 *       {@code record RegisteredSchema(String subject, int version, int id, Schema schema)}.</li>
 *   <li>{@link io.headstream.registry.CompatibilityLevel}: {@code NONE, BACKWARD,
 *       BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE}.</li>
 *   <li>{@link io.headstream.registry.SchemaRegistryException} (unchecked): {@code status()}
 *       (HTTP status, 0 when no response), {@code errorCode()} (Confluent {@code error_code},
 *       0 when none), {@code url()}, {@code subject()} (may be null), {@code unavailable()}
 *       (true for IO errors, timeouts and 5xx after retries).</li>
 *   <li>{@link io.headstream.registry.SubjectNameStrategy}: {@code String subject(String topic,
 *       boolean isKey, Schema schema)}; constants {@code SubjectNameStrategy.TOPIC}
 *       ({@code <topic>-value}/{@code <topic>-key}, the default) and
 *       {@code SubjectNameStrategy.RECORD} (the record's full name);
 *       {@code SubjectNameStrategy.forName("topic"|"record"|Confluent class name)}.</li>
 *   <li>{@link io.headstream.registry.AvroSerde}{@code <T>} implements Kafka's {@code Serde<T>}:
 *       <ul>
 *         <li>{@code AvroSerde.specific(Class<T> type, SchemaRegistryClient client,
 *             AvroSerdeConfig config, boolean isKey)}: ready to use, for generated classes
 *             ({@code io.headstream.schema.*}); reads resolve older writer schemas into
 *             {@code T}'s schema.</li>
 *         <li>{@code AvroSerde.generic(Schema readerOrNull, SchemaRegistryClient client,
 *             AvroSerdeConfig config, boolean isKey)}: {@code GenericRecord}s; with a null reader
 *             schema a record is read with its writer schema.</li>
 *         <li>{@code AvroSerde.specific(Class<T>)} / {@code AvroSerde.generic(Schema)} then
 *             Kafka's {@code configure(Map<String, ?> configs, boolean isKey)}: builds its own
 *             client from the config keys below.</li>
 *       </ul>
 *       {@code serializer()} is an {@link io.headstream.registry.AvroSerializer},
 *       {@code deserializer()} an {@link io.headstream.registry.AvroDeserializer}. Closing the
 *       serde closes the client only when the serde created it.</li>
 *   <li>{@link io.headstream.registry.WireFormatException} extends Kafka's
 *       {@code SerializationException}: {@code reason()} is a
 *       {@link io.headstream.registry.WireFormatException.Reason}
 *       ({@code UNKNOWN_MAGIC_BYTE, UNKNOWN_SCHEMA_ID, TRUNCATED_PAYLOAD, SCHEMA_MISMATCH,
 *       REGISTRY_UNAVAILABLE}); {@code reason().code()} is the bounded lowercase code for metrics
 *       and dead letters ({@code "unknown_magic_byte"}, {@code "unknown_schema_id"}, ...);
 *       {@code topic()} and {@code schemaId()} (-1 when unknown) say where. Deserializing:
 *       {@code UNKNOWN_MAGIC_BYTE} (first byte not 0), {@code TRUNCATED_PAYLOAD} (under 5 bytes,
 *       or the Avro body ends early), {@code UNKNOWN_SCHEMA_ID} (registry answers 404 for the id),
 *       {@code SCHEMA_MISMATCH} (writer schema cannot be read as the reader schema, bytes invalid
 *       for the writer schema, or bytes left over), {@code REGISTRY_UNAVAILABLE} (unreachable,
 *       timeout, 5xx, 401/403). Serializing: {@code SCHEMA_MISMATCH} (registry refuses the
 *       schema, e.g. 409 incompatible, or it is not registered with auto-register off, or the
 *       record violates its schema) and {@code REGISTRY_UNAVAILABLE}.</li>
 *   <li>{@link io.headstream.registry.AvroSerdeConfig}: {@code record AvroSerdeConfig(boolean
 *       autoRegister, SubjectNameStrategy keySubjectStrategy, SubjectNameStrategy
 *       valueSubjectStrategy)}; {@code AvroSerdeConfig.defaults()} (auto-register, topic
 *       subjects), {@code .withAutoRegister(boolean)}, {@code .withSubjectStrategy(strategy)},
 *       {@code AvroSerdeConfig.fromMap(Map<String, ?>)}. Its keys (declared once in
 *       {@code AvroSerdeConfig.CONFIG_DEF} and {@code RegistryClientConfig.CONFIG_DEF}, constants
 *       on both classes) are named as Confluent's serializers name them so the same properties
 *       work for both; a bad config fails with one {@code ConfigException} listing every bad key
 *       with its value (secrets hidden):
 *       <ul>
 *         <li>{@code schema.registry.url} (required; {@code http(s)://host:port[,...]} or
 *             {@code mem://scope}; credentials in the URL are refused)</li>
 *         <li>{@code basic.auth.user.info} ({@code user:password}, a password type, never
 *             logged)</li>
 *         <li>{@code schema.registry.ssl.truststore.location}, {@code .truststore.password},
 *             {@code .truststore.type} (default PKCS12), {@code schema.registry.ssl.keystore.location},
 *             {@code .keystore.password}, {@code .keystore.type} (default PKCS12),
 *             {@code .key.password}</li>
 *         <li>{@code schema.registry.connect.timeout.ms} (5000),
 *             {@code schema.registry.request.timeout.ms} (10000),
 *             {@code schema.registry.max.retries} (3), {@code schema.registry.retry.backoff.ms}
 *             (100, doubling, capped at {@code schema.registry.retry.backoff.max.ms} 2000)</li>
 *         <li>{@code auto.register.schemas} (true): register the writer schema on first
 *             serialize; when false the schema must already be registered (lookup).</li>
 *         <li>{@code key.subject.name.strategy}, {@code value.subject.name.strategy}
 *             ({@code topic} default, {@code record}, or Confluent's class names)</li>
 *       </ul></li>
 * </ul>
 *
 * <p>The embedded registry server that speaks Confluent's REST API over the same logic lives in
 * {@link io.headstream.registry.server}.
 *
 * <p>May depend on: Avro, Kafka clients (serde interfaces, config), Jackson, the JDK's HTTP
 * client, {@code io.headstream.registry.server} (for the {@code mem://} mode). Must not depend on
 * the topology, inference or app packages.
 */
package io.headstream.registry;
