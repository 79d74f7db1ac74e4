package io.headstream.app;

import io.headstream.config.HeadstreamConfig;
import io.headstream.config.HeadstreamKeys;
import io.headstream.registry.RegistryClientConfig;
import io.headstream.registry.SchemaRegistryClient;
import io.headstream.registry.SchemaRegistryException;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks at start-up that the Schema Registry answers and accepts headstream's credentials.
 * Without it a registry that is down at start would turn every input record into a
 * {@code registry_unavailable} dead letter; with it the process waits a bounded time
 * ({@code headstream.registry.startup.wait.ms}) and then exits with a message naming the URL.
 * Refused credentials and TLS failures do not heal by waiting, so they fail at once (exit 2).
 */
final class RegistryCheck {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryCheck.class);
    private static final long PAUSE_MS = 500;

    private RegistryCheck() {}

    static void awaitRegistry(HeadstreamConfig config) {
        long waitMs = config.get(HeadstreamKeys.REGISTRY_STARTUP_WAIT_MS);
        long deadline = System.nanoTime() + waitMs * 1_000_000L;
        String key = HeadstreamKeys.REGISTRY_STARTUP_WAIT_MS.name();
        try (SchemaRegistryClient client = SchemaRegistryClient.create(
                RegistryClientConfig.fromMap(SerdeSettings.serdeConfig(config)))) {
            int attempts = 0;
            while (true) {
                attempts++;
                try {
                    client.subjects();
                    if (attempts > 1) {
                        LOG.info("Schema Registry at {} answered after {} attempt(s)", client.url(), attempts);
                    }
                    return;
                } catch (SchemaRegistryException e) {
                    if (e.status() == 401 || e.status() == 403) {
                        throw new StartupException("the Schema Registry at " + client.url() + " refused headstream's "
                                + "credentials (HTTP " + e.status() + "); check "
                                + HeadstreamKeys.REGISTRY_USER_INFO.name(), e);
                    }
                    if (sslCause(e) != null) {
                        throw new StartupException("TLS with the Schema Registry at " + client.url() + " failed: "
                                + sslCause(e).getMessage() + "; check " + HeadstreamKeys.REGISTRY_TRUSTSTORE.name(), e);
                    }
                    if (!e.unavailable()) {
                        throw new IllegalStateException("the Schema Registry at " + client.url()
                                + " answered start-up's check with an error: " + e.getMessage(), e);
                    }
                    if (System.nanoTime() >= deadline) {
                        throw new IllegalStateException("the Schema Registry at " + client.url() + " did not answer within "
                                + waitMs + " ms (" + key + "), " + attempts + " attempt(s): " + e.getMessage(), e);
                    }
                    LOG.warn("Schema Registry at {} unavailable ({}); retrying for up to {} ms ({})", client.url(),
                            e.getMessage(), waitMs, key);
                    pause();
                }
            }
        }
    }

    private static Throwable sslCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return t;
            }
        }
        return null;
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Schema Registry", e);
        }
    }
}
