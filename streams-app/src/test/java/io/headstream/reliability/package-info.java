/**
 * Reliability tests of issue 7: the built app killed and restarted (SIGKILL, broker restart),
 * the schema registry and model bundle missing or broken, hostile input, and a soak run with
 * memory, thread and file-descriptor samples. Every test starts and stops its own broker,
 * registry and app processes on loopback; counts and durations have CI-sized defaults and
 * system properties for the long versions ({@code headstream.crash.events},
 * {@code headstream.crash.kills}, {@code headstream.soak.events}, {@code headstream.soak.seconds}).
 * The helpers here ({@link io.headstream.reliability.AppProcess},
 * {@link io.headstream.reliability.Ledger}, {@link io.headstream.reliability.TestEvents}) are
 * shared with {@code io.headstream.security}.
 */
package io.headstream.reliability;
