package io.headstream.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.function.BooleanSupplier;

/**
 * The operations endpoint: {@code /metrics} (Prometheus text format), {@code /health/live} and
 * {@code /health/ready}. Nothing else is served: every other path answers 404, every method but
 * GET answers 405. Binds to the configured address, loopback by default.
 *
 * <p>The probes must be answered while clients misbehave, so the endpoint runs on a
 * {@link ProbeHttpServer} (its Javadoc says why not the JDK's {@code HttpServer}) bounded by
 * {@link HttpLimits}: a client that never finishes its request holds no thread and is closed at
 * its deadline, and a request that finds every worker busy and the queue full is answered 503 at
 * once.
 */
public final class MetricsServer implements AutoCloseable {
    private final ProbeHttpServer server;

    private MetricsServer(ProbeHttpServer server) {
        this.server = server;
    }

    /**
     * Starts the endpoint with {@link HttpLimits#DEFAULTS}.
     *
     * @param ready true when the app can do its work (Kafka Streams RUNNING and model loaded)
     */
    public static MetricsServer start(String bindAddress, int port, PrometheusMeterRegistry registry,
            BooleanSupplier ready) throws IOException {
        return start(bindAddress, port, registry, ready, HttpLimits.DEFAULTS);
    }

    /** Starts the endpoint with explicit limits. */
    public static MetricsServer start(String bindAddress, int port, PrometheusMeterRegistry registry,
            BooleanSupplier ready, HttpLimits limits) throws IOException {
        return new MetricsServer(ProbeHttpServer.start(new InetSocketAddress(bindAddress, port), limits,
                request -> answer(request, registry, ready), "headstream-metrics-http"));
    }

    private static PlainHttp.Response answer(PlainHttp.Request request, PrometheusMeterRegistry registry,
            BooleanSupplier ready) {
        if (!"GET".equals(request.method())) {
            return PlainHttp.Response.text(405, "method not allowed\n");
        }
        return switch (request.path()) {
            case "/metrics" -> new PlainHttp.Response(200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
            case "/health/live" -> new PlainHttp.Response(200, "application/json", "{\"status\":\"UP\"}\n");
            case "/health/ready" -> {
                boolean up = ready.getAsBoolean();
                yield new PlainHttp.Response(up ? 200 : 503, "application/json",
                        "{\"status\":\"" + (up ? "UP" : "DOWN") + "\"}\n");
            }
            default -> PlainHttp.Response.text(404, "not found\n");
        };
    }

    public InetSocketAddress address() {
        return server.address();
    }

    @Override
    public void close() {
        server.close();
    }
}
