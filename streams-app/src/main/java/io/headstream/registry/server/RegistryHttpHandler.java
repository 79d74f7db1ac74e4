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
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes Confluent Schema Registry REST requests to a {@link SchemaRegistryService} and writes
 * Confluent's JSON answers and errors ({@code {"error_code": ..., "message": ...}}). Query
 * parameters the clients add ({@code normalize}, {@code subject}, {@code fetchMaxId}, ...) are
 * accepted and ignored unless listed here. Bodies are bounded (413), config writes are refused
 * (403/40301) unless enabled, and a 500 carries an error id instead of the exception's text.
 */
final class RegistryHttpHandler implements HttpHandler {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Logger LOG = LoggerFactory.getLogger(RegistryHttpHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SchemaRegistryService service;
    private final BasicAuth auth;
    private final int maxBodyBytes;
    private final boolean configWrites;
    private final AtomicLong requests = new AtomicLong();

    RegistryHttpHandler(SchemaRegistryService service, BasicAuth auth, int maxBodyBytes, boolean configWrites) {
        this.service = service;
        this.auth = auth;
        this.maxBodyBytes = maxBodyBytes;
        this.configWrites = configWrites;
    }

    long requestCount() {
        return requests.get();
    }

    /**
     * Checks credentials, then the config-write policy, and only then reads the body (bounded), so
     * an unauthenticated or refused client cannot make the registry buffer anything.
     */
    @Override
    public void handle(HttpExchange ex) throws IOException {
        requests.incrementAndGet();
        String method = ex.getRequestMethod();
        String rawPath = ex.getRequestURI().getRawPath();
        try (ex) {
            try {
                if (auth != null && !auth.accepts(ex.getRequestHeaders().getFirst("Authorization"))) {
                    ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"headstream-schema-registry\"");
                    send(ex, 401, error(401, "Unauthorized"));
                    return;
                }
                if (!configWrites && isConfigWrite(method, rawPath)) {
                    throw RegistryError.configWritesDisabled();
                }
                byte[] body = RequestBody.read(ex, maxBodyBytes);
                send(ex, 200, route(method, rawPath, query(ex), body));
            } catch (RegistryError e) {
                if (e.status() >= 500) {
                    sendInternal(ex, e.status(), e.errorCode(), e);
                } else {
                    send(ex, e.status(), error(e.errorCode(), e.getMessage()));
                }
            } catch (RuntimeException e) {
                sendInternal(ex, 500, 50001, e);
            }
        }
    }

    /**
     * A method that could change compatibility on {@code /config[/subject]}: PUT, and also DELETE
     * (Confluent's API has it, this registry does not yet) and POST, so a route added later cannot
     * slip past the policy.
     */
    private static boolean isConfigWrite(String method, String rawPath) {
        List<String> p = segments(rawPath);
        return !p.isEmpty() && p.get(0).equals("config") && Set.of("PUT", "POST", "DELETE").contains(method);
    }

    /**
     * Answers a server-side failure with a fixed message and an id that the log line carries
     * with the exception: its text can name hosts, topics and internals a client has no business
     * seeing.
     */
    private static void sendInternal(HttpExchange ex, int status, int code, Exception e) throws IOException {
        String id = UUID.randomUUID().toString();
        // A RegistryError is an expected outage (store down, timeout) that clients retry; anything else is a bug.
        if (e instanceof RegistryError) {
            LOG.warn("Schema registry request {} {} failed (error id {})", ex.getRequestMethod(),
                    ex.getRequestURI().getRawPath(), id, e);
        } else {
            LOG.error("Schema registry request {} {} failed (error id {})", ex.getRequestMethod(),
                    ex.getRequestURI().getRawPath(), id, e);
        }
        String what = switch (code) {
            case 50001 -> "Error in the backend data store";
            case 50002 -> "Operation timed out";
            default -> "Internal server error";
        };
        send(ex, status, error(code, what + " (error id " + id + "; the registry's log has the details)"));
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
                    RegisteredSchema found = service.lookup(subject, RequestBody.schema(body));
                    return versionJson(found);
                }
                if (n >= 3 && p.get(2).equals("versions")) {
                    if (n == 3 && method.equals("POST")) {
                        RegisteredSchema r = service.register(subject, RequestBody.schema(body));
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
                    List<String> problems = service.testCompatibility(p.get(2), p.get(4), RequestBody.schema(body));
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
                        CompatibilityLevel level = RequestBody.level(body);
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
