package io.headstream.registry.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.headstream.registry.AvroSerde;
import io.headstream.registry.AvroSerdeConfig;
import io.headstream.registry.CompatibilityLevel;
import io.headstream.registry.HttpSchemaRegistryClient;
import io.headstream.registry.RegisteredSchema;
import io.headstream.registry.RegistryClientConfig;
import io.headstream.registry.SchemaRegistryClient;
import io.headstream.registry.SchemaRegistryException;
import io.headstream.schema.ModelIdentity;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The HTTP client against the embedded server: every call, the caching, and the failure modes. */
class RegistryClientOverHttpTest {

    static final Schema V1 = new Schema.Parser().parse(EmbeddedSchemaRegistryApiTest.V1);
    static final Schema V2 = new Schema.Parser().parse(EmbeddedSchemaRegistryApiTest.V2);
    static final Schema V2_NO_DEFAULT = new Schema.Parser().parse(EmbeddedSchemaRegistryApiTest.V2_NO_DEFAULT);

    private EmbeddedSchemaRegistry registry;

    @BeforeEach
    void start() {
        registry = EmbeddedSchemaRegistry.builder().build().start();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void everyCallOfTheClientApi() {
        // Setting a level over HTTP is off by default; this registry opts in.
        registry.close();
        registry = EmbeddedSchemaRegistry.builder().configWritesEnabled(true).build().start();
        try (SchemaRegistryClient client = new HttpSchemaRegistryClient(RegistryClientConfig.builder(registry.url()).build())) {
            int id1 = client.register("users-value", V1);
            int id2 = client.register("users-value", V2);

            assertThat(client.getById(id1)).isEqualTo(V1);
            assertThat(client.latest("users-value")).isEqualTo(new RegisteredSchema("users-value", 2, id2, V2));
            assertThat(client.version("users-value", 1)).isEqualTo(new RegisteredSchema("users-value", 1, id1, V1));
            assertThat(client.versions("users-value")).containsExactly(1, 2);
            assertThat(client.lookup("users-value", V1).id()).isEqualTo(id1);
            assertThat(client.subjects()).containsExactly("users-value");
            assertThat(client.testCompatibility("users-value", V2_NO_DEFAULT)).isFalse();
            assertThat(client.compatibility(null)).isEqualTo(CompatibilityLevel.BACKWARD);
            assertThat(client.compatibility("users-value")).isEqualTo(CompatibilityLevel.BACKWARD);
            client.setCompatibility("users-value", CompatibilityLevel.FULL);
            assertThat(client.compatibility("users-value")).isEqualTo(CompatibilityLevel.FULL);
            assertThat(client.compatibility(null)).isEqualTo(CompatibilityLevel.BACKWARD);
        }
    }

    @Test
    void errorsNameUrlSubjectStatusAndCode() {
        try (SchemaRegistryClient client = SchemaRegistryClient.create(RegistryClientConfig.builder(registry.url()).build())) {
            SchemaRegistryException missing = catchThrowableOfType(SchemaRegistryException.class, () -> client.latest("ghost-value"));
            client.register("users-value", V1);
            SchemaRegistryException incompatible = catchThrowableOfType(SchemaRegistryException.class,
                    () -> client.register("users-value", V2_NO_DEFAULT));
            SchemaRegistryException unknownId = catchThrowableOfType(SchemaRegistryException.class, () -> client.getById(77));

            assertThat(missing.status()).isEqualTo(404);
            assertThat(missing.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND);
            assertThat(missing.subject()).isEqualTo("ghost-value");
            assertThat(missing.notFound()).isTrue();
            assertThat(missing.unavailable()).isFalse();
            assertThat(missing.getMessage()).contains(registry.url()).contains("ghost-value").contains("40401")
                    .contains("Subject 'ghost-value' not found.");
            assertThat(incompatible.status()).isEqualTo(409);
            assertThat(incompatible.errorCode()).isEqualTo(SchemaRegistryException.INCOMPATIBLE_SCHEMA);
            assertThat(unknownId.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
        }
    }

    @Test
    void steadyStreamMakesNoHttpCalls() {
        RegistryClientConfig config = RegistryClientConfig.builder(registry.url()).build();
        try (SchemaRegistryClient producerSide = SchemaRegistryClient.create(config);
                SchemaRegistryClient consumerSide = SchemaRegistryClient.create(config)) {
            AvroSerde<ModelIdentity> writer = AvroSerde.specific(ModelIdentity.class, producerSide, AvroSerdeConfig.defaults(), false);
            AvroSerde<ModelIdentity> reader = AvroSerde.specific(ModelIdentity.class, consumerSide, AvroSerdeConfig.defaults(), false);
            ModelIdentity first = new ModelIdentity("m", "0", "00");
            reader.deserializer().deserialize("models", writer.serializer().serialize("models", first));
            long afterWarmUp = registry.requestCount();

            List<ModelIdentity> read = new ArrayList<>();
            for (int i = 0; i < 1_000; i++) {
                byte[] bytes = writer.serializer().serialize("models", new ModelIdentity("m", Integer.toString(i), "00"));
                read.add(reader.deserializer().deserialize("models", bytes));
            }

            assertThat(afterWarmUp).as("one register + one schema fetch").isEqualTo(2);
            assertThat(registry.requestCount()).isEqualTo(afterWarmUp);
            assertThat(read).hasSize(1_000).last().isEqualTo(new ModelIdentity("m", "999", "00"));
        }
    }

    @Test
    void registryDownFailsFastWithAClearError() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        RegistryClientConfig config = RegistryClientConfig.builder("http://127.0.0.1:" + port)
                .maxRetries(2).retryBackoff(Duration.ofMillis(20)).build();

        SchemaRegistryException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> catchThrowableOfType(
                SchemaRegistryException.class, () -> new HttpSchemaRegistryClient(config).register("users-value", V1)));

        assertThat(e.unavailable()).isTrue();
        assertThat(e.status()).isZero();
        assertThat(e.getMessage()).contains("http://127.0.0.1:" + port).contains("users-value")
                .contains("ConnectException").contains("3 attempt(s)");
    }

    @Test
    void registryThatNeverAnswersTimesOut() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // accept and never answer
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            RegistryClientConfig config = RegistryClientConfig.builder("http://127.0.0.1:" + silent.getLocalPort())
                    .requestTimeout(Duration.ofMillis(300)).maxRetries(1).retryBackoff(Duration.ofMillis(10)).build();

            SchemaRegistryException e = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> catchThrowableOfType(
                    SchemaRegistryException.class, () -> new HttpSchemaRegistryClient(config).getById(1)));

            assertThat(e.unavailable()).isTrue();
            assertThat(e.getMessage()).contains("HttpTimeoutException").contains("GET /schemas/ids/1");
        }
    }

    @Test
    void serverErrorsAreRetriedThenReported() {
        // A registry whose store always fails: every write is a 500 with error_code 50001.
        SchemaStore broken = new SchemaStore() {
            @Override
            public void start(java.util.function.Consumer<StoreRecord> sink) {}

            @Override
            public void append(StoreRecord record) {
                throw new RegistryError(500, 50001, "Error in the backend data store: disk on fire");
            }

            @Override
            public void close() {}
        };
        try (EmbeddedSchemaRegistry failing = EmbeddedSchemaRegistry.builder().store(broken).build().start()) {
            RegistryClientConfig config = RegistryClientConfig.builder(failing.url())
                    .maxRetries(2).retryBackoff(Duration.ofMillis(5)).build();

            SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class,
                    () -> new HttpSchemaRegistryClient(config).register("users-value", V1));

            assertThat(e.status()).isEqualTo(500);
            assertThat(e.errorCode()).isEqualTo(50001);
            assertThat(e.unavailable()).isTrue();
            // The store's text stays in the registry's log; the client sees the code and an error id.
            assertThat(e.getMessage()).doesNotContain("disk on fire").contains("error id").contains("after 3 attempt(s)");
            assertThat(failing.requestCount()).isEqualTo(3);
        }
    }

    @Test
    void secondUrlIsTriedWhenTheFirstIsDown() throws IOException {
        int downPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            downPort = s.getLocalPort();
        }
        RegistryClientConfig config = RegistryClientConfig.builder("http://127.0.0.1:" + downPort + "," + registry.url())
                .maxRetries(1).retryBackoff(Duration.ofMillis(5)).build();

        assertThat(new HttpSchemaRegistryClient(config).register("users-value", V1)).isEqualTo(1);
    }

    @Test
    void clientErrorsAreNotRetried() {
        RegistryClientConfig config = RegistryClientConfig.builder(registry.url()).maxRetries(3).build();

        assertThatThrownBy(() -> new HttpSchemaRegistryClient(config).latest("ghost-value"))
                .isInstanceOf(SchemaRegistryException.class);
        assertThat(registry.requestCount()).isEqualTo(1);
    }
}
