package io.headstream.app;

import io.headstream.config.HeadstreamConfig;
import io.headstream.config.HeadstreamKeys;
import io.headstream.inference.ExecutorSettings;
import io.headstream.inference.InferenceException;
import io.headstream.inference.MultiHeadModel;
import io.headstream.inference.OnnxMultiHeadModel;
import io.headstream.inference.RuntimeOptions;
import java.nio.file.Files;
import java.nio.file.Path;

/** Loads the configured model bundle once for this JVM; a bad bundle is a start-up error (exit 2). */
final class ModelFactory {
    private ModelFactory() {}

    static RuntimeOptions options(HeadstreamConfig config) {
        RuntimeOptions defaults = RuntimeOptions.defaults();
        return defaults
                .withDevice(config.get(HeadstreamKeys.MODEL_DEVICE))
                .withMaxWindowsPerInput(config.get(HeadstreamKeys.MODEL_MAX_WINDOWS))
                .withBatching(config.get(HeadstreamKeys.BATCH_MAX_TOKENS), defaults.maxBatchWindows())
                .withSummaryBudget(config.get(HeadstreamKeys.SUMMARY_MAX_SENTENCES),
                        config.get(HeadstreamKeys.SUMMARY_MAX_CHARS));
    }

    /** The shared executor's tunables; its token budget is the one of a forward pass. */
    static ExecutorSettings executorSettings(HeadstreamConfig config) {
        return new ExecutorSettings(
                config.get(HeadstreamKeys.INFERENCE_MAX_BATCH_SIZE),
                config.get(HeadstreamKeys.BATCH_MAX_TOKENS),
                config.get(HeadstreamKeys.INFERENCE_MAX_QUEUE_DELAY_MS),
                Math.max(config.get(HeadstreamKeys.INFERENCE_QUEUE_CAPACITY), config.get(HeadstreamKeys.BATCH_MAX_SIZE)),
                config.get(HeadstreamKeys.INFERENCE_MAX_WAIT_MS),
                config.get(HeadstreamKeys.INFERENCE_THREADS));
    }

    static MultiHeadModel load(HeadstreamConfig config) {
        Path dir = Path.of(config.get(HeadstreamKeys.MODEL_BUNDLE));
        if (!Files.isDirectory(dir)) {
            throw new StartupException("model bundle " + dir.toAbsolutePath() + " is not a directory ("
                    + HeadstreamKeys.MODEL_BUNDLE.name() + "); run from the repository root or set the key");
        }
        try {
            return OnnxMultiHeadModel.load(dir, options(config));
        } catch (InferenceException e) {
            throw new StartupException(e.getMessage(), e);
        }
    }
}
