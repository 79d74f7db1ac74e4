package io.headstream.app;

import io.headstream.config.ConfigSources;
import io.headstream.config.HeadstreamConfig;
import io.headstream.config.KafkaClientKeys;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The {@code --config} and {@code --set} options shared by the subcommands that read configuration. */
final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "Properties file (see config/application.properties).")
    Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "Override one key; wins over the file and the environment. Repeatable.")
    Map<String, String> overrides = new LinkedHashMap<>();

    /** File, then environment, then {@code --set}, then {@code extra} (values the command itself decides). */
    HeadstreamConfig load(Map<String, String> extra) {
        Map<String, String> all = new LinkedHashMap<>(overrides);
        all.putAll(extra);
        return HeadstreamConfig.from(ConfigSources.load(file, System.getenv(), all), KafkaClientKeys::isKnown);
    }
}
