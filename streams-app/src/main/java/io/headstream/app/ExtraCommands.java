package io.headstream.app;

import java.util.List;
import picocli.CommandLine;

/** Subcommands that live in other packages (evaluation, benchmarks), registered by name. */
final class ExtraCommands {
    private ExtraCommands() {}

    static List<CommandLine> all() {
        return List.of();
    }
}
