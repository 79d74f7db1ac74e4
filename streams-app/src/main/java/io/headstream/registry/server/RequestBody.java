package io.headstream.registry.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.headstream.registry.CompatibilityLevel;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a registry request's body within a size limit and takes the fields the API needs from
 * it. The limit is checked against {@code Content-Length} before anything is read and again while
 * reading, so a chunked or undeclared body stops at the limit too; the HTTP server then drains a
 * little of the rest and closes the connection rather than reading it all.
 */
final class RequestBody {
    private RequestBody() {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The whole body, at most {@code maxBytes}; a larger one is a 413 {@link RegistryError}. */
    static byte[] read(HttpExchange ex, int maxBytes) throws IOException {
        String declared = ex.getRequestHeaders().getFirst("Content-Length");
        if (declared != null) {
            long length;
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                throw new RegistryError(400, 400, "Content-Length is not a number");
            }
            if (length > maxBytes) {
                throw RegistryError.tooLarge(maxBytes);
            }
        }
        InputStream in = ex.getRequestBody();
        // readNBytes grows its buffer as bytes arrive: an early end costs only what was sent.
        byte[] body = in.readNBytes(maxBytes + 1);
        if (body.length > maxBytes) {
            throw RegistryError.tooLarge(maxBytes);
        }
        return body;
    }

    /** The {@code schema} of a register, lookup or compatibility request (Avro only, no references). */
    static String schema(byte[] body) {
        JsonNode node = object(body);
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

    /** The level of a {@code PUT /config} request ({@code compatibility} or {@code compatibilityLevel}). */
    static CompatibilityLevel level(byte[] body) {
        JsonNode node = object(body);
        JsonNode level = node.has("compatibility") ? node.get("compatibility") : node.get("compatibilityLevel");
        try {
            return CompatibilityLevel.parse(level == null ? null : level.asText());
        } catch (IllegalArgumentException e) {
            throw RegistryError.invalidCompatibilityLevel(e.getMessage());
        }
    }

    private static JsonNode object(byte[] body) {
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
}
