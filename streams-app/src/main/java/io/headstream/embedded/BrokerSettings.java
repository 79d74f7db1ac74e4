package io.headstream.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The server properties of the single combined node: loopback listeners on the chosen ports,
 * one data directory, and every replication factor and minimum ISR brought down to one, because
 * Kafka's defaults assume three brokers and would leave internal topics (consumer offsets,
 * transaction state, share-group state) unable to be created. Caller overrides win.
 */
final class BrokerSettings {

    static final int NODE_ID = 1;
    static final String CLIENT_LISTENER = "CLIENT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final String SECURE_LISTENER = "SECURE";
    static final String HOST = "127.0.0.1";

    private BrokerSettings() {
    }

    static Map<String, String> serverProperties(Path dataDir, int clientPort, int controllerPort,
                                                Optional<SaslSslListener> secure,
                                                Map<String, String> overrides) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        // Static voters: the controller's address is configuration, not stored in the log, so a
        // restart may use another controller port without reformatting.
        p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
        p.put("controller.listener.names", CONTROLLER_LISTENER);
        p.put("listeners", CLIENT_LISTENER + "://" + HOST + ":" + clientPort + ","
                + CONTROLLER_LISTENER + "://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", CLIENT_LISTENER + "://" + HOST + ":" + clientPort);
        p.put("listener.security.protocol.map",
                CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.put("inter.broker.listener.name", CLIENT_LISTENER);
        secure.ifPresent(listener -> addSecureListener(p, listener));
        p.put("log.dirs", dataDir.toString());
        p.put("metadata.log.dir", dataDir.toString());

        // One node: nothing can be replicated, so every factor and minimum ISR is one.
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        // Internal topics default to 50 partitions each; a few start much faster and are plenty.
        p.put("offsets.topic.num.partitions", "4");
        p.put("transaction.state.log.num.partitions", "4");
        p.put("share.coordinator.state.topic.num.partitions", "1");
        // Consumer groups and Streams apps start as soon as their single member joins.
        p.put("group.initial.rebalance.delay.ms", "0");
        // A topic nobody created is a typo, not a wish: producers get an error instead.
        p.put("auto.create.topics.enable", "false");
        p.put("auto.leader.rebalance.enable", "false");

        // Small footprint: the machines running the tests have few cores and the cleaner's
        // default 128 MiB dedupe buffer is wasted on test-sized compacted topics.
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("log.cleaner.threads", "1");
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        p.put("log.segment.bytes", Integer.toString(16 * 1024 * 1024));
        p.put("log.index.size.max.bytes", Integer.toString(1024 * 1024));

        p.putAll(overrides);
        return p;
    }

    private static void addSecureListener(Map<String, String> p, SaslSslListener listener) {
        String address = SECURE_LISTENER + "://" + HOST + ":" + listener.port();
        p.merge("listeners", address, (a, b) -> a + "," + b);
        p.merge("advertised.listeners", address, (a, b) -> a + "," + b);
        p.merge("listener.security.protocol.map", SECURE_LISTENER + ":SASL_SSL", (a, b) -> a + "," + b);
        String prefix = "listener.name." + SECURE_LISTENER.toLowerCase(Locale.ROOT) + ".";
        p.put(prefix + "sasl.enabled.mechanisms", SaslSslListener.MECHANISM);
        p.put(prefix + SaslSslListener.MECHANISM.toLowerCase(Locale.ROOT) + ".sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required;");
        p.put(prefix + "ssl.keystore.location", listener.keyStore().toAbsolutePath().toString());
        p.put(prefix + "ssl.keystore.type", listener.keyStoreType());
        p.put(prefix + "ssl.keystore.password", listener.keyStorePassword());
        p.put(prefix + "ssl.key.password", listener.keyStorePassword());
    }

    /** A port free on the loopback address right now; Kafka binds it moments later. */
    static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + HOST, e);
        }
    }
}
