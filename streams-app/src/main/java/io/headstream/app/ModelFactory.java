package io.headstream.app;

import io.headstream.config.HeadstreamConfig;
import io.headstream.inference.MultiHeadModel;

/** Loads the configured model bundle once for this JVM; a bad bundle is a start-up error (exit 2). */
final class ModelFactory {
    private ModelFactory() {}

    static MultiHeadModel load(HeadstreamConfig config) {
        throw new StartupException("model runtime not wired yet");
    }
}
