package io.headstream.reliability;

import io.headstream.embedded.EmbeddedKafkaBroker;
import io.headstream.registry.server.EmbeddedSchemaRegistry;
import io.headstream.registry.server.InMemorySchemaStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A plaintext in-process broker and a schema registry that keeps its schemas in memory, so the
 * broker can be stopped and restarted (same data directory and ports) without taking the
 * registry with it; plus the app's properties for a uniquely named set of topics.
 */
public final class Cluster implements AutoCloseable {
    public final EmbeddedKafkaBroker broker;
    public final EmbeddedSchemaRegistry registry;
    public final String name = "rel-" + UUID.randomUUID().toString().substring(0, 8);

    public Cluster(Path workDir) {
        broker = EmbeddedKafkaBroker.builder(workDir.resolve("kafka")).build();
        broker.start();
        registry = EmbeddedSchemaRegistry.builder().store(new InMemorySchemaStore()).port(0).build().start();
    }

    public String input() {
        return name + "-questions";
    }

    public String answers() {
        return name + "-answers";
    }

    public String summaries() {
        return name + "-summaries";
    }

    public String explanations() {
        return name + "-explanations";
    }

    public String deadLetters() {
        return name + "-dead-letters";
    }

    /** Creates the five topics with {@code partitions} partitions and the given topic configs. */
    public void createTopics(int partitions, Map<String, String> topicConfigs) {
        List<NewTopic> topics = new ArrayList<>();
        for (String t : List.of(input(), answers(), summaries(), explanations(), deadLetters())) {
            topics.add(new NewTopic(t, partitions, (short) 1).configs(topicConfigs));
        }
        broker.createTopics(topics);
    }

    /** The app's properties: this cluster, these topics, the fixture model, small batches, quick commits. */
    public Map<String, String> appProperties(Path stateDir, int metricsPort) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("kafka.bootstrap.servers", broker.bootstrapServers());
        p.put("kafka.state.dir", stateDir.toString());
        p.put("kafka.commit.interval.ms", "100");
        p.put("kafka.num.stream.threads", "1");
        // A SIGKILLed member is only removed from the group when its session times out; keep that short.
        p.put("kafka.consumer.session.timeout.ms", "10000");
        p.put("kafka.consumer.heartbeat.interval.ms", "1000");
        p.put("headstream.registry.url", registry.url());
        p.put("headstream.application.id", "app-" + name);
        p.put("headstream.topic.input", input());
        p.put("headstream.topic.answers", answers());
        p.put("headstream.topic.summaries", summaries());
        p.put("headstream.topic.explanations", explanations());
        p.put("headstream.topic.dead-letter", deadLetters());
        p.put("headstream.model.bundle", AppProcess.ROOT.resolve("models/fixture").toString());
        p.put("headstream.batch.max.size", "16");
        p.put("headstream.batch.max.delay.ms", "100");
        p.put("headstream.metrics.port", String.valueOf(metricsPort));
        p.put("headstream.shutdown.timeout.ms", "30000");
        return p;
    }

    public Map<String, Object> clientProps() {
        return broker.clientProperties();
    }

    public Map<String, Object> registryProps() {
        return Map.of("schema.registry.url", registry.url());
    }

    public Ledger ledger() {
        return new Ledger(clientProps(), answers(), summaries(), explanations(), deadLetters());
    }

    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            broker.close();
        }
    }
}
