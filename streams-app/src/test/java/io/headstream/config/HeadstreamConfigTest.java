package io.headstream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeadstreamConfigTest {

    private static HeadstreamConfig load(Path file, Map<String, String> env, Map<String, String> cli) {
        return HeadstreamConfig.from(ConfigSources.load(file, env, cli), KafkaClientKeys::isKnown);
    }

    @Test
    void defaultsApplyWhenOnlyRequiredKeysAreSet() {
        HeadstreamConfig config = load(null, Map.of(),
                Map.of("headstream.registry.url", "mem://t", "kafka.bootstrap.servers", "localhost:9092"));
        assertThat(config.get(HeadstreamKeys.INPUT_TOPIC)).isEqualTo("questions");
        assertThat(config.get(HeadstreamKeys.BATCH_MAX_SIZE)).isEqualTo(16);
        assertThat(config.get(HeadstreamKeys.BATCH_MAX_DELAY_MS)).isEqualTo(50L);
        assertThat(config.kafkaProperties()).containsEntry("bootstrap.servers", "localhost:9092");
    }

    @Test
    void environmentOverridesFileAndCommandLineOverridesEnvironment(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("app.properties");
        Files.writeString(file, """
                headstream.registry.url=http://file:8081
                headstream.batch.max.size=4
                headstream.topic.input=from-file
                kafka.bootstrap.servers=file:9092
                """);
        HeadstreamConfig config = load(file,
                Map.of("HEADSTREAM_BATCH_MAX_SIZE", "8", "HEADSTREAM_TOPIC_INPUT", "from-env",
                        "HEADSTREAM_KAFKA_BOOTSTRAP_SERVERS", "env:9092", "PATH", "/bin"),
                Map.of("headstream.topic.input", "from-cli"));
        assertThat(config.get(HeadstreamKeys.BATCH_MAX_SIZE)).isEqualTo(8);
        assertThat(config.get(HeadstreamKeys.INPUT_TOPIC)).isEqualTo("from-cli");
        assertThat(config.get(HeadstreamKeys.REGISTRY_URL)).isEqualTo("http://file:8081");
        assertThat(config.kafkaProperties()).containsEntry("bootstrap.servers", "env:9092");
    }

    @Test
    void everyProblemIsReportedAtOnceByKeyName() {
        assertThatThrownBy(() -> load(null, Map.of("HEADSTREAM_BATCH_MAX_SZE", "3"), Map.of(
                "headstream.batch.max.size", "many",
                "headstream.topic.answers", "bad topic!",
                "headstream.model.device", "tpu",
                "headstream.summary.max.sentense", "2",
                "kafka.bootstrap.servers", "localhost:9092",
                "kafka.no.such.key", "x")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems()).hasSize(1)
                        .anySatisfy(p -> assertThat(p).contains("HEADSTREAM_BATCH_MAX_SZE")));
        // The environment is checked first; with a clean environment every file/CLI problem shows.
        assertThatThrownBy(() -> load(null, Map.of(), Map.of(
                "headstream.batch.max.size", "many",
                "headstream.topic.answers", "bad topic!",
                "headstream.model.device", "tpu",
                "headstream.summary.max.sentense", "2",
                "kafka.no.such.key", "x")))
                .isInstanceOf(ConfigException.class)
                .satisfies(e -> assertThat(((ConfigException) e).problems())
                        .anySatisfy(p -> assertThat(p).startsWith("headstream.batch.max.size=many").contains("not an integer"))
                        .anySatisfy(p -> assertThat(p).startsWith("headstream.topic.answers").contains("topic name"))
                        .anySatisfy(p -> assertThat(p).startsWith("headstream.model.device=tpu").contains("[cpu, gpu]"))
                        .anySatisfy(p -> assertThat(p).contains("headstream.summary.max.sentense").contains("unknown key")
                                .contains("did you mean headstream.summary.max.sentences"))
                        .anySatisfy(p -> assertThat(p).contains("kafka.no.such.key").contains("unknown Kafka client key"))
                        .anySatisfy(p -> assertThat(p).startsWith("headstream.registry.url: required"))
                        .anySatisfy(p -> assertThat(p).startsWith("kafka.bootstrap.servers: required")));
    }

    @Test
    void secretsAreMaskedInDescriptionsAndErrors() {
        HeadstreamConfig config = load(null, Map.of(), Map.of(
                "headstream.registry.url", "https://sr:8081",
                "headstream.registry.basic.auth.user.info", "alice:s3cr3t-pw",
                "kafka.bootstrap.servers", "localhost:9092",
                "kafka.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required "
                        + "username=\"app\" password=\"k4fka-pw\";"));
        assertThat(String.join("\n", config.describe())).doesNotContain("s3cr3t-pw").doesNotContain("k4fka-pw")
                .contains("headstream.registry.basic.auth.user.info=******");
        assertThat(config.secretValues()).hasSize(2);

        assertThatThrownBy(() -> load(null, Map.of(), Map.of(
                "headstream.registry.url", "https://sr:8081",
                "headstream.registry.basic.auth.user.info", "no-colon-secret",
                "kafka.bootstrap.servers", "localhost:9092")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("headstream.registry.basic.auth.user.info=******")
                .hasMessageNotContaining("no-colon-secret");
    }

    @Test
    void prefixedKafkaClientKeysAreAccepted() {
        assertThat(KafkaClientKeys.isKnown("producer.linger.ms")).isTrue();
        assertThat(KafkaClientKeys.isKnown("consumer.max.poll.records")).isTrue();
        assertThat(KafkaClientKeys.isKnown("processing.guarantee")).isTrue();
        assertThat(KafkaClientKeys.isKnown("producer.no.such")).isFalse();
    }

    @Test
    void environmentVariableNamesFollowTheKeyNames() {
        assertThat(HeadstreamKeys.DEAD_LETTER_TOPIC.environmentVariable()).isEqualTo("HEADSTREAM_TOPIC_DEAD_LETTER");
        assertThat(HeadstreamKeys.ALL).extracting(ConfigKey::environmentVariable).doesNotHaveDuplicates();
    }
}
