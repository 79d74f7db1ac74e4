package io.headstream.registry.server;

import io.headstream.registry.CompatibilityLevel;
import io.headstream.registry.RegisteredSchema;
import io.headstream.registry.server.CompatibilityChecker.VersionedSchema;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * The registry's logic, independent of HTTP: registers Avro schemas as versions of subjects,
 * assigns registry-wide ids, enforces each subject's compatibility level and answers lookups.
 *
 * <p>Schemas are compared in canonical form (Avro's compact JSON of the parsed schema, which
 * drops whitespace and key order differences), so registering the same schema twice returns
 * the same id and version, and the same schema under two subjects shares one id. Ids are global
 * and increase monotonically. All state is rebuilt from the {@link SchemaStore} at construction,
 * and every change goes through the store first. Thread-safe: calls are serialised.
 */
public final class SchemaRegistryService implements AutoCloseable {

    private final SchemaStore store;
    private final Map<Integer, String> schemaTextById = new HashMap<>();
    private final Map<Integer, Schema> schemaById = new HashMap<>();
    private final Map<String, Integer> idByCanonical = new HashMap<>();
    private final Map<String, TreeMap<Integer, Integer>> versionsBySubject = new TreeMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.DEFAULT;
    private int maxId;

    /** Replays {@code store} and serves from it; the service owns the store from now on. */
    public SchemaRegistryService(SchemaStore store) {
        this.store = Objects.requireNonNull(store, "store");
        synchronized (this) {
            store.start(this::apply);
        }
    }

    /** Applies one log entry to the in-memory indexes; called by the store only. */
    private synchronized void apply(StoreRecord record) {
        if (record instanceof StoreRecord.SchemaVersion sv) {
            schemaTextById.putIfAbsent(sv.id(), sv.schema());
            idByCanonical.putIfAbsent(sv.schema(), sv.id());
            versionsBySubject.computeIfAbsent(sv.subject(), s -> new TreeMap<>()).put(sv.version(), sv.id());
            maxId = Math.max(maxId, sv.id());
        } else if (record instanceof StoreRecord.Config c) {
            if (c.subject() == null) {
                globalLevel = c.level();
            } else {
                subjectLevels.put(c.subject(), c.level());
            }
        }
    }

    /**
     * Registers {@code schemaText} under {@code subject}, or returns the existing version when
     * the subject already has this schema.
     *
     * @throws RegistryError 42201 invalid schema, 409 incompatible, 5xx store failures
     */
    public synchronized RegisteredSchema register(String subject, String schemaText) {
        requireSubject(subject);
        Schema schema = parse(schemaText);
        String canonical = schema.toString();
        TreeMap<Integer, Integer> versions = versionsBySubject.getOrDefault(subject, new TreeMap<>());
        for (Map.Entry<Integer, Integer> v : versions.entrySet()) {
            if (schemaTextById.get(v.getValue()).equals(canonical)) {
                return new RegisteredSchema(subject, v.getKey(), v.getValue(), schemaById(v.getValue()));
            }
        }
        List<String> problems = CompatibilityChecker.check(compatibility(subject), schema, existing(versions));
        if (!problems.isEmpty()) {
            throw new RegistryError(409, 409, "Schema being registered is incompatible with an earlier schema for subject \""
                    + subject + "\" (compatibility " + compatibility(subject) + "), details: " + problems);
        }
        int id = idByCanonical.getOrDefault(canonical, maxId + 1);
        int version = versions.isEmpty() ? 1 : versions.lastKey() + 1;
        store.append(new StoreRecord.SchemaVersion(subject, version, id, canonical));
        return new RegisteredSchema(subject, version, id, schemaById(id));
    }

    /**
     * Finds {@code schemaText} among the versions of {@code subject}.
     *
     * @throws RegistryError 40401 no such subject, 40403 not one of its versions, 42201 invalid
     */
    public synchronized RegisteredSchema lookup(String subject, String schemaText) {
        TreeMap<Integer, Integer> versions = subjectVersions(subject);
        String canonical = parse(schemaText).toString();
        for (Map.Entry<Integer, Integer> v : versions.entrySet()) {
            if (schemaTextById.get(v.getValue()).equals(canonical)) {
                return new RegisteredSchema(subject, v.getKey(), v.getValue(), schemaById(v.getValue()));
            }
        }
        throw RegistryError.schemaNotFound("the schema is not registered under subject '" + subject + "'");
    }

    /** The canonical text of schema {@code id}; 40403 when there is none. */
    public synchronized String schemaText(int id) {
        String text = schemaTextById.get(id);
        if (text == null) {
            throw new RegistryError(404, 40403, "Schema " + id + " not found");
        }
        return text;
    }

    /** The parsed schema {@code id}; 40403 when there is none. */
    public synchronized Schema schemaById(int id) {
        String text = schemaText(id);
        return schemaById.computeIfAbsent(id, k -> new Schema.Parser().parse(text));
    }

    /** (subject, version) pairs that use schema {@code id}; 40403 when there is none. */
    public synchronized List<Map.Entry<String, Integer>> subjectVersionsOf(int id) {
        schemaText(id);
        List<Map.Entry<String, Integer>> out = new ArrayList<>();
        versionsBySubject.forEach((s, vs) -> vs.forEach((v, i) -> {
            if (i == id) {
                out.add(Map.entry(s, v));
            }
        }));
        return out;
    }

    /** Subjects with at least one version, sorted. */
    public synchronized List<String> subjects() {
        return new ArrayList<>(versionsBySubject.keySet());
    }

    /** Version numbers of {@code subject}, ascending; 40401 when it does not exist. */
    public synchronized List<Integer> versions(String subject) {
        return new ArrayList<>(subjectVersions(subject).keySet());
    }

    /**
     * Version {@code version} of {@code subject}: a number or {@code latest} (also {@code -1}).
     *
     * @throws RegistryError 40401, 40402, or 42202 for a malformed version
     */
    public synchronized RegisteredSchema version(String subject, String version) {
        TreeMap<Integer, Integer> versions = subjectVersions(subject);
        int v = parseVersion(version);
        Integer number = v == -1 ? versions.lastKey() : Integer.valueOf(v);
        Integer id = versions.get(number);
        if (id == null) {
            throw RegistryError.versionNotFound(subject, version);
        }
        return new RegisteredSchema(subject, number, id, schemaById(id));
    }

    /**
     * Why {@code schemaText} could not be registered as the next version of {@code subject}
     * (empty when it could), checked against {@code version} ({@code latest} or a number), or
     * against every version when the subject's level is transitive. A missing subject accepts
     * anything.
     */
    public synchronized List<String> testCompatibility(String subject, String version, String schemaText) {
        requireSubject(subject);
        Schema candidate = parse(schemaText);
        TreeMap<Integer, Integer> versions = versionsBySubject.get(subject);
        int v = parseVersion(version);
        if (versions == null || versions.isEmpty()) {
            if (v == -1) {
                return List.of();
            }
            throw RegistryError.subjectNotFound(subject);
        }
        CompatibilityLevel level = compatibility(subject);
        if (level.transitive() || v == -1) {
            return CompatibilityChecker.check(level, candidate, existing(versions));
        }
        Integer id = versions.get(v);
        if (id == null) {
            throw RegistryError.versionNotFound(subject, version);
        }
        return CompatibilityChecker.check(level, candidate, List.of(new VersionedSchema(v, schemaById(id))));
    }

    /** The level of {@code subject} (its own, else the global one), or the global level for null. */
    public synchronized CompatibilityLevel compatibility(String subject) {
        return subject == null ? globalLevel : subjectLevels.getOrDefault(subject, globalLevel);
    }

    /** The level set on {@code subject} itself, or null when it inherits the global level. */
    public synchronized CompatibilityLevel subjectCompatibility(String subject) {
        return subjectLevels.get(subject);
    }

    /** Sets the level of {@code subject}, or the global level when it is null. */
    public synchronized void setCompatibility(String subject, CompatibilityLevel level) {
        Objects.requireNonNull(level, "level");
        store.append(new StoreRecord.Config(subject, level));
    }

    @Override
    public void close() {
        store.close();
    }

    private List<VersionedSchema> existing(TreeMap<Integer, Integer> versions) {
        List<VersionedSchema> out = new ArrayList<>(versions.size());
        versions.forEach((v, id) -> out.add(new VersionedSchema(v, schemaById(id))));
        return out;
    }

    private TreeMap<Integer, Integer> subjectVersions(String subject) {
        TreeMap<Integer, Integer> versions = versionsBySubject.get(subject);
        if (versions == null || versions.isEmpty()) {
            throw RegistryError.subjectNotFound(subject);
        }
        return versions;
    }

    /** -1 for latest, else a positive version number. */
    private static int parseVersion(String version) {
        if ("latest".equals(version) || "-1".equals(version)) {
            return -1;
        }
        try {
            int v = Integer.parseInt(version);
            if (v >= 1) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw RegistryError.invalidVersion(version);
    }

    private static void requireSubject(String subject) {
        if (subject == null || subject.isBlank()) {
            throw new RegistryError(422, 42208, "Invalid subject: the subject name must not be empty");
        }
    }

    private static Schema parse(String text) {
        if (text == null || text.isBlank()) {
            throw RegistryError.invalidSchema("empty schema");
        }
        try {
            return new Schema.Parser().parse(text);
        } catch (SchemaParseException | org.apache.avro.AvroTypeException e) {
            throw RegistryError.invalidSchema(e.getMessage());
        } catch (RuntimeException e) {
            throw RegistryError.invalidSchema(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
