package io.headstream.registry.server;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A {@link SchemaStore} in a list in this JVM: for unit tests and the {@code mem://} registry.
 * It survives a restart of a registry that is given the same store instance, nothing more.
 */
public final class InMemorySchemaStore implements SchemaStore {

    private final List<StoreRecord> records = new ArrayList<>();
    private Consumer<StoreRecord> sink;

    @Override
    public synchronized void start(Consumer<StoreRecord> sink) {
        this.sink = sink;
        records.forEach(sink);
    }

    @Override
    public synchronized void append(StoreRecord record) {
        if (sink == null) {
            throw new IllegalStateException("start() must be called before append()");
        }
        records.add(record);
        sink.accept(record);
    }

    /** How many records were stored. */
    public synchronized int size() {
        return records.size();
    }

    @Override
    public void close() {
        // nothing to release; the records stay for a later start()
    }
}
