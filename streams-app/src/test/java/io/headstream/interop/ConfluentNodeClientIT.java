package io.headstream.interop;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Confluent's Node client, {@code @confluentinc/schemaregistry} 1.10 (AvroSerializer,
 * AvroDeserializer, SchemaRegistryClient) carried by kafkajs 2.2.4, against headstream's
 * embedded broker and registry; the script is {@code src/test/interop/node/interop.js}.
 * Needs Node.js and {@code npm ci} in that folder ({@code .ci/run} does both).
 */
class ConfluentNodeClientIT extends ConfluentClientContract {

    private static final Path NODE_DIR = InteropPaths.interopDir().resolve("node");

    @Override
    List<String> command(List<String> args) {
        List<String> command = new ArrayList<>(List.of("node", NODE_DIR.resolve("interop.js").toString()));
        command.addAll(args);
        return command;
    }

    @Override
    List<String> availabilityProbe() {
        // node must run, and the locked dependencies must be installed where the script is.
        boolean installed = Files.isDirectory(NODE_DIR.resolve("node_modules/@confluentinc/schemaregistry"))
                && Files.isDirectory(NODE_DIR.resolve("node_modules/kafkajs"));
        return installed ? List.of("node", "--version") : List.of("false");
    }

    @Override
    String installHint() {
        return "install Node.js and run `npm ci` in " + NODE_DIR;
    }
}
