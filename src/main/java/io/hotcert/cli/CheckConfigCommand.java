package io.hotcert.cli;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.hotcert.config.ConfigException;
import io.hotcert.config.Settings;
import io.hotcert.control.ExitCodes;
import io.hotcert.storage.AccountRecord;
import io.hotcert.storage.AccountStore;
import io.hotcert.storage.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "check-config", mixinStandardHelpOptions = true,
        description = "Validate the configuration and exit (78 with every problem named when it is wrong).")
final class CheckConfigCommand implements Callable<Integer> {

    @ParentCommand
    private HotcertCommand parent;

    @Spec
    private CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        var settings = parent.loadSettings();
        Optional<String> terms = termsProblem(settings);
        if (terms.isPresent()) {
            throw new ConfigException(settings.configFile(), List.of(terms.get()));
        }
        spec.commandLine().getOut().println(settings.configFile() + ": OK (" + String.join(", ", settings.domains()) + ")");
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }

    /**
     * The file alone is valid without {@code acme.terms-agreed}, since an account registered
     * earlier needs no agreement; but without one the first order would stop with 78, which is
     * worth hearing now rather than at the first renewal.
     */
    private static Optional<String> termsProblem(Settings settings) {
        if (settings.termsAgreed()) {
            return Optional.empty();
        }
        String needed = "acme.terms-agreed: not true, and ";
        String fix = "; read the CA's terms of service and set acme.terms-agreed=true (not needed once an account is"
                + " registered)";
        Optional<AccountRecord> account;
        try {
            account = new AccountStore(settings.storageDir(), new AtomicFiles()).readAccount();
        } catch (IOException e) {
            return Optional.of(needed + "whether an account is registered cannot be told (" + e.getMessage() + "),"
                    + " so the first order may fail" + fix);
        }
        if (account.filter(a -> a.directory().equals(settings.acmeDirectory())).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(needed + "no account with " + settings.acmeDirectory() + " is registered in "
                + settings.storageDir() + " yet, so the first order would fail" + fix);
    }
}
