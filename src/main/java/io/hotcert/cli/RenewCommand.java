package io.hotcert.cli;

import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.hotcert.app.Wiring;
import io.hotcert.config.Settings;
import io.hotcert.control.ControlClient;
import io.hotcert.control.ExitCodes;
import io.hotcert.control.Reply;
import io.hotcert.control.Request;
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
        PrintWriter out = spec.commandLine().getOut();
        Optional<Reply> daemon = new ControlClient().send(settings.controlSocket(),
                dryRun ? Request.renewDryRun() : Request.renew(force), progress -> {
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
        var wiring = new Wiring(settings, parent.context().clock());
        // Failures are thrown, as for any command: FailureHandler reports them on stderr.
        Reply inProcess = (dryRun ? wiring.oneShotDryRun() : wiring.oneShotRenewal(force)).call();
        out.println(inProcess.message());
        out.flush();
        return inProcess.exit();
    }
}
