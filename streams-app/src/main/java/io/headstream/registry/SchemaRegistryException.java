package io.headstream.registry;

/**
 * A Schema Registry request failed. Carries what callers need to decide what to do: the HTTP
 * status (0 when no response arrived), Confluent's {@code error_code} (0 when the registry sent
 * none), the registry URL and the subject the request was about. The message names all of them
 * and never contains credentials.
 *
 * <p>Common error codes: 40401 subject not found, 40402 version not found, 40403 schema not
 * found, 409 incompatible schema, 42201 invalid schema, 50001 store error, 50002 timeout.
 */
public class SchemaRegistryException extends RuntimeException {

    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    public static final int INCOMPATIBLE_SCHEMA = 409;
    public static final int INVALID_SCHEMA = 42201;

    private final int status;
    private final int errorCode;
    private final String url;
    private final String subject;

    public SchemaRegistryException(String message, int status, int errorCode, String url, String subject, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
        this.url = url;
        this.subject = subject;
    }

    /** HTTP status of the registry's answer, or 0 when the registry could not be reached. */
    public int status() {
        return status;
    }

    /** Confluent's {@code error_code}, or 0 when there was none. */
    public int errorCode() {
        return errorCode;
    }

    /** The registry URL the request went to. */
    public String url() {
        return url;
    }

    /** The subject the request was about, or null when it was about none (e.g. a schema id). */
    public String subject() {
        return subject;
    }

    /**
     * True when the registry could not answer: unreachable, timed out, or a server-side (5xx)
     * error after the retries. Such failures are transient; a 4xx answer is not.
     */
    public boolean unavailable() {
        return status == 0 || status >= 500;
    }

    /** True when the registry answered that the subject, version or schema does not exist. */
    public boolean notFound() {
        return status == 404;
    }
}
