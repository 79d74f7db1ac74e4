package io.headstream.registry.server;

import io.headstream.registry.CompatibilityLevel;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * Decides whether a candidate schema may follow a subject's existing versions under a
 * {@link CompatibilityLevel}, using Avro's reader/writer compatibility rules, and says why not.
 */
final class CompatibilityChecker {

    private CompatibilityChecker() {}

    /**
     * Returns one message per violation; empty when {@code candidate} is acceptable.
     *
     * @param existing the subject's versions, oldest first (may be empty)
     */
    static List<String> check(CompatibilityLevel level, Schema candidate, List<VersionedSchema> existing) {
        List<String> problems = new ArrayList<>();
        if (level == CompatibilityLevel.NONE || existing.isEmpty()) {
            return problems;
        }
        List<VersionedSchema> against = level.transitive() ? existing : List.of(existing.get(existing.size() - 1));
        for (VersionedSchema old : against) {
            if (level.checksBackward()) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(candidate, old.schema()),
                        "the new schema cannot read data written with version " + old.version(), problems);
            }
            if (level.checksForward()) {
                describe(SchemaCompatibility.checkReaderWriterCompatibility(old.schema(), candidate),
                        "version " + old.version() + " cannot read data written with the new schema", problems);
            }
        }
        return problems;
    }

    private static void describe(SchemaPairCompatibility result, String what, List<String> problems) {
        if (result.getType() == SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        for (Incompatibility i : result.getResult().getIncompatibilities()) {
            problems.add("{errorType:'" + i.getType() + "', description:'" + what + "', location:'"
                    + i.getLocation() + "', message:'" + i.getMessage() + "'}");
        }
    }

    /** A schema with the version it has in its subject. */
    record VersionedSchema(int version, Schema schema) {}
}
