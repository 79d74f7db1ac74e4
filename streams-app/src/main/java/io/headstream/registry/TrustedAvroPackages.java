package io.headstream.registry;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Tells Avro (1.12+) that the generated classes a specific serde reads may be instantiated.
 * Avro refuses to load classes named in a writer schema unless they are trusted, to keep a
 * hostile schema from instantiating arbitrary classes; a specific serde trusts exactly the
 * package of the class it was created for (with its nested records and enums), added to
 * whatever else the JVM already trusts.
 */
final class TrustedAvroPackages {

    private static final Set<String> PACKAGES = ConcurrentHashMap.newKeySet();
    private static boolean installed;

    private TrustedAvroPackages() {}

    static synchronized void trust(Class<?> generated) {
        PACKAGES.add(generated.getPackageName());
        if (!installed) {
            ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
                    ClassSecurityValidator.getGlobal(), c -> PACKAGES.contains(c.getPackageName())));
            installed = true;
        }
    }
}
