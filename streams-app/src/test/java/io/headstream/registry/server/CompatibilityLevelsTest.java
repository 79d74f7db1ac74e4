package io.headstream.registry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.headstream.registry.CompatibilityLevel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Which changes each compatibility level accepts. Schemas: A {name}, B = A + optional age
 * (with default), C = A + required age (no default), D = B without name.
 */
class CompatibilityLevelsTest {

    static final String A = "{\"type\":\"record\",\"name\":\"U\",\"fields\":[{\"name\":\"name\",\"type\":\"string\"}]}";
    static final String B = "{\"type\":\"record\",\"name\":\"U\",\"fields\":[{\"name\":\"name\",\"type\":\"string\"},"
            + "{\"name\":\"age\",\"type\":[\"null\",\"int\"],\"default\":null}]}";
    static final String C = "{\"type\":\"record\",\"name\":\"U\",\"fields\":[{\"name\":\"name\",\"type\":\"string\"},"
            + "{\"name\":\"age\",\"type\":\"int\"}]}";
    static final String D = "{\"type\":\"record\",\"name\":\"U\",\"fields\":[{\"name\":\"age\",\"type\":[\"null\",\"int\"],\"default\":null}]}";

    static String schema(String name) {
        return switch (name) {
            case "A" -> A;
            case "B" -> B;
            case "C" -> C;
            case "D" -> D;
            default -> throw new IllegalArgumentException(name);
        };
    }

    @ParameterizedTest(name = "{0}: {1} then {2} -> {3}")
    @CsvSource({
        // level, first, then, accepted
        "NONE, A, C, true",
        "BACKWARD, A, B, true",      // new optional field: new reader fills the default
        "BACKWARD, A, C, false",     // new required field: old data has no value for it
        "BACKWARD, B, D, true",      // removing a field: the new reader skips it
        "FORWARD, A, C, true",       // old reader ignores the added field
        "FORWARD, B, D, false",      // old reader needs 'name', which new data lacks
        "FULL, A, B, true",
        "FULL, A, C, false",
        "FULL, B, D, false",
    })
    void levelDecidesWhichChangesAreAccepted(CompatibilityLevel level, String first, String then, boolean accepted) {
        SchemaRegistryService service = new SchemaRegistryService(new InMemorySchemaStore());
        service.setCompatibility("s", level);
        service.register("s", schema(first));

        if (accepted) {
            assertThat(service.register("s", schema(then)).version()).isEqualTo(2);
        } else {
            assertThatThrownBy(() -> service.register("s", schema(then)))
                    .isInstanceOfSatisfying(RegistryError.class, e -> assertThat(e.errorCode()).isEqualTo(409));
        }
    }

    @ParameterizedTest
    @CsvSource({"BACKWARD, true", "BACKWARD_TRANSITIVE, false"})
    void transitiveLevelsCheckEveryVersion(CompatibilityLevel level, boolean accepted) {
        // Versions A {name} and C {name, age}; the candidate {age} reads C's data but not A's
        // (A has no age and the candidate gives it no default): only a transitive check sees A.
        SchemaRegistryService service = new SchemaRegistryService(new InMemorySchemaStore());
        service.setCompatibility("s", CompatibilityLevel.NONE);
        service.register("s", A);
        service.register("s", C);
        service.setCompatibility("s", level);

        String readsCNotA = "{\"type\":\"record\",\"name\":\"U\",\"fields\":[{\"name\":\"age\",\"type\":\"int\"}]}";
        if (accepted) {
            assertThat(service.register("s", readsCNotA).version()).isEqualTo(3);
        } else {
            assertThatThrownBy(() -> service.register("s", readsCNotA))
                    .isInstanceOfSatisfying(RegistryError.class, e -> assertThat(e.getMessage()).contains("version 1"));
        }
    }
}
