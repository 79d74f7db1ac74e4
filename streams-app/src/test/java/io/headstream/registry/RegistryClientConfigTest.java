package io.headstream.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class RegistryClientConfigTest {

    @Test
    void readsEveryKey() {
        Map<String, Object> props = new HashMap<>();
        props.put(RegistryClientConfig.URL, "https://a:8081,https://b:8081");
        props.put(RegistryClientConfig.BASIC_AUTH_USER_INFO, "svc:s3cr:et");
        props.put(RegistryClientConfig.TRUSTSTORE_LOCATION, "/tmp/trust.p12");
        props.put(RegistryClientConfig.TRUSTSTORE_PASSWORD, "tpw");
        props.put(RegistryClientConfig.KEYSTORE_LOCATION, "/tmp/key.jks");
        props.put(RegistryClientConfig.KEYSTORE_PASSWORD, "kpw");
        props.put(RegistryClientConfig.KEYSTORE_TYPE, "JKS");
        props.put(RegistryClientConfig.CONNECT_TIMEOUT_MS, 1500);
        props.put(RegistryClientConfig.REQUEST_TIMEOUT_MS, "2500");
        props.put(RegistryClientConfig.MAX_RETRIES, 5);
        props.put(RegistryClientConfig.RETRY_BACKOFF_MS, 50L);
        props.put("bootstrap.servers", "ignored:9092");

        RegistryClientConfig c = RegistryClientConfig.fromMap(props);

        assertThat(c.url()).isEqualTo("https://a:8081,https://b:8081");
        assertThat(c.basicAuthUser()).isEqualTo("svc");
        assertThat(c.basicAuthPassword()).isEqualTo("s3cr:et");
        assertThat(c.trustStore()).isEqualTo(Path.of("/tmp/trust.p12"));
        assertThat(c.trustStoreType()).isEqualTo("PKCS12");
        assertThat(c.keyStoreType()).isEqualTo("JKS");
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(c.requestTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(c.maxRetries()).isEqualTo(5);
        assertThat(c.retryBackoff()).isEqualTo(Duration.ofMillis(50));
        assertThat(c.inMemory()).isFalse();
    }

    @Test
    void toStringNeverShowsSecrets() {
        RegistryClientConfig c = RegistryClientConfig.builder("http://r:8081").basicAuth("svc", "hunter2")
                .trustStore(Path.of("t.p12"), "trustpw").build();

        assertThat(c.toString()).contains("svc").contains("[hidden]").doesNotContain("hunter2").doesNotContain("trustpw");
    }

    @Test
    void reportsEveryProblemAtOnce() {
        Map<String, Object> props = Map.of(
                RegistryClientConfig.URL, "ftp://x",
                RegistryClientConfig.MAX_RETRIES, "-1",
                RegistryClientConfig.TRUSTSTORE_TYPE, "PEMX",
                AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY, "nope");

        assertThatThrownBy(() -> AvroSerdeConfig.fromMap(props))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(RegistryClientConfig.URL + "=ftp://x")
                .hasMessageContaining(RegistryClientConfig.MAX_RETRIES)
                .hasMessageContaining(RegistryClientConfig.TRUSTSTORE_TYPE)
                .hasMessageContaining(AvroSerdeConfig.VALUE_SUBJECT_NAME_STRATEGY);
    }

    @Test
    void missingUrlIsNamed() {
        assertThatThrownBy(() -> RegistryClientConfig.fromMap(Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining(RegistryClientConfig.URL);
    }

    @Test
    void malformedUserInfoDoesNotEchoIt() {
        assertThatThrownBy(() -> RegistryClientConfig.fromMap(Map.of(RegistryClientConfig.URL, "http://r:1",
                RegistryClientConfig.BASIC_AUTH_USER_INFO, "nocolonsecret")))
                .hasMessageContaining("user:password").hasMessageNotContaining("nocolonsecret");
    }

    @Test
    void credentialsInTheUrlAreRefusedWithoutEchoingThem() {
        assertThatThrownBy(() -> RegistryClientConfig.fromMap(Map.of(RegistryClientConfig.URL, "http://svc:pw123@r:8081")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(RegistryClientConfig.BASIC_AUTH_USER_INFO)
                .hasMessageNotContaining("pw123");
        assertThatThrownBy(() -> RegistryClientConfig.builder("https://a:1,https://svc:pw123@b:2").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("pw123");
        assertThat(RegistryClientConfig.builder("http://r:8081/path@x").build().url()).isEqualTo("http://r:8081/path@x");
    }

    @Test
    void memUrlSelectsTheInProcessRegistry() {
        RegistryClientConfig c = RegistryClientConfig.fromMap(Map.of(RegistryClientConfig.URL, "mem://unit"));

        assertThat(c.inMemory()).isTrue();
        try (SchemaRegistryClient client = SchemaRegistryClient.create(c)) {
            assertThat(client.url()).isEqualTo("mem://unit");
            assertThat(client.subjects()).isEmpty();
        } finally {
            InMemoryRegistries.drop("unit");
        }
    }

    @Test
    void serdeDefaults() {
        AvroSerdeConfig c = AvroSerdeConfig.fromMap(Map.of(RegistryClientConfig.URL, "mem://x"));

        assertThat(c.autoRegister()).isTrue();
        assertThat(c.strategy(false)).isSameAs(SubjectNameStrategy.TOPIC);
        assertThat(c.strategy(true)).isSameAs(SubjectNameStrategy.TOPIC);
    }
}
