package io.headstream.app;

import io.headstream.config.ConfigException;
import io.headstream.bench.BenchCommand;
import io.headstream.eval.EvaluateCommand;
import io.headstream.redact.SecretText;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar headstream.jar <command>}: the one entry point. Exit codes: 0 clean, 1 runtime
 * failure, 2 bad usage, configuration or model bundle.
 */
@Command(name = "headstream", mixinStandardHelpOptions = true, version = "headstream 0.1.0",
        description = "Multi-task transformer heads on Kafka Streams: answers, query-based summaries and "
                + "span explanations from one shared encoder.",
        subcommands = {RunCommand.class, DemoCommand.class, ProduceCommand.class, EvaluateCommand.class,
                ConfigDocCommand.class, BenchCommand.class})
public final class HeadstreamCli {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command line and returns its exit code (tests call this instead of {@link #main}). */
    public static int execute(String... args) {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /** As {@link #execute(String...)}, with picocli's output and error streams given. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cli = new CommandLine(new HeadstreamCli());
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(HeadstreamCli::onError);
        cli.setExitCodeExceptionMapper(e -> ExitCodes.BAD_CONFIG);
        return cli.execute(args);
    }

    // Every line goes through SecretText: an exception from Kafka or the registry client can quote
    // a configuration value whole ("Invalid url in bootstrap.servers: http://user:pw@...").
    private static int onError(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        PrintWriter err = cmd.getErr();
        if (e instanceof ConfigException ce) {
            err.println("headstream: " + SecretText.scrub(ce.getMessage()));
            err.flush();
            return ExitCodes.BAD_CONFIG;
        }
        if (e instanceof StartupException) {
            err.println("headstream: cannot start: " + SecretText.scrub(e.getMessage()));
            err.flush();
            return ExitCodes.BAD_CONFIG;
        }
        err.println("headstream: " + cmd.getCommandName() + " failed: " + SecretText.scrub(e.toString()));
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            err.println("  caused by: " + SecretText.scrub(c.toString()));
        }
        err.flush();
        org.slf4j.LoggerFactory.getLogger(HeadstreamCli.class).debug("failure", e);
        return ExitCodes.RUNTIME_FAILURE;
    }
}
