package io.hotcert.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

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

    @Override
    public Integer call() throws Exception {
        var wiring = new Wiring(parent.loadSettings(), parent.context().clock());
        RenewalResult result = wiring.oneShotRenewal().renew(force);
        PrintWriter out = spec.commandLine().getOut();
        if (result instanceof RenewalResult.Renewed renewed) {
            out.printf("renewed (%s): serial %s, valid until %s, live set %s (%d ms)%n", renewed.reason(),
                    renewed.certificate().serial(), renewed.certificate().notAfter(), renewed.stored().id(),
                    renewed.took().toMillis());
        } else if (result instanceof RenewalResult.NotDue notDue) {
            out.println("not due: " + notDue.decision().reason());
        }
        out.flush();
        return ExitCodes.OK;
    }
}
