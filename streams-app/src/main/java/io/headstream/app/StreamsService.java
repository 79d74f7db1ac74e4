package io.headstream.app;

import io.headstream.config.HeadstreamConfig;
import io.headstream.config.HeadstreamKeys;
import io.headstream.inference.MultiHeadModel;
import io.headstream.inference.SharedInferenceExecutor;
import io.headstream.metrics.MetricsServer;
import io.headstream.metrics.PipelineMetrics;
import io.headstream.metrics.SecretTagFilter;
import io.headstream.topology.DeadLetterExceptionHandler;
import io.headstream.topology.DeadLetterReason;
import io.headstream.topology.HeadstreamTopology;
import io.headstream.topology.OutputLimits;
import io.headstream.topology.Topics;
import io.headstream.topology.TopologySettings;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running headstream instance: Kafka Streams over the topology, the meters and the
 * metrics/health endpoint. Owns all three and closes them, within a bound, in reverse order.
 * The model is owned by the caller (it outlives restarts in tests).
 */
public final class StreamsService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamsService.class);

    private final KafkaStreams streams;
    private final PrometheusMeterRegistry registry;
    private final KafkaStreamsMetrics binder;
    private final MetricsServer server;
    private final ThreadFailurePolicy failurePolicy;
    private final Topics topics;
    private final SharedInferenceExecutor executor;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private StreamsService(KafkaStreams streams, PrometheusMeterRegistry registry, KafkaStreamsMetrics binder,
            MetricsServer server, ThreadFailurePolicy failurePolicy, Topics topics, SharedInferenceExecutor executor) {
        this.streams = streams;
        this.registry = registry;
        this.binder = binder;
        this.server = server;
        this.failurePolicy = failurePolicy;
        this.topics = topics;
        this.executor = executor;
    }

    /** Builds the topology for {@code config} and {@code model} and starts Kafka Streams. */
    public static StreamsService start(HeadstreamConfig config, MultiHeadModel model) {
        return start(config, model, SerdeSettings.topics(config));
    }

    /** As {@link #start(HeadstreamConfig, MultiHeadModel)}, with the topics and their serdes already built. */
    public static StreamsService start(HeadstreamConfig config, MultiHeadModel model, Topics topics) {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new SecretTagFilter());
        // Process and JVM meters (CPU, memory, GC, threads, open files) for dashboards and soak checks.
        new ProcessorMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        PipelineMetrics metrics = new PipelineMetrics(registry);
        metrics.modelInfo(model.identity(), config.get(HeadstreamKeys.MODEL_DEVICE));
        // Every dead-letter series exists at 0 from the start, so an alert on its rate sees the first one.
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            metrics.deadLettersAtZero(reason.stage().name().toLowerCase(java.util.Locale.ROOT), reason.code());
        }
        for (String topic : topics.outputNames()) {
            metrics.recordsOutAtZero(topic);
        }
        OutputSchemas.warm(topics, SerdeSettings.serdeConfig(config));
        TopologySettings settings = new TopologySettings(
                config.get(HeadstreamKeys.APPLICATION_ID),
                config.get(HeadstreamKeys.BATCH_MAX_SIZE),
                config.get(HeadstreamKeys.BATCH_MAX_DELAY_MS),
                config.get(HeadstreamKeys.MAX_QUESTION_CHARS),
                config.get(HeadstreamKeys.MAX_CONTEXT_CHARS),
                new OutputLimits(config.get(HeadstreamKeys.OUTPUT_MAX_SPAN_CHARS),
                        config.get(HeadstreamKeys.OUTPUT_MAX_SPANS), config.get(HeadstreamKeys.SUMMARY_MAX_CHARS),
                        outputMaxBytes(config)),
                config.get(HeadstreamKeys.OUTPUT_MAX_PUBLISH_ATTEMPTS));
        SharedInferenceExecutor executor = config.get(HeadstreamKeys.INFERENCE_SHARED)
                ? SharedInferenceExecutor.start(model, ModelFactory.executorSettings(config)) : null;
        try {
            return start(config, model, registry, metrics, topics, settings, executor);
        } catch (RuntimeException e) {
            if (executor != null) {
                executor.close();
            }
            throw e;
        }
    }

    private static StreamsService start(HeadstreamConfig config, MultiHeadModel model, PrometheusMeterRegistry registry,
            PipelineMetrics metrics, Topics topics, TopologySettings settings, SharedInferenceExecutor executor) {
        Topology topology = HeadstreamTopology.build(settings, topics, model, executor, metrics);
        LOG.info("topology:\n{}", topology.describe());
        if (executor != null) {
            LOG.info("shared inference executor: {}", executor.settings());
            bindExecutor(registry, executor);
        }

        java.util.Properties props = StreamsProperties.of(config);
        // The exception handlers are made by Kafka Streams from the properties; this is how they
        // get the app's meters, so their dead letters are counted with the processor's.
        props.put(DeadLetterExceptionHandler.METRICS_CONFIG, metrics);
        KafkaStreams streams = new KafkaStreams(topology, props);
        ThreadFailurePolicy policy = new ThreadFailurePolicy(3, Clock.systemUTC());
        streams.setUncaughtExceptionHandler(policy);
        KafkaStreamsMetrics binder = new KafkaStreamsMetrics(streams);
        binder.bindTo(registry);

        MetricsServer server = null;
        int port = config.get(HeadstreamKeys.METRICS_PORT);
        if (port >= 0) {
            try {
                server = MetricsServer.start(config.get(HeadstreamKeys.METRICS_BIND_ADDRESS), port, registry,
                        () -> streams.state() == KafkaStreams.State.RUNNING);
                LOG.info("metrics and health on http://{}:{}/metrics", server.address().getHostString(),
                        server.address().getPort());
            } catch (IOException e) {
                binder.close();
                throw new UncheckedIOException("cannot bind the metrics endpoint to "
                        + config.get(HeadstreamKeys.METRICS_BIND_ADDRESS) + ":" + port, e);
            }
        }
        StreamsService service = new StreamsService(streams, registry, binder, server, policy, topics, executor);
        streams.setStateListener((now, before) -> {
            LOG.info("Kafka Streams {} -> {}", before, now);
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                service.stopped.countDown();
            }
        });
        streams.start();
        return service;
    }

    /**
     * {@code headstream.output.max.bytes}, or when 0 the producer's {@code max.request.size}
     * (1 MiB unless set) minus 64 KiB for the record's key, headers and batch framing.
     */
    static int outputMaxBytes(HeadstreamConfig config) {
        int set = config.get(HeadstreamKeys.OUTPUT_MAX_BYTES);
        if (set > 0) {
            return set;
        }
        java.util.Properties kafka = config.kafkaProperties();
        Object request = kafka.getOrDefault("producer.max.request.size", kafka.getOrDefault("max.request.size",
                1024 * 1024));
        return Math.max(1024, Integer.parseInt(String.valueOf(request)) - 64 * 1024);
    }

    private static void bindExecutor(MeterRegistry registry, SharedInferenceExecutor executor) {
        Gauge.builder("headstream.inference.queue.depth", executor, SharedInferenceExecutor::queued)
                .description("Events waiting for the shared inference executor").register(registry);
        FunctionCounter.builder("headstream.inference.passes", executor.stats(), s -> s.passes())
                .description("Forward passes run by the shared inference executor").register(registry);
        FunctionCounter.builder("headstream.inference.pass.events", executor.stats(), s -> s.events())
                .description("Events run in those passes (events per pass = this / passes)").register(registry);
        FunctionCounter.builder("headstream.inference.failed.passes", executor.stats(), s -> s.failedPasses())
                .description("Passes that failed as a whole and were retried event by event").register(registry);
    }

    /** The JVM's shared inference executor, if {@code headstream.inference.shared} is on. */
    public Optional<SharedInferenceExecutor> executor() {
        return Optional.ofNullable(executor);
    }

    /** Waits until Kafka Streams is RUNNING; false on timeout or if it failed first. */
    public boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            KafkaStreams.State state = streams.state();
            if (state == KafkaStreams.State.RUNNING) {
                return true;
            }
            if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING
                    || state == KafkaStreams.State.PENDING_ERROR) {
                return false;
            }
            if (stopped.await(20, TimeUnit.MILLISECONDS)) {
                return false;
            }
        }
        return false;
    }

    /** Blocks until Kafka Streams stops by itself (error) or the timeout passes. */
    public boolean awaitStopped(Duration timeout) throws InterruptedException {
        return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public Optional<Throwable> fatalError() {
        return Optional.ofNullable(failurePolicy.fatal());
    }

    public PrometheusMeterRegistry meters() {
        return registry;
    }

    public Topics topics() {
        return topics;
    }

    public Optional<InetSocketAddress> metricsAddress() {
        return Optional.ofNullable(server).map(MetricsServer::address);
    }

    /**
     * Closes within {@code timeout}; returns false if Kafka Streams did not finish in time. The
     * instance stays in its consumer group (Kafka Streams' default), so a restarted instance takes
     * its tasks back without a rebalance in between.
     */
    public boolean close(Duration timeout) {
        return close(timeout, CloseOptions.GroupMembershipOperation.DEFAULT);
    }

    /**
     * As {@link #close(Duration)}, leaving the consumer group: for a process that will not come
     * back soon (the demo), so the next start does not wait for this member's session to expire.
     */
    public boolean closeAndLeaveGroup(Duration timeout) {
        return close(timeout, CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
    }

    private boolean close(Duration timeout, CloseOptions.GroupMembershipOperation membership) {
        boolean clean = streams.close(CloseOptions.timeout(timeout).withGroupMembershipOperation(membership));
        if (executor != null) {
            executor.close();
        }
        binder.close();
        if (server != null) {
            server.close();
        }
        registry.close();
        return clean;
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(30));
    }
}
