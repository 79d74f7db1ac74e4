package io.headstream.app;

import io.headstream.config.HeadstreamConfig;
import io.headstream.config.HeadstreamKeys;
import io.headstream.embedded.EmbeddedStack;
import io.headstream.inference.MultiHeadModel;
import io.headstream.schema.QuestionContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The embedded default: starts an in-process broker and schema registry, the app on the default
 * model, sends the bundled sample events, prints each event's answer, query-based summary and
 * explanation as they arrive, then a throughput/latency line, and exits (or keeps running with
 * {@code --follow}).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run everything in-process on loopback: broker, schema registry, app, sample events.")
final class DemoCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(DemoCommand.class);

    @Mixin
    ConfigOptions options;

    @Option(names = "--work-dir", defaultValue = ".headstream/demo",
            description = "Where the broker keeps its data between runs (default: ${DEFAULT-VALUE}).")
    Path workDir;

    @Option(names = "--events", paramLabel = "FILE", description = "JSON Lines events to send (default: the bundled sample).")
    Path events;

    @Option(names = "--follow", description = "Keep running after the sample until SIGTERM/Ctrl-C.")
    boolean follow;

    @Option(names = "--timeout-s", defaultValue = "600", description = "Give up waiting for outputs after this long.")
    long timeoutSeconds;

    @Override
    public Integer call() throws Exception {
        if (options.file == null && Files.exists(Path.of("config/embedded.properties"))) {
            options.file = Path.of("config/embedded.properties");
        }
        List<QuestionContext> sample = events != null ? EventFiles.read(events) : EventFiles.bundledSample();
        Files.createDirectories(workDir);
        long t0 = System.nanoTime();
        try (EmbeddedStack stack = EmbeddedStack.start(workDir)) {
            Map<String, String> extra = new HashMap<>();
            extra.put("kafka.bootstrap.servers", stack.bootstrapServers());
            extra.put("headstream.registry.url", stack.registryUrl());
            extra.putIfAbsent("kafka.state.dir", workDir.resolve("state").toString());
            HeadstreamConfig config = options.load(extra);
            LOG.info("configuration:\n  {}", String.join("\n  ", config.describe()));
            var topics = SerdeSettings.topics(config);
            stack.createTopics(1, topics.names().toArray(String[]::new));
            try (MultiHeadModel model = ModelFactory.load(config)) {
                StreamsService service = RunCommand.startChecked(config, model, topics);
                try {
                    if (!service.awaitRunning(Duration.ofSeconds(120))) {
                        System.err.println("Kafka Streams did not reach RUNNING (state " + service.state() + ")");
                        return ExitCodes.RUNTIME_FAILURE;
                    }
                    System.out.printf("embedded stack up in %.1f s (broker %s, registry %s); sending %d events%n",
                            (System.nanoTime() - t0) / 1e9, stack.bootstrapServers(), stack.registryUrl(), sample.size());
                    int ok = sendAndPrint(config, topics, sample);
                    if (follow) {
                        System.out.println("--follow: still running; Ctrl-C to stop");
                        return ServiceRunner.runUntilStopped(service,
                                Duration.ofMillis(config.get(HeadstreamKeys.SHUTDOWN_TIMEOUT_MS)));
                    }
                    return ok == sample.size() ? ExitCodes.OK : ExitCodes.RUNTIME_FAILURE;
                } finally {
                    // Leave the group: the next demo run would otherwise wait ~45 s for this
                    // member's session to expire before it gets the input partition.
                    service.closeAndLeaveGroup(Duration.ofMillis(config.get(HeadstreamKeys.SHUTDOWN_TIMEOUT_MS)));
                }
            }
        }
    }

    private int sendAndPrint(HeadstreamConfig config, io.headstream.topology.Topics topics, List<QuestionContext> sample)
            throws Exception {
        Map<String, QuestionContext> byId = new HashMap<>();
        sample.forEach(e -> byId.put(e.getEventId(), e));
        try (OutputCollector collector = new OutputCollector(ClientProps.consumer(config), topics)) {
            long start = System.nanoTime();
            // Event time is the moment of sending, so the latency line measures the pipeline only.
            Instant now = Instant.now();
            List<QuestionContext> stamped = sample.stream()
                    .map(e -> QuestionContext.newBuilder(e).setEventTime(now).build()).toList();
            stamped.forEach(e -> byId.put(e.getEventId(), e));
            EventProducer.send(ClientProps.producer(config), topics.input(), stamped, 1);
            LatencyStats latency = new LatencyStats();
            int[] done = {0};
            var results = collector.collect(sample.size(), Duration.ofSeconds(timeoutSeconds), entry -> {
                done[0]++;
                latency.add(System.currentTimeMillis() - byId.getOrDefault(entry.getKey(), sample.get(0))
                        .getEventTime().toEpochMilli());
                System.out.print(DemoPrinter.format(done[0], sample.size(), byId.get(entry.getKey()), entry.getValue()));
            });
            double seconds = (System.nanoTime() - start) / 1e9;
            long answered = results.values().stream().filter(o -> o.answer != null).count();
            long dead = results.values().stream().filter(o -> o.deadLetter != null).count();
            System.out.printf("%n%d events in %.1f s: %.2f events/s; %d answered, %d dead-lettered; "
                    + "end-to-end latency p50 %d ms, p99 %d ms (first events include model warm-up)%n",
                    done[0], seconds, done[0] / seconds, answered, dead, latency.percentile(50), latency.percentile(99));
            return done[0];
        }
    }
}
