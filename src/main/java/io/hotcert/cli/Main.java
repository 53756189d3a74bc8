package io.hotcert.cli;

import java.time.Clock;
import java.util.Set;

import io.hotcert.logging.LogsOffStdout;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

/** Entry point of {@code hotcert.jar}. */
public final class Main {

    /** Commands whose stdout is their result, for scripts: logs go to stderr while they run. */
    private static final Set<String> RESULT_ON_STDOUT = Set.of("status");

    private Main() {
    }

    public static void main(String[] args) {
        JmxOff.unlessConfigured();
        System.exit(commandLine(new CliContext(System.getenv(), Clock.systemUTC())).execute(args));
    }

    static CommandLine commandLine(CliContext context) {
        return new CommandLine(new HotcertCommand(context))
                .setExecutionStrategy(Main::execute)
                .setExecutionExceptionHandler(new FailureHandler());
    }

    private static int execute(ParseResult parsed) {
        if (parsed.subcommand() == null || !RESULT_ON_STDOUT.contains(parsed.subcommand().commandSpec().name())) {
            return new CommandLine.RunLast().execute(parsed);
        }
        LogsOffStdout logs = LogsOffStdout.open();
        try {
            return new CommandLine.RunLast().execute(parsed);
        } finally {
            logs.close();
        }
    }
}
