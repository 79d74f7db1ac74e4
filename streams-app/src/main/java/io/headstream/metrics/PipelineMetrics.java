package io.headstream.metrics;

import io.headstream.inference.ModelIdentity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline's own meters, registered on a {@link MeterRegistry} (Prometheus in production,
 * {@code SimpleMeterRegistry} in tests). Micrometer caches meters by name and tags, so looking
 * one up per record is cheap and the tag sets stay bounded.
 */
public final class PipelineMetrics {
    /** Stages timed separately, a fixed set. */
    public enum Stage {
        DESERIALIZE, VALIDATE, BUFFER_WAIT, INFERENCE, PUBLISH;

        String tag() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    private final MeterRegistry registry;
    private final DistributionSummary batchSize;
    private final Timer endToEnd;

    public PipelineMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.batchSize = DistributionSummary.builder("headstream.batch.size")
                .description("Events per fused forward pass")
                .baseUnit("events")
                .publishPercentileHistogram()
                .minimumExpectedValue(1.0)
                .maximumExpectedValue(1024.0)
                .register(registry);
        this.endToEnd = Timer.builder("headstream.end.to.end.latency")
                .description("Event time of the input to the moment its outputs are forwarded")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void recordIn(String topic) {
        Counter.builder("headstream.records.in").description("Records read per input topic")
                .tag("topic", topic).register(registry).increment();
    }

    public void recordOut(String topic) {
        Counter.builder("headstream.records.out").description("Records written per output topic")
                .tag("topic", topic).register(registry).increment();
    }

    /** A record sent to the dead-letter topic; {@code reason} must come from a fixed set of codes. */
    public void deadLettered(String stage, String reason) {
        Counter.builder("headstream.dead.letters").description("Records dead-lettered, by stage and reason")
                .tag("stage", stage).tag("reason", reason).register(registry).increment();
    }

    /** Registers the dead-letter counter of this stage and reason at 0 (a fixed set, known at start). */
    public void deadLettersAtZero(String stage, String reason) {
        Counter.builder("headstream.dead.letters").description("Records dead-lettered, by stage and reason")
                .tag("stage", stage).tag("reason", reason).register(registry);
    }

    /** Registers the records-out counter of this output topic at 0. */
    public void recordsOutAtZero(String topic) {
        Counter.builder("headstream.records.out").description("Records written per output topic")
                .tag("topic", topic).register(registry);
    }

    public void batch(int size) {
        batchSize.record(size);
    }

    public void stage(Stage stage, long nanos) {
        Timer.builder("headstream.stage.duration").description("Time spent per pipeline stage")
                .tag("stage", stage.tag())
                .publishPercentileHistogram()
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    public void endToEnd(long millis) {
        endToEnd.record(Math.max(0, millis), TimeUnit.MILLISECONDS);
    }

    /** A constant 1 tagged with the loaded model's identity, the Prometheus "info" idiom. */
    public void modelInfo(ModelIdentity identity, String device) {
        Gauge.builder("headstream.model.info", () -> 1.0)
                .description("The loaded model bundle (value is always 1)")
                .tag("name", identity.name())
                .tag("version", identity.version())
                .tag("sha256", identity.sha256())
                .tag("device", device)
                .register(registry);
    }
}
