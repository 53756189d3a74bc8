package io.hotcert.status;

import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.quartz.CronExpression;

import io.hotcert.crypto.CertificateSummary;
import io.hotcert.renewal.Attempt;
import io.hotcert.renewal.AttemptHistory;
import io.hotcert.renewal.RenewalDecision;
import io.hotcert.renewal.RenewalPolicy;
import io.hotcert.storage.AccountRecord;
import io.hotcert.storage.AccountStore;
import io.hotcert.storage.CertificateStore;
import io.hotcert.tls.TlsEngine;

/**
 * Gathers a {@link StatusReport}: in the daemon with its own timer and attempt history, or from
 * the files when no daemon runs. Only reads; a status never writes anything.
 */
public final class StatusCollector {

    private final List<String> domains;
    private final Optional<String> renewSchedule;
    private final Path configFile;
    private final CertificateStore store;
    private final RenewalPolicy policy;
    private final AttemptHistory history;
    private final AccountStore accounts;
    private final Function<AccountRecord, String> termsWarning;
    private final Schedule schedule;
    private final Optional<TlsEngine> tlsEngine;
    private final Clock clock;

    /** The check schedule a daemon runs on, without picking one: a status writes nothing. */
    @FunctionalInterface
    public interface Schedule {
        /** @return {@code configured} when present, else this installation's once picked; empty before that */
        Optional<String> known(Optional<String> configured) throws IOException;
    }

    /**
     * @param domains       the certificate's names, as configured
     * @param renewSchedule {@code renew.schedule}, when configured
     * @param configFile    the file the configuration was read from
     * @param termsWarning  what to tell when the CA changed its terms of service since the account agreed
     * @param tlsEngine     what the daemon's HTTPS listener runs on; empty outside the daemon and when HTTPS is off
     */
    public StatusCollector(List<String> domains, Optional<String> renewSchedule, Path configFile, CertificateStore store,
            RenewalPolicy policy, AttemptHistory history, AccountStore accounts,
            Function<AccountRecord, String> termsWarning, Schedule schedule, Optional<TlsEngine> tlsEngine, Clock clock) {
        this.domains = List.copyOf(domains);
        this.renewSchedule = renewSchedule;
        this.configFile = configFile;
        this.store = store;
        this.policy = policy;
        this.history = history;
        this.accounts = accounts;
        this.termsWarning = termsWarning;
        this.schedule = schedule;
        this.tlsEngine = tlsEngine;
        this.clock = clock;
    }

    /**
     * In the running daemon, whose renewal runner knows when it checks next.
     *
     * @param configLoadedAt when the daemon read the configuration in force (at start or on the last reload)
     */
    public StatusReport fromDaemon(long pid, Optional<Instant> nextCheck, Instant configLoadedAt) throws IOException {
        return collect(Optional.of(pid), Optional.of(configLoadedAt), nextCheck, nextCheck.isPresent()
                ? "planned by the running daemon" : "none planned by the running daemon");
    }

    /** From the files, when no daemon runs: the schedule says when a daemon would check. */
    public StatusReport fromFiles() throws IOException {
        Optional<String> cron = schedule.known(renewSchedule);
        if (cron.isEmpty()) {
            return collect(Optional.empty(), Optional.empty(), Optional.empty(), "none: the daemon is not running, and it picks this"
                    + " installation's schedule at its first start");
        }
        String source = renewSchedule.isPresent() ? "renew.schedule" : "this installation's schedule";
        return collect(Optional.empty(), Optional.empty(), nextFireTime(cron.get()), "by " + source + " \"" + cron.get()
                + "\" once the daemon runs; it is not running now");
    }

    private StatusReport collect(Optional<Long> daemonPid, Optional<Instant> configLoadedAt,
            Optional<Instant> nextCheck, String nextCheckNote)
            throws IOException {
        Instant now = clock.instant();
        var warnings = new ArrayList<>(store.warnings());
        Optional<CertificateSummary> cert = Optional.empty();
        try {
            cert = store.readLiveChain().map(chain -> CertificateSummary.of(chain.get(0)));
        } catch (IOException e) {
            // Status only reads; putting live right is the daemon's (or a renewal's) job, under the storage lock.
            warnings.add(e.getMessage() + "; the next start, reload or renewal falls back to the newest archived set"
                    + " that passes the checks, or orders a new certificate");
        }
        List<Attempt> attempts = new ArrayList<>(history.attempts());
        Collections.reverse(attempts);
        Optional<AccountRecord> account = Optional.empty();
        boolean accountReadable = true;
        try {
            account = accounts.readAccount();
        } catch (IOException e) {
            // E.g. status run by a user who may not read account/ (0700): the rest is still worth showing.
            accountReadable = false;
            warnings.add("account record unreadable: " + e.getMessage());
        }
        account.filter(AccountRecord::termsChanged).ifPresent(a -> warnings.add(termsWarning.apply(a)));
        RenewalDecision decision = policy.decide(cert);
        // The contract: a clock verdict that holds a decision back, or changes it, is a warning.
        decision.clock().warning().ifPresent(warnings::add);
        // Not history.waitUntil: with the clock behind, that starts counting the wait, which is a renewal's to do.
        return new StatusReport(daemonPid, domains, store.liveDir(), store.liveId(), cert,
                decision, nextCheck, nextCheckNote, history.nextAttemptAt().filter(now::isBefore), attempts,
                history.lastRunning(), account, accountReadable, tlsEngine, configFile, configLoadedAt, warnings);
    }

    /** In the board's time zone, as the daemon's timer reads it. */
    private Optional<Instant> nextFireTime(String cron) {
        try {
            return Optional.ofNullable(new CronExpression(cron).getNextValidTimeAfter(Date.from(clock.instant())))
                    .map(Date::toInstant);
        } catch (ParseException e) {
            // The daemon refuses such a schedule at start, and says why; status has nothing to add.
            return Optional.empty();
        }
    }
}
