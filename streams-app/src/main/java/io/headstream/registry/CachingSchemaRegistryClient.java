package io.headstream.registry;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * Puts caches in front of another {@link SchemaRegistryClient} so a steady stream of records
 * makes no registry calls: schema by id, id by (subject, schema), and fixed versions by
 * (subject, version). All of these are immutable in a registry, so entries never go stale;
 * {@code latest}, the version lists, the subject list and compatibility are always asked anew.
 * The caches are bounded ({@value #MAX_ENTRIES} entries each) and reset when full, which a
 * service with a handful of schemas never reaches.
 */
public final class CachingSchemaRegistryClient implements SchemaRegistryClient {

    static final int MAX_ENTRIES = 10_000;

    private final SchemaRegistryClient delegate;
    private final Map<Integer, Schema> schemaById = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> idBySubjectSchema = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, RegisteredSchema> lookups = new ConcurrentHashMap<>();
    private final Map<SubjectVersion, RegisteredSchema> versions = new ConcurrentHashMap<>();

    public CachingSchemaRegistryClient(SchemaRegistryClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer id = idBySubjectSchema.get(key);
        if (id == null) {
            id = delegate.register(subject, schema);
            put(idBySubjectSchema, key, id);
            put(schemaById, id, schema);
        }
        return id;
    }

    @Override
    public Schema getById(int id) {
        Schema schema = schemaById.get(id);
        if (schema == null) {
            schema = delegate.getById(id);
            put(schemaById, id, schema);
        }
        return schema;
    }

    @Override
    public RegisteredSchema latest(String subject) {
        RegisteredSchema r = delegate.latest(subject);
        remember(r);
        return r;
    }

    @Override
    public RegisteredSchema version(String subject, int version) {
        SubjectVersion key = new SubjectVersion(subject, version);
        RegisteredSchema r = versions.get(key);
        if (r == null) {
            r = delegate.version(subject, version);
            remember(r);
        }
        return r;
    }

    @Override
    public List<Integer> versions(String subject) {
        return delegate.versions(subject);
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        RegisteredSchema r = lookups.get(key);
        if (r == null) {
            r = delegate.lookup(subject, schema);
            put(lookups, key, r);
            put(idBySubjectSchema, key, r.id());
            put(schemaById, r.id(), schema);
        }
        return r;
    }

    @Override
    public boolean testCompatibility(String subject, Schema schema) {
        return delegate.testCompatibility(subject, schema);
    }

    @Override
    public List<String> subjects() {
        return delegate.subjects();
    }

    @Override
    public CompatibilityLevel compatibility(String subject) {
        return delegate.compatibility(subject);
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        delegate.setCompatibility(subject, level);
    }

    @Override
    public String url() {
        return delegate.url();
    }

    @Override
    public void close() {
        delegate.close();
    }

    private void remember(RegisteredSchema r) {
        put(versions, new SubjectVersion(r.subject(), r.version()), r);
        put(schemaById, r.id(), r.schema());
    }

    private static <K, V> void put(Map<K, V> cache, K key, V value) {
        if (cache.size() >= MAX_ENTRIES) {
            cache.clear();
        }
        cache.put(key, value);
    }

    private record SubjectSchema(String subject, Schema schema) {}

    private record SubjectVersion(String subject, int version) {}
}
