package io.headstream.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * A {@link SchemaRegistryClient} speaking Confluent's Schema Registry REST API over the JDK's
 * HTTP client. It caches nothing itself: every call is one request (plus retries). Use
 * {@link SchemaRegistryClient#create}, which puts a cache in front.
 */
public final class HttpSchemaRegistryClient implements SchemaRegistryClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryClientConfig config;
    private final RegistryHttpTransport transport;

    public HttpSchemaRegistryClient(RegistryClientConfig config) {
        if (config.inMemory()) {
            throw new IllegalArgumentException("HttpSchemaRegistryClient needs an http(s) URL, got " + config.url());
        }
        this.config = config;
        this.transport = new RegistryHttpTransport(config);
    }

    @Override
    public int register(String subject, Schema schema) {
        JsonNode r = transport.send("POST", "/subjects/" + enc(subject) + "/versions", schemaBody(schema), subject);
        return requireInt(r, "id", subject);
    }

    @Override
    public Schema getById(int id) {
        JsonNode r = transport.send("GET", "/schemas/ids/" + id, null, null);
        return parse(r.path("schema").asText(null), null);
    }

    @Override
    public RegisteredSchema latest(String subject) {
        return versionOf(transport.send("GET", "/subjects/" + enc(subject) + "/versions/latest", null, subject), subject);
    }

    @Override
    public RegisteredSchema version(String subject, int version) {
        return versionOf(transport.send("GET", "/subjects/" + enc(subject) + "/versions/" + version, null, subject), subject);
    }

    @Override
    public List<Integer> versions(String subject) {
        List<Integer> out = new ArrayList<>();
        transport.send("GET", "/subjects/" + enc(subject) + "/versions", null, subject).forEach(n -> out.add(n.asInt()));
        return out;
    }

    @Override
    public RegisteredSchema lookup(String subject, Schema schema) {
        return versionOf(transport.send("POST", "/subjects/" + enc(subject), schemaBody(schema), subject), subject);
    }

    @Override
    public boolean testCompatibility(String subject, Schema schema) {
        JsonNode r = transport.send("POST", "/compatibility/subjects/" + enc(subject) + "/versions/latest", schemaBody(schema), subject);
        return r.path("is_compatible").asBoolean(false);
    }

    @Override
    public List<String> subjects() {
        List<String> out = new ArrayList<>();
        transport.send("GET", "/subjects", null, null).forEach(n -> out.add(n.asText()));
        return out;
    }

    @Override
    public CompatibilityLevel compatibility(String subject) {
        String path = subject == null ? "/config" : "/config/" + enc(subject) + "?defaultToGlobal=true";
        JsonNode r = transport.send("GET", path, null, subject);
        JsonNode level = r.has("compatibilityLevel") ? r.get("compatibilityLevel") : r.get("compatibility");
        return CompatibilityLevel.parse(level == null ? null : level.asText());
    }

    @Override
    public void setCompatibility(String subject, CompatibilityLevel level) {
        String path = subject == null ? "/config" : "/config/" + enc(subject);
        transport.send("PUT", path, JSON.createObjectNode().put("compatibility", level.name()), subject);
    }

    @Override
    public String url() {
        return config.url();
    }

    @Override
    public void close() {
        // The JDK HttpClient of Java 17 has no close(); its threads are daemons and idle out.
    }

    private RegisteredSchema versionOf(JsonNode r, String subject) {
        return new RegisteredSchema(r.path("subject").asText(subject), requireInt(r, "version", subject),
                requireInt(r, "id", subject), parse(r.path("schema").asText(null), subject));
    }

    private int requireInt(JsonNode r, String field, String subject) {
        JsonNode n = r.get(field);
        if (n == null || !n.canConvertToInt()) {
            throw new SchemaRegistryException("Schema Registry at " + config.url() + " answered without an integer '"
                    + field + "'" + (subject == null ? "" : " for subject '" + subject + "'") + ": " + r, 200, 0, config.url(), subject, null);
        }
        return n.asInt();
    }

    private Schema parse(String text, String subject) {
        if (text == null) {
            throw new SchemaRegistryException("Schema Registry at " + config.url() + " answered without a schema"
                    + (subject == null ? "" : " for subject '" + subject + "'"), 200, 0, config.url(), subject, null);
        }
        try {
            return new Schema.Parser().parse(text);
        } catch (RuntimeException e) {
            throw new SchemaRegistryException("Schema Registry at " + config.url() + " returned a schema that is not valid Avro"
                    + (subject == null ? "" : " for subject '" + subject + "'") + ": " + e.getMessage(), 200, 0, config.url(), subject, e);
        }
    }

    private static ObjectNode schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString());
    }

    private static String enc(String subject) {
        if (subject == null || subject.isEmpty()) {
            throw new IllegalArgumentException("subject must not be empty");
        }
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
