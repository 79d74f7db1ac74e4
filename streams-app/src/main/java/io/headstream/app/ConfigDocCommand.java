package io.headstream.app;

import io.headstream.config.ConfigKey;
import io.headstream.config.HeadstreamKeys;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Prints the configuration table in Markdown; the README's table is this output. */
@Command(name = "config-doc", description = "Print every configuration key as a Markdown table.")
final class ConfigDocCommand implements Callable<Integer> {

    static String table() {
        StringBuilder sb = new StringBuilder();
        sb.append("| key | environment variable | type | default | description |\n");
        sb.append("|---|---|---|---|---|\n");
        for (ConfigKey<?> key : HeadstreamKeys.ALL) {
            String def = key.required() ? "*required*" : key.defaultValue() == null ? "" : "`" + key.defaultValue() + "`";
            sb.append("| `").append(key.name()).append("` | `").append(key.environmentVariable()).append("` | ")
                    .append(key.type()).append(" | ").append(def).append(" | ").append(key.doc())
                    .append(key.secret() ? " (secret: masked in logs)" : "").append(" |\n");
        }
        sb.append("| `kafka.<key>` | `HEADSTREAM_KAFKA_<KEY>` | string | see below | Passed to Kafka Streams and its "
                + "clients with the prefix removed (`kafka.bootstrap.servers` is required). |\n");
        return sb.toString();
    }

    @Override
    public Integer call() {
        System.out.print(table());
        return ExitCodes.OK;
    }
}
