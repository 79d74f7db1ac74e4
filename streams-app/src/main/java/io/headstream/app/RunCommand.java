package io.headstream.app;

import io.headstream.config.HeadstreamConfig;
import io.headstream.config.HeadstreamKeys;
import io.headstream.inference.MultiHeadModel;
import io.headstream.topology.Topics;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs headstream against an external Kafka cluster and Schema Registry, until SIGTERM. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the streaming app against the Kafka cluster and Schema Registry in the configuration.")
final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    /** How long start-up waits for the cluster to list its topics. */
    static final long TOPIC_CHECK_TIMEOUT_MS = 30_000;

    @Mixin
    ConfigOptions options;

    @Override
    public Integer call() throws Exception {
        HeadstreamConfig config = options.load(Map.of());
        LOG.info("configuration:\n  {}", String.join("\n  ", config.describe()));
        try (MultiHeadModel model = ModelFactory.load(config)) {
            StreamsService service = startChecked(config, model);
            return ServiceRunner.runUntilStopped(service,
                    Duration.ofMillis(config.get(HeadstreamKeys.SHUTDOWN_TIMEOUT_MS)));
        }
    }

    /** Checks the topics exist and the registry answers, then starts the service; shared with {@code demo}. */
    static StreamsService startChecked(HeadstreamConfig config, MultiHeadModel model) {
        return startChecked(config, model, SerdeSettings.topics(config));
    }

    /** As {@link #startChecked(HeadstreamConfig, MultiHeadModel)}, with the topics already built. */
    static StreamsService startChecked(HeadstreamConfig config, MultiHeadModel model, Topics topics) {
        TopicCheck.requireTopics(ClientProps.admin(config), topics, TOPIC_CHECK_TIMEOUT_MS);
        RegistryCheck.awaitRegistry(config);
        LOG.info("reading {}; writing {}", topics.input().name(), topics.outputNames());
        return StreamsService.start(config, model, topics);
    }
}
