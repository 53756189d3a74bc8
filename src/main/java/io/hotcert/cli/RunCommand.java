package io.hotcert.cli;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import io.hotcert.app.Wiring;
import io.hotcert.control.ExitCodes;
import io.hotcert.daemon.Daemon;
import io.hotcert.daemon.ReadinessNotifier;
import io.hotcert.daemon.Signals;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the daemon: HTTP-01 responder, HTTPS listener and renewal.",
                "SIGHUP re-reads the configuration and live/; SIGTERM or SIGINT drains requests in flight and exits 0."})
final class RunCommand implements Callable<Integer> {

    @ParentCommand
    private HotcertCommand parent;

    @Override
    public Integer call() throws Exception {
        Daemon daemon = new Wiring(parent.loadSettings(), parent.context().clock()).daemon();
        daemon.start();
        // Until here the JVM's own handling applies: a signal during start-up just ends the process.
        var stopRequested = new CountDownLatch(1);
        Signals.on("TERM", stopRequested::countDown);
        Signals.on("INT", stopRequested::countDown);
        Signals.on("HUP", daemon::reload);
        ReadinessNotifier.fromEnvironment().ready();
        stopRequested.await();
        daemon.stop();
        return ExitCodes.OK;
    }
}
