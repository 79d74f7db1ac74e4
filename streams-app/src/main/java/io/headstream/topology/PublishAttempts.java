package io.headstream.topology;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How often each input event has been published without that publication being known to have
 * committed: the memory that stops a poison pill from looping forever.
 *
 * <p>Why it is needed: when an event's outputs make its transaction fail (a record the broker
 * refuses, a bug in a decoder), the stream thread dies, its replacement restores the event from
 * the buffer's changelog, publishes it again and dies again, without end. Kafka's transaction
 * rolls back anything the processor could write about the attempt, so the count lives outside it:
 * in this JVM-wide object, which outlives the stream threads (the app owns it and hands the same
 * instance to every task's processor; thread replacement happens in the same process).
 *
 * <p>The processor counts an attempt just before it forwards an event's outputs. An event
 * restored from the changelog with a count above zero was being published when a transaction
 * failed; the processor then publishes it alone and commits, so that a healthy neighbour of the
 * failing event is not blamed, and at {@code maxAttempts} it dead-letters the event instead.
 * Entries of events that did commit are never read again; the map forgets the oldest beyond
 * {@code capacity} entries (an event whose count matters is re-attempted within seconds).
 */
public final class PublishAttempts {
    /** Entries kept, at most: about 100 bytes each. */
    public static final int DEFAULT_CAPACITY = 100_000;

    private record Key(String topic, int partition, long offset) {}

    private final int capacity;
    private final Map<Key, Integer> counts;

    public PublishAttempts() {
        this(DEFAULT_CAPACITY);
    }

    public PublishAttempts(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be >= 1, is " + capacity);
        }
        this.capacity = capacity;
        this.counts = new LinkedHashMap<>();
    }

    /** Attempts counted so far for this input record; 0 if none. */
    public synchronized int count(SourceRecordRef source) {
        return counts.getOrDefault(key(source), 0);
    }

    /** Counts one more attempt to publish this input record; returns the new count. */
    public synchronized int begin(SourceRecordRef source) {
        Key k = key(source);
        int n = counts.getOrDefault(k, 0) + 1;
        counts.remove(k); // re-insert: the newest attempt is the last to be forgotten
        counts.put(k, n);
        for (Iterator<Key> it = counts.keySet().iterator(); counts.size() > capacity && it.hasNext();) {
            it.next();
            it.remove();
        }
        return n;
    }

    synchronized int size() {
        return counts.size();
    }

    private static Key key(SourceRecordRef source) {
        return new Key(source.topic(), source.partition(), source.offset());
    }
}
