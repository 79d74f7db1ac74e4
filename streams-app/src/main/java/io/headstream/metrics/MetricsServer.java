package io.headstream.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;

/**
 * The operations endpoint: {@code /metrics} (Prometheus text format), {@code /health/live} and
 * {@code /health/ready}. Nothing else is served: every other path answers 404, every method but
 * GET answers 405. Binds to the configured address, loopback by default.
 */
public final class MetricsServer implements AutoCloseable {
    private final HttpServer server;

    private MetricsServer(HttpServer server) {
        this.server = server;
    }

    /**
     * Starts the endpoint.
     *
     * @param ready true when the app can do its work (Kafka Streams RUNNING and model loaded)
     */
    public static MetricsServer start(String bindAddress, int port, PrometheusMeterRegistry registry,
            BooleanSupplier ready) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(bindAddress, port), 16);
        server.createContext("/", exchange -> {
            try (exchange) {
                if (!"GET".equals(exchange.getRequestMethod())) {
                    send(exchange, 405, "text/plain", "method not allowed\n");
                    return;
                }
                switch (exchange.getRequestURI().getPath()) {
                    case "/metrics" -> send(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", registry.scrape());
                    case "/health/live" -> send(exchange, 200, "application/json", "{\"status\":\"UP\"}\n");
                    case "/health/ready" -> {
                        boolean up = ready.getAsBoolean();
                        send(exchange, up ? 200 : 503, "application/json",
                                "{\"status\":\"" + (up ? "UP" : "DOWN") + "\"}\n");
                    }
                    default -> send(exchange, 404, "text/plain", "not found\n");
                }
            }
        });
        server.setExecutor(Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "headstream-metrics-http");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return new MetricsServer(server);
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
