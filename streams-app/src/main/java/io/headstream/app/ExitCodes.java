package io.headstream.app;

/** Process exit codes; tests check them. */
final class ExitCodes {
    /** Clean shutdown. */
    static final int OK = 0;
    /** A failure while running (Kafka unreachable, stream thread died for good, ...). */
    static final int RUNTIME_FAILURE = 1;
    /** Bad usage or configuration, including a missing or invalid model bundle. */
    static final int BAD_CONFIG = 2;

    private ExitCodes() {}
}
