package io.headstream.registry.server;

/**
 * A request the registry refuses or cannot serve, with the HTTP status and Confluent
 * {@code error_code} it maps to. The HTTP server turns it into Confluent's error JSON; the
 * {@code mem://} client turns it into a {@link io.headstream.registry.SchemaRegistryException}.
 */
public class RegistryError extends RuntimeException {

    private final int status;
    private final int errorCode;

    public RegistryError(int status, int errorCode, String message) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    public RegistryError(int status, int errorCode, String message, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
    }

    public int status() {
        return status;
    }

    public int errorCode() {
        return errorCode;
    }

    static RegistryError subjectNotFound(String subject) {
        return new RegistryError(404, 40401, "Subject '" + subject + "' not found.");
    }

    static RegistryError versionNotFound(String subject, Object version) {
        return new RegistryError(404, 40402, "Version " + version + " not found for subject '" + subject + "'.");
    }

    static RegistryError schemaNotFound(String detail) {
        return new RegistryError(404, 40403, "Schema not found: " + detail);
    }

    static RegistryError invalidSchema(String detail) {
        return new RegistryError(422, 42201, "Invalid schema: " + detail);
    }

    static RegistryError invalidVersion(String version) {
        return new RegistryError(422, 42202, "The specified version '" + version
                + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    static RegistryError invalidCompatibilityLevel(String detail) {
        return new RegistryError(422, 42203, "Invalid compatibility level. " + detail);
    }

    static RegistryError tooLarge(int maxBytes) {
        return new RegistryError(413, 413, "Request body larger than " + maxBytes + " bytes");
    }

    /** Confluent's code for an operation the caller may not perform (its RBAC answers the same). */
    static RegistryError configWritesDisabled() {
        return new RegistryError(403, 40301, "Changing compatibility is disabled on this registry; "
                + "enable config writes on the embedded registry to allow it");
    }

    static RegistryError store(String detail, Throwable cause) {
        return new RegistryError(500, 50001, "Error in the backend data store: " + detail, cause);
    }

    static RegistryError timeout(String detail) {
        return new RegistryError(500, 50002, "Operation timed out: " + detail);
    }
}
