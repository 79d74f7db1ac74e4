package io.headstream.topology;

/**
 * Where an input record came from and its original bytes: enough to dead-letter it or to stamp
 * provenance on its outputs long after the record context is gone (a batch flushed by a
 * punctuator has no current record).
 */
public record SourceRecordRef(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {}
