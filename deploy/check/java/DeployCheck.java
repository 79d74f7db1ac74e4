import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.headstream.config.ConfigException;
import io.headstream.config.ConfigSources;
import io.headstream.config.HeadstreamConfig;
import io.headstream.config.KafkaClientKeys;
import io.headstream.inference.ModelIdentity;
import io.headstream.metrics.PipelineMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The Java half of deploy/check/run, compiled together with the app's own configuration and
 * metrics classes (streams-app/src/main/java/io/headstream/{config,metrics}), so that what it
 * checks is what the app does, not a copy of it:
 *
 * <ul>
 *   <li>{@code render CHART OUT NAME=VALUES...}: lints the chart and renders it once per values
 *       file with Helm's own engine (helm-java, no helm binary, no network) into OUT/NAME.yaml.
 *   <li>{@code meters OUT}: records every pipeline meter once on a Prometheus registry, binds
 *       Micrometer's Kafka Streams binder to a constructed (never started) KafkaStreams, and writes
 *       the metric names of the scrape, one per line: the names dashboards and alerts may use.
 *   <li>{@code config CASES}: for every CASES/NAME.env (NAME=VALUE lines) and optional
 *       NAME.properties, loads the configuration exactly as the app does at start-up
 *       (ConfigSources.load + HeadstreamConfig.from with KafkaClientKeys) and reports every
 *       problem; and checks that every HEADSTREAM_* name in CASES/mentioned-names.txt (all that
 *       deploy/ mentions, comments included) is one the app accepts. Exit 1 if anything fails.
 * </ul>
 */
public final class DeployCheck {
    private static final Pattern LABEL = Pattern.compile("[{,]([a-zA-Z_][a-zA-Z0-9_]*)=\"");

    private DeployCheck() {}

    public static void main(String[] args) throws Exception {
        int code = switch (args.length == 0 ? "" : args[0]) {
            case "render" -> render(Path.of(args[1]), Path.of(args[2]), List.of(args).subList(3, args.length));
            case "meters" -> meters(Path.of(args[1]));
            case "config" -> config(Path.of(args[1]));
            default -> {
                System.err.println("usage: DeployCheck render|meters|config ...");
                yield 2;
            }
        };
        System.exit(code);
    }

    private static int render(Path chart, Path out, List<String> variants) throws Exception {
        LintResult lint = new Helm(chart).lint().strict().quiet().call();
        if (lint.isFailed()) {
            System.err.println("helm lint " + chart + " failed:");
            lint.getMessages().forEach(m -> System.err.println("  " + m));
            return 1;
        }
        Files.createDirectories(out);
        for (String variant : variants) {
            String name = variant.substring(0, variant.indexOf('='));
            Path values = Path.of(variant.substring(variant.indexOf('=') + 1));
            try {
                String manifests = new Helm(chart).template().withName("headstream").withNamespace("streaming")
                        .withKubeVersion("1.30.0").withValuesFile(values).call();
                Files.writeString(out.resolve(name + ".yaml"), manifests, StandardCharsets.UTF_8);
            } catch (RuntimeException e) {
                System.err.println("helm template " + chart + " -f " + values + " failed: " + e.getMessage());
                return 1;
            }
        }
        return 0;
    }

    private static int meters(Path out) throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PipelineMetrics metrics = new PipelineMetrics(registry);
        metrics.recordIn("questions");
        metrics.recordOut("answers");
        metrics.deadLettered("validate", "empty_question");
        metrics.batch(4);
        for (PipelineMetrics.Stage stage : PipelineMetrics.Stage.values()) {
            metrics.stage(stage, 1_000_000);
        }
        metrics.endToEnd(12);
        metrics.modelInfo(new ModelIdentity("m", "1", "0".repeat(64)), "cpu");

        Path stateDir = Files.createTempDirectory("deploy-check-state");
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "deploy-check");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in").to("out");
        Map<String, Set<String>> labelsByName = new TreeMap<>();
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props);
                KafkaStreamsMetrics binder = new KafkaStreamsMetrics(streams)) {
            binder.bindTo(registry);
            for (String line : registry.scrape().split("\n")) {
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                String name = line.split("[{ ]", 2)[0];
                Set<String> labels = labelsByName.computeIfAbsent(name, n -> new TreeSet<>());
                Matcher m = LABEL.matcher(line.substring(name.length()));
                while (m.find()) {
                    labels.add(m.group(1));
                }
            }
            streams.close(Duration.ofSeconds(5));
        }
        List<String> lines = new ArrayList<>();
        labelsByName.forEach((name, labels) -> lines.add(name + " " + String.join(",", labels)));
        Files.write(out, lines, StandardCharsets.UTF_8);
        return 0;
    }

    private static int config(Path cases) throws Exception {
        List<String> failures = new ArrayList<>();
        List<Path> envFiles;
        try (Stream<Path> s = Files.list(cases)) {
            envFiles = s.filter(p -> p.toString().endsWith(".env")).sorted().toList();
        }
        if (envFiles.isEmpty()) {
            System.err.println("no configuration cases in " + cases);
            return 1;
        }
        for (Path envFile : envFiles) {
            String name = envFile.getFileName().toString().replaceFirst("\\.env$", "");
            Map<String, String> env = new LinkedHashMap<>();
            for (String line : Files.readAllLines(envFile, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
                }
            }
            Path props = cases.resolve(name + ".properties");
            try {
                HeadstreamConfig.from(ConfigSources.load(Files.exists(props) ? props : null, env, Map.of()),
                        KafkaClientKeys::isKnown);
            } catch (ConfigException e) {
                failures.add(name + ":\n    " + String.join("\n    ", e.problems()));
            }
        }
        Path mentioned = cases.resolve("mentioned-names.txt");
        for (String name : Files.exists(mentioned) ? Files.readAllLines(mentioned, StandardCharsets.UTF_8) : List.<String>of()) {
            if (name.isBlank()) {
                continue;
            }
            try {
                for (String key : ConfigSources.load(null, Map.of(name, "x"), Map.of()).keySet()) {
                    if (key.startsWith(HeadstreamConfig.KAFKA_PREFIX)
                            && !KafkaClientKeys.isKnown(key.substring(HeadstreamConfig.KAFKA_PREFIX.length()))) {
                        failures.add("deploy/ mentions " + name + ":\n    " + key + " is not a Kafka client key");
                    }
                }
            } catch (ConfigException e) {
                failures.add("deploy/ mentions " + name + ":\n    " + String.join("\n    ", e.problems()));
            }
        }
        failures.forEach(f -> System.err.println("configuration rejected by the app's own loader: " + f));
        return failures.isEmpty() ? 0 : 1;
    }
}
