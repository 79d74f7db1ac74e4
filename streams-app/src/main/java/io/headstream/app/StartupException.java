package io.headstream.app;

/** A problem found before processing starts that the operator must fix; exit code 2. */
final class StartupException extends RuntimeException {
    StartupException(String message, Throwable cause) {
        super(message, cause);
    }

    StartupException(String message) {
        super(message);
    }
}
