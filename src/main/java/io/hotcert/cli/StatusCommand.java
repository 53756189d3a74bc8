package io.hotcert.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.jr.ob.JSON;

import io.hotcert.app.Wiring;
import io.hotcert.config.Settings;
import io.hotcert.control.ControlClient;
import io.hotcert.control.ExitCodes;
import io.hotcert.control.Reply;
import io.hotcert.control.Request;
import io.hotcert.status.StatusReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Show the certificate, its renewal, the last attempts and the account.",
                "Shows the names, serial, issuer and lifetime of the live certificate, when it will be renewed and",
                "checked, the last renewal attempts, the account and warnings; asks the running daemon, or reads",
                "the files when none runs. Times are UTC, to the second; --json keeps the full precision."})
final class StatusCommand implements Callable<Integer> {

    @ParentCommand
    private HotcertCommand parent;

    @Spec
    private CommandSpec spec;

    @Option(names = "--json", description = "print one JSON object, for scripts")
    private boolean json;

    @Override
    public Integer call() throws Exception {
        Settings settings = parent.loadSettings();
        PrintWriter out = spec.commandLine().getOut();
        Optional<Reply> daemon = new ControlClient().send(settings.controlSocket(), Request.status(), progress -> { });
        if (daemon.isPresent() && daemon.get().exit() != ExitCodes.OK) {
            spec.commandLine().getErr().println("hotcert status: " + daemon.get().message());
            spec.commandLine().getErr().flush();
            return daemon.get().exit();
        }
        if (daemon.isPresent()) {
            out.println(json ? asJson(daemon.get().payload()) : daemon.get().message());
        } else {
            StatusReport report = new Wiring(settings, parent.context().clock()).statusCollector().fromFiles();
            out.println(json ? asJson(report.json()) : report.text());
        }
        out.flush();
        return ExitCodes.OK;
    }

    /**
     * A field without a value is written as null, not left out: scripts read every name. Built
     * here, not in a constant: picocli creates every command at each start, {@code run} included,
     * and a constant would load jackson into the daemon for a command it never runs.
     */
    private static String asJson(Map<String, ?> fields) throws IOException {
        return JSON.std.with(JSON.Feature.WRITE_NULL_PROPERTIES).asString(fields);
    }
}
