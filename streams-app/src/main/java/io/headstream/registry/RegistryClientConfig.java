package io.headstream.registry;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.config.types.Password;

/**
 * How to reach a Schema Registry: URL(s), credentials, TLS material, timeouts and retries.
 * Build one with {@link #builder(String)} or from Confluent-style properties with
 * {@link #fromMap(Map)}; the keys are declared once in {@link #CONFIG_DEF}. {@link #toString()}
 * masks the password and key store passwords.
 *
 * @param url one URL, or several comma-separated ({@code http(s)://host:port}), or
 *     {@code mem://<scope>} for the in-process registry
 * @param basicAuthUser user for HTTP basic auth, or null for none
 * @param basicAuthPassword its password, or null
 * @param trustStore PKCS12/JKS file with the certificates to trust, or null for the JDK's defaults
 * @param trustStorePassword its password, or null
 * @param trustStoreType {@code PKCS12} or {@code JKS}
 * @param keyStore key store with the client certificate for mutual TLS, or null
 * @param keyStorePassword its password, or null
 * @param keyStoreType {@code PKCS12} or {@code JKS}
 * @param keyPassword password of the key in the key store, or null to use the store's
 * @param connectTimeout how long to wait for a TCP/TLS connection
 * @param requestTimeout how long to wait for a whole response
 * @param maxRetries retries after the first attempt for IO errors and 5xx answers
 * @param retryBackoff wait before the first retry; doubled per retry
 * @param retryBackoffMax upper bound of the wait between retries
 */
public record RegistryClientConfig(
        String url,
        String basicAuthUser,
        String basicAuthPassword,
        Path trustStore,
        String trustStorePassword,
        String trustStoreType,
        Path keyStore,
        String keyStorePassword,
        String keyStoreType,
        String keyPassword,
        Duration connectTimeout,
        Duration requestTimeout,
        int maxRetries,
        Duration retryBackoff,
        Duration retryBackoffMax) {

    public static final String URL = "schema.registry.url";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    public static final String TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
    public static final String TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
    public static final String TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
    public static final String KEYSTORE_LOCATION = "schema.registry.ssl.keystore.location";
    public static final String KEYSTORE_PASSWORD = "schema.registry.ssl.keystore.password";
    public static final String KEYSTORE_TYPE = "schema.registry.ssl.keystore.type";
    public static final String KEY_PASSWORD = "schema.registry.ssl.key.password";
    public static final String CONNECT_TIMEOUT_MS = "schema.registry.connect.timeout.ms";
    public static final String REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";
    public static final String MAX_RETRIES = "schema.registry.max.retries";
    public static final String RETRY_BACKOFF_MS = "schema.registry.retry.backoff.ms";
    public static final String RETRY_BACKOFF_MAX_MS = "schema.registry.retry.backoff.max.ms";

    /** Every registry client key, with type, default, validator and doc. */
    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new UrlValidator(), Importance.HIGH,
                    "Schema Registry URL: http(s)://host:port (several comma-separated, tried in order) or mem://<scope> for the in-process registry.")
            .define(BASIC_AUTH_USER_INFO, Type.PASSWORD, null, Importance.MEDIUM,
                    "HTTP basic auth credentials as user:password; unset for none.")
            .define(TRUSTSTORE_LOCATION, Type.STRING, null, Importance.LOW,
                    "Trust store with the registry's CA or certificate; unset for the JDK's default trust.")
            .define(TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.LOW, "Password of the trust store.")
            .define(TRUSTSTORE_TYPE, Type.STRING, "PKCS12", ConfigDef.ValidString.in("PKCS12", "JKS"), Importance.LOW,
                    "Trust store format.")
            .define(KEYSTORE_LOCATION, Type.STRING, null, Importance.LOW,
                    "Key store with the client certificate for mutual TLS; unset for none.")
            .define(KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.LOW, "Password of the key store.")
            .define(KEYSTORE_TYPE, Type.STRING, "PKCS12", ConfigDef.ValidString.in("PKCS12", "JKS"), Importance.LOW,
                    "Key store format.")
            .define(KEY_PASSWORD, Type.PASSWORD, null, Importance.LOW,
                    "Password of the private key in the key store; unset to use the key store password.")
            .define(CONNECT_TIMEOUT_MS, Type.LONG, 5_000L, Range.between(1, 600_000), Importance.LOW,
                    "Timeout for connecting to the registry, in milliseconds.")
            .define(REQUEST_TIMEOUT_MS, Type.LONG, 10_000L, Range.between(1, 600_000), Importance.LOW,
                    "Timeout for one registry request, in milliseconds.")
            .define(MAX_RETRIES, Type.INT, 3, Range.between(0, 20), Importance.LOW,
                    "Retries after the first attempt when the registry is unreachable or answers 5xx.")
            .define(RETRY_BACKOFF_MS, Type.LONG, 100L, Range.between(0, 60_000), Importance.LOW,
                    "Wait before the first retry in milliseconds; doubled for each further retry.")
            .define(RETRY_BACKOFF_MAX_MS, Type.LONG, 2_000L, Range.between(0, 60_000), Importance.LOW,
                    "Upper bound of the wait between retries, in milliseconds.");

    public RegistryClientConfig {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        Objects.requireNonNull(retryBackoffMax, "retryBackoffMax");
        if ((basicAuthUser == null) != (basicAuthPassword == null)) {
            throw new IllegalArgumentException("basic auth needs both a user and a password");
        }
        if (hasUserInfo(url)) {
            // Refused rather than honoured: the URL is printed in messages and logs.
            throw new IllegalArgumentException("Schema Registry URL must not contain credentials (user:password@); "
                    + "pass them as basic auth (" + BASIC_AUTH_USER_INFO + ")");
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
        }
    }

    /** A builder with the defaults of {@link #CONFIG_DEF}. */
    public static Builder builder(String url) {
        return new Builder(url);
    }

    /**
     * Reads the keys of {@link #CONFIG_DEF} from Kafka-style properties; other keys are ignored.
     *
     * @throws ConfigException listing every invalid or missing key with the reason
     */
    public static RegistryClientConfig fromMap(Map<String, ?> props) {
        Map<String, Object> v = parseAll(CONFIG_DEF, props);
        Builder b = builder((String) v.get(URL))
                .connectTimeout(Duration.ofMillis((Long) v.get(CONNECT_TIMEOUT_MS)))
                .requestTimeout(Duration.ofMillis((Long) v.get(REQUEST_TIMEOUT_MS)))
                .maxRetries((Integer) v.get(MAX_RETRIES))
                .retryBackoff(Duration.ofMillis((Long) v.get(RETRY_BACKOFF_MS)), Duration.ofMillis((Long) v.get(RETRY_BACKOFF_MAX_MS)));
        String userInfo = secret(v.get(BASIC_AUTH_USER_INFO));
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            if (colon <= 0) {
                throw new ConfigException(BASIC_AUTH_USER_INFO + " must be user:password (value hidden)");
            }
            b.basicAuth(userInfo.substring(0, colon), userInfo.substring(colon + 1));
        }
        if (v.get(TRUSTSTORE_LOCATION) != null) {
            b.trustStore(Path.of((String) v.get(TRUSTSTORE_LOCATION)), secret(v.get(TRUSTSTORE_PASSWORD)), (String) v.get(TRUSTSTORE_TYPE));
        }
        if (v.get(KEYSTORE_LOCATION) != null) {
            b.keyStore(Path.of((String) v.get(KEYSTORE_LOCATION)), secret(v.get(KEYSTORE_PASSWORD)), (String) v.get(KEYSTORE_TYPE));
            b.keyPassword(secret(v.get(KEY_PASSWORD)));
        }
        return b.build();
    }

    /**
     * Parses {@code props} against {@code def}, collecting every problem into one exception
     * instead of stopping at the first.
     */
    static Map<String, Object> parseAll(ConfigDef def, Map<String, ?> props) {
        List<String> problems = new ArrayList<>();
        Map<String, String> asStrings = new java.util.HashMap<>();
        props.forEach((k, val) -> {
            if (val != null) {
                asStrings.put(k, val instanceof Password pw ? pw.value()
                        : val instanceof Class<?> c ? c.getName()
                        : val instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList())
                        : val.toString());
            }
        });
        for (ConfigValue cv : def.validate(asStrings)) {
            for (String msg : cv.errorMessages()) {
                boolean secret = cv.value() instanceof Password || cv.value() instanceof String str && hasUserInfo(str);
                Object shown = secret ? "[hidden]" : cv.value();
                problems.add(cv.name() + "=" + shown + ": " + msg);
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException("Invalid Schema Registry/serde configuration:\n  " + String.join("\n  ", problems));
        }
        return def.parse(props);
    }

    private static String secret(Object value) {
        return value == null ? null : ((Password) value).value();
    }

    private static boolean hasUserInfo(String urls) {
        for (String u : urls.split(",")) {
            int scheme = u.indexOf("://");
            String rest = scheme < 0 ? u : u.substring(scheme + 3);
            int slash = rest.indexOf('/');
            if ((slash < 0 ? rest : rest.substring(0, slash)).contains("@")) {
                return true;
            }
        }
        return false;
    }

    /** True when this config selects the in-process registry ({@code mem://}). */
    public boolean inMemory() {
        return url.startsWith("mem://");
    }

    @Override
    public String toString() {
        return "RegistryClientConfig[url=" + url
                + ", basicAuthUser=" + basicAuthUser + ", basicAuthPassword=" + mask(basicAuthPassword)
                + ", trustStore=" + trustStore + ", trustStorePassword=" + mask(trustStorePassword)
                + ", keyStore=" + keyStore + ", keyStorePassword=" + mask(keyStorePassword)
                + ", keyPassword=" + mask(keyPassword)
                + ", connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout
                + ", maxRetries=" + maxRetries + ", retryBackoff=" + retryBackoff + ", retryBackoffMax=" + retryBackoffMax + "]";
    }

    private static String mask(String secret) {
        return secret == null ? "null" : "[hidden]";
    }

    /** Rejects URLs that are neither http(s) nor mem, at configuration time. */
    private static final class UrlValidator implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value == null || ((String) value).isBlank()) {
                throw new ConfigException(name, value, "a registry URL is required");
            }
            String s = (String) value;
            if (hasUserInfo(s)) {
                throw new ConfigException(name + " must not contain credentials (value hidden); pass them in " + BASIC_AUTH_USER_INFO);
            }
            if (s.startsWith("mem://")) {
                if (s.length() == "mem://".length() || s.contains(",")) {
                    throw new ConfigException(name, value, "mem:// needs exactly one scope name, e.g. mem://tests");
                }
                return;
            }
            for (String u : s.split(",")) {
                String t = u.trim();
                if (!(t.startsWith("http://") || t.startsWith("https://")) || t.length() <= "https://".length() - 1) {
                    throw new ConfigException(name, value, "each URL must be http://host:port or https://host:port (or one mem://scope)");
                }
                try {
                    java.net.URI.create(t).toURL();
                } catch (IllegalArgumentException | java.net.MalformedURLException e) {
                    throw new ConfigException(name, value, "'" + t + "' is not a valid URL: " + e.getMessage());
                }
            }
        }

        @Override
        public String toString() {
            return "http(s)://host:port[,...] or mem://scope";
        }
    }

    /** Builder for {@link RegistryClientConfig}, starting from the documented defaults. */
    public static final class Builder {
        private final String url;
        private String user;
        private String password;
        private Path trustStore;
        private String trustStorePassword;
        private String trustStoreType = "PKCS12";
        private Path keyStore;
        private String keyStorePassword;
        private String keyStoreType = "PKCS12";
        private String keyPassword;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private int maxRetries = 3;
        private Duration retryBackoff = Duration.ofMillis(100);
        private Duration retryBackoffMax = Duration.ofSeconds(2);

        private Builder(String url) {
            this.url = Objects.requireNonNull(url, "url");
        }

        public Builder basicAuth(String user, String password) {
            this.user = user;
            this.password = password;
            return this;
        }

        public Builder trustStore(Path path, String password) {
            return trustStore(path, password, "PKCS12");
        }

        public Builder trustStore(Path path, String password, String type) {
            this.trustStore = path;
            this.trustStorePassword = password;
            this.trustStoreType = type;
            return this;
        }

        public Builder keyStore(Path path, String password) {
            return keyStore(path, password, "PKCS12");
        }

        public Builder keyStore(Path path, String password, String type) {
            this.keyStore = path;
            this.keyStorePassword = password;
            this.keyStoreType = type;
            return this;
        }

        public Builder keyPassword(String keyPassword) {
            this.keyPassword = keyPassword;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = timeout;
            return this;
        }

        public Builder maxRetries(int maxRetries) {
            this.maxRetries = maxRetries;
            return this;
        }

        public Builder retryBackoff(Duration initial) {
            this.retryBackoff = initial;
            return this;
        }

        public Builder retryBackoff(Duration initial, Duration max) {
            this.retryBackoff = initial;
            this.retryBackoffMax = max;
            return this;
        }

        public RegistryClientConfig build() {
            return new RegistryClientConfig(url, user, password, trustStore, trustStorePassword, trustStoreType,
                    keyStore, keyStorePassword, keyStoreType, keyPassword, connectTimeout, requestTimeout,
                    maxRetries, retryBackoff, retryBackoffMax);
        }
    }
}
