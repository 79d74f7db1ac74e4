package io.headstream.topology;

import io.headstream.inference.MultiHeadModel;
import io.headstream.inference.SharedInferenceExecutor;
import io.headstream.metrics.PipelineMetrics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the headstream topology. Processor and store names are part of the contract (they name
 * the changelog topic and appear in metrics) and are pinned by a test on
 * {@code topology.describe()}; renaming one needs a migration.
 *
 * <pre>
 *   questions-source -> inference (store inference-buffer) -> answers-sink
 *                                                          -> summaries-sink
 *                                                          -> explanations-sink
 *                                                          -> dead-letters-sink
 * </pre>
 */
public final class HeadstreamTopology {
    public static final String SOURCE = "questions-source";
    public static final String INFERENCE = "inference";
    public static final String BUFFER_STORE = "inference-buffer";
    public static final String ANSWERS_SINK = "answers-sink";
    public static final String SUMMARIES_SINK = "summaries-sink";
    public static final String EXPLANATIONS_SINK = "explanations-sink";
    public static final String DEAD_LETTERS_SINK = "dead-letters-sink";

    private HeadstreamTopology() {}

    /** The topology for these settings, topics, model and meters; each task runs its own predictor. */
    public static Topology build(TopologySettings settings, Topics topics, MultiHeadModel model, PipelineMetrics metrics) {
        return build(settings, topics, model, null, metrics);
    }

    /**
     * As {@link #build(TopologySettings, Topics, MultiHeadModel, PipelineMetrics)}, with every task's
     * batches going to {@code executor} (the JVM's shared one, owned by the caller) when not null.
     */
    public static Topology build(TopologySettings settings, Topics topics, MultiHeadModel model,
            SharedInferenceExecutor executor, PipelineMetrics metrics) {
        // One count of publication attempts for all tasks of this topology: it must outlive the
        // stream threads that die on a poison pill (they are replaced with the same Topology).
        return build(settings, topics, model, executor, metrics, new PublishAttempts());
    }

    /** As above, with the count of publication attempts given (tests set it up). */
    static Topology build(TopologySettings settings, Topics topics, MultiHeadModel model,
            SharedInferenceExecutor executor, PipelineMetrics metrics, PublishAttempts attempts) {
        Topology topology = new Topology();
        topology.addSource(SOURCE, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
                topics.input().name());
        topology.addProcessor(INFERENCE, () -> new InferenceProcessor(settings, topics, model, executor, metrics, attempts), SOURCE);
        topology.addStateStore(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BUFFER_STORE), Serdes.Long(),
                                new BufferedEventSerde())
                        .withCachingDisabled()
                        .withLoggingEnabled(java.util.Map.of()),
                INFERENCE);
        topology.addSink(ANSWERS_SINK, topics.answers().name(), topics.answers().keySerde().serializer(),
                topics.answers().valueSerde().serializer(), INFERENCE);
        topology.addSink(SUMMARIES_SINK, topics.summaries().name(), topics.summaries().keySerde().serializer(),
                topics.summaries().valueSerde().serializer(), INFERENCE);
        topology.addSink(EXPLANATIONS_SINK, topics.explanations().name(), topics.explanations().keySerde().serializer(),
                topics.explanations().valueSerde().serializer(), INFERENCE);
        topology.addSink(DEAD_LETTERS_SINK, topics.deadLetters().name(), topics.deadLetters().keySerde().serializer(),
                topics.deadLetters().valueSerde().serializer(), INFERENCE);
        return topology;
    }
}
