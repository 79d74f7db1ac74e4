package io.headstream.registry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.headstream.registry.AvroSerde;
import io.headstream.registry.RegistryClientConfig;
import io.headstream.security.TestCertificate;
import io.headstream.registry.SchemaRegistryClient;
import io.headstream.registry.SchemaRegistryException;
import io.headstream.schema.ModelIdentity;
import java.nio.file.Path;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client over HTTPS with a self-signed certificate and HTTP basic auth. */
class TlsAndBasicAuthTest {

    static final String USER = "headstream";
    static final String PASSWORD = "s3cret-Pa55";
    static final Schema SCHEMA = new Schema.Parser().parse(EmbeddedSchemaRegistryApiTest.V1);

    @TempDir
    static Path dir;
    static TestCertificate cert;
    static EmbeddedSchemaRegistry registry;

    @BeforeAll
    static void start() throws Exception {
        cert = TestCertificate.create(dir, "registry", "changeit-" + System.nanoTime());
        registry = EmbeddedSchemaRegistry.builder().https(cert.serverContext()).basicAuth(USER, PASSWORD).build().start();
    }

    @AfterAll
    static void stop() {
        registry.close();
    }

    RegistryClientConfig.Builder trusted() {
        return RegistryClientConfig.builder(registry.url()).trustStore(cert.store(), cert.password());
    }

    @Test
    void trustedClientWithCredentialsWorks() {
        try (SchemaRegistryClient client = SchemaRegistryClient.create(trusted().basicAuth(USER, PASSWORD).build())) {
            int id = client.register("tls-value", SCHEMA);

            assertThat(registry.url()).startsWith("https://127.0.0.1:");
            assertThat(client.getById(id)).isEqualTo(SCHEMA);
        }
    }

    @Test
    void serdeConfiguredFromPropertiesUsesTlsAndAuth() {
        AvroSerde<ModelIdentity> serde = AvroSerde.specific(ModelIdentity.class);
        serde.configure(Map.of(
                RegistryClientConfig.URL, registry.url(),
                RegistryClientConfig.BASIC_AUTH_USER_INFO, USER + ":" + PASSWORD,
                RegistryClientConfig.TRUSTSTORE_LOCATION, cert.store().toString(),
                RegistryClientConfig.TRUSTSTORE_PASSWORD, cert.password()), false);

        byte[] bytes = serde.serializer().serialize("tls-models", new ModelIdentity("a", "b", "c"));

        assertThat(serde.deserializer().deserialize("tls-models", bytes)).isEqualTo(new ModelIdentity("a", "b", "c"));
        serde.close();
    }

    @Test
    void wrongPasswordIs401AndTheMessageHidesIt() {
        SchemaRegistryClient client = SchemaRegistryClient.create(trusted().basicAuth(USER, "wrong-guess-123").build());

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> client.subjects());

        assertThat(e.status()).isEqualTo(401);
        assertThat(e.unavailable()).isFalse();
        assertThat(e.getMessage()).contains(registry.url()).contains("Unauthorized")
                .doesNotContain("wrong-guess-123").doesNotContain(PASSWORD);
    }

    @Test
    void missingCredentialsAre401() {
        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class,
                () -> SchemaRegistryClient.create(trusted().build()).getById(1));

        assertThat(e.status()).isEqualTo(401);
    }

    @Test
    void untrustedCertificateIsRefusedClearly() {
        RegistryClientConfig noTrust = RegistryClientConfig.builder(registry.url()).basicAuth(USER, PASSWORD).maxRetries(0).build();

        SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class,
                () -> SchemaRegistryClient.create(noTrust).subjects());

        assertThat(e.status()).isZero();
        assertThat(e.getMessage()).contains(registry.url()).contains("SSLHandshakeException").doesNotContain(PASSWORD);
    }

    @Test
    void missingTrustStoreFileIsNamed() {
        Path missing = dir.resolve("nope.p12");

        IllegalArgumentException e = catchThrowableOfType(IllegalArgumentException.class,
                () -> SchemaRegistryClient.create(RegistryClientConfig.builder(registry.url()).trustStore(missing, "x").build()));

        assertThat(e.getMessage()).contains("trust store").contains(missing.toString());
    }
}
