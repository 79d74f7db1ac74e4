package io.headstream.topology;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import io.headstream.metrics.PipelineMetrics;
import io.headstream.registry.AvroSerde;
import io.headstream.schema.Answer;
import io.headstream.schema.DeadLetter;
import io.headstream.schema.QuerySummary;
import io.headstream.schema.QuestionContext;
import io.headstream.schema.SpanExplanation;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An event whose every string field holds a newline, a forged log line and a clear-screen escape
 * goes through the real topology while everything logged is captured with the production log
 * pattern: no captured line may begin with the forged text, no ESC may reach the log, and the
 * dead letter's message is as clean.
 */
class LogInjectionTest {
    private static final String FORGED = "12:00:00.000 INFO [main] x.y.RunCommand - fake log line";
    private static final String HOSTILE = "\n" + FORGED + "\u001b[2J";
    /** The pattern of {@code src/main/resources/logback.xml}, so the capture reads as the real log does. */
    private static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n";
    /** What a terminal or a log viewer may take for the end of a line. */
    private static final String LINE_BREAKS = "\r\n|[\n\r\u000b\u000c\u0085\u2028\u2029]";

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private OutputStreamAppender<ILoggingEvent> appender;
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> input;
    private TestOutputTopic<String, Answer> answers;
    private TestOutputTopic<byte[], DeadLetter> deadLetters;
    private Serde<QuestionContext> eventSerde;
    private Map<String, String> serdeConfig;

    @BeforeEach
    void setUp() {
        LoggerContext logging = (LoggerContext) LoggerFactory.getILoggerFactory();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(logging);
        encoder.setPattern(PATTERN);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        appender = new OutputStreamAppender<>();
        appender.setContext(logging);
        appender.setEncoder(encoder);
        appender.setOutputStream(captured);
        appender.start();
        logging.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);

        serdeConfig = Map.of("schema.registry.url", "mem://log-injection-" + UUID.randomUUID());
        eventSerde = serde(QuestionContext.class);
        Topics topics = new Topics(
                new Topic<>("questions", Serdes.ByteArray(), eventSerde),
                new Topic<>("answers", Serdes.String(), serde(Answer.class)),
                new Topic<>("summaries", Serdes.String(), serde(QuerySummary.class)),
                new Topic<>("explanations", Serdes.String(), serde(SpanExplanation.class)),
                new Topic<>("dead-letters", Serdes.ByteArray(), serde(DeadLetter.class)));
        TopologySettings settings = new TopologySettings("log-injection", 1, 0, 2000, 5000);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "log-injection");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        driver = new TopologyTestDriver(HeadstreamTopology.build(settings, topics, new FakeMultiHeadModel(),
                new PipelineMetrics(new SimpleMeterRegistry())), props, Instant.parse("2026-01-01T00:00:00Z"));
        input = driver.createInputTopic("questions", Serdes.ByteArray().serializer(), Serdes.ByteArray().serializer());
        answers = driver.createOutputTopic("answers", Serdes.String().deserializer(), serde(Answer.class).deserializer());
        deadLetters = driver.createOutputTopic("dead-letters", Serdes.ByteArray().deserializer(),
                serde(DeadLetter.class).deserializer());
    }

    @AfterEach
    void tearDown() {
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        appender.stop();
        driver.close();
    }

    private <T extends SpecificRecord> Serde<T> serde(Class<T> type) {
        AvroSerde<T> serde = AvroSerde.specific(type);
        serde.configure(serdeConfig, false);
        return serde;
    }

    /** Every string field hostile; {@code targetHead} as given. */
    private static QuestionContext hostileEvent(String targetHead) {
        return QuestionContext.newBuilder()
                .setEventId(HOSTILE).setDocumentId(HOSTILE).setQuestion("Who?" + HOSTILE)
                .setContext("Alice met Bob." + HOSTILE).setTargetHead(targetHead)
                .setMetadata(Map.of(HOSTILE, HOSTILE))
                .setEventTime(Instant.parse("2025-12-31T23:59:00Z")).build();
    }

    static Stream<Arguments> hostileEvents() {
        return Stream.of(
                Arguments.of("unknown target_head: dead-lettered, the reason quotes it", hostileEvent(HOSTILE), 0, 1),
                Arguments.of("valid target_head: answered", hostileEvent("answer"), 1, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileEvents")
    void noLogLineIsForgedAndNoEscapeReachesTheLog(String name, QuestionContext event, int answerCount,
            int deadLetterCount) {
        input.pipeInput(HOSTILE.getBytes(StandardCharsets.UTF_8), eventSerde.serializer().serialize("questions", event));
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        assertThat(answers.readValuesToList()).hasSize(answerCount);
        List<DeadLetter> letters = deadLetters.readValuesToList();
        assertThat(letters).hasSize(deadLetterCount);
        String log = captured.toString(StandardCharsets.UTF_8);
        if (deadLetterCount > 0) {
            assertThat(log).as("the dead letter is logged, its reason quoting the value escaped")
                    .contains("dead-lettering").contains("unsupported_target_head").contains("\\n" + FORGED);
            assertClean("dead letter message", letters.get(0).getErrorMessage());
        }
        assertClean("log", log);
    }

    private static void assertClean(String what, String text) {
        assertThat(Arrays.stream(text.split(LINE_BREAKS)).map(String::strip))
                .as("%s lines:%n%s", what, text).noneMatch(line -> line.startsWith(FORGED));
        assertThat(text).as(what).doesNotContain("\u001b");
    }
}
