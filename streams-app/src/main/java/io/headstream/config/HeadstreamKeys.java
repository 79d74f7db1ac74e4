package io.headstream.config;

import static io.headstream.config.Validators.any;
import static io.headstream.config.Validators.atLeast;
import static io.headstream.config.Validators.between;
import static io.headstream.config.Validators.bool;
import static io.headstream.config.Validators.integer;
import static io.headstream.config.Validators.longValue;
import static io.headstream.config.Validators.nonBlank;
import static io.headstream.config.Validators.oneOf;
import static io.headstream.config.Validators.string;
import static io.headstream.config.Validators.topicName;
import static io.headstream.config.Validators.url;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every application key, declared once. The README's configuration table is generated from this
 * list ({@code headstream config-doc}) and a test checks that it is current.
 */
public final class HeadstreamKeys {
    private HeadstreamKeys() {}

    public static final String PREFIX = "headstream.";

    public static final ConfigKey<String> APPLICATION_ID = str("headstream.application.id", "headstream",
            nonBlank(), "Kafka Streams application.id: consumer group, transactional id and internal topic prefix.");

    public static final ConfigKey<String> INPUT_TOPIC = str("headstream.topic.input", "questions",
            topicName(), "Topic of QuestionContext events to read.");
    public static final ConfigKey<String> ANSWERS_TOPIC = str("headstream.topic.answers", "answers",
            topicName(), "Topic the target head's Answer records go to.");
    public static final ConfigKey<String> SUMMARIES_TOPIC = str("headstream.topic.summaries", "summaries",
            topicName(), "Topic the query-based QuerySummary records go to.");
    public static final ConfigKey<String> EXPLANATIONS_TOPIC = str("headstream.topic.explanations", "explanations",
            topicName(), "Topic the SpanExplanation records go to.");
    public static final ConfigKey<String> DEAD_LETTER_TOPIC = str("headstream.topic.dead-letter", "dead-letters",
            topicName(), "Topic for input that cannot be processed, with the reason and the original bytes.");

    public static final ConfigKey<String> REGISTRY_URL = new ConfigKey<>("headstream.registry.url", "url", string(),
            null, url(Set.of("http", "https", "mem"), "headstream.registry.basic.auth.user.info"),
            "Schema Registry base URL (http, https, or mem://<scope> for in-process tests).", false, true);
    public static final ConfigKey<String> REGISTRY_USER_INFO = new ConfigKey<>(
            "headstream.registry.basic.auth.user.info", "user:password", string(), null,
            v -> v.contains(":") ? java.util.Optional.empty() : java.util.Optional.of("must be user:password"),
            "Basic-auth credentials for the registry.", true, false);
    public static final ConfigKey<String> REGISTRY_TRUSTSTORE = new ConfigKey<>(
            "headstream.registry.ssl.truststore.location", "path", string(), null, any(),
            "PKCS12 truststore for an https registry (default: the JVM's trust store).", false, false);
    public static final ConfigKey<String> REGISTRY_TRUSTSTORE_PASSWORD = new ConfigKey<>(
            "headstream.registry.ssl.truststore.password", "password", string(), null, any(),
            "Password of the registry truststore.", true, false);
    public static final ConfigKey<String> REGISTRY_SUBJECT_STRATEGY = str("headstream.registry.subject.name.strategy",
            "topic", oneOf(Set.of("topic", "record")),
            "Subject naming: topic (<topic>-value, Confluent's default) or record (full record name).");
    public static final ConfigKey<Boolean> REGISTRY_AUTO_REGISTER = new ConfigKey<>(
            "headstream.registry.auto.register", "boolean", bool(), "true", any(),
            "Register output schemas on first use; false requires them to be registered beforehand.", false, false);
    public static final ConfigKey<Integer> REGISTRY_TIMEOUT_MS = num("headstream.registry.request.timeout.ms", "10000",
            between(100, 600_000), "Timeout of one registry HTTP request.");
    public static final ConfigKey<Integer> REGISTRY_RETRIES = num("headstream.registry.retries", "3",
            between(0, 100), "Retries of a failed registry request (5xx or I/O), with backoff.");
    public static final ConfigKey<Long> REGISTRY_STARTUP_WAIT_MS = new ConfigKey<>("headstream.registry.startup.wait.ms",
            "long", longValue(), "30000", atLeast(0),
            "How long start-up waits for an unreachable Schema Registry before exiting with code 1 (0: ask once).",
            false, false);

    public static final ConfigKey<String> MODEL_BUNDLE = str("headstream.model.bundle", "models/default",
            nonBlank(), "Model bundle directory (manifest.json, model.onnx, tokenizer.json).");
    public static final ConfigKey<String> MODEL_DEVICE = str("headstream.model.device", "cpu",
            oneOf(Set.of("cpu", "gpu")), "Where the fused model runs; gpu needs the -Dgpu build (onnxruntime_gpu) and CUDA.");
    public static final ConfigKey<Integer> MODEL_MAX_WINDOWS = num("headstream.model.max.windows", "16",
            between(1, 4096), "Windows read per context; longer contexts are cut and the cut is reported.");

    public static final ConfigKey<Integer> BATCH_MAX_SIZE = num("headstream.batch.max.size", "16",
            between(1, 1024), "Events per forward pass, at most. Larger: more throughput, more latency.");
    public static final ConfigKey<Long> BATCH_MAX_DELAY_MS = new ConfigKey<>("headstream.batch.max.delay.ms", "long",
            longValue(), "50", between(0, 60_000),
            "How long a partly filled batch waits for more events before it runs.", false, false);
    public static final ConfigKey<Integer> BATCH_MAX_TOKENS = num("headstream.batch.max.tokens", "16384",
            between(128, 1 << 22), "Token budget of one forward pass (windows x padded length).");

    public static final ConfigKey<Boolean> INFERENCE_SHARED = new ConfigKey<>("headstream.inference.shared",
            "boolean", bool(), "true", any(),
            "One inference executor per JVM coalesces the batches of all tasks and threads; false: each task runs its"
                    + " own passes on its stream thread.", false, false);
    public static final ConfigKey<Integer> INFERENCE_MAX_BATCH_SIZE = num("headstream.inference.max.batch.size", "32",
            between(1, 4096), "Events in one coalesced forward pass, at most (token budget: headstream.batch.max.tokens).");
    public static final ConfigKey<Long> INFERENCE_MAX_QUEUE_DELAY_MS = new ConfigKey<>(
            "headstream.inference.max.queue.delay.ms", "long", longValue(), "2", between(0, 10_000),
            "How long the inference thread waits after a pass's first event for more; 0: run what is queued.",
            false, false);
    public static final ConfigKey<Integer> INFERENCE_QUEUE_CAPACITY = num("headstream.inference.queue.capacity", "256",
            between(1, 1 << 20), "Events waiting for the inference thread, at most; a full queue blocks the consumers.");
    public static final ConfigKey<Long> INFERENCE_MAX_WAIT_MS = new ConfigKey<>("headstream.inference.max.wait.ms",
            "long", longValue(), "2000", between(1, 60_000),
            "Longest a stream thread blocks in one call (queue space + results); keep well below"
                    + " transaction.timeout.ms and max.poll.interval.ms.", false, false);
    public static final ConfigKey<Integer> INFERENCE_THREADS = num("headstream.inference.threads", "1",
            between(1, 64), "Inference threads running passes; 1 on a CPU (ONNX Runtime uses the cores), more may help a GPU.");

    public static final ConfigKey<Integer> SUMMARY_MAX_SENTENCES = num("headstream.summary.max.sentences", "3",
            between(1, 100), "Sentences in a query-based summary, at most.");
    public static final ConfigKey<Integer> SUMMARY_MAX_CHARS = num("headstream.summary.max.chars", "600",
            between(1, 100_000), "Characters in a query-based summary, at most (whole sentences; a first sentence"
                    + " over the budget is cut at a word).");

    public static final ConfigKey<Integer> OUTPUT_MAX_SPAN_CHARS = num("headstream.output.max.span.chars", "1000",
            between(16, 100_000), "Characters of the answer text and of each explanation span, at most (longer ones"
                    + " are cut).");
    public static final ConfigKey<Integer> OUTPUT_MAX_SPANS = num("headstream.output.max.spans", "64",
            between(1, 10_000), "Explanation spans per event, at most (the highest-scoring are kept).");
    public static final ConfigKey<Integer> OUTPUT_MAX_BYTES = num("headstream.output.max.bytes", "0",
            between(0, Integer.MAX_VALUE), "Serialized bytes of one output record, at most: an event whose output"
                    + " would be larger is dead-lettered (output_too_large). 0: the producer's max.request.size minus"
                    + " 64 KiB. Keep it below the output topics' max.message.bytes.");
    public static final ConfigKey<Integer> OUTPUT_MAX_PUBLISH_ATTEMPTS = num("headstream.output.max.publish.attempts",
            "2", between(1, 100), "Publications of one event that may fail with their transaction (the stream thread"
                    + " dies; the second try runs the event alone) before it is dead-lettered (repeated_failure) and"
                    + " its partition moves on.");

    public static final ConfigKey<Integer> MAX_QUESTION_CHARS = num("headstream.validation.max.question.chars",
            "2000", between(1, 1 << 20), "Longer questions are dead-lettered (reason question_too_long).");
    public static final ConfigKey<Integer> MAX_CONTEXT_CHARS = num("headstream.validation.max.context.chars",
            "200000", between(1, 1 << 26), "Longer contexts are dead-lettered (reason context_too_long).");

    public static final ConfigKey<String> METRICS_BIND_ADDRESS = str("headstream.metrics.bind.address", "127.0.0.1",
            nonBlank(), "Address of the /metrics and /health endpoints; loopback unless you expose them on purpose.");
    public static final ConfigKey<Integer> METRICS_PORT = num("headstream.metrics.port", "9464",
            between(-1, 65535), "Port of the /metrics and /health endpoints; 0 picks a free port, -1 disables them.");

    public static final ConfigKey<Long> SHUTDOWN_TIMEOUT_MS = new ConfigKey<>("headstream.shutdown.timeout.ms", "long",
            longValue(), "30000", atLeast(0), "Bound on a graceful close (SIGTERM) before the process exits.",
            false, false);

    /** Every application key, in documentation order. */
    public static final List<ConfigKey<?>> ALL = List.of(
            APPLICATION_ID, INPUT_TOPIC, ANSWERS_TOPIC, SUMMARIES_TOPIC, EXPLANATIONS_TOPIC, DEAD_LETTER_TOPIC,
            REGISTRY_URL, REGISTRY_USER_INFO, REGISTRY_TRUSTSTORE, REGISTRY_TRUSTSTORE_PASSWORD,
            REGISTRY_SUBJECT_STRATEGY, REGISTRY_AUTO_REGISTER, REGISTRY_TIMEOUT_MS, REGISTRY_RETRIES,
            REGISTRY_STARTUP_WAIT_MS,
            MODEL_BUNDLE, MODEL_DEVICE, MODEL_MAX_WINDOWS,
            BATCH_MAX_SIZE, BATCH_MAX_DELAY_MS, BATCH_MAX_TOKENS,
            INFERENCE_SHARED, INFERENCE_MAX_BATCH_SIZE, INFERENCE_MAX_QUEUE_DELAY_MS, INFERENCE_QUEUE_CAPACITY,
            INFERENCE_MAX_WAIT_MS, INFERENCE_THREADS,
            SUMMARY_MAX_SENTENCES, SUMMARY_MAX_CHARS,
            OUTPUT_MAX_SPAN_CHARS, OUTPUT_MAX_SPANS, OUTPUT_MAX_BYTES, OUTPUT_MAX_PUBLISH_ATTEMPTS,
            MAX_QUESTION_CHARS, MAX_CONTEXT_CHARS,
            METRICS_BIND_ADDRESS, METRICS_PORT, SHUTDOWN_TIMEOUT_MS);

    public static final Map<String, ConfigKey<?>> BY_NAME = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(ConfigKey::name, k -> k));

    private static ConfigKey<String> str(String name, String def, Function<String, java.util.Optional<String>> v,
            String doc) {
        return new ConfigKey<>(name, "string", string(), def, v, doc, false, false);
    }

    private static ConfigKey<Integer> num(String name, String def, Function<Integer, java.util.Optional<String>> v,
            String doc) {
        return new ConfigKey<>(name, "int", integer(), def, v, doc, false, false);
    }
}
