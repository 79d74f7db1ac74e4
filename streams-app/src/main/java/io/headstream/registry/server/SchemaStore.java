package io.headstream.registry.server;

import java.util.function.Consumer;

/**
 * Where the registry's log lives. The registry state is a pure function of the records in
 * order: {@link #start} replays what is stored, {@link #append} stores one more record and hands
 * it (and anything else newly read) to the same sink before returning, so a caller sees its own
 * write as soon as {@code append} returns.
 *
 * <p>Implementations are used by one {@link SchemaRegistryService}, which serialises calls.
 */
public interface SchemaStore extends AutoCloseable {

    /** Replays every stored record into {@code sink}, in order; called once, before any append. */
    void start(Consumer<StoreRecord> sink);

    /**
     * Durably stores {@code record} and passes it to the sink given to {@link #start}.
     *
     * @throws RegistryError 50001/50002 when the store cannot be written in time
     */
    void append(StoreRecord record);

    @Override
    void close();
}
