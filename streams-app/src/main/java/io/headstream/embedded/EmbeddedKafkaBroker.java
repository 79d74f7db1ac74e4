package io.headstream.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Node;
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
 * Typical use:
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder(workDir).build()) {
 *     kafka.start();
 *     kafka.createTopics(new NewTopic("questions", 3, (short) 1));
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
    private String clusterId;
    private KafkaRaftServer server;

    private EmbeddedKafkaBroker(Builder builder) {
        this.storage = new KraftStorage(builder.workDir.resolve("kraft-combined-logs"));
        this.overrides = Map.copyOf(builder.overrides);
        this.startTimeout = builder.startTimeout;
        this.stopTimeout = builder.stopTimeout;
        this.clientPort = builder.clientPort;
        this.controllerPort = builder.controllerPort;
    }

    /** A builder for a broker whose data lives under {@code workDir} (created if missing). */
    public static Builder builder(Path workDir) {
        return new Builder(workDir);
    }

    /**
     * Formats the data directory if this is its first use, starts the node and waits until it
     * serves clients. Ports left at 0 are chosen on the first start and kept for restarts.
     *
     * @throws EmbeddedBrokerException if formatting or start-up fails or the broker is not
     *                                 ready within the start timeout; the node is then stopped
     * @throws IllegalStateException   if it is already running
     */
    public synchronized void start() {
        if (server != null) {
            throw new IllegalStateException("Embedded Kafka on " + bootstrapServers() + " is already running");
        }
        if (clientPort == 0) {
            clientPort = freeLoopbackPort();
        }
        if (controllerPort == 0) {
            controllerPort = freeLoopbackPort();
        }
        long started = System.nanoTime();
        clusterId = storage.formatIfNeeded(BrokerSettings.NODE_ID, BrokerSettings.CONTROLLER_LISTENER, List.of());
        KafkaConfig config = new KafkaConfig(BrokerSettings.serverProperties(
                storage.dataDir(), clientPort, controllerPort, overrides), false);
        KafkaRaftServer candidate = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            candidate.startup();
            server = candidate;
            awaitReady();
        } catch (RuntimeException e) {
            server = candidate;
            stopQuietly();
            throw e instanceof EmbeddedBrokerException ? e : new EmbeddedBrokerException(
                    "Embedded Kafka failed to start on " + bootstrapServers() + " with data in "
                            + storage.dataDir() + ": " + e.getMessage(), e);
        }
        LOG.info("Embedded Kafka {} ready on {} in {} ms (data in {})", clusterId, bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), storage.dataDir());
    }

    /** {@code host:port} of the client listener, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return BrokerSettings.HOST + ":" + clientPort;
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

    /** Client properties that reach this broker; callers add their own serializers etc. */
    public Map<String, Object> clientProperties() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        return props;
    }

    /** Creates topics and waits until the controller has created all of them. */
    public void createTopics(NewTopic... topics) {
        createTopics(Arrays.asList(topics));
    }

    /** Creates single-replica topics with the given partition count and waits for them. */
    public void createTopics(int partitions, String... names) {
        createTopics(Arrays.stream(names).map(n -> new NewTopic(n, partitions, (short) 1)).toList());
    }

    public void createTopics(Collection<NewTopic> topics) {
        requireRunning();
        try (Admin admin = Admin.create(clientProperties())) {
            admin.createTopics(topics).all().get(startTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new EmbeddedBrokerException("Could not create topics "
                    + topics.stream().map(NewTopic::name).toList() + ": " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new EmbeddedBrokerException("Topics " + topics.stream().map(NewTopic::name).toList()
                    + " were not created within " + startTimeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedBrokerException("Interrupted while creating topics", e);
        }
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

    private void awaitReady() {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        try (Admin admin = Admin.create(clientProperties())) {
            while (true) {
                long leftMs = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (leftMs <= 0) {
                    throw new EmbeddedBrokerException("Embedded Kafka on " + bootstrapServers()
                            + " was not ready within " + startTimeout);
                }
                try {
                    Collection<Node> nodes = admin.describeCluster(
                            new DescribeClusterOptions().timeoutMs((int) Math.min(leftMs, 5_000)))
                            .nodes().get(leftMs, TimeUnit.MILLISECONDS);
                    if (nodes.stream().anyMatch(n -> n.id() == BrokerSettings.NODE_ID)) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    LOG.debug("Embedded Kafka not ready yet: {}", e.toString());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedBrokerException("Interrupted while waiting for embedded Kafka", e);
        }
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

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(BrokerSettings.HOST))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port on " + BrokerSettings.HOST, e);
        }
    }

    /** Options of an {@link EmbeddedKafkaBroker}; every one has a default suited to tests. */
    public static final class Builder {
        private final Path workDir;
        private final Map<String, String> overrides = new LinkedHashMap<>();
        private int clientPort;
        private int controllerPort;
        private Duration startTimeout = Duration.ofSeconds(60);
        private Duration stopTimeout = Duration.ofSeconds(30);

        private Builder(Path workDir) {
            this.workDir = Objects.requireNonNull(workDir, "workDir");
        }

        /** Client listener port; 0 (the default) picks a free one on first start. */
        public Builder clientPort(int port) {
            this.clientPort = checkPort(port, "clientPort");
            return this;
        }

        /** Controller listener port; 0 (the default) picks a free one on first start. */
        public Builder controllerPort(int port) {
            this.controllerPort = checkPort(port, "controllerPort");
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
