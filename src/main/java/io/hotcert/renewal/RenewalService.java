package io.hotcert.renewal;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.hotcert.acme.IssuanceException;
import io.hotcert.config.ConfigException;
import io.hotcert.crypto.KeyType;
import io.hotcert.crypto.CertificateSet;
import io.hotcert.crypto.CertificateSummary;
import io.hotcert.crypto.ChainException;
import io.hotcert.storage.CertificateStore;
import io.hotcert.storage.StorageLock;
import io.hotcert.storage.StoredSet;

/**
 * One renewal, in the project's one-way order: policy, then issuer, then chain check, then the
 * atomic store, then the deployment. Anything that fails before the store leaves the live set as
 * it was.
 *
 * <p>The {@link RenewalGuards} come before the policy and the CA: the clock's sanity and, after
 * failures, the wait the persisted {@link AttemptHistory} asks for. A {@link Request#FORCED} renewal
 * skips the wait, not the clock check.
 */
public final class RenewalService {

    private static final Logger LOG = LoggerFactory.getLogger(RenewalService.class);
    /** How long a renewal waits for another one holding storage.dir before it gives up. */
    private static final Duration LOCK_WAIT = Duration.ofSeconds(10);

    /** What is being renewed: the configured names, key type and optional ACME profile. */
    public record Target(List<String> domains, KeyType keyType, Optional<String> profile) {
    }

    private final RenewalPolicy policy;
    private final VerifiedIssuance issuance;
    private final CertificateStore store;
    private final StorageLock lock;
    private final RenewalGuards guards;
    private final Deployment deployment;
    private final Clock clock;

    public RenewalService(RenewalPolicy policy, VerifiedIssuance issuance, CertificateStore store, StorageLock lock,
            RenewalGuards guards, Deployment deployment, Clock clock) {
        this.policy = policy;
        this.issuance = issuance;
        this.store = store;
        this.lock = lock;
        this.guards = guards;
        this.deployment = deployment;
        this.clock = clock;
    }

    /** Why a renewal is asked for, which decides what may hold it back. */
    public enum Request {
        /** A check: renew only if the policy says so, and only when the backoff allows. */
        IF_DUE("due"),
        /**
         * The live set cannot be served (missing, or refused at start) although the policy, which
         * reads only dates and names, may call it fresh: renew whatever the policy says, but only when
         * the backoff allows, so a daemon that restarts in a loop does not order at every start.
         */
        REPLACE_UNUSABLE("the live set cannot be served"),
        /** A person asked ({@code --force}): neither the policy nor the backoff holds it back. */
        FORCED("forced");

        private final String reason;

        Request(String reason) {
            this.reason = reason;
        }
    }

    /** {@link Request#FORCED} with {@code force}, else {@link Request#IF_DUE}. */
    public RenewalResult renew(boolean force)
            throws IOException, IssuanceException, ChainException, ConfigException, InterruptedException {
        return renew(force ? Request.FORCED : Request.IF_DUE);
    }

    /**
     * Renews as the request allows while holding {@code storage.dir}'s lock, so that a daemon and a
     * stray command, or two commands, never order at once; the second waits a little, then sees the
     * first one's certificate, or fails naming the holder.
     */
    public RenewalResult renew(Request request)
            throws IOException, IssuanceException, ChainException, ConfigException, InterruptedException {
        try (StorageLock.Held held = lock.acquire(LOCK_WAIT, "renewal")) {
            return renewLocked(request);
        }
    }

    private RenewalResult renewLocked(Request request)
            throws IOException, IssuanceException, ChainException, ConfigException, InterruptedException {
        // A live set removed or damaged by hand must not stop renewals: put live right first.
        store.repairLive(issuance::verifyConsistent);
        Optional<X509Certificate> leaf = store.readLiveChain().map(chain -> chain.get(0));
        Optional<CertificateSummary> current = leaf.map(CertificateSummary::of);
        String subject = issuance.subject();
        ClockVerdict clockVerdict = guards.judgeClock(leaf, current, subject);
        if (!clockVerdict.plausible()) {
            return new RenewalResult.Postponed(clockVerdict.warning().orElseThrow(), Optional.empty());
        }
        RenewalDecision decision = policy.decide(current, clockVerdict);
        if (!decision.due() && request == Request.IF_DUE) {
            return new RenewalResult.NotDue(decision);
        }
        Optional<RenewalResult.Postponed> postponed = request == Request.FORCED ? Optional.empty()
                : guards.backoff(decision);
        if (postponed.isPresent()) {
            return postponed.get();
        }
        String reason = decision.due() ? decision.reason() : request.reason;
        LOG.info("{}: renewing: {}", subject, reason);
        Instant start = clock.instant();
        guards.started(start);
        VerifiedIssuance.Verified verified;
        StoredSet stored;
        try {
            verified = issuance.issue(leaf);
            stored = store.store(verified.set());
        } catch (IssuanceException e) {
            guards.failed(e.step().toString(), e.getMessage(), RetryAdvice.of(e));
            throw e;
        } catch (ChainException e) {
            guards.failed("chain check", e.getMessage(), RetryAdvice.NONE);
            throw e;
        } catch (IOException | ConfigException | RuntimeException e) {
            guards.failed("renewal", String.valueOf(e.getMessage()), RetryAdvice.NONE);
            throw e;
        }
        Instant arrived = clock.instant();
        CertificateSet set = verified.set();
        var summary = CertificateSummary.of(set.leaf());
        boolean dueAlready = policy.decide(Optional.of(summary), ClockVerdict.trusted(arrived)).due();
        guards.succeeded(arrived, summary, dueAlready, subject, verified.challenges());
        Duration took = Duration.between(start, clock.instant());
        // The directory is named: a dry run's live/ is a scratch one, and its set must not pass for the real one.
        LOG.info("{}: new certificate serial {} valid until {}, {} is now {} ({} ms)", subject, summary.serial(),
                summary.notAfter(), store.liveDir(), stored.id(), took.toMillis());
        deployment.deploy(set, stored);
        return new RenewalResult.Renewed(summary, stored, reason, took);
    }
}
