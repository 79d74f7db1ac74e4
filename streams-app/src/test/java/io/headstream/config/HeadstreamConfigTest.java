package io.headstream.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

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

    private static final String PEM_KEY = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANpem-secret\n-----END PRIVATE KEY-----";

    static Stream<Arguments> plantedSecrets() {
        return Stream.of(
                Arguments.of("PEM key store key (PASSWORD type)", "kafka.ssl.keystore.key", PEM_KEY, "pem-secret"),
                Arguments.of("certificate chain (PASSWORD type)", "kafka.ssl.keystore.certificate.chain", "chain-secret",
                        "chain-secret"),
                Arguments.of("trusted certificates (PASSWORD type)", "kafka.ssl.truststore.certificates", "cert-secret",
                        "cert-secret"),
                Arguments.of("JAAS with a client prefix", "kafka.producer.sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"jaas-secret\";",
                        "jaas-secret"),
                Arguments.of("listener-scoped JAAS", "kafka.listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config",
                        "ScramLoginModule required password=\"listener-secret\";", "listener-secret"),
                Arguments.of("URL userinfo in a plain value", "kafka.client.rack", "http://u:rack-secret@h", "rack-secret"),
                Arguments.of("PEM in a plain value", "kafka.client.id", PEM_KEY, "pem-secret"),
                Arguments.of("declared secret", "headstream.registry.basic.auth.user.info", "u:user-secret", "user-secret"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plantedSecrets")
    void aSecretIsMaskedByItsTypeOrShapeNotByItsKeyName(String name, String key, String value, String secret) {
        HeadstreamConfig config = load(null, Map.of(), Map.of(
                "headstream.registry.url", "mem://t", "kafka.bootstrap.servers", "localhost:9092", key, value));
        assertThat(String.join("\n", config.describe())).contains(key + "=").doesNotContain(secret);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"ssl.keystore.key, true", "ssl.truststore.certificates, true", "ssl.key.password, true",
            "sasl.jaas.config, true", "main.consumer.ssl.keystore.password, true",
            "listener.name.x.plain.sasl.jaas.config, true", "listener.name.x.no.such.key, true",
            "bootstrap.servers, false", "ssl.keystore.location, false", "producer.linger.ms, false",
            "topic.cleanup.policy, false", "listener.name.x.ssl.keystore.location, false"})
    void kafkaKeysAreSecretWhenKafkaTypesThemPassword(String key, boolean secret) {
        assertThat(KafkaClientKeys.isSecret(key)).isEqualTo(secret);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "https://alice:url-secret@sr:8081 | https://[hidden]@sr:8081",
            "alice:url-secret@sr:8081 | [hidden]@sr:8081",
            "http://sr1:8081,http://alice:url-secret@sr2:8081 | http://sr1:8081,http://[hidden]@sr2:8081"})
    void aRegistryUrlWithCredentialsIsRefusedNamingTheKeyWithoutShowingThem(String url, String shown) {
        assertThatThrownBy(() -> load(null, Map.of(), Map.of("kafka.bootstrap.servers", "localhost:9092",
                "headstream.registry.url", url)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("headstream.registry.url=" + shown)
                .hasMessageContaining("must not contain credentials")
                .hasMessageContaining("headstream.registry.basic.auth.user.info")
                .hasMessageNotContaining("url-secret").hasMessageNotContaining("alice");
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
