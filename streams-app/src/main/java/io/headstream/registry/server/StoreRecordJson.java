package io.headstream.registry.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.headstream.registry.CompatibilityLevel;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Encodes {@link StoreRecord}s as the keys and values of the {@code _schemas} topic, in the JSON
 * layout of Confluent's reference implementation (keytype SCHEMA / CONFIG), so the topic reads
 * like a familiar registry log and compaction keeps exactly one entry per subject version and
 * per config.
 */
final class StoreRecordJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StoreRecordJson() {}

    static byte[] key(StoreRecord record) {
        ObjectNode key = JSON.createObjectNode();
        if (record instanceof StoreRecord.SchemaVersion sv) {
            key.put("keytype", "SCHEMA").put("subject", sv.subject()).put("version", sv.version()).put("magic", 1);
        } else if (record instanceof StoreRecord.Config c) {
            key.put("keytype", "CONFIG").put("subject", c.subject()).put("magic", 0);
        }
        return bytes(key);
    }

    static byte[] value(StoreRecord record) {
        ObjectNode value = JSON.createObjectNode();
        if (record instanceof StoreRecord.SchemaVersion sv) {
            value.put("subject", sv.subject()).put("version", sv.version()).put("id", sv.id())
                    .put("schema", sv.schema()).put("deleted", false);
        } else if (record instanceof StoreRecord.Config c) {
            value.put("compatibilityLevel", c.level().name());
        }
        return bytes(value);
    }

    /**
     * Decodes one topic record; null for records this registry does not use (NOOP keys,
     * tombstones, deleted versions, other key types).
     *
     * @throws IllegalArgumentException when the record is not valid registry JSON
     */
    static StoreRecord decode(byte[] keyBytes, byte[] valueBytes) {
        if (keyBytes == null || valueBytes == null) {
            return null;
        }
        try {
            JsonNode key = JSON.readTree(keyBytes);
            JsonNode value = JSON.readTree(valueBytes);
            String type = key.path("keytype").asText();
            if (type.equals("SCHEMA")) {
                if (value.path("deleted").asBoolean(false)) {
                    return null;
                }
                String schemaType = value.path("schemaType").asText("AVRO");
                if (!schemaType.equals("AVRO")) {
                    return null;
                }
                return new StoreRecord.SchemaVersion(value.path("subject").asText(), value.path("version").asInt(),
                        value.path("id").asInt(), value.path("schema").asText());
            }
            if (type.equals("CONFIG")) {
                JsonNode subject = key.get("subject");
                return new StoreRecord.Config(subject == null || subject.isNull() ? null : subject.asText(),
                        CompatibilityLevel.parse(value.path("compatibilityLevel").asText()));
            }
            return null;
        } catch (IOException e) {
            throw new IllegalArgumentException("not registry JSON: " + e.getMessage(), e);
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
