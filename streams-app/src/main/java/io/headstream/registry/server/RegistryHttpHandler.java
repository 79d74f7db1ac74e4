package io.headstream.registry.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.headstream.registry.CompatibilityLevel;
import io.headstream.registry.RegisteredSchema;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes Confluent Schema Registry REST requests to a {@link SchemaRegistryService} and writes
 * Confluent's JSON answers and errors ({@code {"error_code": ..., "message": ...}}). Query
 * parameters the clients add ({@code normalize}, {@code subject}, {@code fetchMaxId}, ...) are
 * accepted and ignored unless listed here.
 */
final class RegistryHttpHandler implements HttpHandler {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Logger LOG = LoggerFactory.getLogger(RegistryHttpHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SchemaRegistryService service;
    private final BasicAuth auth;
    private final AtomicLong requests = new AtomicLong();

    RegistryHttpHandler(SchemaRegistryService service, BasicAuth auth) {
        this.service = service;
        this.auth = auth;
    }

    long requestCount() {
        return requests.get();
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        try {
            try (InputStream in = ex.getRequestBody()) {
                byte[] body = in.readAllBytes();
                if (auth != null && !auth.accepts(ex.getRequestHeaders().getFirst("Authorization"))) {
                    ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"headstream-schema-registry\"");
                    send(ex, 401, error(401, "Unauthorized"));
                    return;
                }
                send(ex, 200, route(ex.getRequestMethod(), ex.getRequestURI().getRawPath(), query(ex), body));
            } catch (RegistryError e) {
                send(ex, e.status(), error(e.errorCode(), e.getMessage()));
            } catch (RuntimeException e) {
                LOG.warn("Schema registry request {} {} failed", ex.getRequestMethod(), ex.getRequestURI().getRawPath(), e);
                send(ex, 500, error(50001, "Error in the backend data store: " + e));
            }
        } finally {
            ex.close();
        }
    }

    private JsonNode route(String method, String rawPath, Map<String, String> query, byte[] body) {
        List<String> p = segments(rawPath);
        int n = p.size();
        String first = n == 0 ? "" : p.get(0);
        switch (first) {
            case "" -> {
                return JSON.createObjectNode();
            }
            case "subjects" -> {
                if (n == 1) {
                    expect(method, "GET");
                    return strings(service.subjects());
                }
                String subject = p.get(1);
                if (n == 2) {
                    expect(method, "POST");
                    RegisteredSchema found = service.lookup(subject, schemaOf(body));
                    return versionJson(found);
                }
                if (n >= 3 && p.get(2).equals("versions")) {
                    if (n == 3 && method.equals("POST")) {
                        RegisteredSchema r = service.register(subject, schemaOf(body));
                        return JSON.createObjectNode().put("id", r.id());
                    }
                    expect(method, "GET");
                    if (n == 3) {
                        ArrayNode a = JSON.createArrayNode();
                        service.versions(subject).forEach(a::add);
                        return a;
                    }
                    RegisteredSchema v = service.version(subject, p.get(3));
                    if (n == 4) {
                        return versionJson(v);
                    }
                    if (n == 5 && p.get(4).equals("schema")) {
                        return rawSchema(v.schema().toString());
                    }
                }
            }
            case "schemas" -> {
                if (n == 2 && p.get(1).equals("types")) {
                    expect(method, "GET");
                    return JSON.createArrayNode().add("AVRO");
                }
                if (n >= 3 && p.get(1).equals("ids")) {
                    expect(method, "GET");
                    int id = parseId(p.get(2));
                    if (n == 3) {
                        return JSON.createObjectNode().put("schema", service.schemaText(id));
                    }
                    if (n == 4 && p.get(3).equals("schema")) {
                        return rawSchema(service.schemaText(id));
                    }
                    if (n == 4 && p.get(3).equals("versions")) {
                        ArrayNode a = JSON.createArrayNode();
                        for (Entry<String, Integer> sv : service.subjectVersionsOf(id)) {
                            a.addObject().put("subject", sv.getKey()).put("version", sv.getValue());
                        }
                        return a;
                    }
                }
            }
            case "compatibility" -> {
                if (n == 5 && p.get(1).equals("subjects") && p.get(3).equals("versions")) {
                    expect(method, "POST");
                    List<String> problems = service.testCompatibility(p.get(2), p.get(4), schemaOf(body));
                    ObjectNode out = JSON.createObjectNode().put("is_compatible", problems.isEmpty());
                    if ("true".equals(query.get("verbose"))) {
                        strings(problems).forEach(out.putArray("messages")::add);
                    }
                    return out;
                }
            }
            case "config" -> {
                if (n <= 2) {
                    String subject = n == 2 ? p.get(1) : null;
                    if (method.equals("PUT")) {
                        CompatibilityLevel level = levelOf(body);
                        service.setCompatibility(subject, level);
                        return JSON.createObjectNode().put("compatibility", level.name());
                    }
                    expect(method, "GET");
                    CompatibilityLevel level = subject == null ? service.compatibility(null) : service.subjectCompatibility(subject);
                    if (level == null) {
                        if (!"true".equals(query.get("defaultToGlobal"))) {
                            throw new RegistryError(404, 40408, "Subject '" + subject + "' does not have subject-level compatibility configured");
                        }
                        level = service.compatibility(null);
                    }
                    return JSON.createObjectNode().put("compatibilityLevel", level.name());
                }
            }
            case "mode" -> {
                expect(method, "GET");
                return JSON.createObjectNode().put("mode", "READWRITE");
            }
            default -> { }
        }
        throw new RegistryError(404, 404, "HTTP 404 Not Found: " + method + " " + rawPath);
    }

    private static JsonNode versionJson(RegisteredSchema r) {
        return JSON.createObjectNode()
                .put("subject", r.subject())
                .put("version", r.version())
                .put("id", r.id())
                .put("schema", r.schema().toString());
    }

    /** The {@code .../schema} endpoints return the schema itself as the JSON body. */
    private static JsonNode rawSchema(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalStateException("stored schema is not JSON", e);
        }
    }

    private static String schemaOf(byte[] body) {
        JsonNode node = readBody(body);
        JsonNode type = node.get("schemaType");
        if (type != null && !type.isNull() && !"AVRO".equals(type.asText())) {
            throw RegistryError.invalidSchema("schemaType " + type.asText() + " is not supported; this registry serves AVRO only");
        }
        JsonNode refs = node.get("references");
        if (refs != null && refs.isArray() && !refs.isEmpty()) {
            throw RegistryError.invalidSchema("schema references are not supported");
        }
        JsonNode schema = node.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw new RegistryError(422, 42201, "Invalid schema: the request body needs a \"schema\" string field");
        }
        return schema.asText();
    }

    private static CompatibilityLevel levelOf(byte[] body) {
        JsonNode node = readBody(body);
        JsonNode level = node.has("compatibility") ? node.get("compatibility") : node.get("compatibilityLevel");
        try {
            return CompatibilityLevel.parse(level == null ? null : level.asText());
        } catch (IllegalArgumentException e) {
            throw RegistryError.invalidCompatibilityLevel(e.getMessage());
        }
    }

    private static JsonNode readBody(byte[] body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new RegistryError(400, 400, "The request body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new RegistryError(400, 400, "The request body is not valid JSON: " + e.getMessage());
        }
    }

    private static int parseId(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new RegistryError(404, 40403, "Schema " + s + " not found");
        }
    }

    private static void expect(String method, String allowed) {
        if (!method.equals(allowed)) {
            throw new RegistryError(405, 405, "HTTP 405 Method Not Allowed: use " + allowed);
        }
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode a = JSON.createArrayNode();
        values.forEach(a::add);
        return a;
    }

    private static ObjectNode error(int code, String message) {
        return JSON.createObjectNode().put("error_code", code).put("message", message);
    }

    private static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String s : rawPath.split("/")) {
            if (!s.isEmpty()) {
                out.add(URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> out = new HashMap<>();
        String q = ex.getRequestURI().getRawQuery();
        if (q != null) {
            for (String kv : q.split("&")) {
                int eq = kv.indexOf('=');
                String k = eq < 0 ? kv : kv.substring(0, eq);
                String v = eq < 0 ? "" : kv.substring(eq + 1);
                out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
