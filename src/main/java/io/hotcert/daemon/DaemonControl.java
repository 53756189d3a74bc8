package io.hotcert.daemon;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.hotcert.control.ControlHandler;
import io.hotcert.control.Reply;
import io.hotcert.control.ExitCodes;
import io.hotcert.status.StatusReport;

/**
 * What the running daemon answers on its control socket: {@code hotcert renew} and its dry run
 * run on the daemon's renewal thread (a renewal swaps into its listener; both use its HTTP-01
 * responder), with the same messages and exit codes as in-process; {@code hotcert status} gets
 * the daemon's own view, its timer included.
 */
public final class DaemonControl implements ControlHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DaemonControl.class);

    /** The daemon's view for {@code hotcert status}, as of the configuration in force when asked. */
    @FunctionalInterface
    public interface Status {
        StatusReport report(long pid, Optional<Instant> nextCheck) throws IOException;
    }

    private final RenewalRunner renewals;
    private final Status status;
    private final Supplier<DryRun> dryRun;
    private final long pid = ProcessHandle.current().pid();

    /** @param dryRun as the configuration in force when asked says, since a reload may change {@code acme.*} */
    public DaemonControl(RenewalRunner renewals, Status status, Supplier<DryRun> dryRun) {
        this.renewals = renewals;
        this.status = status;
        this.dryRun = dryRun;
    }

    @Override
    public Reply renew(boolean force, Consumer<String> progress) {
        progress.accept("the running daemon (pid " + pid + ") renews" + (force ? ", forced" : " if due"));
        return onRenewalThread(() -> {
            return RenewalMessages.reply(renewals.renew(force).get());
        });
    }

    @Override
    public Reply dryRun(Consumer<String> progress) {
        progress.accept("the running daemon (pid " + pid + ") runs a dry run through its HTTP-01 responder");
        DryRun trial = dryRun.get();
        Reply reply = onRenewalThread(() -> renewals.exclusively(trial::run).get());
        // The client shows the outcome; the daemon's log tells the rest of the story, so it says how that ended.
        if (reply.exit() == ExitCodes.OK) {
            LOG.info("{}", reply.message());
        } else {
            LOG.warn("{}: failed: {}", trial.label(), reply.message());
        }
        return reply;
    }

    @Override
    public Reply status() {
        try {
            StatusReport report = status.report(pid, renewals.nextCheck());
            return new Reply(ExitCodes.OK, report.text(), report.json());
        } catch (IOException e) {
            return Reply.of(ExitCodes.FAILURE, "the daemon cannot read its state: " + e.getMessage());
        }
    }

    /** Waiting for work handed to the renewal thread. */
    @FunctionalInterface
    private interface Awaited {
        Reply get() throws ExecutionException, InterruptedException;
    }

    /** Waits for work on the renewal thread and turns its failure into the exit code an in-process run gives. */
    private static Reply onRenewalThread(Awaited work) {
        try {
            return work.get();
        } catch (ExecutionException e) {
            Exception cause = e.getCause() instanceof Exception exception ? exception : e;
            return Reply.of(FailureExitCodes.of(cause), String.valueOf(cause.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Reply.of(ExitCodes.TEMPORARY, "the daemon is stopping; try again");
        }
    }
}
