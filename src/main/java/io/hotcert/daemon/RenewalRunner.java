package io.hotcert.daemon;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.hotcert.renewal.AttemptHistory;
import io.hotcert.renewal.AttemptScope;
import io.hotcert.renewal.RenewalResult;
import io.hotcert.renewal.RenewalService;
import io.hotcert.schedule.RenewalTimer;
import io.hotcert.tls.ServedCertificate;

/**
 * Runs the daemon's renewals on one thread, so two never overlap: the scheduled checks, the
 * manual ones, and follow-ups. A follow-up is planned when a check could not run to the end: at
 * the time the backoff allows after a failure, or every minute while the clock is implausible,
 * so that a board whose clock gets set later renews without waiting for the next scheduled check.
 */
public final class RenewalRunner implements AutoCloseable {

    /** Told how each renewal run ended, e.g. for the metrics; called on the renewal thread. */
    public interface Outcomes {
        void finished(RenewalResult result);

        void failed(Exception cause);
    }

    private static final Logger LOG = LoggerFactory.getLogger(RenewalRunner.class);
    private static final Duration CLOCK_RECHECK = Duration.ofMinutes(1);

    /** Replaced by {@link #reconfigure}; read and written on the renewal thread only. */
    private RenewalService renewal;
    private final AttemptHistory history;
    private final ServedCertificate served;
    private final String subject;
    private final Clock clock;
    private final Outcomes outcomes;
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
        var named = new Thread(runnable, "hotcert-renewal");
        named.setDaemon(true);
        return named;
    });
    private ScheduledFuture<?> followUp;
    private RenewalTimer timer;
    private String cron;
    private boolean clockDoubted;

    public RenewalRunner(RenewalService renewal, AttemptHistory history, ServedCertificate served, String subject,
            Clock clock, Outcomes outcomes) {
        this.renewal = renewal;
        this.history = history;
        this.served = served;
        this.subject = subject;
        this.clock = clock;
        this.outcomes = outcomes;
    }

    /** Starts the checks on {@code cron}, besides the ones {@link #renew} is asked for. */
    public synchronized void schedule(String cron) throws SchedulerException {
        RenewalTimer previous = timer;
        timer = RenewalTimer.start(cron, () -> renew(false));
        this.cron = cron;
        if (previous != null) {
            previous.close();
        }
        LOG.info("{}: renewal checks on \"{}\", next at {}", subject, cron, nextCheck().map(Object::toString)
                .orElse("?"));
    }

    /**
     * A reloaded configuration: {@code next} renews from now on and the attempt history keeps
     * {@code scope}, both put in place on the renewal thread so that a renewal in flight finishes
     * with the service and scope it started with; the timer moves to {@code cron} when that
     * changed; with {@code check}, a check follows (e.g. other names).
     */
    public Future<?> reconfigure(RenewalService next, AttemptScope scope, String cron, boolean check) {
        return thread.submit(() -> {
            history.rescope(scope);
            renewal = next;
            if (!cron.equals(currentCron())) {
                try {
                    schedule(cron);
                } catch (SchedulerException e) {
                    LOG.error("{}: cannot move the renewal checks to \"{}\": {}; still on \"{}\"", subject, cron,
                            e.getMessage(), currentCron());
                }
            }
            if (check) {
                renew(false);
            }
        });
    }

    private synchronized String currentCron() {
        return cron;
    }

    /** When the next check runs: the scheduled one, or an earlier follow-up. */
    public synchronized Optional<Instant> nextCheck() {
        Optional<Instant> scheduled = timer == null ? Optional.empty() : timer.nextCheck();
        if (followUp == null || followUp.isDone()) {
            return scheduled;
        }
        Instant planned = clock.instant().plusMillis(followUp.getDelay(TimeUnit.MILLISECONDS));
        return Optional.of(scheduled.filter(next -> next.isBefore(planned)).orElse(planned));
    }

    /**
     * Renews (if due, or always with {@code force}) on the renewal thread; a new set is deployed
     * before the future completes. Outcomes are logged here; a failure also completes the future
     * exceptionally.
     */
    public Future<RenewalResult> renew(boolean force) {
        return submit(force ? RenewalService.Request.FORCED : RenewalService.Request.IF_DUE);
    }

    /**
     * Replaces a live set that cannot be served, whatever the renewal policy says, as soon as the
     * backoff allows; follow-ups keep trying until it is replaced.
     */
    public Future<RenewalResult> replaceUnusable() {
        return submit(RenewalService.Request.REPLACE_UNUSABLE);
    }

    private Future<RenewalResult> submit(RenewalService.Request request) {
        // A follow-up is never forced: only a person forces, and only once.
        var followUpRequest = request == RenewalService.Request.FORCED ? RenewalService.Request.IF_DUE : request;
        return thread.submit(() -> {
            try {
                RenewalResult result = renewal.renew(request);
                logAndPlan(result, followUpRequest);
                outcomes.finished(result);
                return result;
            } catch (RuntimeException e) {
                // A bug, not a CA or disk problem: keep the stack trace, since nobody may wait on the future.
                outcomes.failed(e);
                LOG.error("{}: renewal failed unexpectedly; {}", subject, served.stillServing(), e);
                planFollowUp(history.nextAttemptAt(), followUpRequest);
                throw e;
            } catch (InterruptedException e) {
                // The daemon is stopping: nothing to report or plan.
                throw e;
            } catch (Exception e) {
                // What RenewalService.renew declares: the CA, the chain, the configuration or the disk failed.
                outcomes.failed(e);
                LOG.error("{}: renewal failed: {}; {}; {}", subject, e.getMessage(), served.stillServing(), nextAttempt());
                planFollowUp(history.nextAttemptAt(), followUpRequest);
                throw e;
            }
        });
    }

    /**
     * Runs {@code work} on the renewal thread, between renewals, e.g. a dry run that needs the
     * HTTP-01 responder as much as a renewal does. Nothing is logged or planned here.
     */
    public <T> Future<T> exclusively(Callable<T> work) {
        return thread.submit(work);
    }

    private void logAndPlan(RenewalResult result, RenewalService.Request followUpRequest) {
        if (result instanceof RenewalResult.Postponed postponed && postponed.until().isEmpty()) {
            if (!clockDoubted) {
                LOG.warn("{}: {}; {}", subject, postponed.reason(), served.stillServing());
                clockDoubted = true;
            }
            planFollowUp(Optional.of(clock.instant().plus(CLOCK_RECHECK)), followUpRequest);
            return;
        }
        if (clockDoubted) {
            LOG.info("{}: the clock is plausible again ({})", subject, clock.instant());
            clockDoubted = false;
        }
        if (result instanceof RenewalResult.Postponed postponed) {
            LOG.info("{}: {}", subject, postponed.reason());
            planFollowUp(postponed.until(), followUpRequest);
        } else if (result instanceof RenewalResult.NotDue notDue) {
            LOG.info("{}: not due: {}", subject, notDue.decision().reason());
            planFollowUp(notDue.decision().renewAt().filter(this::beforeNextScheduledCheck),
                    RenewalService.Request.IF_DUE);
        }
    }

    /**
     * A renewal planned between two scheduled checks (a moment the CA's renewal window asked for)
     * gets a check of its own, so that a short window is not missed while waiting for the schedule.
     */
    private boolean beforeNextScheduledCheck(Instant renewAt) {
        return timer == null || timer.nextCheck().map(renewAt::isBefore).orElse(true);
    }

    private synchronized void planFollowUp(Optional<Instant> at, RenewalService.Request request) {
        if (followUp != null) {
            followUp.cancel(false);
            followUp = null;
        }
        at.ifPresent(when -> followUp = thread.schedule(() -> submit(request),
                Math.max(0, Duration.between(clock.instant(), when).toMillis()), TimeUnit.MILLISECONDS));
    }

    private String nextAttempt() {
        return history.nextAttemptAt().map(next -> "next attempt not before " + next).orElse("no retry planned");
    }


    /** Stops the schedule and abandons a renewal in flight; it never leaves a half-written set. */
    @Override
    public void close() {
        if (timer != null) {
            timer.close();
        }
        thread.shutdownNow();
        try {
            thread.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
