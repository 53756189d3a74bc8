package io.hotcert.cli;

import java.util.concurrent.Callable;

import io.hotcert.control.ExitCodes;
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
        spec.commandLine().getOut().println(settings.configFile() + ": OK (" + String.join(", ", settings.domains()) + ")");
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
