package io.headstream.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's schema compatibility gate: every current schema must read data written with every
 * released version of it. A failure here names the schema, the version and Avro's reason.
 */
class ReleasedSchemaCompatibilityTest {

    static final Path SOURCES = Path.of("src/main/avro");
    static final Path RELEASED = Path.of("src/main/avro-released");

    /** The generated classes' schemas, i.e. exactly what the application writes and reads. */
    static Map<String, Schema> currentSchemas() throws IOException {
        Map<String, Schema> current = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".avsc")).sorted().toList()) {
                String name = f.getFileName().toString().replace(".avsc", "");
                try {
                    Class<?> type = Class.forName("io.headstream.schema." + name);
                    current.put(name, (Schema) type.getMethod("getClassSchema").invoke(null));
                } catch (ReflectiveOperationException e) {
                    throw new AssertionError(f + " must define record io.headstream.schema." + name
                            + " (file name = record name) so its generated class can be checked", e);
                }
            }
        }
        return current;
    }

    @Test
    void currentSchemasReadEveryReleasedVersion() throws IOException {
        List<String> problems = ReleasedSchemaCompatibility.check(RELEASED, currentSchemas());
        if (!problems.isEmpty()) {
            fail("Schema compatibility check failed:\n" + String.join("\n", problems));
        }
    }

    @Test
    void everyCurrentSchemaHasAReleasedVersion() throws IOException {
        for (String name : currentSchemas().keySet()) {
            assertThat(RELEASED.resolve(name).resolve("v1.avsc"))
                    .as("released v1 of %s (copy the current schema there when it is first released)", name)
                    .isRegularFile();
        }
    }

    @Test
    void addingAFieldWithoutDefaultIsDetected(@TempDir Path released) throws IOException {
        Schema v1 = ModelIdentity.getClassSchema();
        Files.createDirectories(released.resolve("ModelIdentity"));
        Files.writeString(released.resolve("ModelIdentity/v1.avsc"), v1.toString(true));
        Schema broken = new Schema.Parser().parse(v1.toString().replace(
                "\"fields\":[",
                "\"fields\":[{\"name\":\"precision\",\"type\":\"string\",\"doc\":\"new, no default\"},"));

        List<String> problems = ReleasedSchemaCompatibility.check(released, Map.of("ModelIdentity", broken));

        assertThat(problems).singleElement().asString()
                .contains("Schema ModelIdentity is not BACKWARD compatible with released v1")
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
                .contains("precision");
    }

    @Test
    void changingAFieldTypeIsDetected(@TempDir Path released) throws IOException {
        Schema v1 = Provenance.getClassSchema();
        Files.createDirectories(released.resolve("Provenance"));
        Files.writeString(released.resolve("Provenance/v1.avsc"), v1.toString(true));
        Schema broken = new Schema.Parser().parse(v1.toString().replace(
                "{\"name\":\"partition\",\"type\":\"int\"", "{\"name\":\"partition\",\"type\":\"string\""));

        assertThat(ReleasedSchemaCompatibility.check(released, Map.of("Provenance", broken)))
                .singleElement().asString().contains("TYPE_MISMATCH").contains("/fields/1");
    }

    @Test
    void addingAFieldWithDefaultAndAnEnumSymbolIsAccepted(@TempDir Path released) throws IOException {
        Schema v1 = Answer.getClassSchema();
        Files.createDirectories(released.resolve("Answer"));
        Files.writeString(released.resolve("Answer/v1.avsc"), v1.toString(true));
        Schema v2 = new Schema.Parser().parse(v1.toString()
                .replace("\"MULTI_SPAN\"]", "\"MULTI_SPAN\",\"YES_NO\"]")
                .replace("\"fields\":[", "\"fields\":[{\"name\":\"added_in_test\",\"type\":[\"null\",\"string\"],\"default\":null,\"doc\":\"d\"},"));
        assertThat(v2.getField("added_in_test")).isNotNull();

        assertThat(ReleasedSchemaCompatibility.check(released, Map.of("Answer", v2))).isEmpty();
    }

    @Test
    void removingAReleasedSchemaIsDetected(@TempDir Path released) throws IOException {
        Files.createDirectories(released.resolve("Gone"));
        Files.writeString(released.resolve("Gone/v1.avsc"), ModelIdentity.getClassSchema().toString());

        assertThat(ReleasedSchemaCompatibility.check(released, Map.of()))
                .singleElement().asString().contains("Released schema Gone").contains("has no current schema");
    }
}
