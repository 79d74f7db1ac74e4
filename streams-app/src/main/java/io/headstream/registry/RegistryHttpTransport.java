package io.headstream.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Sends one Schema Registry REST call: picks the URL, adds basic auth, applies the timeouts,
 * retries IO errors and 5xx answers with exponential backoff (trying the next URL of a list),
 * and turns a refusal into a {@link SchemaRegistryException} that names URL, subject, HTTP status
 * and Confluent error code. Credentials never appear in a message.
 */
final class RegistryHttpTransport {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json, application/json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryClientConfig config;
    private final List<URI> baseUrls = new ArrayList<>();
    private final HttpClient http;
    private final String authorization;

    RegistryHttpTransport(RegistryClientConfig config) {
        this.config = config;
        for (String u : config.url().split(",")) {
            String t = u.trim();
            baseUrls.add(URI.create(t.endsWith("/") ? t.substring(0, t.length() - 1) : t));
        }
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout());
        if (config.trustStore() != null || config.keyStore() != null) {
            b.sslContext(sslContext(config));
        }
        this.http = b.build();
        this.authorization = config.basicAuthUser() == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(
                        (config.basicAuthUser() + ":" + config.basicAuthPassword()).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sends {@code method path} with an optional JSON body and returns the parsed answer.
     *
     * @param subject the subject the call is about, for the error message (may be null)
     */
    JsonNode send(String method, String path, JsonNode body, String subject) {
        byte[] payload = body == null ? null : write(body);
        SchemaRegistryException last = null;
        int attempt = 0;
        for (int round = 0; round <= config.maxRetries(); round++) {
            URI base = baseUrls.get(round % baseUrls.size());
            if (round > 0) {
                sleepBeforeRetry(attempt++, base, method, path, subject, last);
            }
            HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(base + path))
                    .timeout(config.requestTimeout())
                    .header("Accept", ACCEPT);
            if (authorization != null) {
                rb.header("Authorization", authorization);
            }
            rb.method(method, payload == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(payload));
            if (payload != null) {
                rb.header("Content-Type", CONTENT_TYPE);
            }
            HttpResponse<byte[]> response;
            try {
                response = http.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                last = new SchemaRegistryException("Schema Registry at " + base + " is unavailable for " + method + " " + path
                        + about(subject) + ": " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")")
                        + " after " + (round + 1) + " attempt(s)", 0, 0, base.toString(), subject, e);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SchemaRegistryException("Interrupted while calling the Schema Registry at " + base,
                        0, 0, base.toString(), subject, e);
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return parse(response.body(), base, method, path, subject);
            }
            last = refusal(response, base, method, path, subject, round + 1);
            if (status < 500) {
                throw last;
            }
        }
        throw last;
    }

    private void sleepBeforeRetry(int attempt, URI base, String method, String path, String subject, SchemaRegistryException last) {
        long backoff = Math.min(config.retryBackoffMax().toMillis(), config.retryBackoff().toMillis() << Math.min(attempt, 20));
        try {
            Thread.sleep(backoff);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException("Interrupted while retrying " + method + " " + path + " at " + base,
                    0, 0, base.toString(), subject, last);
        }
    }

    private static SchemaRegistryException refusal(HttpResponse<byte[]> response, URI base, String method, String path,
            String subject, int attempts) {
        int status = response.statusCode();
        int code = 0;
        String message;
        try {
            JsonNode err = JSON.readTree(response.body());
            code = err.path("error_code").asInt(0);
            message = err.path("message").asText(new String(response.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            message = new String(response.body(), StandardCharsets.UTF_8);
        }
        if (message.length() > 2000) {
            message = message.substring(0, 2000) + "...";
        }
        return new SchemaRegistryException("Schema Registry at " + base + " refused " + method + " " + path + about(subject)
                + ": HTTP " + status + (code != 0 ? ", error_code " + code : "") + ": " + message
                + (status >= 500 ? " (after " + attempts + " attempt(s))" : ""), status, code, base.toString(), subject, null);
    }

    private static JsonNode parse(byte[] body, URI base, String method, String path, String subject) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new SchemaRegistryException("Schema Registry at " + base + " answered " + method + " " + path + about(subject)
                    + " with invalid JSON: " + e.getMessage(), 200, 0, base.toString(), subject, e);
        }
    }

    private static String about(String subject) {
        return subject == null ? "" : " (subject '" + subject + "')";
    }

    private static byte[] write(JsonNode body) {
        try {
            return JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An SSL context trusting the configured trust store and presenting the configured key store. */
    static SSLContext sslContext(RegistryClientConfig config) {
        try {
            TrustManagerFactory tmf = null;
            if (config.trustStore() != null) {
                KeyStore trust = load(config.trustStore(), config.trustStorePassword(), config.trustStoreType(), "trust store");
                tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(trust);
            }
            KeyManagerFactory kmf = null;
            if (config.keyStore() != null) {
                KeyStore keys = load(config.keyStore(), config.keyStorePassword(), config.keyStoreType(), "key store");
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                String keyPassword = config.keyPassword() != null ? config.keyPassword() : config.keyStorePassword();
                kmf.init(keys, keyPassword == null ? null : keyPassword.toCharArray());
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf == null ? null : tmf.getTrustManagers(), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("Cannot set up TLS for the Schema Registry client: " + e.getMessage(), e);
        }
    }

    private static KeyStore load(Path path, String password, String type, String what) throws GeneralSecurityException {
        try (InputStream in = Files.newInputStream(path)) {
            KeyStore ks = KeyStore.getInstance(type);
            ks.load(in, password == null ? null : password.toCharArray());
            return ks;
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot read the Schema Registry " + what + " " + path + " (" + type + "): "
                    + e.getMessage(), e);
        }
    }

    Duration requestTimeout() {
        return config.requestTimeout();
    }
}
