package io.headstream.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/**
 * House rules for the .avsc files: a namespace, a doc on every named type and field, nullable
 * unions with null first and a null default, and a default on every enum so readers tolerate
 * symbols added later.
 */
class SchemaConventionsTest {

    @Test
    void everySchemaFollowsTheConventions() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Schema> e : ReleasedSchemaCompatibilityTest.currentSchemas().entrySet()) {
            visit(e.getValue(), e.getKey(), problems, new HashSet<>());
        }
        assertThat(problems).as("schema convention violations").isEmpty();
    }

    private static void visit(Schema s, String path, List<String> problems, Set<String> seen) {
        switch (s.getType()) {
            case RECORD -> {
                if (!seen.add(s.getFullName())) {
                    return;
                }
                checkNamed(s, path, problems);
                for (Schema.Field f : s.getFields()) {
                    String fp = path + "." + f.name();
                    if (f.doc() == null || f.doc().isBlank()) {
                        problems.add(fp + ": field has no doc");
                    }
                    Schema t = f.schema();
                    if (t.getType() == Schema.Type.UNION && t.isNullable()) {
                        if (t.getTypes().get(0).getType() != Schema.Type.NULL) {
                            problems.add(fp + ": nullable union must list null first");
                        }
                        if (f.defaultVal() != JsonProperties.NULL_VALUE) {
                            problems.add(fp + ": nullable field must default to null");
                        }
                    }
                    visit(t, fp, problems, seen);
                }
            }
            case ENUM -> {
                checkNamed(s, path, problems);
                if (s.getEnumDefault() == null) {
                    problems.add(path + ": enum " + s.getName() + " needs a default symbol");
                }
            }
            case UNION -> s.getTypes().forEach(t -> visit(t, path, problems, seen));
            case ARRAY -> visit(s.getElementType(), path + "[]", problems, seen);
            case MAP -> visit(s.getValueType(), path + "{}", problems, seen);
            default -> { }
        }
    }

    private static void checkNamed(Schema s, String path, List<String> problems) {
        if (!"io.headstream.schema".equals(s.getNamespace())) {
            problems.add(path + ": " + s.getName() + " must be in namespace io.headstream.schema");
        }
        if (s.getDoc() == null || s.getDoc().isBlank()) {
            problems.add(path + ": " + s.getName() + " has no doc");
        }
    }
}
