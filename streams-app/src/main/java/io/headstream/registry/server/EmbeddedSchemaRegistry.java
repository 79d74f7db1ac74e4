package io.headstream.registry.server;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Schema Registry served over HTTP(S) on the loopback interface, speaking the part of
 * Confluent's REST API that Confluent's Java, Python and Node serializers use. It backs the
 * embedded ("demo") stack and the tests; it is not meant to face a network.
 *
 * <pre>{@code
 * try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.builder()
 *         .store(new KafkaSchemaStore(bootstrap, "_schemas", (short) 1, Duration.ofSeconds(30)))
 *         .build()) {
 *     registry.start();
 *     String url = registry.url();   // http://127.0.0.1:<port>
 * }
 * }</pre>
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

    /** Default largest request body: schemas are kilobytes, so 1 MiB leaves room and bounds the heap. */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 1 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);

    private final SchemaStore store;
    private final int requestedPort;
    private final BasicAuth auth;
    private final SSLContext sslContext;
    private final int threads;
    private final int maxRequestBytes;
    private final boolean configWrites;
    private HttpServer server;
    private ExecutorService executor;
    private SchemaRegistryService service;
    private RegistryHttpHandler handler;

    private EmbeddedSchemaRegistry(Builder b) {
        this.store = b.store != null ? b.store : new InMemorySchemaStore();
        this.requestedPort = b.port;
        this.auth = b.user == null ? null : new BasicAuth(b.user, b.password);
        this.sslContext = b.sslContext;
        this.threads = b.threads;
        this.maxRequestBytes = b.maxRequestBytes;
        this.configWrites = b.configWrites;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Replays the store and starts serving. Returns once the port is bound.
     *
     * @throws UncheckedIOException when the port cannot be bound
     */
    public synchronized EmbeddedSchemaRegistry start() {
        if (server != null) {
            throw new IllegalStateException("already started at " + url());
        }
        service = new SchemaRegistryService(store);
        handler = new RegistryHttpHandler(service, auth, maxRequestBytes, configWrites);
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort);
        try {
            if (sslContext != null) {
                HttpsServer https = HttpsServer.create(address, 0);
                https.setHttpsConfigurator(new HttpsConfigurator(sslContext));
                server = https;
            } else {
                server = HttpServer.create(address, 0);
            }
        } catch (IOException e) {
            service.close();
            throw new UncheckedIOException("Cannot bind the embedded schema registry to " + address, e);
        }
        server.createContext("/", handler);
        executor = Executors.newFixedThreadPool(threads, daemonThreads());
        server.setExecutor(executor);
        server.start();
        LOG.info("Embedded schema registry listening at {}", url());
        return this;
    }

    /** {@code http(s)://127.0.0.1:<port>}. */
    public String url() {
        return (sslContext != null ? "https" : "http") + "://127.0.0.1:" + port();
    }

    /** The bound port. */
    public int port() {
        requireStarted();
        return server.getAddress().getPort();
    }

    /** HTTP requests received so far, including refused ones; lets tests prove caching. */
    public long requestCount() {
        requireStarted();
        return handler.requestCount();
    }

    /** The registry logic behind the HTTP API. */
    public SchemaRegistryService service() {
        requireStarted();
        return service;
    }

    /** Stops serving and closes the store. Idempotent. */
    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        service.close();
        server = null;
    }

    private void requireStarted() {
        if (server == null) {
            throw new IllegalStateException("the embedded schema registry is not started");
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "schema-registry-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Options of an {@link EmbeddedSchemaRegistry}; all optional. */
    public static final class Builder {
        private SchemaStore store;
        private int port;
        private String user;
        private String password;
        private SSLContext sslContext;
        private int threads = 4;
        private int maxRequestBytes = DEFAULT_MAX_REQUEST_BYTES;
        private boolean configWrites;

        /** Where schemas live; default a fresh {@link InMemorySchemaStore}. */
        public Builder store(SchemaStore store) {
            this.store = store;
            return this;
        }

        /** Port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be in [0, 65535], got " + port);
            }
            this.port = port;
            return this;
        }

        /** Require HTTP basic auth with this user and password. */
        public Builder basicAuth(String user, String password) {
            this.user = user;
            this.password = password;
            return this;
        }

        /** Serve HTTPS with this server context instead of plain HTTP. */
        public Builder https(SSLContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        /** Request handler threads; default 4. */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * Largest request body in bytes; a larger one is answered 413 without being read. Default
         * 1 MiB ({@link EmbeddedSchemaRegistry#DEFAULT_MAX_REQUEST_BYTES}).
         */
        public Builder maxRequestBytes(int maxRequestBytes) {
            if (maxRequestBytes < 1 || maxRequestBytes == Integer.MAX_VALUE) {
                throw new IllegalArgumentException("maxRequestBytes must be in [1, 2^31-2], got " + maxRequestBytes);
            }
            this.maxRequestBytes = maxRequestBytes;
            return this;
        }

        /**
         * Whether {@code PUT /config} and {@code PUT /config/{subject}} may change compatibility;
         * default false, answered 403 (40301). Off by default because anyone who can reach the
         * port could otherwise set a subject to NONE and register a schema that breaks its
         * consumers; tests and tools that set levels over HTTP opt in here.
         */
        public Builder configWritesEnabled(boolean enabled) {
            this.configWrites = enabled;
            return this;
        }

        public EmbeddedSchemaRegistry build() {
            return new EmbeddedSchemaRegistry(this);
        }
    }
}
