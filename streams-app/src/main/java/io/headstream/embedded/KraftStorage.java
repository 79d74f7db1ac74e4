package io.headstream.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import org.apache.kafka.common.Uuid;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The KRaft data directory of one combined node: formats it the first time (what
 * {@code kafka-storage.sh format} does) and afterwards only reads back the cluster id that the
 * format wrote into {@code meta.properties}, so a restart on the same directory keeps its data.
 */
final class KraftStorage {

    private static final Logger LOG = LoggerFactory.getLogger(KraftStorage.class);
    private static final String META_PROPERTIES = "meta.properties";

    private final Path dataDir;

    KraftStorage(Path dataDir) {
        this.dataDir = dataDir;
    }

    Path dataDir() {
        return dataDir;
    }

    boolean isFormatted() {
        return Files.isRegularFile(dataDir.resolve(META_PROPERTIES));
    }

    /** Formats the directory unless it is formatted already; returns the cluster id either way. */
    String formatIfNeeded(int nodeId, String controllerListenerName) {
        if (isFormatted()) {
            return readClusterId();
        }
        String clusterId = Uuid.randomUuid().toString();
        ByteArrayOutputStream formatterOutput = new ByteArrayOutputStream();
        try {
            Files.createDirectories(dataDir);
            new Formatter()
                    .setPrintStream(new PrintStream(formatterOutput, true, StandardCharsets.UTF_8))
                    .setNodeId(nodeId)
                    .setClusterId(clusterId)
                    .setDirectories(List.of(dataDir.toString()))
                    .setMetadataLogDirectory(dataDir.toString())
                    .setControllerListenerName(controllerListenerName)
                    .run();
        } catch (Exception e) {
            throw new EmbeddedBrokerException("Could not format the KRaft data directory " + dataDir
                    + ": " + e.getMessage() + " (formatter said: "
                    + formatterOutput.toString(StandardCharsets.UTF_8).strip() + ")", e);
        }
        LOG.debug("Formatted {}: {}", dataDir, formatterOutput.toString(StandardCharsets.UTF_8).strip());
        return clusterId;
    }

    String readClusterId() {
        Path file = dataDir.resolve(META_PROPERTIES);
        Properties meta = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            meta.load(in);
        } catch (IOException e) {
            throw new EmbeddedBrokerException("Could not read " + file + ": " + e.getMessage(), e);
        }
        String clusterId = meta.getProperty("cluster.id");
        if (clusterId == null || clusterId.isBlank()) {
            throw new EmbeddedBrokerException(file + " has no cluster.id; the directory was not "
                    + "formatted by Kafka, delete it or choose another work directory");
        }
        return clusterId;
    }
}
