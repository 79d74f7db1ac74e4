package io.headstream.app;

import io.headstream.config.HeadstreamConfig;
import io.headstream.schema.QuestionContext;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Sends question+context events from a JSON Lines file to the input topic. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Send events from a JSON Lines file (default: the bundled sample) to the input topic.")
final class ProduceCommand implements Callable<Integer> {
    @Mixin
    ConfigOptions options;

    @Option(names = "--file", paramLabel = "FILE",
            description = "JSON Lines with event_id, question, context[, document_id, target_head, metadata, event_time].")
    Path file;

    @Option(names = "--repeat", defaultValue = "1", description = "Send the file this many times (ids get a -N suffix).")
    int repeat;

    @Override
    public Integer call() throws Exception {
        HeadstreamConfig config = options.load(Map.of());
        List<QuestionContext> events = file != null ? EventFiles.read(file) : EventFiles.bundledSample();
        var topic = SerdeSettings.topics(config).input();
        int sent = EventProducer.send(ClientProps.producer(config), topic, events, Math.max(1, repeat));
        System.out.println("sent " + sent + " events to " + topic.name());
        return ExitCodes.OK;
    }
}
