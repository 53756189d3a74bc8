package io.hotcert.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.concurrent.Callable;

import io.hotcert.config.Settings;
import io.hotcert.control.ControlClient;
import io.hotcert.control.Reply;
import io.hotcert.control.Request;
import io.hotcert.renewal.RenewalResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "renew", mixinStandardHelpOptions = true,
        description = "Renew the certificate now if it is due (always with --force).")
final class RenewCommand implements Callable<Integer> {

    @ParentCommand
    private HotcertCommand parent;

    @Spec
    private CommandSpec spec;

    @Option(names = "--force", description = "renew even when the certificate is not due")
    private boolean force;

    @Option(names = "--dry-run", description = {"run a full order against the staging CA (Let's Encrypt's staging when",
            "the configured CA is Let's Encrypt) into a temporary directory; live/, the account and the hook stay untouched"})
    private boolean dryRun;

    @Override
    public Integer call() throws Exception {
        Settings settings = parent.loadSettings();
        if (dryRun) {
            return dryRun(settings);
        }
        PrintWriter out = spec.commandLine().getOut();
        Optional<Reply> daemon = new ControlClient().send(settings.controlSocket(), Request.renew(force), progress -> {
            out.println(progress);
            out.flush();
        });
        if (daemon.isPresent()) {
            // The daemon reports failures in its reply too; they go where this command's own failures go.
            (daemon.get().exit() == ExitCodes.OK ? out : spec.commandLine().getErr()).println(daemon.get().message());
            out.flush();
            spec.commandLine().getErr().flush();
            return daemon.get().exit();
        }
        RenewalResult result = new Wiring(settings, parent.context().clock()).oneShotRenewal().renew(force);
        out.println(RenewalMessages.describe(result));
        out.flush();
        return RenewalMessages.exitCode(result);
    }

    private int dryRun(Settings settings) throws Exception {
        Path scratch = Files.createTempDirectory("hotcert-dry-run");
        try {
            Settings trial = settings.forDryRun(scratch);
            RenewalResult result = new Wiring(trial, parent.context().clock()).oneShotRenewal().renew(true);
            PrintWriter out = spec.commandLine().getOut();
            if (!(result instanceof RenewalResult.Renewed renewed)) {
                // Forced, so only the clock check can have stopped it.
                out.println("dry run not attempted: " + ((RenewalResult.Postponed) result).reason());
                out.flush();
                return ExitCodes.TEMPORARY;
            }
            out.printf("dry run: %s issued serial %s for %s, valid until %s (%d ms); live/, the account and the"
                    + " hook were not touched%n", trial.acmeDirectory(), renewed.certificate().serial(),
                    String.join(", ", renewed.certificate().dnsNames()), renewed.certificate().notAfter(),
                    renewed.took().toMillis());
            out.flush();
            return ExitCodes.OK;
        } finally {
            // The scratch directory holds a private key and an account key: nothing of it stays behind.
            try (Stream<Path> paths = Files.walk(scratch)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
