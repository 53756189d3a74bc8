package io.hotcert.cli;

import java.nio.file.Path;
import java.util.Optional;

import io.hotcert.config.ConfigException;
import io.hotcert.config.Settings;
import io.hotcert.config.SettingsLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The top-level command: holds what every subcommand shares, the configuration file above all. */
@Command(name = "hotcert", mixinStandardHelpOptions = true, version = "hotcert 0.1.0",
        description = "Keeps a board's HTTPS certificate valid: ACME issuance over HTTP-01, atomic storage.",
        subcommands = {RunCommand.class, RenewCommand.class, StatusCommand.class, CheckConfigCommand.class})
final class HotcertCommand implements Runnable {

    /** Inherited, so that it may follow the command too, as certbot users write it. */
    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "configuration file (default: $HOTCERT_CONFIG, else /etc/hotcert/hotcert.properties)")
    private Path config;

    @Spec
    private picocli.CommandLine.Model.CommandSpec spec;

    private final CliContext context;

    HotcertCommand(CliContext context) {
        this.context = context;
    }

    CliContext context() {
        return context;
    }

    Settings loadSettings() throws ConfigException {
        var loader = new SettingsLoader(context.environment());
        return loader.load(loader.locate(Optional.ofNullable(config)));
    }

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }
}
