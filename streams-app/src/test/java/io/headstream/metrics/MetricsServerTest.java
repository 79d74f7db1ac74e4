package io.headstream.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.headstream.inference.ModelIdentity;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The operations endpoint serves metrics and health on loopback, and nothing else; and it keeps
 * answering the probes while clients stall mid-request or the workers are busy.
 */
class MetricsServerTest {
    /** How long a probe may take here; a kubelet's default probe timeout is 1 s. */
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    /** Partial requests as a slow or hostile client leaves them: mid request line, mid headers, no blank line. */
    private static final List<String> STALLED_HEADS = List.of("GE", "GET /health/ready HTTP/1.1",
            "GET /metrics HTTP/1.1\r\nHost: 127.0.0.1\r\n", "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ");

    /** The default version, as the app's own tests use: HTTP/1.1 with an h2c upgrade offer the server ignores. */
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();

    private HttpResponse<String> get(MetricsServer server, String path, String method) throws Exception {
        return http.send(request(server, path, method), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(MetricsServer server, String path, String method) {
        URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + path);
        return HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).timeout(PROBE_TIMEOUT).build();
    }

    /** Opens a connection, sends {@code partialHead} and leaves it open. */
    private static Socket stalled(MetricsServer server, String partialHead) throws IOException {
        Socket s = new Socket("127.0.0.1", server.address().getPort());
        s.getOutputStream().write(partialHead.getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    private static void closeAll(List<Socket> sockets) throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
    }

    private static PrometheusMeterRegistry registry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    @Test
    void servesMetricsAndHealthAndNothingElse() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PipelineMetrics metrics = new PipelineMetrics(registry);
        metrics.recordIn("questions");
        metrics.deadLettered("validation", "empty_question");
        metrics.batch(8);
        metrics.modelInfo(new ModelIdentity("m", "1.0.0", "abc"), "cpu");
        AtomicBoolean ready = new AtomicBoolean(false);
        try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, registry, ready::get)) {
            assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();

            HttpResponse<String> scrape = get(server, "/metrics", "GET");
            assertThat(scrape.statusCode()).isEqualTo(200);
            assertThat(scrape.body())
                    .contains("headstream_records_in_total{topic=\"questions\"} 1.0")
                    .contains("headstream_dead_letters_total{reason=\"empty_question\",stage=\"validation\"} 1.0")
                    .contains("headstream_batch_size_events_count 1")
                    .contains("headstream_model_info{device=\"cpu\",name=\"m\",sha256=\"abc\",version=\"1.0.0\"} 1");

            assertThat(get(server, "/health/live", "GET").statusCode()).isEqualTo(200);
            assertThat(get(server, "/health/ready", "GET").statusCode()).isEqualTo(503);
            ready.set(true);
            assertThat(get(server, "/health/ready", "GET").statusCode()).isEqualTo(200);

            assertThat(get(server, "/", "GET").statusCode()).isEqualTo(404);
            assertThat(get(server, "/env", "GET").statusCode()).isEqualTo(404);
            assertThat(get(server, "/metrics", "POST").statusCode()).isEqualTo(405);
        }
    }

    @Test
    void aClientThatNeverFinishesItsHeadersDoesNotDelayTheProbes() throws Exception {
        try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, registry(), () -> true)) {
            List<Socket> held = new ArrayList<>();
            try {
                for (String head : STALLED_HEADS) {
                    held.add(stalled(server, head));
                }

                assertThat(get(server, "/health/ready", "GET").statusCode()).isEqualTo(200);
                assertThat(get(server, "/health/live", "GET").statusCode()).isEqualTo(200);
            } finally {
                closeAll(held);
            }
        }
    }

    @Test
    void moreStalledClientsThanWorkersQueueAndConnectionSlotsDoNotDelayTheProbes() throws Exception {
        HttpLimits small = new HttpLimits(2, 2, 8, Duration.ofMinutes(1), 8192);
        try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, registry(), () -> true, small)) {
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 3 * STALLED_HEADS.size(); i++) {
                    held.add(stalled(server, STALLED_HEADS.get(i % STALLED_HEADS.size())));
                }

                for (int probe = 0; probe < 3; probe++) {
                    assertThat(get(server, "/health/ready", "GET").statusCode()).as("probe %d", probe).isEqualTo(200);
                    assertThat(get(server, "/health/live", "GET").statusCode()).as("probe %d", probe).isEqualTo(200);
                }
            } finally {
                closeAll(held);
            }
        }
    }

    @Test
    void aStalledConnectionIsClosedAtItsDeadline() throws Exception {
        HttpLimits quick = new HttpLimits(2, 2, 8, Duration.ofMillis(300), 8192);
        try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, registry(), () -> true, quick);
                Socket s = stalled(server, "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n")) {
            s.setSoTimeout(5000);
            InputStream in = s.getInputStream();
            int read;
            try {
                read = in.read();
            } catch (SocketTimeoutException e) {
                throw new AssertionError("the server kept a stalled connection open for 5 s past a 300 ms deadline", e);
            } catch (IOException reset) {
                read = -1;
            }
            assertThat(read).as("the server closed without answering").isEqualTo(-1);
        }
    }

    @Test
    void aRequestFindingTheWorkersBusyAndTheQueueFullIsAnswered503AtOnce() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        BooleanSupplierThatWaits ready = new BooleanSupplierThatWaits(entered, release);
        HttpLimits oneAndOne = new HttpLimits(1, 1, 8, Duration.ofMinutes(1), 8192);
        try (MetricsServer server = MetricsServer.start("127.0.0.1", 0, registry(), ready, oneAndOne)) {
            CompletableFuture<HttpResponse<String>> busy = send(server);
            assertThat(entered.await(5, TimeUnit.SECONDS)).as("the first request reached the worker").isTrue();
            CompletableFuture<HttpResponse<String>> second = send(server);
            CompletableFuture<HttpResponse<String>> third = send(server);

            // One of the two waits in the queue, the other is refused without waiting for the worker.
            CompletableFuture.anyOf(second, third).get(5, TimeUnit.SECONDS);
            CompletableFuture<HttpResponse<String>> refused = second.isDone() ? second : third;
            CompletableFuture<HttpResponse<String>> queued = refused == second ? third : second;
            assertThat(refused.get().statusCode()).isEqualTo(503);
            assertThat(queued).isNotDone();

            release.countDown();
            assertThat(busy.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
            assertThat(queued.get(5, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        } finally {
            release.countDown();
        }
    }

    private CompletableFuture<HttpResponse<String>> send(MetricsServer server) {
        HttpRequest r = HttpRequest.newBuilder(request(server, "/health/ready", "GET").uri()).timeout(Duration.ofSeconds(10)).build();
        return http.sendAsync(r, HttpResponse.BodyHandlers.ofString());
    }

    /** A readiness check that blocks until released, standing in for a slow scrape. */
    private record BooleanSupplierThatWaits(CountDownLatch entered, CountDownLatch release)
            implements java.util.function.BooleanSupplier {
        @Override
        public boolean getAsBoolean() {
            entered.countDown();
            try {
                return release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
