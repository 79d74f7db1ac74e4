package io.headstream.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.headstream.inference.ModelIdentity;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The operations endpoint serves metrics and health on loopback, and nothing else. */
class MetricsServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(MetricsServer server, String path, String method) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + path);
        return http.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.ofString());
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
}
