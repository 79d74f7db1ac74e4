package io.headstream.registry;

import io.headstream.registry.server.InMemorySchemaStore;
import io.headstream.registry.server.SchemaRegistryService;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-process registries behind {@code mem://<scope>} URLs, one per scope name, shared by
 * every client in this JVM that names the same scope (as a serializer and a deserializer
 * configured from the same properties must be). Tests use a unique scope each, or
 * {@link #drop(String)} it when done.
 */
public final class InMemoryRegistries {

    private static final Map<String, SchemaRegistryService> SCOPES = new ConcurrentHashMap<>();

    private InMemoryRegistries() {}

    /** The registry of {@code scope}, created empty on first use. */
    public static SchemaRegistryService service(String scope) {
        return SCOPES.computeIfAbsent(scope, s -> new SchemaRegistryService(new InMemorySchemaStore()));
    }

    /** Forgets the registry of {@code scope}; the next use starts empty. */
    public static void drop(String scope) {
        SchemaRegistryService removed = SCOPES.remove(scope);
        if (removed != null) {
            removed.close();
        }
    }

    /** The scope name of a {@code mem://scope} URL. */
    static String scopeOf(String url) {
        if (!url.startsWith("mem://") || url.length() == "mem://".length()) {
            throw new IllegalArgumentException("expected mem://<scope>, got " + url);
        }
        String scope = url.substring("mem://".length());
        return scope.endsWith("/") ? scope.substring(0, scope.length() - 1) : scope;
    }
}
