package io.hotcert.cli;

import java.time.Clock;

import picocli.CommandLine;

/** Entry point of {@code hotcert.jar}. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        JmxOff.unlessConfigured();
        System.exit(commandLine(new CliContext(System.getenv(), Clock.systemUTC())).execute(args));
    }

    static CommandLine commandLine(CliContext context) {
        return new CommandLine(new HotcertCommand(context))
                .setExecutionExceptionHandler(new FailureHandler());
    }
}
