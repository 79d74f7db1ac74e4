package io.headstream.registry;

import io.headstream.registry.server.EmbeddedSchemaRegistry;
import io.headstream.schema.Answer;
import io.headstream.schema.QuestionContext;

/**
 * Prints serialize and deserialize throughput of the Avro serde for the two records the service
 * reads and writes most, against the in-process registry and the embedded HTTP registry (which,
 * once warm, must not matter thanks to the caches). Not a test: run its {@code main} on a quiet
 * machine; figures from a loaded one are only indicative.
 */
public final class SerdeThroughputBenchmark {

    private SerdeThroughputBenchmark() {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        try (EmbeddedSchemaRegistry http = EmbeddedSchemaRegistry.builder().build().start()) {
            for (String url : new String[] {TestRecords.memUrl(), http.url()}) {
                SchemaRegistryClient client = SchemaRegistryClient.create(RegistryClientConfig.builder(url).build());
                run(url.startsWith("mem") ? "mem " : "http", "QuestionContext", AvroSerde.specific(QuestionContext.class, client,
                        AvroSerdeConfig.defaults(), false), TestRecords.question(), n);
                run(url.startsWith("mem") ? "mem " : "http", "Answer", AvroSerde.specific(Answer.class, client,
                        AvroSerdeConfig.defaults(), false), TestRecords.answer(), n);
            }
            System.out.printf("HTTP requests made by the http runs: %d%n", http.requestCount());
        }
    }

    private static <T extends org.apache.avro.generic.IndexedRecord> void run(String mode, String name, AvroSerde<T> serde, T record, int n) {
        byte[] bytes = serde.serializer().serialize(name, record);
        long sink = 0;
        for (int i = 0; i < n / 4; i++) { // warm-up
            sink += serde.serializer().serialize(name, record).length;
            sink += serde.deserializer().deserialize(name, bytes).hashCode() & 1;
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sink += serde.serializer().serialize(name, record).length;
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sink += serde.deserializer().deserialize(name, bytes).hashCode() & 1;
        }
        long t2 = System.nanoTime();
        System.out.printf("%s %-16s %4d bytes  serialize %,10.0f rec/s (%.2f us)  deserialize %,10.0f rec/s (%.2f us)  [%d]%n",
                mode, name, bytes.length, n / ((t1 - t0) / 1e9), (t1 - t0) / 1e3 / n, n / ((t2 - t1) / 1e9), (t2 - t1) / 1e3 / n, sink % 10);
    }
}
