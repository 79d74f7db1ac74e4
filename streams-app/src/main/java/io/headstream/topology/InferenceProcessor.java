package io.headstream.topology;

import io.headstream.inference.BatchSubmitter;
import io.headstream.inference.CallerRunsSubmitter;
import io.headstream.inference.ModelInput;
import io.headstream.inference.ModelOutput;
import io.headstream.inference.MultiHeadModel;
import io.headstream.inference.Outcome;
import io.headstream.inference.SharedInferenceExecutor;
import io.headstream.inference.Submission;
import io.headstream.metrics.PipelineMetrics;
import io.headstream.metrics.PipelineMetrics.Stage;
import io.headstream.redact.LogText;
import io.headstream.registry.WireFormatException;
import io.headstream.schema.QuestionContext;
import io.headstream.topology.BufferedEventSerde.BufferedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes and validates each input record, parks it in a changelogged store, and runs the model
 * on micro-batches of at most {@code maxBatchSize} events or {@code maxBatchDelayMs} of waiting.
 *
 * <p>Why this is safe under {@code exactly_once_v2}: a record's input offset is committed in the
 * same transaction as the store's changelog write that holds it, and its outputs are produced in
 * the transaction that deletes it from the store. A crash between the two restores the store from
 * its changelog and the record is processed after restart: never lost, never output twice. A
 * batch that fails is retried one event at a time so that one poison event is dead-lettered and
 * its neighbours still succeed.
 *
 * <p>No event can stall its partition. Its outputs are bounded ({@link OutputLimits}); one whose
 * serialized record would still be over the byte limit is dead-lettered
 * ({@code output_too_large}) instead of being sent to a broker that would refuse it. For failures
 * nobody foresaw, {@link PublishAttempts} counts each event's publications outside the
 * transaction: an event that comes back (from the changelog or the input topic) after a
 * publication whose transaction failed is "suspect". Suspects are published one at a time, each
 * followed by a commit, before anything else; a suspect at {@code maxPublishAttempts} is
 * dead-lettered ({@code repeated_failure}) instead, so the stream moves on.
 */
final class InferenceProcessor implements Processor<byte[], byte[], Object, Object> {
    private static final Logger LOG = LoggerFactory.getLogger(InferenceProcessor.class);

    private final TopologySettings settings;
    private final Topics topics;
    private final MultiHeadModel model;
    private final SharedInferenceExecutor executor;
    private final PipelineMetrics metrics;
    private final EventValidator validator;
    private final DeadLetters deadLetters;
    private final OutputRecords outputs;
    private final PublishAttempts attempts;
    /** Buffer keys of suspect events (see the class comment), handled one by one, lowest first. */
    private final TreeSet<Long> suspects = new TreeSet<>();

    private ProcessorContext<Object, Object> context;
    private KeyValueStore<Long, BufferedEvent> buffer;
    private Deserializer<QuestionContext> decoder;
    private BatchSubmitter submitter;
    private final List<InFlight> inFlight = new ArrayList<>();
    private final Set<Long> inFlightKeys = new HashSet<>();
    private long nextSequence;
    private int pending;
    private long oldestEnqueuedMs = Long.MAX_VALUE;
    /** Least wall-clock time between two suspects' publications: a commit must fall between them. */
    private long suspectSpacingMs;
    private long lastSuspectMs = Long.MIN_VALUE / 2;

    /** A submitted batch whose results have not been published yet. */
    private record InFlight(List<Long> keys, List<SourceRecordRef> sources, List<QuestionContext> events,
            Submission submission, long submittedNanos) {}

    InferenceProcessor(TopologySettings settings, Topics topics, MultiHeadModel model, SharedInferenceExecutor executor,
            PipelineMetrics metrics, PublishAttempts attempts) {
        this.settings = settings;
        this.topics = topics;
        this.model = model;
        this.executor = executor;
        this.metrics = metrics;
        this.validator = new EventValidator(settings.maxQuestionChars(), settings.maxContextChars(), model.heads());
        this.deadLetters = new DeadLetters(settings.applicationId());
        this.outputs = new OutputRecords(model.identity(), settings.outputLimits());
        this.attempts = attempts;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.buffer = context.getStateStore(HeadstreamTopology.BUFFER_STORE);
        this.decoder = topics.input().valueSerde().deserializer();
        this.submitter = executor != null ? executor.client() : new CallerRunsSubmitter(model.newPredictor());
        try (KeyValueIterator<Long, BufferedEvent> it = buffer.all()) {
            while (it.hasNext()) {
                KeyValue<Long, BufferedEvent> kv = it.next();
                nextSequence = Math.max(nextSequence, kv.key + 1);
                pending++;
                oldestEnqueuedMs = Math.min(oldestEnqueuedMs, kv.value.enqueuedAtMs());
                if (attempts.count(kv.value.source()) > 0) {
                    suspects.add(kv.key);
                }
            }
        }
        if (pending > 0) {
            LOG.info("task {}: {} buffered event(s) restored from the changelog, {} of them suspect (a publication "
                    + "of theirs failed with its transaction)", context.taskId(), pending, suspects.size());
        }
        suspectSpacingMs = suspectSpacing(context.appConfigs());
        long tick = Math.max(1, Math.min(100, settings.maxBatchDelayMs() / 4));
        context.schedule(Duration.ofMillis(tick), PunctuationType.WALL_CLOCK_TIME, this::flushIfDue);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        RecordMetadata meta = context.recordMetadata().orElseThrow();
        SourceRecordRef source = new SourceRecordRef(meta.topic(), meta.partition(), meta.offset(),
                record.timestamp(), record.key(), record.value());
        metrics.recordIn(meta.topic());

        long t0 = System.nanoTime();
        Optional<QuestionContext> event = decode(source);
        long t1 = System.nanoTime();
        metrics.stage(Stage.DESERIALIZE, t1 - t0);
        if (event.isEmpty()) {
            return;
        }
        Optional<EventValidator.Rejection> rejection = validator.check(event.get());
        metrics.stage(Stage.VALIDATE, System.nanoTime() - t1);
        if (rejection.isPresent()) {
            deadLetter(source, rejection.get().reason(), rejection.get().message(), null);
            return;
        }
        long now = context.currentSystemTimeMs();
        long key = nextSequence++;
        buffer.put(key, new BufferedEvent(source, now));
        pending++;
        oldestEnqueuedMs = Math.min(oldestEnqueuedMs, now);
        if (attempts.count(source) > 0) {
            // Re-read from the input after a transaction that had published it failed.
            suspects.add(key);
        }
        if (suspects.isEmpty() && (pending >= settings.maxBatchSize() || settings.maxBatchDelayMs() == 0)) {
            flush();
        }
    }

    private void flushIfDue(long now) {
        collect(System.nanoTime());
        if (!suspects.isEmpty()) {
            publishOneSuspect();
            return;
        }
        if (pending > 0 && now - oldestEnqueuedMs >= settings.maxBatchDelayMs()) {
            flush();
        }
    }

    /**
     * Handles the first suspect event alone, once nothing else is in flight: dead-letters it when
     * it reached {@code maxPublishAttempts}, else runs and publishes it as a batch of one; then
     * requests a commit, which Kafka Streams makes before this task's next punctuation, so the
     * suspect shares its transaction with no other event's outputs.
     */
    private void publishOneSuspect() {
        long now = context.currentSystemTimeMs();
        if (!inFlight.isEmpty() || now - lastSuspectMs < suspectSpacingMs) {
            return;
        }
        lastSuspectMs = now;
        long key = suspects.first();
        BufferedEvent buffered = buffer.get(key);
        if (buffered == null) {
            suspects.remove(key);
            return;
        }
        SourceRecordRef source = buffered.source();
        int tried = attempts.count(source);
        if (tried >= settings.maxPublishAttempts()) {
            attempts.begin(source);
            String message = "publishing this event's outputs failed with its transaction " + tried
                    + " times (the stream thread died each time); dead-lettered so its partition moves on";
            if (tried == settings.maxPublishAttempts()) {
                deadLetter(source, DeadLetterReason.REPEATED_FAILURE, message, null);
            } else {
                // Even the dead letter with the original bytes failed: send one without them.
                emitDeadLetter(source, DeadLetterReason.REPEATED_FAILURE,
                        deadLetters.of(source.topic(), source.partition(), source.offset(), null, null,
                                DeadLetterReason.REPEATED_FAILURE, message + " [original bytes left out after "
                                        + "the dead letter carrying them failed too]", null));
            }
            buffer.delete(key);
            suspects.remove(key);
            pending = Math.max(0, pending - 1);
            context.commit();
            return;
        }
        long deadline = System.nanoTime() + Math.max(0, submitter.maxWaitNanos());
        if (submit(List.of(KeyValue.pair(key, buffered)), context.currentSystemTimeMs(), deadline)) {
            pending = Math.max(0, pending - 1);
            collect(deadline);
        }
    }

    /**
     * Submits every buffered event that is not in flight, in batches, then publishes what comes
     * back before the deadline. Events the submitter cannot take in time stay buffered.
     */
    private void flush() {
        long deadline = System.nanoTime() + Math.max(0, submitter.maxWaitNanos());
        List<KeyValue<Long, BufferedEvent>> entries = new ArrayList<>(pending);
        try (KeyValueIterator<Long, BufferedEvent> it = buffer.all()) {
            it.forEachRemaining(kv -> {
                if (!inFlightKeys.contains(kv.key)) {
                    entries.add(kv);
                }
            });
        }
        entries.sort((a, b) -> Long.compare(a.key, b.key));
        long now = context.currentSystemTimeMs();
        int submitted = 0;
        while (submitted < entries.size()) {
            List<KeyValue<Long, BufferedEvent>> chunk =
                    entries.subList(submitted, Math.min(entries.size(), submitted + settings.maxBatchSize()));
            if (!submit(chunk, now, deadline)) {
                break;
            }
            submitted += chunk.size();
        }
        pending = entries.size() - submitted;
        oldestEnqueuedMs = Long.MAX_VALUE;
        for (KeyValue<Long, BufferedEvent> kv : entries.subList(submitted, entries.size())) {
            oldestEnqueuedMs = Math.min(oldestEnqueuedMs, kv.value.enqueuedAtMs());
        }
        if (pending > 0) {
            LOG.debug("task {}: inference queue full, {} event(s) stay buffered", context.taskId(), pending);
        }
        collect(deadline);
    }

    /** Submits one batch; false if the submitter could not take it before the deadline. */
    private boolean submit(List<KeyValue<Long, BufferedEvent>> chunk, long now, long deadline) {
        List<Long> keys = new ArrayList<>(chunk.size());
        List<SourceRecordRef> sources = new ArrayList<>(chunk.size());
        List<QuestionContext> events = new ArrayList<>(chunk.size());
        for (KeyValue<Long, BufferedEvent> kv : chunk) {
            SourceRecordRef source = kv.value.source();
            Optional<QuestionContext> event = decode(source);
            if (event.isPresent()) {
                keys.add(kv.key);
                sources.add(source);
                events.add(event.get());
            } else {
                buffer.delete(kv.key);
            }
        }
        if (events.isEmpty()) {
            return true;
        }
        List<ModelInput> inputs = events.stream().map(e -> new ModelInput(e.getQuestion(), e.getContext())).toList();
        long t0 = System.nanoTime();
        Submission submission;
        try {
            submission = submitter.submit(inputs, deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (submission == null) {
            return false;
        }
        for (KeyValue<Long, BufferedEvent> kv : chunk) {
            metrics.stage(Stage.BUFFER_WAIT, Duration.ofMillis(Math.max(0, now - kv.value.enqueuedAtMs())).toNanos());
        }
        metrics.batch(events.size());
        inFlight.add(new InFlight(keys, sources, events, submission, t0));
        inFlightKeys.addAll(keys);
        return true;
    }

    /**
     * Publishes every in-flight batch that is done by {@code deadline}, in submission order, and
     * deletes its events from the store; events that failed alone are dead-lettered, events the
     * executor abandoned (it was closed) go back to the buffer.
     */
    private void collect(long deadline) {
        for (Iterator<InFlight> it = inFlight.iterator(); it.hasNext();) {
            InFlight f = it.next();
            try {
                if (!f.submission().await(deadline)) {
                    continue;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            it.remove();
            inFlightKeys.removeAll(f.keys());
            List<Outcome> outcomes = f.submission().outcomes();
            metrics.stage(Stage.INFERENCE, System.nanoTime() - f.submittedNanos());
            long t0 = System.nanoTime();
            for (int i = 0; i < outcomes.size(); i++) {
                Outcome o = outcomes.get(i);
                if (o.abandoned()) {
                    pending++;
                    oldestEnqueuedMs = Math.min(oldestEnqueuedMs, context.currentSystemTimeMs());
                    continue;
                }
                SourceRecordRef source = f.sources().get(i);
                attempts.begin(source);
                if (o.succeeded()) {
                    publish(f.events().get(i), source, o.output());
                } else {
                    deadLetter(source, DeadLetterReason.INFERENCE_FAILED, o.error().getMessage(), o.error());
                }
                buffer.delete(f.keys().get(i));
                if (suspects.remove(f.keys().get(i))) {
                    context.commit();
                }
            }
            metrics.stage(Stage.PUBLISH, System.nanoTime() - t0);
        }
    }

    private void publish(QuestionContext event, SourceRecordRef source, ModelOutput out) {
        Instant processed = Instant.ofEpochMilli(context.currentSystemTimeMs());
        var provenance = OutputRecords.provenance(source, event.getEventTime(), processed);
        String target = event.getTargetHead() != null ? event.getTargetHead() : model.defaultTargetHead();
        var answer = outputs.answer(event, target, out, provenance);
        var summary = outputs.summary(event, out, provenance);
        var explanation = outputs.explanation(event, out, provenance);
        int maxBytes = settings.outputLimits().maxRecordBytes();
        String tooLarge = tooLarge(topics.answers(), answer, maxBytes);
        tooLarge = tooLarge != null ? tooLarge : tooLarge(topics.summaries(), summary, maxBytes);
        tooLarge = tooLarge != null ? tooLarge : tooLarge(topics.explanations(), explanation, maxBytes);
        if (tooLarge != null) {
            deadLetter(source, DeadLetterReason.OUTPUT_TOO_LARGE, "the " + tooLarge + " record of this event would "
                    + "take more than headstream.output.max.bytes=" + maxBytes + " bytes; none of its outputs was sent",
                    null);
            return;
        }
        String key = event.getEventId();
        long ts = source.timestamp();
        context.forward(new Record<>(key, answer, ts, sourceHeaders(source)), HeadstreamTopology.ANSWERS_SINK);
        metrics.recordOut(topics.answers().name());
        context.forward(new Record<>(key, summary, ts, sourceHeaders(source)), HeadstreamTopology.SUMMARIES_SINK);
        metrics.recordOut(topics.summaries().name());
        context.forward(new Record<>(key, explanation, ts, sourceHeaders(source)), HeadstreamTopology.EXPLANATIONS_SINK);
        metrics.recordOut(topics.explanations().name());
        metrics.endToEnd(processed.toEpochMilli() - event.getEventTime().toEpochMilli());
    }

    /**
     * Kafka Streams commits at least every {@code commit.interval.ms} (100 ms by default under
     * exactly-once) and sooner when asked; spacing suspects by that much (at most a second) keeps
     * each in a transaction of its own even if a requested commit waits for the interval.
     */
    static long suspectSpacing(Map<String, Object> appConfigs) {
        Object interval = appConfigs.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG);
        long ms = interval != null ? Long.parseLong(String.valueOf(interval)) : 100;
        return Math.max(0, Math.min(1000, ms)) + 10;
    }

    /** The topic's name when {@code value} would serialize to more than {@code maxBytes}, else null. */
    private static <V extends IndexedRecord> String tooLarge(Topic<String, V> topic, V value, int maxBytes) {
        return RecordSize.fits(topic.name(), value, topic.valueSerde().serializer(), maxBytes) ? null : topic.name();
    }

    /**
     * The input's topic, partition and offset as headers of every output, so that a production
     * error on an output of a batch flushed by the punctuator (which has no current record) can
     * still be dead-lettered with its source ({@link DeadLetterExceptionHandler}).
     */
    static Headers sourceHeaders(SourceRecordRef source) {
        return SourceHeaders.of(source.topic(), source.partition(), source.offset());
    }

    private Optional<QuestionContext> decode(SourceRecordRef source) {
        if (source.value() == null) {
            deadLetter(source, DeadLetterReason.NULL_VALUE, "record has a null value (tombstone)", null);
            return Optional.empty();
        }
        try {
            return Optional.of(decoder.deserialize(source.topic(), source.value()));
        } catch (WireFormatException e) {
            deadLetter(source, DeadLetterReason.valueOf(e.reason().name()), e.getMessage(), e);
        } catch (SerializationException | org.apache.avro.AvroRuntimeException | IndexOutOfBoundsException e) {
            deadLetter(source, DeadLetterReason.NOT_DESERIALIZABLE, e.getMessage(), e);
        }
        return Optional.empty();
    }

    private void deadLetter(SourceRecordRef source, DeadLetterReason reason, String message, Throwable error) {
        emitDeadLetter(source, reason, deadLetters.bounded(source, reason, message, error,
                settings.outputLimits().maxRecordBytes()));
    }

    private void emitDeadLetter(SourceRecordRef source, DeadLetterReason reason, io.headstream.schema.DeadLetter letter) {
        LOG.warn("dead-lettering {}-{}@{}: {} ({})", source.topic(), source.partition(), source.offset(),
                reason.code(), LogText.message(letter.getErrorMessage()));
        context.forward(new Record<>(DeadLetters.recordKey(source), letter, source.timestamp(), sourceHeaders(source)),
                HeadstreamTopology.DEAD_LETTERS_SINK);
        metrics.deadLettered(reason.stage().name().toLowerCase(java.util.Locale.ROOT), reason.code());
        metrics.recordOut(topics.deadLetters().name());
    }

    @Override
    public void close() {
        // Unpublished events stay in the store (and its changelog): whoever owns the task next
        // submits them again.
        for (InFlight f : inFlight) {
            f.submission().cancel();
        }
        inFlight.clear();
        inFlightKeys.clear();
        if (submitter != null) {
            submitter.close();
        }
    }
}
