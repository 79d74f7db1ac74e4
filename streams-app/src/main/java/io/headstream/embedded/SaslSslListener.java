package io.headstream.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.config.SslConfigs;

/**
 * An optional second client listener that speaks SASL_SSL with SCRAM-SHA-512, the way a managed
 * or production cluster is reached, next to the plaintext loopback listener.
 *
 * <p>The broker presents the private key in {@code keyStore} (its certificate must name
 * 127.0.0.1, since clients verify the host); clients trust that certificate and log in as one
 * of {@code users} (name to password), whose SCRAM credentials are upserted after every start,
 * so users may be added between restarts. Authentication only: no authorizer, no ACLs.
 *
 * @param port             listener port; 0 picks a free one on the first start
 * @param keyStore         the broker's key store file
 * @param keyStoreType     {@code PKCS12} or {@code JKS}
 * @param keyStorePassword password of the store and of the key in it
 * @param users            SCRAM users and their passwords; at least one
 */
public record SaslSslListener(int port, Path keyStore, String keyStoreType, String keyStorePassword,
                              Map<String, String> users) {

    /** The SASL mechanism clients must use. */
    public static final String MECHANISM = "SCRAM-SHA-512";

    public SaslSslListener {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("SASL_SSL port must be 0 (any free port) or 1..65535, got " + port);
        }
        Objects.requireNonNull(keyStore, "keyStore");
        if (!Files.isReadable(keyStore)) {
            throw new IllegalArgumentException("SASL_SSL key store " + keyStore + " does not exist or is not readable");
        }
        Objects.requireNonNull(keyStoreType, "keyStoreType");
        Objects.requireNonNull(keyStorePassword, "keyStorePassword");
        users = Map.copyOf(Objects.requireNonNull(users, "users"));
        if (users.isEmpty()) {
            throw new IllegalArgumentException("SASL_SSL listener needs at least one SCRAM user");
        }
        users.forEach((name, password) -> {
            if (name.isBlank() || password.isEmpty()) {
                throw new IllegalArgumentException(
                        "SCRAM user names and passwords must not be empty (user '" + name + "')");
            }
        });
    }

    /**
     * Client properties that log in as {@code user} at {@code bootstrapServers}, trusting the
     * broker's own key store (which holds its certificate).
     *
     * @throws IllegalArgumentException if {@code user} is not one of the SCRAM users
     */
    Map<String, Object> clientProperties(String bootstrapServers, String user) {
        String password = users.get(user);
        if (password == null) {
            throw new IllegalArgumentException("No SCRAM user '" + user + "'; known: " + users.keySet());
        }
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        props.put(SaslConfigs.SASL_MECHANISM, MECHANISM);
        props.put(SaslConfigs.SASL_JAAS_CONFIG, "org.apache.kafka.common.security.scram.ScramLoginModule required"
                + " username=\"" + jaasEscape(user) + "\" password=\"" + jaasEscape(password) + "\";");
        props.put(SslConfigs.SSL_TRUSTSTORE_LOCATION_CONFIG, keyStore.toAbsolutePath().toString());
        props.put(SslConfigs.SSL_TRUSTSTORE_TYPE_CONFIG, keyStoreType);
        props.put(SslConfigs.SSL_TRUSTSTORE_PASSWORD_CONFIG, keyStorePassword);
        return props;
    }

    private static String jaasEscape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    SaslSslListener withPort(int chosenPort) {
        return new SaslSslListener(chosenPort, keyStore, keyStoreType, keyStorePassword, users);
    }

    @Override
    public String toString() {
        // Never print passwords.
        return "SaslSslListener[port=" + port + ", keyStore=" + keyStore + ", users=" + users.keySet() + "]";
    }
}
