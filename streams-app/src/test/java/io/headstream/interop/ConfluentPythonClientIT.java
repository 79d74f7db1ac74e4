package io.headstream.interop;

import java.util.ArrayList;
import java.util.List;

/**
 * Confluent's Python client as Debian 12 ships it, {@code python3-confluent-kafka} 1.7 (its
 * legacy Avro serdes over {@code python3-avro}, and its newer SchemaRegistryClient), against
 * headstream's embedded broker and registry; the script is
 * {@code src/test/interop/python/interop.py}, run with Debian's {@code /usr/bin/python3}.
 */
class ConfluentPythonClientIT extends ConfluentClientContract {

    private static final String PYTHON = "/usr/bin/python3";

    @Override
    List<String> command(List<String> args) {
        List<String> command = new ArrayList<>(List.of(PYTHON,
                InteropPaths.interopDir().resolve("python/interop.py").toString()));
        command.addAll(args);
        return command;
    }

    @Override
    List<String> availabilityProbe() {
        return List.of(PYTHON, "-c", "import confluent_kafka.avro, confluent_kafka.schema_registry, avro, requests");
    }

    @Override
    String installHint() {
        return "apt-get install python3-confluent-kafka python3-avro python3-requests";
    }
}
