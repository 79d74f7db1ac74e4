package io.headstream.schema;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Checks that each current schema can read data written with every released version of it
 * (Avro BACKWARD compatibility, checked transitively against all released versions).
 *
 * <p>Released versions live in {@code <releasedDir>/<Name>/v<N>.avsc}, each a self-contained
 * schema (shared named types inlined), exactly as it was registered. A released file is never
 * edited; releasing a change means adding {@code v<N+1>.avsc}. Problems are returned, not thrown,
 * so a build can report all of them at once.
 */
final class ReleasedSchemaCompatibility {

    private static final Pattern VERSION_FILE = Pattern.compile("v(\\d+)\\.avsc");

    private ReleasedSchemaCompatibility() {}

    /**
     * Returns one message per incompatible (schema, released version) pair, and one per
     * released schema that has no current counterpart; empty when everything is compatible.
     *
     * @param releasedDir folder holding one sub-folder of released versions per schema name
     * @param current current schemas by simple record name
     */
    static List<String> check(Path releasedDir, Map<String, Schema> current) {
        List<String> problems = new ArrayList<>();
        for (Path schemaDir : list(releasedDir)) {
            if (!Files.isDirectory(schemaDir)) {
                continue;
            }
            String name = schemaDir.getFileName().toString();
            Schema reader = current.get(name);
            if (reader == null) {
                problems.add("Released schema " + name + " (" + schemaDir + ") has no current schema: "
                        + "a released schema may not be removed while data written with it can exist");
                continue;
            }
            for (Path released : list(schemaDir)) {
                Matcher m = VERSION_FILE.matcher(released.getFileName().toString());
                if (!m.matches()) {
                    problems.add("Unexpected file " + released + ": released versions are named v<N>.avsc");
                    continue;
                }
                Schema writer = parse(released);
                SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
                if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
                    problems.add(describe(name, "v" + m.group(1), released, result));
                }
            }
        }
        return problems;
    }

    private static String describe(String name, String version, Path released, SchemaPairCompatibility result) {
        StringBuilder sb = new StringBuilder()
                .append("Schema ").append(name).append(" is not BACKWARD compatible with released ")
                .append(version).append(" (").append(released).append("): the current schema cannot read data written with ")
                .append(version).append('.');
        for (Incompatibility i : result.getResult().getIncompatibilities()) {
            sb.append("\n  - ").append(i.getType()).append(" at ").append(i.getLocation()).append(": ").append(i.getMessage());
        }
        return sb.toString();
    }

    static Schema parse(Path file) {
        try {
            return new Schema.Parser().parse(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read released schema " + file, e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Released schema " + file + " is not a valid Avro schema: " + e.getMessage(), e);
        }
    }

    private static List<Path> list(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + dir, e);
        }
    }
}
