package io.hotcert.cli;

import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;

import io.hotcert.control.ControlHandler;
import io.hotcert.control.Reply;
import io.hotcert.daemon.RenewalRunner;
import io.hotcert.renewal.RenewalResult;

/**
 * What the running daemon answers on its control socket: {@code hotcert renew} runs on the
 * daemon's renewal thread (and so swaps into its listener), with the same messages and exit
 * codes as an in-process renewal.
 */
final class DaemonControl implements ControlHandler {

    private final RenewalRunner renewals;

    DaemonControl(RenewalRunner renewals) {
        this.renewals = renewals;
    }

    @Override
    public Reply renew(boolean force, Consumer<String> progress) {
        progress.accept("the running daemon (pid " + ProcessHandle.current().pid() + ") renews"
                + (force ? ", forced" : " if due"));
        try {
            RenewalResult result = renewals.renew(force).get();
            return Reply.of(RenewalMessages.exitCode(result), RenewalMessages.describe(result));
        } catch (ExecutionException e) {
            Exception cause = e.getCause() instanceof Exception exception ? exception : e;
            return Reply.of(FailureHandler.exitCode(cause), String.valueOf(cause.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reply.of(ExitCodes.TEMPORARY, "the daemon is stopping; try again");
        }
    }

    @Override
    public Reply status() {
        return Reply.of(ExitCodes.OK, "daemon running (pid " + ProcessHandle.current().pid() + "), next check "
                + renewals.nextCheck().map(Object::toString).orElse("not planned"));
    }
}
