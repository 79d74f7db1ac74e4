/**
 * The command-line application: parses configuration, wires the registry, model, topology and
 * metrics together, starts Kafka Streams and shuts it down within a bound. Subcommands: {@code run}
 * (external cluster), {@code demo} (embedded default), {@code produce}, {@code evaluate},
 * {@code config-doc}.
 *
 * <p>May depend on every other package; nothing depends on it.
 */
package io.headstream.app;
