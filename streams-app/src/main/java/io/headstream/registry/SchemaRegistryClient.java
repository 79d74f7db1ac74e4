package io.headstream.registry;

import java.util.List;
import org.apache.avro.Schema;

/**
 * A Schema Registry as the serdes and tools see it: register and look up Avro schemas per
 * subject, fetch schemas by id, and read or set compatibility. Implementations are thread-safe.
 *
 * <p>{@link #create(RegistryClientConfig)} is the one way to obtain a client: it picks the
 * transport from the URL scheme ({@code http(s)://} speaks Confluent's REST API,
 * {@code mem://<scope>} talks to an in-process registry shared by every client of that scope)
 * and wraps it in a cache, so a steady stream of records makes no registry calls at all.
 *
 * <p>Every failure is a {@link SchemaRegistryException} naming the registry URL and subject.
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /**
     * Registers {@code schema} under {@code subject} (or finds it already registered) and
     * returns its global id. Fails with error code 409 when the subject's compatibility level
     * rejects it.
     */
    int register(String subject, Schema schema);

    /** The schema with global id {@code id}; error code 40403 when there is none. */
    Schema getById(int id);

    /** The newest version of {@code subject}; error code 40401 when the subject does not exist. */
    RegisteredSchema latest(String subject);

    /** Version {@code version} of {@code subject}; 40401 or 40402 when missing. */
    RegisteredSchema version(String subject, int version);

    /** The version numbers of {@code subject}, ascending; 40401 when the subject does not exist. */
    List<Integer> versions(String subject);

    /**
     * Finds {@code schema} among the versions of {@code subject} without registering it;
     * 40401 when the subject does not exist, 40403 when the schema is not one of its versions.
     */
    RegisteredSchema lookup(String subject, Schema schema);

    /**
     * Whether {@code schema} may be registered under {@code subject} as its next version, judged
     * by the subject's compatibility level. True for a subject that does not exist yet.
     */
    boolean testCompatibility(String subject, Schema schema);

    /** Every subject with at least one version. */
    List<String> subjects();

    /**
     * The compatibility level of {@code subject}, or of the registry when {@code subject} is null;
     * a subject without its own level reports the registry's.
     */
    CompatibilityLevel compatibility(String subject);

    /** Sets the compatibility level of {@code subject}, or of the registry when it is null. */
    void setCompatibility(String subject, CompatibilityLevel level);

    /** The URL this client talks to, for messages. */
    String url();

    @Override
    void close();

    /**
     * A caching client for {@code config.url()}: HTTP(S) for {@code http(s)://}, the in-process
     * registry for {@code mem://<scope>}.
     */
    static SchemaRegistryClient create(RegistryClientConfig config) {
        SchemaRegistryClient transport = config.inMemory()
                ? new InMemorySchemaRegistryClient(config.url())
                : new HttpSchemaRegistryClient(config);
        return new CachingSchemaRegistryClient(transport);
    }
}
