package io.headstream.registry;

import io.headstream.registry.server.RegistryError;
import io.headstream.registry.server.SchemaRegistryService;
import java.util.List;
import java.util.function.Supplier;
import org.apache.avro.Schema;

/**
 * The {@code mem://<scope>} client: calls the in-process {@link SchemaRegistryService} of its
 * scope directly, with the same rules and error codes as the HTTP registry, so unit tests need
 * no server and no network.
 */
public final class InMemorySchemaRegistryClient implements SchemaRegistryClient {

    private final String url;
    private final SchemaRegistryService service;

    /** A client of the registry named by {@code mem://<scope>}. */
    public InMemorySchemaRegistryClient(String url) {
        this.url = url;
        this.service = InMemoryRegistries.service(InMemoryRegistries.scopeOf(url));
    }

    @Override
    public int register(String subject, Schema schema) {
        return call(subject, () -> service.register(subject, schema.toString()).id());
    }

    @Override
    public Schema getById(int id) {
        return call(null, () -> service.schemaById(id));
    }

    @Override
    public RegisteredSchema latest(String subject) {
        return call(subject, () -> service.version(subject, "latest"));
    }

    @Override
    public RegisteredSchema version(String subject, int version) {
        return call(subject, () -> service.version(subject, Integer.toString(version)));
    }

    @Override
    public List<Integer> versions(String subject) {
        return call(subject, () -> service.versions(subject));
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        return call(subject, () -> service.lookup(subject, schema.toString()));
    }

    @Override
    public boolean testCompatibility(String subject, Schema schema) {
        return call(subject, () -> service.testCompatibility(subject, "latest", schema.toString()).isEmpty());
    }

    @Override
    public List<String> subjects() {
        return call(null, service::subjects);
    }

    @Override
    public CompatibilityLevel compatibility(String subject) {
        return call(subject, () -> service.compatibility(subject));
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        call(subject, () -> {
            service.setCompatibility(subject, level);
            return null;
        });
    }

    @Override
    public String url() {
        return url;
    }

    @Override
    public void close() {
        // The scope's registry outlives its clients; InMemoryRegistries.drop forgets it.
    }

    private <T> T call(String subject, Supplier<T> call) {
        try {
            return call.get();
        } catch (RegistryError e) {
            throw new SchemaRegistryException("Schema Registry at " + url + " refused the request"
                    + (subject == null ? "" : " for subject '" + subject + "'") + ": HTTP " + e.status()
                    + ", error_code " + e.errorCode() + ": " + e.getMessage(), e.status(), e.errorCode(), url, subject, e);
        }
    }
}
