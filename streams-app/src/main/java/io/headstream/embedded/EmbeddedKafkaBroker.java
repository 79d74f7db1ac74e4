package io.headstream.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft Kafka cluster (combined broker and controller) running inside this JVM,
 * bound to 127.0.0.1, with its data in a work directory that outlives the broker.
 *
 * <p>{@link #start()} formats the directory the first time, starts
 * {@code kafka.server.KafkaRaftServer} and returns once an admin client sees the broker in
 * {@code describeCluster}; {@link #stop()} shuts it down within a bound. Stopping and starting
 * again reuses the directory, the cluster id and the ports, so clients that outlive a restart
 * reconnect to the same address and find their topics, offsets and committed transactions.
 * Optionally a second listener speaks SASL_SSL/SCRAM ({@link SaslSslListener}). Typical use:
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder(workDir).build()) {
 *     kafka.start();
 *     kafka.createTopics(3, "questions");
 *     String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one owner starts and stops it.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

    private final KraftStorage storage;
    private final Map<String, String> overrides;
    private final Duration startTimeout;
    private final Duration stopTimeout;
    private int clientPort;
    private int controllerPort;
    private Optional<SaslSslListener> secure;
    private String clusterId;
    private KafkaRaftServer server;

    private EmbeddedKafkaBroker(Builder builder) {
        this.storage = new KraftStorage(builder.workDir.resolve("kraft-combined-logs"));
        this.overrides = Map.copyOf(builder.overrides);
        this.startTimeout = builder.startTimeout;
        this.stopTimeout = builder.stopTimeout;
        this.clientPort = builder.clientPort;
        this.controllerPort = builder.controllerPort;
        this.secure = Optional.ofNullable(builder.secure);
    }

    /** A builder for a broker whose data lives under {@code workDir} (created if missing). */
    public static Builder builder(Path workDir) {
        return new Builder(workDir);
    }

    /**
     * Formats the data directory if this is its first use, starts the node and waits until it
     * serves clients (and, with a SASL_SSL listener, until its SCRAM users can log in). Ports
     * left at 0 are chosen on the first start and kept for restarts.
     *
     * @throws EmbeddedBrokerException if formatting or start-up fails or the broker is not
     *                                 ready within the start timeout; the node is then stopped
     * @throws IllegalStateException   if it is already running
     */
    public synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("Embedded Kafka on " + bootstrapServers() + " is already running");
        }
        clientPort = clientPort == 0 ? BrokerSettings.freeLoopbackPort() : clientPort;
        controllerPort = controllerPort == 0 ? BrokerSettings.freeLoopbackPort() : controllerPort;
        secure = secure.map(s -> s.port() == 0 ? s.withPort(BrokerSettings.freeLoopbackPort()) : s);
        long started = System.nanoTime();
        clusterId = storage.formatIfNeeded(BrokerSettings.NODE_ID, BrokerSettings.CONTROLLER_LISTENER);
        KafkaConfig config = new KafkaConfig(BrokerSettings.serverProperties(
                storage.dataDir(), clientPort, controllerPort, secure, overrides), false);
        server = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            server.startup();
            BrokerAdmin.awaitReady(clientProperties(), startTimeout);
            secure.ifPresent(s -> BrokerAdmin.upsertScramUsers(clientProperties(), s.users(), startTimeout));
        } catch (RuntimeException e) {
            stopQuietly();
            throw e instanceof EmbeddedBrokerException ? e : new EmbeddedBrokerException(
                    "Embedded Kafka failed to start on " + bootstrapServers() + " with data in "
                            + storage.dataDir() + ": " + causeChain(e), e);
        }
        LOG.info("Embedded Kafka {} ready on {}{} in {} ms (data in {})", clusterId, bootstrapServers(),
                secure.map(s -> " and SASL_SSL " + saslSslBootstrapServers()).orElse(""),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), storage.dataDir());
    }

    /** {@code host:port} of the plaintext client listener, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return BrokerSettings.HOST + ":" + clientPort;
    }

    /**
     * {@code host:port} of the SASL_SSL listener.
     *
     * @throws IllegalStateException if the broker was built without one
     */
    public String saslSslBootstrapServers() {
        return BrokerSettings.HOST + ":" + requireSecure().port();
    }

    /** The cluster id written when the data directory was formatted; null before the first start. */
    public String clusterId() {
        return clusterId;
    }

    /** Where the node keeps its logs and metadata. */
    public Path dataDir() {
        return storage.dataDir();
    }

    public boolean isRunning() {
        return server != null;
    }

    /** Client properties that reach the plaintext listener; callers add their own (serializers...). */
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return props;
    }

    /**
     * Client properties that log in to the SASL_SSL listener as {@code user}, trusting the
     * broker's own key store (which holds its certificate).
     *
     * @throws IllegalStateException    if the broker was built without a SASL_SSL listener
     * @throws IllegalArgumentException if {@code user} is not one of its SCRAM users
     */
    public Map<String, Object> saslSslClientProperties(String user) {
        return requireSecure().clientProperties(saslSslBootstrapServers(), user);
    }

    /** Creates single-replica topics with the given partition count and waits for them. */
    public void createTopics(int partitions, String... names) {
        createTopics(Arrays.stream(names).map(n -> new NewTopic(n, partitions, (short) 1)).toList());
    }

    /** Creates topics and waits until the controller has created all of them. */
    public void createTopics(NewTopic... topics) {
        createTopics(Arrays.asList(topics));
    }

    public void createTopics(Collection<NewTopic> topics) {
        requireRunning();
        BrokerAdmin.createTopics(clientProperties(), topics, startTimeout);
    }

    /** Creates those topics that do not exist yet; existing ones (after a restart) are kept as they are. */
    public void createMissingTopics(Collection<NewTopic> topics) {
        requireRunning();
        BrokerAdmin.createMissingTopics(clientProperties(), topics, startTimeout);
    }

    /**
     * Shuts the node down cleanly (logs flushed, clean-shutdown marker written) and waits at
     * most the stop timeout. The data directory stays; {@link #start()} may be called again.
     *
     * @throws EmbeddedBrokerException if shutdown does not finish within the stop timeout
     */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        KafkaRaftServer stopping = server;
        server = null;
        Thread shutdown = new Thread(() -> {
            stopping.shutdown();
            stopping.awaitShutdown();
        }, "embedded-kafka-shutdown");
        shutdown.setDaemon(true);
        shutdown.start();
        try {
            shutdown.join(stopTimeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (shutdown.isAlive()) {
            throw new EmbeddedBrokerException("Embedded Kafka on " + bootstrapServers()
                    + " did not shut down within " + stopTimeout);
        }
        LOG.info("Embedded Kafka on {} stopped", bootstrapServers());
    }

    @Override
    public void close() {
        stop();
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            LOG.warn("Embedded Kafka did not stop cleanly after a failed start", e);
        }
    }

    private void requireRunning() {
        if (server == null) {
            throw new IllegalStateException("Embedded Kafka is not running; call start() first");
        }
    }

    private SaslSslListener requireSecure() {
        return secure.orElseThrow(() -> new IllegalStateException(
                "This embedded Kafka has no SASL_SSL listener; add one with Builder.saslSsl(...)"));
    }

    /** Kafka wraps start-up failures several times; the useful part (which port) is deep inside. */
    private static String causeChain(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null && out.length() < 1_000; t = t.getCause()) {
            if (t.getMessage() != null && out.indexOf(t.getMessage()) < 0) {
                out.append(out.length() == 0 ? "" : " <- ").append(t.getMessage());
            }
        }
        return out.toString();
    }

    /** Options of an {@link EmbeddedKafkaBroker}; every one has a default suited to tests. */
    public static final class Builder {
        private final Path workDir;
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private int clientPort;
        private int controllerPort;
        private SaslSslListener secure;
        private Duration startTimeout = Duration.ofSeconds(60);
        private Duration stopTimeout = Duration.ofSeconds(30);

        private Builder(Path workDir) {
            this.workDir = Objects.requireNonNull(workDir, "workDir");
        }

        /** Plaintext client listener port; 0 (the default) picks a free one on first start. */
        public Builder clientPort(int port) {
            this.clientPort = checkPort(port, "clientPort");
            return this;
        }

        /** Controller listener port; 0 (the default) picks a free one on first start. */
        public Builder controllerPort(int port) {
            this.controllerPort = checkPort(port, "controllerPort");
            return this;
        }

        /** Adds a SASL_SSL/SCRAM-SHA-512 listener next to the plaintext one. */
        public Builder saslSsl(SaslSslListener listener) {
            this.secure = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** A Kafka server property overriding the single-node defaults, e.g. {@code log.retention.ms}. */
        public Builder serverProperty(String key, String value) {
            overrides.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** How long {@link #start()} and {@link #createTopics} wait; default 60 s. */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = checkPositive(timeout, "startTimeout");
            return this;
        }

        /** How long {@link #stop()} waits for a clean shutdown; default 30 s. */
        public Builder stopTimeout(Duration timeout) {
            this.stopTimeout = checkPositive(timeout, "stopTimeout");
            return this;
        }

        public EmbeddedKafkaBroker build() {
            return new EmbeddedKafkaBroker(this);
        }

        private static int checkPort(int port, String name) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException(name + " must be 0 (any free port) or 1..65535, got " + port);
            }
            return port;
        }

        private static Duration checkPositive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration, got " + d);
            }
            return d;
        }
    }
}
