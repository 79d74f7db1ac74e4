package io.headstream.registry.server;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * What the registry refuses before doing any work (a body over the limit, a body without
 * credentials, a config write it was not told to allow) and what a 500 keeps to the log.
 */
class RegistryRequestGuardsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long HUGE_BODY = 256L << 20;
    /**
     * What a client may have handed to the kernel before the server answers although the server
     * reads no more than 1 MiB: loopback socket buffers on both ends take several MB on their own.
     */
    private static final long SENT_BEFORE_ANSWER_MAX = 32L << 20;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @ParameterizedTest(name = "chunked={0}")
    @ValueSource(booleans = {false, true})
    void aBodyOverTheLimitIs413BeforeTheRestIsSent(boolean chunked) throws Exception {
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.builder().build().start()) {
            Streamed r = postStreaming(registry, chunked);

            assertThat(r.status()).isEqualTo(413);
            assertThat(r.body().get("error_code").asInt()).isEqualTo(413);
            assertThat(r.body().get("message").asText()).contains(String.valueOf(EmbeddedSchemaRegistry.DEFAULT_MAX_REQUEST_BYTES));
            assertThat(r.sentWhenAnswered()).as("bytes sent when the answer came").isLessThan(SENT_BEFORE_ANSWER_MAX);
            assertThat(r.sentInTotal()).as("bytes sent before the server closed").isLessThan(SENT_BEFORE_ANSWER_MAX);
            assertThat(registry.service().subjects()).isEmpty();
        }
    }

    @Test
    void anUnauthenticatedBodyIs401WithoutBeingRead() throws Exception {
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.builder().basicAuth("app", "s3cret").build().start()) {
            Streamed r = postStreaming(registry, false);

            assertThat(r.status()).isEqualTo(401);
            assertThat(r.body().get("error_code").asInt()).isEqualTo(401);
            assertThat(r.sentWhenAnswered()).as("bytes sent when the answer came").isLessThan(SENT_BEFORE_ANSWER_MAX);
            assertThat(r.sentInTotal()).as("bytes sent before the server closed").isLessThan(SENT_BEFORE_ANSWER_MAX);
        }
    }

    @Test
    void aChunkedBodyWithinTheLimitIsServed() throws Exception {
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.builder().build().start()) {
            byte[] body = EmbeddedSchemaRegistryApiTest.schemaBody(EmbeddedSchemaRegistryApiTest.V1).getBytes(StandardCharsets.UTF_8);
            // ofInputStream has no length, so the client sends it chunked.
            HttpResponse<String> r = http.send(request(registry, "/subjects/users-value/versions")
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(r.body()).get("id").asInt()).isEqualTo(1);
        }
    }

    @Test
    void configWritesAreForbiddenUnlessEnabled() throws Exception {
        try (EmbeddedSchemaRegistry locked = EmbeddedSchemaRegistry.builder().build().start();
                EmbeddedSchemaRegistry open = EmbeddedSchemaRegistry.builder().configWritesEnabled(true).build().start()) {
            for (String path : new String[] {"/config", "/config/users-value"}) {
                HttpResponse<String> refused = put(locked, path, "{\"compatibility\":\"NONE\"}");
                assertThat(refused.statusCode()).as(path).isEqualTo(403);
                assertThat(JSON.readTree(refused.body()).get("error_code").asInt()).as(path).isEqualTo(40301);
                assertThat(JSON.readTree(refused.body()).get("message").asText()).as(path).contains("disabled");

                HttpResponse<String> allowed = put(open, path, "{\"compatibility\":\"NONE\"}");
                assertThat(allowed.statusCode()).as(path).isEqualTo(200);
                assertThat(allowed.body()).as(path).isEqualTo("{\"compatibility\":\"NONE\"}");
            }
            assertThat(locked.service().compatibility(null).name()).isEqualTo("BACKWARD");
            assertThat(locked.service().subjectCompatibility("users-value")).isNull();
            assertThat(open.service().compatibility(null).name()).isEqualTo("NONE");
            assertThat(open.service().subjectCompatibility("users-value").name()).isEqualTo("NONE");
            assertThat(get(locked, "/config").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void anInternalErrorShowsAnErrorIdButNotTheExceptionText() throws Exception {
        SchemaStore failing = new SchemaStore() {
            @Override
            public void start(java.util.function.Consumer<StoreRecord> sink) {}

            @Override
            public void append(StoreRecord record) {
                throw new IllegalStateException("broker kafka-internal-7:9093 said: quota for secret-tenant exceeded");
            }

            @Override
            public void close() {}
        };
        Logger log = (Logger) LoggerFactory.getLogger(RegistryHttpHandler.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        log.addAppender(logged);
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.builder().store(failing).build().start()) {
            HttpResponse<String> r = http.send(request(registry, "/subjects/users-value/versions")
                    .POST(HttpRequest.BodyPublishers.ofString(EmbeddedSchemaRegistryApiTest.schemaBody(EmbeddedSchemaRegistryApiTest.V1)))
                    .build(), HttpResponse.BodyHandlers.ofString());

            assertThat(r.statusCode()).isEqualTo(500);
            JsonNode body = JSON.readTree(r.body());
            assertThat(body.get("error_code").asInt()).isEqualTo(50001);
            String message = body.get("message").asText();
            assertThat(message).doesNotContain("kafka-internal", "secret-tenant", "IllegalStateException")
                    .containsPattern("error id [0-9a-f-]{36}");
            String id = message.replaceAll(".*error id ([0-9a-f-]{36}).*", "$1");
            assertThat(logged.list).anySatisfy(e -> {
                assertThat(e.getFormattedMessage()).contains(id);
                assertThat(e.getThrowableProxy().getMessage()).contains("secret-tenant");
            });
        } finally {
            log.detachAppender(logged);
        }
    }

    private static HttpRequest.Builder request(EmbeddedSchemaRegistry registry, String path) {
        return HttpRequest.newBuilder(URI.create(registry.url() + path)).timeout(Duration.ofSeconds(10))
                .header("Content-Type", EmbeddedSchemaRegistryApiTest.CT);
    }

    private HttpResponse<String> put(EmbeddedSchemaRegistry registry, String path, String body) throws Exception {
        return http.send(request(registry, path).PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(EmbeddedSchemaRegistry registry, String path) throws Exception {
        return http.send(request(registry, path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An answer to a streamed POST, and how many body bytes the client had sent when it came and in all. */
    record Streamed(int status, JsonNode body, long sentWhenAnswered, long sentInTotal) {}

    /**
     * POSTs a {@link #HUGE_BODY} body generated on the fly (nothing of that size is allocated) over
     * a raw socket, declared by Content-Length or chunked, while reading the answer. The sender
     * stops when the server closes the connection or the body is out.
     */
    private static Streamed postStreaming(EmbeddedSchemaRegistry registry, boolean chunked) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", registry.port())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            String head = "POST /subjects/users-value/versions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Type: " + EmbeddedSchemaRegistryApiTest.CT + "\r\n"
                    + (chunked ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + HUGE_BODY + "\r\n") + "\r\n";
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            AtomicLong sent = new AtomicLong();
            Thread sender = new Thread(() -> sendBody(out, chunked, sent), "huge-body-sender");
            sender.setDaemon(true);
            sender.start();

            InputStream in = socket.getInputStream();
            String statusLine = readLine(in);
            long sentWhenAnswered = sent.get();
            int contentLength = 0;
            for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
                if (line.toLowerCase().startsWith("content-length:")) {
                    contentLength = Integer.parseInt(line.substring("content-length:".length()).trim());
                }
            }
            byte[] body = in.readNBytes(contentLength);
            sender.join(TimeUnit.SECONDS.toMillis(60));
            assertThat(sender.isAlive()).as("the sender stopped within 60 s").isFalse();
            System.out.printf("RegistryRequestGuardsTest: %s (chunked=%s) after %d KiB sent, %d KiB in total%n",
                    statusLine, chunked, sentWhenAnswered >> 10, sent.get() >> 10);
            return new Streamed(Integer.parseInt(statusLine.split(" ")[1]), JSON.readTree(body), sentWhenAnswered, sent.get());
        }
    }

    private static void sendBody(OutputStream out, boolean chunked, AtomicLong sent) {
        byte[] block = new byte[64 * 1024];
        Arrays.fill(block, (byte) ' ');
        byte[] chunkHead = (Integer.toHexString(block.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] crlf = "\r\n".getBytes(StandardCharsets.US_ASCII);
        try {
            for (long left = HUGE_BODY; left > 0; left -= block.length) {
                if (chunked) {
                    out.write(chunkHead);
                }
                out.write(block);
                if (chunked) {
                    out.write(crlf);
                }
                sent.addAndGet(block.length);
            }
            if (chunked) {
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
        } catch (IOException closedByServer) {
            // expected once the server has answered and closed the connection
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed mid-line after: " + line);
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
